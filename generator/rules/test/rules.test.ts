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

test("SIO101 behind an undecidable earlier route with no shared path is an info that says so", () => {
  const spec = `${header}
sio = [re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())]
application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(URLRouter(sio)),
  "http": URLRouter([re_path(r"^(\\w+)\\.\\1", app)] + sio),
})`;
  const found = lint(spec).filter((d) => d.code === "SIO101");
  assert.is(found.length, 1);
  assert.is(found[0]!.severity, "info");
  assert.match(found[0]!.message, /^could not decide whether the earlier route .* captures requests meant for Socket\.IO route .*: the backreference \\1 cannot be decided on automata, and no path both accept was found$/);
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

test("SIO120: cors against the websocket route's validator — every origin with credentials, every origin, origins outside, and what is coherent", () => {
  const spec = (cors: string, validator = "AllowedHostsOriginValidator", settings = `settings { allowed_hosts = ["chat.example.com"] }`) => `${header}
${settings}
sio = [re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi(cors=${cors}))]
application = ProtocolTypeRouter({
  "websocket": ${validator}(URLRouter(sio)${validator === "OriginValidator" ? ', ["https://chat.example.com:8443"]' : ""}),
  "http": URLRouter(sio + [re_path("", app)]),
})`;
  const sio120 = (text: string) => lint(text).filter((d) => d.code === "SIO120").map((d) => d.message);
  const credentialed = /^cors admits every origin with credentials: browsers refuse credentials with "\*"/;
  for (const cors of ['{"origin": "*", "credentials": True}', '{"origin": True, "credentials": True}', '{"credentials": True}']) {
    const messages = sio120(spec(cors));
    assert.is(messages.length, 1, cors);
    assert.match(messages[0]!, credentialed);
  }
  assert.equal(sio120(spec("True")), [
    `cors admits every origin, but the websocket route's AllowedHostsOriginValidator (["chat.example.com"]) does not: any page can use polling, and its WebSocket is refused; list the origins in cors, and their hosts in allowed_hosts`,
  ]);
  assert.equal(sio120(spec('{"origin": ["https://a.example", "http://chat.example.com:3000", "https://b.example"]}')), [
    `cors origins "https://a.example", "https://b.example" are outside the websocket route's AllowedHostsOriginValidator (["chat.example.com"]): polling admits them, the WebSocket refuses them; add their hosts to allowed_hosts, or remove them from cors`,
  ]);
  // OriginValidator patterns with a scheme compare scheme, host and port.
  assert.equal(sio120(spec('{"origin": "https://chat.example.com:8443"}', "OriginValidator")), []);
  assert.equal(sio120(spec('{"origin": "https://chat.example.com"}', "OriginValidator")).length, 1);
  // debug with no allowed_hosts: localhost.
  assert.equal(sio120(spec('{"origin": ["http://localhost:5173"]}', "AllowedHostsOriginValidator", "settings { debug = true }")), []);
  // Coherent, or nothing to compare with: no report.
  assert.equal(sio120(spec('{"origin": ["https://chat.example.com"], "credentials": True}')), []);
  assert.equal(sio120(spec("True", "AllowedHostsOriginValidator", `settings { allowed_hosts = ["*"] }`)), []);
  assert.equal(sio120(spec('{"origin": ["https://a.example"]}', "AuthMiddlewareStack")), [], "no validator: cors is the whole policy");
  assert.equal(sio120(spec('"https://a.example"')), [], "not a value the runtime takes (it refuses it at start)");
});

test.run();
