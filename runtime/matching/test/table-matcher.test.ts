import fc from "fast-check";
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import {
  compilePattern,
  matchPattern,
  mergeUrlRoute,
  newKwargs,
  NO_KWARGS,
  patternFromRegExp,
  resolveTable,
  routingPath,
  type CompiledPattern,
  type RouteEntry,
  type RouteKind,
  type UrlRoute,
} from "../index.js";
import { compileTable, type TableMatch, type TableMatcher, type TableOptions } from "../table-matcher.js";
import { CONFORMANCE_CASES, type ConformanceRoute } from "./conformance-cases.js";

/** Every way the matcher can be built; each must give the linear scan's answer. */
const VARIANTS: readonly TableOptions[] = [{}, { combine: false }, { dispatch: false }, { dispatch: false, combine: false }];

function compile(kind: RouteKind, source: string, endpoint = true): CompiledPattern {
  const result = compilePattern(kind, source, { endpoint });
  if (!result.ok) throw new Error(`${source}: ${result.error.message}`);
  return result.pattern;
}

/** What url_route.kwargs is: a kwargs object holding these keys. */
function kw(entries: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.assign(newKwargs(), entries);
}

/** What trying matchPattern on each route in order gives. */
function linear(patterns: readonly CompiledPattern[], path: string, from = 0): TableMatch | null {
  for (let index = from; index < patterns.length; index++) {
    const match = matchPattern(patterns[index] as CompiledPattern, path);
    if (match !== null) return { index, match };
  }
  return null;
}

/** Checks every `from` of every variant against the linear scan. */
function assertSameAsLinear(patterns: readonly CompiledPattern[], paths: readonly string[]): void {
  for (const options of VARIANTS) {
    const matcher = compileTable(patterns, options);
    for (const path of paths) {
      for (let from = 0; from <= patterns.length; from++) {
        assert.equal(matcher.match(path, from), linear(patterns, path, from), `${JSON.stringify(options)} ${JSON.stringify(path)} from ${from}`);
      }
    }
  }
}

// --- The conformance table, resolved with one table matcher per router level.

interface Level {
  entries: RouteEntry<string>[];
  matcher: TableMatcher;
  inner: Array<Level | undefined>;
}

function buildLevel(routes: readonly ConformanceRoute[], options: TableOptions): Level {
  const entries = routes.map(
    (route): RouteEntry<string> => ({
      pattern: compile(route.kind, route.source, route.inner === undefined),
      target: route.target,
      ...(route.kwargs ? { defaults: route.kwargs } : {}),
    }),
  );
  return {
    entries,
    matcher: compileTable(
      entries.map((entry) => entry.pattern),
      options,
    ),
    inner: routes.map((route) => (route.inner ? buildLevel(route.inner, options) : undefined)),
  };
}

interface Found {
  chain: string[];
  urlRoute: UrlRoute;
  remaining: string;
}

/** Nested URLRouters as the runtime walks them: an inner router that finds nothing lets the next route try. */
function resolveFast(level: Level, path: string, outer: UrlRoute | undefined): Found | null {
  for (let found = level.matcher.match(path); found !== null; found = level.matcher.match(path, found.index + 1)) {
    const entry = level.entries[found.index] as RouteEntry<string>;
    const urlRoute = mergeUrlRoute(outer, found.match, entry.defaults ?? {});
    const inner = level.inner[found.index];
    if (inner === undefined) return { chain: [entry.target], urlRoute, remaining: found.match.remaining };
    const innerFound = resolveFast(inner, routingPath({ path, path_remaining: found.match.remaining }) as string, urlRoute);
    if (innerFound !== null) return { ...innerFound, chain: [entry.target, ...innerFound.chain] };
  }
  return null;
}

function allLevels(routes: readonly ConformanceRoute[]): ConformanceRoute[][] {
  return [routes.slice(), ...routes.flatMap((route) => (route.inner ? allLevels(route.inner) : []))];
}

for (const options of VARIANTS) {
  for (const c of CONFORMANCE_CASES) {
    test(`conformance ${JSON.stringify(options)}: ${c.name} (${c.path})`, () => {
      const level = buildLevel(c.routes, options);
      const start = routingPath({ path: c.path, ...(c.root_path === undefined ? {} : { root_path: c.root_path }) });
      const found = start === null ? null : resolveFast(level, start, undefined);
      const reference = resolveTable(
        level.entries.length === 0 ? [] : buildReference(c.routes),
        c.path,
        c.root_path === undefined ? {} : { root_path: c.root_path },
      );
      if (c.expect === null) {
        assert.is(found, null);
        assert.is(reference.matched, false);
        return;
      }
      assert.ok(found !== null && reference.matched, "expected a match");
      assert.equal(found.chain, c.expect.chain);
      assert.equal(found.urlRoute.args, c.expect.args);
      assert.equal(found.urlRoute.kwargs, kw(c.expect.kwargs));
      if (c.expect.remaining !== undefined) assert.is(found.remaining, c.expect.remaining);
      assert.equal(found.urlRoute, reference.urlRoute);
      assert.is(found.remaining, reference.remaining);
    });
  }
}

