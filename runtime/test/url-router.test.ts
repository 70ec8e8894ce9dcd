/**
 * Channels' URLRouter semantics over real HTTP: the matching module's
 * conformance table run through real URLRouter instances behind serve(),
 * plus the runtime-only parts (middleware around prefix routes, async
 * fall-through, start-up errors).
 */
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import {
  AuthMiddlewareStack,
  URLRouter,
  inheritPathRouting,
  nodeApp,
  path,
  patternFromRegExp,
  re_path,
  scopeOf,
  SioError,
  type Application,
  type Route,
  type Scope,
} from "@sio-router/runtime";
import { compilePattern } from "../matching/index.js";
import { CONFORMANCE_CASES, type ConformanceRoute } from "../matching/test/conformance-cases.js";
import { start } from "./support.js";

type TracedScope = Scope & { chain?: string[] };

/** Records which router/app a route led to, as Channels' tests do with MockApplication. */
function traced(target: string, app: Application): Application {
  const tracer: Application = (scope, conn) => app({ ...scope, chain: [...((scope as TracedScope).chain ?? []), target] } as Scope, conn);
  return inheritPathRouting(tracer, app);
}

const answer = nodeApp((req, res) => {
  const scope = scopeOf(req) as TracedScope;
  res.setHeader("content-type", "application/json");
  res.end(
    JSON.stringify({
      chain: scope.chain,
      url_route: scope.url_route,
      path_remaining: scope.path_remaining,
      layers: [scope.cookies, scope.session, scope.user].map((field) => field !== undefined),
    }),
  );
});

function buildRoutes(routes: readonly ConformanceRoute[]): Route[] {
  return routes.map((route) => {
    const target = route.inner === undefined ? traced(route.target, answer) : traced(route.target, URLRouter(buildRoutes(route.inner)));
    const options = route.kwargs === undefined ? {} : { kwargs: { ...route.kwargs } };
    return route.kind === "path" ? path(route.source, target, options) : re_path(route.source, target, options);
  });
}

interface Answer {
  chain: string[];
  url_route: { args: Array<string | null>; kwargs: Record<string, unknown> };
  path_remaining: string;
  /** Whether cookies, session, user were set. */
  layers: boolean[];
}

test("the matching conformance table, through real URLRouters over HTTP", async () => {
  // One server per root_path: the table's cases share servers.
  const byRoot = new Map<string, Awaited<ReturnType<typeof start>>>();
  try {
    for (const c of CONFORMANCE_CASES) {
      const root = c.root_path ?? "";
      const router = URLRouter(buildRoutes(c.routes));
      // Route this case's table through a fresh router per request: the server's app dispatches to it.
      let server = byRoot.get(root);
      if (server === undefined) {
        server = await start((scope, conn) => currentRouter(scope, conn), { root_path: root });
        byRoot.set(root, server);
      }
      currentRouter = router;
      // A case's path is already percent-decoded; the request carries it encoded.
      const response = await fetch(`${server.url}${encodeURI(c.path)}`);
      const label = `${c.reference}: ${c.name} (${c.path})`;
      if (c.expect === null) {
        assert.is(response.status, 404, label);
        await response.arrayBuffer();
        continue;
      }
      assert.is(response.status, 200, label);
      const got = (await response.json()) as Answer;
      assert.equal(got.chain, c.expect.chain, label);
      // JSON turns a group that did not take part (undefined) into null.
      assert.equal(got.url_route.args, c.expect.args.map((arg) => arg ?? null), label);
      assert.equal(got.url_route.kwargs, c.expect.kwargs, label);
      if (c.expect.remaining !== undefined) assert.is(got.path_remaining, c.expect.remaining, label);
    }
  } finally {
    await Promise.all([...byRoot.values()].map((server) => server.close()));
  }
});

let currentRouter: Application = () => false;

async function get(app: Application, target: string, root_path = ""): Promise<{ status: number; body: Answer | undefined }> {
  const server = await start(app, { root_path });
  try {
    const response = await fetch(`${server.url}${target}`);
    return { status: response.status, body: response.status === 200 ? ((await response.json()) as Answer) : undefined };
  } finally {
    await server.close();
  }
}

test("nested routers merge kwargs; path() converters give numbers", async () => {
  const app = URLRouter([
    path("org/<slug:org>/", URLRouter([path("rooms/<int:room>/", traced("room", answer), { kwargs: { kind: "chat" } })])),
  ]);
  const { body } = await get(app, "/org/acme/rooms/42/");
  assert.equal(body?.url_route, { args: [], kwargs: { org: "acme", room: 42, kind: "chat" } });
  assert.is(body?.path_remaining, "");
});

