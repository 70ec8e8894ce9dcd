import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { removeDir, SEED, sio, sioInProcess, tempDir } from "./helpers.js";

const NESTED = `import { ChatConsumer } from "./consumers"
import app from "./app"
import room from "./room"

rooms = [
  path("<int:id>/", room, name="room"),
]

application = ProtocolTypeRouter({
  "http": URLRouter([
    path("rooms/", AuthMiddlewareStack(URLRouter(rooms))),
    re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),
    re_path("", app),
  ]),
})
`;

const NO_FALLBACK = `import app from "./app"

application = URLRouter([re_path(r"^api/", app)])
`;

const KEYS = `import app from "./app"

application = URLRouter([re_path(r"^k/(?P<__proto__>\\w+)/$", app, kwargs={"constructor": {"__proto__": 1}})])
`;

let dir = "";

test.before(async () => {
  dir = await tempDir({ "routes.sio": SEED, "nested.sio": NESTED, "api.sio": NO_FALLBACK, "broken.sio": "application = URLRouter([nope])\n", "keys.sio": KEYS });
});

test.after(() => removeDir(dir));

interface ExplainJson {
  protocol: string;
  path: string;
  query: string;
  middleware: { name: string; line: number }[];
  trace: { route: string; depth: number; outcome: string; line: number; column: number }[];
  match: {
    route: { text: string; file: string; line: number; column: number } | null;
    args: string[];
    kwargs: Record<string, unknown>;
    pathRemaining: string;
    endpoint: { kind: string; label: string; targets: string[] };
  } | null;
}

async function explainJson(args: string[]): Promise<{ code: number | null; json: ExplainJson }> {
  const result = await sio(["explain", "--format", "json", ...args], { cwd: dir });
  return { code: result.code, json: JSON.parse(result.stdout) as ExplainJson };
}

test("GET polling handshake → the Socket.IO route, inside AuthMiddlewareStack", async () => {
  const result = await sio(["explain", "routes.sio", "GET", "/socket.io/?EIO=4&transport=polling"], { cwd: dir });
  assert.is(result.code, 0);
  const lines = result.stdout.split("\n");
  assert.equal(lines.slice(0, 5), [
    "GET /socket.io/?EIO=4&transport=polling",
    "protocol:       http",
    "middleware:     AuthMiddlewareStack (routes.sio:17:11)",
    "routes tried (URLRouter at routes.sio:18:5):",
    '  ✓ routes.sio:10:3  re_path(r"^socket\\.io/?$")  match',
  ]);
  assert.ok(lines.includes('matched:        routes.sio:10:3  re_path(r"^socket\\.io/?$")'), result.stdout);
  assert.ok(lines.includes('> 10 |   re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),'), result.stdout);
  assert.ok(lines.includes("endpoint:       Socket.IO endpoint (ChatConsumer)"), result.stdout);
  assert.ok(lines.includes('path_remaining: ""'));

  const { json } = await explainJson(["routes.sio", "GET", "/socket.io/?EIO=4&transport=polling"]);
  assert.is(json.protocol, "http");
  assert.is(json.path, "/socket.io/");
  assert.is(json.query, "EIO=4&transport=polling");
  assert.equal(json.middleware.map((m) => m.name), ["AuthMiddlewareStack"]);
  assert.equal(json.match?.route, { text: 're_path(r"^socket\\.io/?$")', file: "routes.sio", line: 10, column: 3, endLine: 10, endColumn: 53 });
  assert.equal(json.match?.endpoint, { kind: "socketio", label: "Socket.IO endpoint", targets: ["ChatConsumer"] });
});

test("WS /socket.io/ → AllowedHostsOriginValidator → AuthMiddlewareStack → the route", async () => {
  const result = await sio(["explain", "routes.sio", "WS", "/socket.io/"], { cwd: dir });
  assert.is(result.code, 0);
  assert.match(
    result.stdout,
    "middleware:     AllowedHostsOriginValidator (routes.sio:14:16) → AuthMiddlewareStack (routes.sio:15:5)\n",
  );
  const { json } = await explainJson(["routes.sio", "ws", "/socket.io/"]);
  assert.is(json.protocol, "websocket");
  assert.equal(json.middleware.map((m) => m.name), ["AllowedHostsOriginValidator", "AuthMiddlewareStack"]);
  assert.is(json.match?.route?.line, 10);
  assert.is(json.match?.endpoint.kind, "socketio");
});