function buildReference(routes: readonly ConformanceRoute[]): RouteEntry<string>[] {
  return routes.map((route) => ({
    pattern: compile(route.kind, route.source, route.inner === undefined),
    target: route.target,
    ...(route.inner ? { inner: buildReference(route.inner) } : {}),
    ...(route.kwargs ? { defaults: route.kwargs } : {}),
  }));
}

test("keys are data: a combined run reads __proto__ and constructor groups as keys", () => {
  const patterns = ["^a/(?P<__proto__>\\w+)/$", "^b/(?P<constructor>\\w+)?/$", "^c/$", "^d/$"].map((source) => compile("re_path", source));
  for (const options of VARIANTS) {
    const matcher = compileTable(patterns, options);
    assert.equal(Object.entries(matcher.match("a/x/")?.match.kwargs ?? {}), [["__proto__", "x"]], JSON.stringify(options));
    const absent = matcher.match("b//")?.match.kwargs ?? {};
    assert.equal(Object.keys(absent), [], JSON.stringify(options));
    assert.is(absent["constructor"], undefined);
  }
});

test("each conformance table level, for each path it sees and each from, matches as the linear scan", () => {
  const seen = new Set<readonly ConformanceRoute[]>();
  for (const c of CONFORMANCE_CASES) {
    if (seen.has(c.routes)) continue;
    seen.add(c.routes);
    const paths = CONFORMANCE_CASES.filter((other) => other.routes === c.routes).flatMap((other) => {
      const start = routingPath({ path: other.path }) as string;
      // Inner levels see what outer prefixes leave: every suffix of the path stands in for it.
      return Array.from({ length: start.length + 1 }, (_, i) => start.slice(i));
    });
    for (const routes of allLevels(c.routes)) {
      assertSameAsLinear(
        routes.map((route) => compile(route.kind, route.source, route.inner === undefined)),
        paths,
      );
    }
  }
});

// --- Cases the dispatch and the combined alternation could get wrong.

test("a search route before anchored ones keeps its place in every bucket", () => {
  const patterns = [compile("re_path", "^api/users/$"), compile("re_path", "users/"), compile("re_path", "^api/users/(?P<id>\\d+)/$")];
  const matcher = compileTable(patterns);
  assert.is(matcher.match("api/users/7/")?.index, 1);
  assert.is(matcher.match("api/users/")?.index, 0);
  assert.is(matcher.match("x/users/")?.match.remaining, "");
  assertSameAsLinear(patterns, ["api/users/7/", "api/users/", "x/users/", "users/", "api/"]);
});

test("leftmost-first is not declaration order for search patterns: those are never combined", () => {
  // As one search alternation, `^ab` would take "ab" (it matches at 0, `b` only at 1), yet `b` comes first.
  const patterns = [compile("re_path", "b", true), compile("re_path", "^ab"), compile("re_path", "a")];
  assert.equal(compileTable(patterns).match("ab"), linear(patterns, "ab"));
  assert.is(compileTable(patterns).match("xab")?.index, 0);
  assert.is(compileTable(patterns).match("xab")?.match.remaining, "");
});

test("the catch-all in the middle takes everything after it in order", () => {
  const patterns = [compile("re_path", "^socket\\.io/?$"), compile("re_path", ""), compile("re_path", "^admin/$")];
  const matcher = compileTable(patterns);
  assert.is(matcher.match("socket.io/")?.index, 0);
  assert.is(matcher.match("admin/")?.index, 1);
  assert.is(matcher.match("admin/", 2)?.index, 2);
  assert.is(matcher.match("other", 2), null);
});

test("`$` or not: a full-match endpoint, a searching prefix route", () => {
  const patterns = [compile("re_path", "^socket\\.io/?$"), compile("re_path", "^socket\\.io/?", false), compile("re_path", "^socket\\.io/?$", false)];
  assertSameAsLinear(patterns, ["socket.io", "socket.io/", "socket.io//", "socket.iox", "xsocket.io/"]);
  assert.equal(compileTable(patterns).match("socket.io//"), { index: 1, match: { remaining: "/", args: [], kwargs: NO_KWARGS } });
});

