/**
 * How Channels' URLRouter routes, as pure data: route trees, a request path
 * (and root_path), and what Channels hands the app (the chain of matched
 * routes, `url_route.args`, `url_route.kwargs`) or no match at all.
 *
 * Each case names where its expectation comes from: a test of Channels'
 * `tests/test_routing.py` (django/channels), or the Django/Channels source
 * line that decides it. The static resolver, the runtime's routers and any
 * faster matcher all run this same table.
 */
import type { RouteKind } from "../types.js";

export interface ConformanceRoute {
  kind: RouteKind;
  source: string;
  /** Names the route in expectations (Channels' tests use MockApplication return values). */
  target: string;
  /** `kwargs={...}`: default kwargs, applied over the captured ones. */
  kwargs?: Readonly<Record<string, unknown>>;
  /** A prefix route (target is a URLRouter) when present; an endpoint otherwise. */
  inner?: readonly ConformanceRoute[];
}

export interface ConformanceExpectation {
  /** Targets of the matched route of each router, outermost first. */
  chain: readonly string[];
  args: ReadonlyArray<string | undefined>;
  kwargs: Readonly<Record<string, unknown>>;
  /** `path_remaining` handed to the endpoint, when the case is about it. */
  remaining?: string;
}

export interface ConformanceCase {
  name: string;
  /** Test in django/channels tests/test_routing.py, or the source that decides the case. */
  reference: string;
  routes: readonly ConformanceRoute[];
  path: string;
  root_path?: string;
  /** null: no route matches (Channels raises ValueError at the outermost router). */
  expect: ConformanceExpectation | null;
}

const route = (kind: RouteKind, source: string, target: string, extra: Partial<ConformanceRoute> = {}): ConformanceRoute => ({
  kind,
  source,
  target,
  ...extra,
});

/** test_url_router */
const URL_ROUTER = [
  route("path", "", "root"),
  route("path", "foo/", "foo"),
  route("re_path", "bar", "bar"),
  route("re_path", "^posarg/(\\d+)/$", "posarg"),
  route("path", "kwarg/<str:name>/", "kwarg"),
  route("path", "defaultkwargs/", "defaultkwarg", { kwargs: { default: 42 } }),
];

/** test_url_router_nesting */
const NESTING_INNER = [
  route("re_path", "^book/(?P<book>[\\w\\-]+)/page/(?P<page>\\d+)/$", "test_app"),
  route("re_path", "^test/(\\d+)/$", "test_app"),
];
const NESTING = [
  route("re_path", "^universe/(?P<universe>\\d+)/author/(?P<author>\\w+)/", "inner_router", { inner: NESTING_INNER }),
  route("re_path", "^positional/(\\w+)/", "inner_router", { inner: NESTING_INNER }),
];

/** test_url_router_nesting_path */
const NESTING_PATH_INNER = [route("path", "test/<int:page>/", "test_app")];
const NESTING_PATH = [route("path", "number/<int:number>/", "inner_router", { inner: NESTING_PATH_INNER })];

/** test_url_router_path */
const URL_ROUTER_PATH = [
  route("path", "", "root"),
  route("path", "foo/", "foo"),
  route("path", "author/<name>/", "kwarg_app"),
  route("path", "year/<int:year>/", "kwarg_app"),
];

/** test_path_remaining */
const PATH_REMAINING = [
  route("path", "", "outer_router", {
    inner: [
      route("path", "prefix/", "inner_router", { inner: [route("path", "no-match/", "no_match_app")] }),
      route("path", "prefix/stuff/", "test_app"),
    ],
  }),
];

/** The seed's complete example: the Socket.IO route, then Django as the fallback. */
const SEED = [route("re_path", "^socket\\.io/?$", "socketio"), route("re_path", "", "django")];

const none = { args: [], kwargs: {} } as const;