test("GET /anything → the fallback, after the Socket.IO route was tried", async () => {
  const result = await sio(["explain", "routes.sio", "GET", "/anything"], { cwd: dir });
  assert.is(result.code, 0);
  assert.match(result.stdout, '  ✗ routes.sio:10:3  re_path(r"^socket\\.io/?$")  no match\n  ✓ routes.sio:19:7  re_path("")  match\n');
  assert.match(result.stdout, "endpoint:       HTTP app (djangoApp)\n");
  const { json } = await explainJson(["routes.sio", "GET", "/anything"]);
  assert.equal(
    json.trace.map((t) => [t.line, t.outcome]),
    [[10, "no-match"], [19, "match"]],
  );
  assert.is(json.match?.pathRemaining, "anything");
  assert.equal(json.match?.endpoint, { kind: "http", label: "HTTP app", targets: ["djangoApp"] });
});

test("nested routers: int converter gives a number, the prefix's middleware joins the chain", async () => {
  const { code, json } = await explainJson(["nested.sio", "GET", "/rooms/42/"]);
  assert.is(code, 0);
  assert.equal(json.match?.kwargs, { id: 42 });
  assert.equal(json.middleware.map((m) => m.name), ["AuthMiddlewareStack"]);
  assert.equal(
    json.trace.map((t) => [t.route, t.depth, t.outcome]),
    [['path("rooms/")', 0, "prefix"], ['path("<int:id>/")', 1, "match"]],
  );
});

test("keys are data: __proto__ from a group and from kwargs= is in the JSON", async () => {
  const { code, json } = await explainJson(["keys.sio", "GET", "/k/x/"]);
  assert.is(code, 0);
  assert.is(JSON.stringify(json.match?.kwargs), '{"__proto__":"x","constructor":{"__proto__":1}}');
});

test("an inner router that matches nothing falls through to the outer router's next routes", async () => {
  const result = await sio(["explain", "nested.sio", "GET", "/rooms/abc/"], { cwd: dir });
  assert.is(result.code, 0);
  assert.match(
    result.stdout,
    [
      '  ✗ nested.sio:11:5  path("rooms/")  prefix matched, its router has no route for the rest: fell through',
      '    ✗ nested.sio:6:3  path("<int:id>/")  no match',
      '  ✗ nested.sio:12:5  re_path(r"^socket\\.io/?$")  no match',
      '  ✓ nested.sio:13:5  re_path("")  match',
    ].join("\n"),
  );
});

test("no match: says so and exits 1", async () => {
  const result = await sio(["explain", "api.sio", "POST", "/nope"], { cwd: dir });
  assert.is(result.code, 1);
  assert.match(result.stdout, "no match: HTTP 404\n");
  const ws = await sioInProcess(["explain", "nested.sio", "WS", "/socket.io/"], { cwd: dir });
  assert.is(ws.code, 1);
  assert.match(ws.stdout, 'no match: the application has no "websocket" entry (WebSocket upgrade refused with 404)');
  const { code, json } = await explainJson(["api.sio", "GET", "/nope"]);
  assert.is(code, 1);
  assert.is(json.match, null);
  assert.equal(json.trace.map((t) => t.outcome), ["no-match"]);
});

test("a spec with errors is reported instead of explained (exit 1)", async () => {
  const result = await sio(["explain", "broken.sio", "GET", "/"], { cwd: dir });
  assert.is(result.code, 1);
  assert.match(result.stdout, /^broken\.sio:1:26 error SIO110 /);
});

test("usage errors: wrong method, missing arguments, bad percent-encoding", async () => {
  const cases = [["routes.sio", "PUT", "/"], ["routes.sio", "GET"], ["routes.sio", "GET", "/%zz"]];
  for (const args of cases) {
    const result = await sioInProcess(["explain", ...args], { cwd: dir });
    assert.is(result.code, 2, args.join(" "));
    assert.match(result.stderr, /^sio: .+\nRun 'sio explain --help' for usage\.\n$/);
  }
});

test.run();