test("named groups repeat across combined routes; positional args and unset groups come out as from matchPattern", () => {
  const patterns = [
    compile("re_path", "^r/(?P<id>\\d+)/a/$"),
    compile("re_path", "^r/(?P<id>\\d+)/(?P<tab>\\w+)?/?$"),
    compile("re_path", "^p/(\\w+/)?(\\d+)$"),
    compile("re_path", "^q/(?P<room>\\w+)/(\\d+)/$"),
    compile("path", "n/<int:id>/<slug:s>/"),
  ];
  const paths = ["r/1/a/", "r/1/b/", "r/22/", "p/7", "p/x/7", "q/lobby/7/", "n/42/my-post/", "n/x/y/"];
  assertSameAsLinear(patterns, paths);
  assert.equal(compileTable(patterns).match("n/42/my-post/")?.match.kwargs, kw({ id: 42, s: "my-post" }));
  assert.equal(compileTable(patterns).match("p/7")?.match.args, [undefined, "7"]);
});

test("a run with many groups in all matches without them and takes the chosen route's captures from its own regex", () => {
  const patterns = Array.from({ length: 12 }, (_, i) => compile("re_path", `^t/(?P<a>\\d+)/(\\w+)?/${i}/(?P<b>[a-z]*)$`));
  patterns.push(compile("re_path", "^t/(\\d+)/(x)?/$"), compile("path", "t/<int:n>/"));
  const paths = ["t/1/a/0/z", "t/1//11/", "t/22/b/7/q", "t/3/x/", "t/3//", "t/4/", "t/4/b/12/z"];
  assertSameAsLinear(patterns, paths);
  assert.equal(compileTable(patterns).match("t/22/b/7/q"), { index: 7, match: { remaining: "", args: [], kwargs: kw({ a: "22", b: "q" }) } });
  assert.equal(compileTable(patterns).match("t/3//")?.match.args, ["3", undefined]);
});

test("backreferences, case-insensitive and multiline patterns stay exact", () => {
  const patterns = [
    compile("re_path", "^(?P<x>a+)-(?P=x)$"),
    compile("re_path", "^(b)\\1$"),
    compile("re_path", "(?i)^api/$"),
    patternFromRegExp("re_path", "^m$ (multiline)", /^m$/mu, { endpoint: true }),
    compile("re_path", "^a"),
  ];
  assertSameAsLinear(patterns, ["aa-aa", "a-aa", "bb", "bc", "API/", "api/", "x\nm", "m", "a"]);
  assert.is(compileTable(patterns).match("x\nm")?.index, 3);
  assert.is(compileTable(patterns).match("API/")?.index, 2);
});

test("alternatives at the top level: anchored when every branch is", () => {
  const patterns = [compile("re_path", "^ab|^ac"), compile("re_path", "^a|b$"), compile("re_path", "^(?:xy|xz)w"), compile("re_path", "^x")];
  assertSameAsLinear(patterns, ["ab", "ac", "ad", "zb", "xyw", "xzw", "xw", "b"]);
});

test("Unicode literal prefixes, inside and outside the BMP", () => {
  const patterns = [compile("re_path", "^日本/(?P<city>\\w+)/$"), compile("re_path", "^💬/(?P<room>\\w+)$"), compile("path", "é/<str:x>/"), compile("re_path", "^💭")];
  assertSameAsLinear(patterns, ["日本/東京/", "日本/", "💬/salon", "💭", "\ud83d", "é/ü/", "e/u/"]);
  assert.equal(compileTable(patterns).match("💬/salon")?.match.kwargs, kw({ room: "salon" }));
});

test("a table larger than one combined RegExp holds keeps declaration order", () => {
  const patterns = Array.from({ length: 150 }, (_, i) => compile("re_path", i % 50 === 49 ? "^x/(?P<n>\\d+)/$" : `^x/${i}/$`));
  const matcher = compileTable(patterns, { dispatch: false });
  assert.is(matcher.match("x/7/")?.index, 7);
  assert.is(matcher.match("x/120/")?.index, 49);
  assert.is(matcher.match("x/120/", 50)?.index, 99);
  assert.is(matcher.match("x/120/", 100)?.index, 120);
  assert.is(matcher.match("x/7/", 50)?.index, 99);
});

test("an empty table matches nothing", () => {
  assert.is(compileTable([]).match(""), null);
  assert.is(compileTable([]).match("a/"), null);
});

// --- Differential: random tables and paths against the linear scan.