export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  // test_url_router
  { name: "path('') matches the root", reference: "test_url_router", routes: URL_ROUTER, path: "/", expect: { chain: ["root"], ...none } },
  {
    name: "path('foo/') matches /foo/",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/foo/",
    expect: { chain: ["foo"], ...none },
  },
  {
    name: "re_path('bar') matches /bar/",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/bar/",
    expect: { chain: ["bar"], ...none },
  },
  {
    name: "re_path('bar') searches: /bar/baz/ matches",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/bar/baz/",
    expect: { chain: ["bar"], ...none, remaining: "/baz/" },
  },
  {
    name: "positional group becomes args",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/posarg/123/",
    expect: { chain: ["posarg"], args: ["123"], kwargs: {} },
  },
  {
    name: "positional group becomes args (another value)",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/posarg/456/",
    expect: { chain: ["posarg"], args: ["456"], kwargs: {} },
  },
  {
    name: "<str:name> becomes a kwarg",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/kwarg/hello/",
    expect: { chain: ["kwarg"], args: [], kwargs: { name: "hello" } },
  },
  {
    name: "<str:name> captures the whole segment",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/kwarg/hellothere/",
    expect: { chain: ["kwarg"], args: [], kwargs: { name: "hellothere" } },
  },
  {
    name: "route kwargs= arrive as kwargs",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/defaultkwargs/",
    expect: { chain: ["defaultkwarg"], args: [], kwargs: { default: 42 } },
  },
  {
    name: "root_path is stripped before routing (root)",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/root/",
    root_path: "/root",
    expect: { chain: ["root"], ...none },
  },
  {
    name: "root_path is stripped before routing (foo/)",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/root/foo/",
    root_path: "/root",
    expect: { chain: ["foo"], ...none },
  },
  {
    name: "a path outside root_path matches nothing",
    reference: "test_url_router",
    routes: URL_ROUTER,
    path: "/",
    root_path: "/root",
    expect: null,
  },
  { name: "an unknown path matches nothing", reference: "test_url_router", routes: URL_ROUTER, path: "/nonexistent/", expect: null },

  // test_url_router_nesting
  {
    name: "nested routers merge their kwargs",
    reference: "test_url_router_nesting",
    routes: NESTING,
    path: "/universe/42/author/andrewgodwin/book/channels-guide/page/10/",
    expect: {
      chain: ["inner_router", "test_app"],
      args: [],
      kwargs: { book: "channels-guide", author: "andrewgodwin", page: "10", universe: "42" },
    },
  },
  {
    name: "nested routers concatenate their args",
    reference: "test_url_router_nesting",
    routes: NESTING,
    path: "/positional/foo/test/3/",
    expect: { chain: ["inner_router", "test_app"], args: ["foo", "3"], kwargs: {} },
  },

  // test_url_router_nesting_path
  {
    name: "<int:page> arrives as a number",
    reference: "test_url_router_nesting_path",
    routes: NESTING_PATH_INNER,
    path: "/test/3/",
    expect: { chain: ["test_app"], args: [], kwargs: { page: 3 } },
  },
  {
    name: "nested path() routers merge converted kwargs",
    reference: "test_url_router_nesting_path",
    routes: NESTING_PATH,
    path: "/number/42/test/3/",
    expect: { chain: ["inner_router", "test_app"], args: [], kwargs: { number: 42, page: 3 } },
  },
  {
    name: "an inner path() endpoint must match the whole rest",
    reference: "test_url_router_nesting_path",
    routes: NESTING_PATH,
    path: "/number/42/test/3/bla/",
    expect: null,
  },
  {
    name: "an inner router without a route for the rest",
    reference: "test_url_router_nesting_path",
    routes: NESTING_PATH,
    path: "/number/42/blub/",
    expect: null,
  },

  // test_url_router_path
  {
    name: "path(''): the root",
    reference: "test_url_router_path",
    routes: URL_ROUTER_PATH,
    path: "/",
    expect: { chain: ["root"], ...none },
  },
  { name: "path('foo/')", reference: "test_url_router_path", routes: URL_ROUTER_PATH, path: "/foo/", expect: { chain: ["foo"], ...none } },
  {
    name: "<name> without a converter is str",
    reference: "test_url_router_path",
    routes: URL_ROUTER_PATH,
    path: "/author/andrewgodwin/",
    expect: { chain: ["kwarg_app"], args: [], kwargs: { name: "andrewgodwin" } },
  },
  {
    name: "<int:year> is converted",
    reference: "test_url_router_path",
    routes: URL_ROUTER_PATH,
    path: "/year/2012/",
    expect: { chain: ["kwarg_app"], args: [], kwargs: { year: 2012 } },
  },
  { name: "path() routes: unknown path", reference: "test_url_router_path", routes: URL_ROUTER_PATH, path: "/nonexistent/", expect: null },

  // test_path_remaining
  {
    name: "an inner router that matches nothing falls through to the outer router's next route",
    reference: "test_path_remaining",
    routes: PATH_REMAINING,
    path: "/prefix/stuff/",
    expect: { chain: ["outer_router", "test_app"], ...none },
  },
  {
    name: "fall-through under root_path",
    reference: "test_path_remaining",
    routes: PATH_REMAINING,
    path: "/root/prefix/stuff/",
    root_path: "/root",
    expect: { chain: ["outer_router", "test_app"], ...none },
  },
  {
    name: "root_path is stripped once, by the outermost router only",
    reference: "test_path_remaining",
    routes: PATH_REMAINING,
    path: "/root/root/prefix/stuff/",
    root_path: "/root",
    expect: null,
  },
  {
    name: "inner routers do not strip root_path",
    reference: "test_path_remaining",
    routes: PATH_REMAINING,
    path: "/root/prefix/root/stuff/",
    root_path: "/root",
    expect: null,
  },

  // test_url_router_nesting_by_include (the routes that do not go through include())
  {
    name: "path('moon/') beside an include",
    reference: "test_url_router_nesting_by_include",
    routes: [route("path", "moon/", "test_app"), route("re_path", "mars/(\\d+)/$", "test_app")],
    path: "/moon/",
    expect: { chain: ["test_app"], ...none },
  },
  {
    name: "unanchored re_path ending with $ matches the whole path",
    reference: "test_url_router_nesting_by_include",
    routes: [route("path", "moon/", "test_app"), route("re_path", "mars/(\\d+)/$", "test_app")],
    path: "/mars/5/",
    expect: { chain: ["test_app"], args: ["5"], kwargs: {} },
  },

  // Django's RegexPattern.match / RoutePattern.match and Channels' URLRouter.__call__
  {
    name: "named groups make positional groups ignored",
    reference: "django/urls/resolvers.py RegexPattern.match: args = () if kwargs else match.groups()",
    routes: [route("re_path", "^(?P<room>\\w+)/(\\d+)/$", "app")],
    path: "/lobby/7/",
    expect: { chain: ["app"], args: [], kwargs: { room: "lobby" } },
  },
  {
    name: "a named group that did not take part is left out of kwargs",
    reference: "django/urls/resolvers.py RegexPattern.match: kwargs without None values",
    routes: [route("re_path", "^chat/(?:(?P<room>\\w+)/)?$", "app")],
    path: "/chat/",
    expect: { chain: ["app"], args: [], kwargs: {} },
  },
  {
    name: "a positional group that did not take part is None",
    reference: "django/urls/resolvers.py RegexPattern.match: args = match.groups()",
    routes: [route("re_path", "^chat/(\\w+/)?(\\d+)$", "app")],
    path: "/chat/7",
    expect: { chain: ["app"], args: [undefined, "7"], kwargs: {} },
  },
  {
    name: "route kwargs= win over captured kwargs",
    reference: "channels/routing.py URLRouter.__call__: kwargs.update(route.default_args)",
    routes: [route("path", "room/<str:name>/", "app", { kwargs: { name: "lobby" } })],
    path: "/room/kitchen/",
    expect: { chain: ["app"], args: [], kwargs: { name: "lobby" } },
  },
  {
    name: "an inner route's kwargs override the outer router's",
    reference: "channels/routing.py URLRouter.__call__: {**outer kwargs, **kwargs}",
    routes: [route("re_path", "^(?P<room>\\w+)/", "inner_router", { inner: [route("re_path", "^(?P<room>\\w+)/$", "app")] })],
    path: "/outer/inner/",
    expect: { chain: ["inner_router", "app"], args: [], kwargs: { room: "inner" } },
  },
  {
    name: "a prefix route's kwargs= pass down to the inner match",
    reference: "channels/routing.py URLRouter.__call__: url_route merged down nested routers",
    routes: [route("path", "api/", "inner_router", { kwargs: { version: 2 }, inner: [route("path", "items/<int:id>/", "app")] })],
    path: "/api/items/5/",
    expect: { chain: ["inner_router", "app"], args: [], kwargs: { version: 2, id: 5 } },
  },
  {
    name: "kwargs of a prefix that fell through do not leak into the next route",
    reference: "channels/routing.py URLRouter.__call__: each route gets dict(scope, url_route=...)",
    routes: [
      route("re_path", "^(?P<lang>[a-z]{2})/", "inner_router", { inner: [route("path", "about/", "about")] }),
      route("path", "en/contact/", "contact"),
    ],
    path: "/en/contact/",
    expect: { chain: ["contact"], ...none },
  },
  {
    name: "all leading slashes are stripped",
    reference: "channels/routing.py URLRouter.__call__: path.lstrip('/')",
    routes: URL_ROUTER,
    path: "//foo/",
    expect: { chain: ["foo"], ...none },
  },
  {
    name: "an inner router strips the leading slash of path_remaining",
    reference: "channels/routing.py URLRouter.__call__: path_remaining.lstrip('/')",
    routes: [route("re_path", "^chat", "inner_router", { inner: [route("path", "room/", "app")] })],
    path: "/chat/room/",
    expect: { chain: ["inner_router", "app"], ...none },
  },
  {
    name: "re_path('') matches every path",
    reference: "django/urls/resolvers.py RegexPattern.match: regex.search",
    routes: SEED,
    path: "/admin/login/",
    expect: { chain: ["django"], ...none, remaining: "admin/login/" },
  },
  {
    name: "re_path('') matches the root too",
    reference: "django/urls/resolvers.py RegexPattern.match: regex.search",
    routes: SEED,
    path: "/",
    expect: { chain: ["django"], ...none },
  },
  {
    name: "the Socket.IO route takes socket.io/",
    reference: "seed routing.rst: ^socket\\.io/?$ before the fallback",
    routes: SEED,
    path: "/socket.io/",
    expect: { chain: ["socketio"], ...none, remaining: "" },
  },
  {
    name: "the Socket.IO route takes socket.io",
    reference: "seed routing.rst: ^socket\\.io/?$",
    routes: SEED,
    path: "/socket.io",
    expect: { chain: ["socketio"], ...none },
  },
  {
    name: "socket.io// is not the Socket.IO route (full match), so the fallback takes it",
    reference: "django/urls/resolvers.py RegexPattern.match: fullmatch when the endpoint pattern ends with $",
    routes: SEED,
    path: "/socket.io//",
    expect: { chain: ["django"], ...none },
  },
  {
    name: "path('') matches only the root",
    reference: "django/urls/resolvers.py _route_to_regex: endpoint routes end with \\Z",
    routes: [route("path", "", "root")],
    path: "/anything/",
    expect: null,
  },
  {
    name: "path('') as a prefix route matches everything",
    reference: "channels/routing.py URLRouter.__init__: routes to a router are not endpoints",
    routes: [route("path", "", "inner_router", { inner: [route("path", "anything/", "app")] })],
    path: "/anything/",
    expect: { chain: ["inner_router", "app"], ...none },
  },
  {
    name: "search semantics: an unanchored re_path matches mid-path",
    reference: "django/urls/resolvers.py RegexPattern.match: regex.search",
    routes: [route("re_path", "chat/", "app")],
    path: "/api/chat/x",
    expect: { chain: ["app"], ...none, remaining: "x" },
  },
  {
    name: "an endpoint ending with $ must match the whole path, not just a prefix of it",
    reference: "django/urls/resolvers.py RegexPattern.match: fullmatch when the endpoint pattern ends with $",
    routes: [route("re_path", "^a|b$", "app")],
    path: "/ax",
    expect: null,
  },
  {
    name: "a prefix route ending with $ searches (it is not an endpoint)",
    reference: "channels/routing.py URLRouter.__init__ sets is_endpoint=False; RegexPattern.match then searches",
    routes: [route("re_path", "^a|b$", "inner_router", { inner: [route("re_path", "^x$", "app")] })],
    path: "/ax",
    expect: { chain: ["inner_router", "app"], ...none },
  },
  {
    name: "full match backtracks into later alternatives",
    reference: "Python re.fullmatch",
    routes: [route("re_path", "^(a|ab)$", "app")],
    path: "/ab",
    expect: { chain: ["app"], args: ["ab"], kwargs: {} },
  },
  {
    name: "\\d matches Unicode digits in re_path",
    reference: "Python 3 str patterns: \\d is Unicode-aware",
    routes: [route("re_path", "^page/(?P<n>\\d+)/$", "app")],
    path: "/page/٣/",
    expect: { chain: ["app"], args: [], kwargs: { n: "٣" } },
  },
  {
    name: "<int:…> takes ASCII digits only",
    reference: "django/urls/converters.py IntConverter.regex = '[0-9]+'",
    routes: [route("path", "page/<int:n>/", "app")],
    path: "/page/٣/",
    expect: null,
  },
  {
    name: "<path:…> spans slashes",
    reference: "django/urls/converters.py PathConverter.regex = '.+'",
    routes: [route("path", "files/<path:rest>", "app")],
    path: "/files/a/b/c.txt",
    expect: { chain: ["app"], args: [], kwargs: { rest: "a/b/c.txt" } },
  },
  {
    name: "<slug:…> and <uuid:…>",
    reference: "django/urls/converters.py SlugConverter, UUIDConverter",
    routes: [route("path", "<slug:s>/<uuid:u>/", "app")],
    path: "/my-post_1/12345678-1234-5678-1234-567812345678/",
    expect: { chain: ["app"], args: [], kwargs: { s: "my-post_1", u: "12345678-1234-5678-1234-567812345678" } },
  },
  {
    name: "<uuid:…> takes lowercase hex only",
    reference: "django/urls/converters.py UUIDConverter.regex",
    routes: [route("path", "<uuid:u>/", "app")],
    path: "/12345678-1234-5678-1234-56781234567A/",
    expect: null,
  },
  {
    name: "a path() prefix route leaves the rest to the inner router",
    reference: "django/urls/resolvers.py RoutePattern.match: path[match.end():]",
    routes: [route("path", "chat/<str:room>/", "inner_router", { inner: [route("re_path", "^$", "app")] })],
    path: "/chat/lobby/",
    expect: { chain: ["inner_router", "app"], args: [], kwargs: { room: "lobby" } },
  },
];
