/**
 * Rule semantics beyond the fixtures: one diagnostic per problem, shared
 * tables, resolved import kinds, undecidable verdicts, nesting.
 */
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { analyzeText } from "../../analyze.js";
import type { ImportKind } from "../../model/classify.js";
import { codes, lint, toExpected } from "./harness.js";

const header = `import { ChatConsumer, EchoConsumer } from "./consumers"
import { app, api } from "./apps"
`;

test("a table routed for both protocols is analysed once: one SIO105, not one per protocol", () => {
  const spec = `${header}
table = URLRouter([re_path(r"^chat/", app), re_path(r"^chat/room/$", app)])
application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(table),
  "http": table,
})`;
  assert.equal(codes(spec), ["SIO105"]);
});

test("a Socket.IO route duplicated after itself is SIO105 (same endpoint), not SIO101", () => {
  const spec = `${header}
urls = [re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()), re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()), re_path("", app)]
application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(URLRouter(urls)),
  "http": URLRouter(urls),
})`;
  const found = lint(spec);
  assert.equal(found.map((d) => d.code), ["SIO105"]);
  assert.match(found[0]!.message, /is unreachable: the earlier route re_path\('\^socket\\\.io\/\?\$'\)/);
});

test("a prefix route whose inner router can fall through does not capture the Socket.IO route", () => {
  const spec = `${header}
sio = [re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())]
application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(URLRouter(sio)),
  "http": URLRouter([re_path(r"^sock", URLRouter([path("et/", app)]))] + sio + [re_path("", app)]),
})`;
  assert.equal(codes(spec), []);
});

test("a prefix route that can fall through still captures the Socket.IO route when its inner router takes the client path", () => {
  const spec = `${header}
sio = [re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())]
application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(URLRouter(sio)),
  "http": URLRouter([re_path(r"^", URLRouter([re_path(r"^socket", app)]))] + sio + [re_path("", app)]),
})`;
  const found = lint(spec);
  assert.equal(found.map((d) => d.code), ["SIO101"]);
  assert.is(found[0]!.message, "Socket.IO route re_path('^socket\\.io/?$') is captured by the earlier route re_path('^'): requests such as 'socket.io/' never reach it");
});

test("SIO101 behind an undecidable earlier route is a warning that says so", () => {
  const spec = `${header}
sio = [re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())]
application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(URLRouter(sio)),
  "http": URLRouter([re_path(r"^(\\w+)\\.\\1", app)] + sio),
})`;
  const found = lint(spec).filter((d) => d.code === "SIO101");
  assert.is(found.length, 1);
  assert.is(found[0]!.severity, "warning");
  assert.match(found[0]!.message, /may be captured .* cannot be decided exactly \(the backreference/);
});

test("resolved import kinds decide what a Socket.IO route is, whatever its pattern", () => {
  const spec = `${header}
application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(URLRouter([
    re_path(r"^rt/$", ChatConsumer.as_asgi()),
    re_path(r"^socket\\.io/?$", EchoConsumer.as_asgi()),
  ])),
  "http": URLRouter([re_path("", app)]),
})`;
  const kinds = new Map<string, ImportKind>([
    ["ChatConsumer", "socketio-consumer"],
    ["EchoConsumer", "websocket-consumer"],
    ["app", "node-listener"],
  ]);
  const found = toExpected(analyzeText("spec.sio", spec, { kinds }));
  assert.equal(found.map((d) => [d.code, d.line]), [["SIO102", 6]]);
  // Unresolved, the pattern decides: EchoConsumer's route takes 'socket.io/'.
  assert.equal(lint(spec).map((d) => [d.code, d.line]), [["SIO102", 7]]);
});

test("SIO108 names the unguarded routes when validators sit inside the table", () => {
  const spec = `${header}
application = ProtocolTypeRouter({
  "websocket": URLRouter([
    re_path(r"^ws/a/$", AllowedHostsOriginValidator(EchoConsumer.as_asgi())),
    re_path(r"^ws/b/$", EchoConsumer.as_asgi()),
  ]),
})`;
  const found = lint(spec);
  assert.equal(found.map((d) => [d.code, d.line]), [["SIO108", 7]]);
  assert.is(found[0]!.message, "websocket route re_path('^ws/b/$') is not behind an Origin validator, unlike other websocket routes");
});

test("SIO109 also compares sessions: SessionMiddlewareStack on one transport only", () => {
  const spec = `${header}
sio = [re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())]
application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(SessionMiddlewareStack(URLRouter(sio))),
  "http": URLRouter(sio + [re_path("", app)]),
})`;
  const found = lint(spec);
  assert.equal(found.map((d) => d.code), ["SIO109"]);
  assert.match(found[0]!.message, /behind SessionMiddlewareStack on websocket but not on http: scope\.session differs/);
});

test("a bare application (no ProtocolTypeRouter) serves both transports: no SIO102/SIO103/SIO108", () => {
  const spec = `${header}
application = URLRouter([re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()), re_path("", app)])`;
  assert.equal(codes(spec), []);
});

test("SIO111 leaves path('') alone inside a prefix route and before other routes", () => {
  const spec = `${header}
sio = [re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())]
application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(URLRouter(sio)),
  "http": URLRouter(sio + [path("", app), path("api/", URLRouter([path("", api)])), re_path("", app)]),
})`;
  assert.equal(codes(spec), []);
});

test("SIO107: wildcards and escaped dots pass, literal-looking dots and unanchored patterns do not", () => {
  const route = (pattern: string) => `${header}
application = URLRouter([re_path(r"${pattern}", app)])`;
  for (const ok of ["^a/.*$", "^(.)/$", "^v1\\.json$", "^[.]x$", "^f/.+\\.txt$", "(?i)^docs/$", ""]) {
    assert.equal(codes(route(ok)), [], ok);
  }
  assert.equal(codes(route("^v1.json$")), ["SIO107"]);
  assert.equal(codes(route("^a.b.c$")), ["SIO107", "SIO107"]);
  assert.equal(codes(route("docs/$")), ["SIO107"]);
});

test("messages name routes by pattern and carry no positions", () => {
  const spec = `${header}
application = ProtocolTypeRouter({
  "websocket": URLRouter([re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())]),
  "http": URLRouter([re_path("", app), re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())]),
})`;
  const found = lint(spec);
  assert.equal(found.map((d) => d.code), ["SIO108", "SIO101"]);
  for (const d of found) assert.not.match(d.message, /\d+:\d+|line \d/);
});

test("middleware around the ProtocolTypeRouter counts for every protocol", () => {
  const table = `URLRouter([re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())])`;
  const wrapped = (outer: string, websocket: string) => `${header}
application = ${outer}(ProtocolTypeRouter({
  "websocket": ${websocket},
  "http": URLRouter([re_path(r"^api/$", api)]),
}))`;
  // Still a ProtocolTypeRouter underneath: the Socket.IO route is websocket-only.
  assert.equal(codes(wrapped("AuthMiddlewareStack", `AllowedHostsOriginValidator(${table})`)), ["SIO102"]);
  // An Origin validator around everything guards the websocket table too.
  assert.equal(codes(wrapped("AllowedHostsOriginValidator", table)), ["SIO102"]);
  assert.equal(codes(wrapped("AuthMiddlewareStack", table)), ["SIO108", "SIO102"]);
});

test.run();