/** The shapes of bench/route-table.json (its `re` column, with Python's group syntax), and its request mix. */
const SHAPES = [
  "^socket\\.io/?$",
  "^api/v1/users/?$",
  "^api/v1/users/(?P<id>\\d+)/?$",
  "^api/v1/users/(?P<id>\\d+)/posts/(?P<postId>\\d+)/?$",
  "^api/v1/auth/password/reset/?$",
  "^api/v1/orgs/(?P<org>[\\w-]+)/repos/(?P<repo>[\\w.-]+)/issues/(?P<num>\\d+)/?$",
  "^api/v2/posts/(?P<id>\\d+)/?$",
  "^chat/(?P<room>[\\w-]+)/$",
  "^chat/(?P<room>[\\w-]+)/history/$",
  "^ws/notifications/$",
  "^ws/live/(?P<channel>[\\w-]+)/$",
  "^admin/?$",
  "^admin/users/(?P<id>\\d+)/?$",
  "^health/?$",
  "^docs/(?P<slug>[\\w-]+)/?$",
  "^blog/(?P<year>\\d{4})/(?P<month>\\d{2})/(?P<slug>[\\w-]+)/?$",
  "^static/(?P<path>.+)$",
  "",
];
const MIX = [
  "socket.io/",
  "api/v1/users/",
  "api/v1/users/42",
  "api/v1/orgs/acme-inc/repos/web.app/issues/123/",
  "chat/lobby/",
  "ws/live/match-7/",
  "blog/2024/05/hello-world/",
  "static/js/app.3f9c.js",
  "favicon.ico",
  "some/unknown/page",
  "api/v3/users/1",
];
const SEGMENTS = ["api", "ap", "a", "API", "Api", "CHAT", "chat", "ws", "socket.io", "v1", "users", "42", "lobby", "é", "日本", "💬", "ab", "x", "a\nb", "x\n", "DOCS", ""];

/** A shape from the shared table, its literal first segment sometimes swapped for another. */
const sharedShape = fc.tuple(fc.constantFrom(...SHAPES), fc.option(fc.constantFrom(...SEGMENTS))).map(([re, segment]) => {
  if (segment === null || !re.startsWith("^")) return re;
  const slash = re.indexOf("/");
  return slash < 0 ? `^${segment}${re.slice(re.search(/[/?$\\]/))}` : `^${segment}${re.slice(slash)}`;
});

const adversarialShape = fc.constantFrom(
  "",
  "chat/",
  "users",
  "(?P<n>\\d+)/$",
  "^(?P<n>\\d+)/$",
  "(\\w+)/$",
  "^api/?",
  "^api/?$",
  "^api/$",
  "^ap",
  "^a|b$",
  "^ab|^ac",
  "^(?:api|ap)/",
  "(?i)^api/",
  "^(\\w)\\1",
  "^(?P<x>a)(?P=x)",
  "^(?P<room>\\w+)/(\\d+)/$",
  "^(\\w+)/(\\d+)?/?$",
  "^日本/(?P<c>\\w+)/$",
  "^💬/?",
  "^é",
  "\\d$",
  "^$",
  "^socket\\.io/?$",
  "^socket\\.io/?",
  "(?m)^x",
  "^x(?=/)",
  "(?<=a)b",
);

/** Inline flags: a run of combined routes must not lend one route's flags to another, nor a case-insensitive route its literal prefix. */
const flaggedShape = fc.constantFrom(
  "(?i)^api/$",
  "(?i)^api/(?P<n>\\d+)/?$",
  "(?i)^chat/(?P<room>\\w+)/$",
  "(?i)^API/?",
  "(?s)^a.b$",
  "(?s)^x.",
  "(?is)^docs/.",
  "(?m)^api$",
  "(?i)日本/",
);

const pathRoute = fc.constantFrom("", "api/", "api/<int:id>/", "chat/<str:room>/", "<slug:s>/", "é/<path:rest>", "a");

const routeArb = fc.oneof(
  fc.record({ kind: fc.constant<RouteKind>("re_path"), source: fc.oneof(sharedShape, adversarialShape, flaggedShape), endpoint: fc.boolean() }),
  fc.record({ kind: fc.constant<RouteKind>("path"), source: pathRoute, endpoint: fc.boolean() }),
);

const pathArb = fc.oneof(
  fc.constantFrom(...MIX),
  fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 5 }).chain((segments) => fc.constantFrom(segments.join("/"), `${segments.join("/")}/`)),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
);

test("differential: random tables from the shared shapes and adversarial ones, random paths, every from", () => {
  fc.assert(
    fc.property(fc.array(routeArb, { minLength: 1, maxLength: 24 }), fc.array(pathArb, { minLength: 1, maxLength: 12 }), (routes, paths) => {
      const patterns = routes.map((route) => compile(route.kind, route.source, route.endpoint));
      for (const options of VARIANTS) {
        const matcher = compileTable(patterns, options);
        for (const path of paths) {
          for (let from = 0; from <= patterns.length; from++) {
            assert.equal(matcher.match(path, from), linear(patterns, path, from));
          }
        }
      }
    }),
    { seed: 20240611, numRuns: 400 },
  );
});

test.run();
