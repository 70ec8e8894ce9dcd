import { readFileSync } from "node:fs";
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { parseSpec } from "../../../grammar/index.js";
import { SourceText } from "../../../grammar/source.js";
import { bindSpec } from "../bind.js";
import { endpointKey, routesOf, tablesOf, targetKind } from "../classify.js";
import type { RouteNode } from "../model.js";

/** The project's own routes.sio: the seed's complete example. */
const SEED = readFileSync(new URL("../../../routes.sio", import.meta.url), "utf8");

function bind(text: string) {
  const source = new SourceText("routes.sio", text);
  const parsed = parseSpec(text);
  assert.equal(parsed.diagnostics, [], "the fixture parses");
  const { spec, diagnostics } = bindSpec(source, parsed.program);
  const located = diagnostics.map((d) => {
    const { line, column } = source.locate(d.span.start);
    return `${line}:${column} ${d.code} ${d.message}`;
  });
  return { spec, diagnostics: located.sort(byPosition) };
}

test("the seed example binds into the routing model", () => {
  const { spec, diagnostics } = bind(SEED);
  assert.equal(diagnostics, []);
  assert.equal(spec.settings.allowedHosts, ["localhost", "127.0.0.1", "[::1]"]);
  assert.equal(spec.imports.map((i) => `${i.local}=${i.imported}@${i.from}`), [
    "ChatConsumer=ChatConsumer@./fixtures/chat/consumers",
    "djangoApp=default@./fixtures/chat/app",
  ]);
  const app = spec.application;
  assert.ok(app && app.kind === "ProtocolTypeRouter");
  assert.equal(app.protocols.map((p) => p.protocol), ["websocket", "http"]);
  assert.equal(spec.routers.length, 2);
  assert.equal(spec.routes.map((r) => r.pattern.source), ["^socket\\.io/?$", ""]);

  const tables = tablesOf(spec);
  assert.equal(tables.map((t) => `${t.protocol}:${t.middleware.map((m) => m.name).join(">")}:${t.router.routes.length}`), [
    "websocket:AllowedHostsOriginValidator>AuthMiddlewareStack:1",
    "http:AuthMiddlewareStack:2",
  ]);
  // The shared binding yields the very same route object in both tables.
  assert.is(tables[0]!.router.routes[0], tables[1]!.router.routes[0]);
  const socketRoute = spec.routes[0]!;
  assert.is(targetKind(socketRoute), "socketio");
  assert.is(endpointKey(socketRoute), "ChatConsumer");
  assert.is(targetKind(spec.routes[1]!), "unknown");
  assert.is(targetKind(spec.routes[1]!, new Map([["djangoApp", "node-listener"]])), "http");
  assert.equal(routesOf(spec).length, 3);
});

test("nested routers are prefix routes; kwargs, names and options are kept", () => {
  const { spec, diagnostics } = bind(`
import { RoomConsumer, LobbyConsumer } from "./consumers"
import app from "./app"
rooms = [path("<int:room>/", RoomConsumer.as_asgi(), name="room", kwargs={"kind": "chat"})]
application = ProtocolTypeRouter({
  "websocket": URLRouter([
    path("rooms/", URLRouter(rooms)),
    re_path(r"^socket\\.io/", SocketIO(RoomConsumer, LobbyConsumer, ping_interval=25000, transports=["websocket"])),
  ]),
  "http": URLRouter([re_path("", app)]),
})
`);
  assert.equal(diagnostics, []);
  const [room, prefix, sio] = spec.routes as [RouteNode, RouteNode, RouteNode];
  assert.is(prefix.prefix, true);
  assert.is(prefix.pattern.compiled?.endpoint, false);
  assert.is(room.name, "room");
  assert.equal(room.kwargs, { kind: "chat" });
  assert.equal(room.pattern.compiled?.converters, { room: "int" });
  assert.is(endpointKey(sio), "LobbyConsumer,RoomConsumer");
  assert.ok(sio.target.kind === "SocketIO");
  assert.equal(Object.keys(sio.target.options), ["ping_interval", "transports"]);
  assert.equal(tablesOf(spec).map((t) => `${t.protocol}:${t.via.length}`), ["websocket:0", "websocket:1", "http:0"]);
});

test("keys are data: a kwargs key __proto__ is kept, an option named constructor is unknown", () => {
  const { spec, diagnostics } = bind(`
import { ChatConsumer } from "./consumers"
import app from "./app"
application = URLRouter([
  path("a/", app, kwargs={"__proto__": {"__proto__": 1}, "constructor": 2}),
  re_path(r"^socket\\.io/", ChatConsumer.as_asgi(constructor=1)),
])
`);
  const [route] = spec.routes as [RouteNode];
  assert.equal(JSON.stringify(route.kwargs), '{"__proto__":{"__proto__":1},"constructor":2}');
  assert.is(Object.getPrototypeOf(route.kwargs), Object.prototype);
  assert.equal(diagnostics, ["6:49 SIO110 unknown Socket.IO option 'constructor'"]);
});

test("SIO110: unknown names, wrong shapes, duplicates, bad options, missing application", () => {
  const { diagnostics } = bind(`import { A } from "./a"
x = 1
x = 2
urls = [re_path("^a", Missing)]
bad = URLRouter("x")
opts = A.as_asgi(ping_intervall=5)
typed = A.as_asgi(ping_interval="soon")
lst = [1] + URLRouter([])
`);
  assert.equal(diagnostics, [
    "3:1 SIO110 'x' is bound twice",
    "4:23 SIO110 unknown name 'Missing'",
    "5:17 SIO110 URLRouter expects a list of routes, not a string",
    "6:18 SIO110 unknown Socket.IO option 'ping_intervall' (did you mean 'ping_interval'?)",
    "7:33 SIO110 option 'ping_interval' expects a number",
    "8:7 SIO110 '+' joins two lists of routes (or two strings), not a list of values and an application (URLRouter)",
    "1:1 SIO110 the spec has no 'application = ...' binding",
  ].sort(byPosition));
});

test("SIO110: an invalid pattern is reported at the exact character", () => {
  const { diagnostics } = bind(`import app from "./app"
application = URLRouter([
  re_path(r"^users/(?P<id>\\d+/$", app),
  path("rooms/<bogus:room>/", app),
])
`);
  assert.is(diagnostics.length, 2);
  assert.match(diagnostics[0]!, /^3:\d+ SIO110 invalid re_path pattern: /);
  assert.match(diagnostics[1]!, /^4:\d+ SIO110 invalid path pattern: /);
  const column = Number(diagnostics[1]!.split(" ")[0]!.split(":")[1]);
  assert.is(column, 'path("rooms/<'.length + 3, "points into <bogus:room>");
});

test("SIO110: self reference and wrong ProtocolTypeRouter keys", () => {
  const { diagnostics } = bind(`import app from "./app"
loop = loop + []
application = ProtocolTypeRouter({ "htp": URLRouter([re_path("", app)]), "http": app, "http": app })
`);
  assert.equal(diagnostics, [
    "2:1 SIO110 'loop' refers to itself",
    `3:36 SIO110 unknown protocol 'htp' (did you mean 'http'?); ProtocolTypeRouter routes "http" and "websocket"`,
    "3:87 SIO110 protocol 'http' is routed twice",
  ]);
});

function byPosition(a: string, b: string): number {
  const [la, ca] = a.split(" ")[0]!.split(":").map(Number) as [number, number];
  const [lb, cb] = b.split(" ")[0]!.split(":").map(Number) as [number, number];
  return la - lb || ca - cb;
}

test.run();