test("keys are data: kwargs= and captures named __proto__ or constructor reach the app as keys", () => {
  let seen: Scope["url_route"];
  const app: Application = (scope) => {
    seen = scope.url_route;
    return true;
  };
  const defaults = JSON.parse('{"__proto__": "default", "hasOwnProperty": 1}') as Record<string, unknown>;
  const router = URLRouter([re_path("^(?P<constructor>x)?(?P<__proto__>y)$", app, { kwargs: defaults })]);
  const scope = { type: "http", path: "/y", root_path: "" } as Scope;
  assert.is(router(scope, {} as never), true);
  assert.equal(Object.entries(seen?.kwargs ?? {}), [
    ["__proto__", "default"],
    ["hasOwnProperty", 1],
  ]);
  assert.is(seen?.kwargs["constructor"], undefined);
});

test("root_path is stripped by the outermost router only; outside it, 404", async () => {
  const app = URLRouter([path("api/", URLRouter([re_path("^mount/", traced("inner", answer))]))]);
  assert.is((await get(app, "/mount/api/mount/x", "/mount")).status, 200);
  assert.is((await get(app, "/api/mount/x", "/mount")).status, 404);
});

test("an inner router that matches nothing falls through to the outer router's next route", async () => {
  const app = URLRouter([
    re_path("^(?P<lang>[a-z]{2})/", URLRouter([path("about/", traced("about", answer))])),
    re_path("", traced("fallback", answer)),
  ]);
  const { body } = await get(app, "/en/contact/");
  assert.equal(body?.chain, ["fallback"]);
  assert.equal(body?.url_route.kwargs, {}, "the fallen-through prefix's kwargs must not leak");
});

test("fall-through also works through async middleware and auth stacks", async () => {
  const slow = (app: Application): Application =>
    inheritPathRouting(async (scope, conn) => {
      await new Promise((resolve) => setImmediate(resolve));
      return app(scope, conn);
    }, app);
  const app = URLRouter([
    path("chat/", slow(AuthMiddlewareStack(URLRouter([path("lobby/", traced("lobby", answer))]), { secret: "a-test-secret-long-enough-for-an-hmac-key" }))),
    re_path("", traced("fallback", answer)),
  ]);
  const lobby = await get(app, "/chat/lobby/");
  assert.equal(lobby.body?.chain, ["lobby"], "middleware keep the prefix route a prefix");
  assert.equal(lobby.body?.layers, [true, true, true]);
  const other = await get(app, "/chat/other/");
  assert.equal(other.body?.chain, ["fallback"]);
  assert.equal(other.body?.layers, [false, false, false], "the fallen-through stack's fields are put back");
  assert.equal(other.body?.url_route.kwargs, {});
});

test("the usual http stack stays synchronous: no Promise on the hot path", async () => {
  const stack = AuthMiddlewareStack(URLRouter([re_path("^socket\\.io/?$", answer), re_path("", traced("web", answer))]), { secret: "a-test-secret-long-enough-for-an-hmac-key" });
  const results: Array<boolean | Promise<boolean>> = [];
  const server = await start((scope, conn) => {
    const result = stack(scope, conn);
    results.push(result);
    return result;
  });
  try {
    assert.is((await fetch(`${server.url}/page`, { headers: { cookie: "sessionid=whatever; other=1" } })).status, 200);
    assert.equal(results, [true]);
  } finally {
    await server.close();
  }
});

test("precompiled patterns from generated code route like string patterns", async () => {
  const compiled = compilePattern("path", "items/<int:id>/", { endpoint: true });
  if (!compiled.ok) throw new Error(compiled.error.message);
  const literal = new RegExp(compiled.pattern.regexSource, compiled.pattern.flags);
  const pattern = patternFromRegExp("path", "items/<int:id>/", literal, { endpoint: true, converters: { id: "int" } });
  const { body } = await get(URLRouter([path(pattern, traced("item", answer))]), "/items/7/");
  assert.equal(body?.url_route.kwargs, { id: 7 });
  // A precompiled endpoint pattern in front of a router is recompiled as a prefix.
  const prefix = patternFromRegExp("path", "api/", /^api\/$/u, { endpoint: true });
  const nested = await get(URLRouter([path(prefix, URLRouter([path("x/", traced("x", answer))]))]), "/api/x/");
  assert.equal(nested.body?.chain, ["x"]);
});

test("an invalid pattern throws SioError SIO_ERR_PATTERN at start-up", () => {
  for (const [kind, source] of [
    ["re_path", "^(?P<name>unclosed"],
    ["path", "<int:>/"],
    ["path", "<nope:x>/"],
  ] as const) {
    try {
      (kind === "path" ? path : re_path)(source, answer);
      assert.unreachable(`${kind}(${source}) compiled`);
    } catch (error) {
      assert.instance(error, SioError);
      assert.is((error as SioError).code, "SIO_ERR_PATTERN");
    }
  }
});

test("wrong shapes are TypeErrors at construction", () => {
  assert.throws(() => URLRouter("nope" as never), TypeError);
  assert.throws(() => URLRouter([{}] as never), TypeError);
  assert.throws(() => re_path("", "app" as never), TypeError);
  assert.throws(() => path("x/", answer, { kwargs: [] as never }), TypeError);
});

test.run();
