/**
 * One origin policy for every transport of a Socket.IO endpoint, over raw
 * HTTP and the official client in Node: the seed's stack (the websocket route
 * behind AllowedHostsOriginValidator, the http table not), hand-written
 * routers without a validator, `cors` origins, JSONP, the Host check, and
 * the log line a refusal leaves.
 */
import { suite } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { io as connectClient } from "socket.io-client";
import {
  AllowedHostsOriginValidator,
  inheritPathRouting,
  OriginValidator,
  ProtocolTypeRouter,
  re_path,
  serve,
  URLRouter,
  type Application,
  type SioServer,
} from "../../index.js";
import { captureLogger, type Captured } from "../../test/support.js";
import { SocketIO, type SocketIOEndpoint } from "../endpoint.js";
import type { SocketIOOptions } from "../options.js";
import { EchoConsumer } from "./consumers.js";
import { connected, next, send, start, upgraded } from "./support.js";

const POLLING = "/socket.io/?EIO=4&transport=polling";
const WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";
const EVIL = "http://evil.example";

const test = suite("Socket.IO origin policy");

/** A polling handshake's and a WebSocket's answer to one set of headers. */
async function bothTransports(url: string, headers: Record<string, string>): Promise<{ polling: number; websocket: number }> {
  const polling = (await send(url, POLLING, { headers })).status;
  const websocket = (await send(url, WEBSOCKET, { headers, upgrade: true })).status;
  return { polling, websocket };
}

/** The endpoint routed as a hand-written router with no validator anywhere. */
async function unguarded(options?: SocketIOOptions, logger?: Captured): Promise<{ server: SioServer; endpoint: SocketIOEndpoint }> {
  const endpoint = SocketIO([EchoConsumer], options);
  const table = URLRouter([re_path(String.raw`^socket\.io/?$`, endpoint)]);
  const server = await serve(ProtocolTypeRouter({ http: table, websocket: table }), { logger: logger ?? captureLogger() });
  return { server, endpoint };
}

test("the seed's stack: a foreign Origin gets 403 on polling as on the WebSocket, before any Engine.IO session", async () => {
  const logs = captureLogger();
  const running = await start([EchoConsumer], undefined, logs);
  try {
    const sessions = running.endpoint.engine.clientsCount;
    assert.equal(await bothTransports(running.url, { origin: EVIL }), { polling: 403, websocket: 403 });
    assert.equal(await bothTransports(running.url, { origin: "null" }), { polling: 403, websocket: 403 });
    const post = await send(running.url, `${POLLING}&sid=whatever`, { method: "POST", headers: { origin: EVIL }, body: "40" });
    assert.is(post.status, 403);
    assert.is(running.endpoint.engine.clientsCount, sessions, "no session was opened");
    // The page's own origin, and an allowed host on the same port, are admitted on both.
    assert.equal(await bothTransports(running.url, { origin: running.origin }), { polling: 200, websocket: 101 });
    const localhost = running.origin.replace("127.0.0.1", "localhost");
    assert.equal(await bothTransports(running.url, { origin: localhost }), { polling: 200, websocket: 101 });
  } finally {
    await running.close();
  }
});

test("an allowed host on another port is another origin: refused on both transports (Channels' WebSocket check alone admits it)", async () => {
  const running = await start([EchoConsumer]);
  try {
    const otherPort = `http://127.0.0.1:${running.server.port === 65535 ? 65534 : running.server.port + 1}`;
    assert.equal(await bothTransports(running.url, { origin: otherPort }), { polling: 403, websocket: 403 });
    assert.equal(await bothTransports(running.url, { origin: "http://localhost" }), { polling: 403, websocket: 403 });
  } finally {
    await running.close();
  }
});

test("no Origin (a non-browser client) is admitted: socket.io-client in Node connects and upgrades", async () => {
  const running = await start([EchoConsumer]);
  try {
    const socket = await connected(connectClient(running.url, { forceNew: true, reconnection: false }));
    await upgraded(socket);
    assert.is(await socket.emitWithAck("echo", "no origin"), "no origin");
    socket.disconnect();
  } finally {
    await running.close();
  }
});

test("a browser's cross-site request without an Origin (<script>, <img>) is refused; JSONP is off", async () => {
  const running = await start([EchoConsumer]);
  try {
    for (const site of ["cross-site", "same-site"]) {
      assert.is((await send(running.url, POLLING, { headers: { "sec-fetch-site": site } })).status, 403, site);
    }
    assert.is((await send(running.url, POLLING, { headers: { "sec-fetch-site": "same-origin" } })).status, 200);
    const jsonp = await send(running.url, `${POLLING}&j=0`);
    assert.is(jsonp.status, 400);
    assert.is((await send(running.url, `${POLLING}&%6A=0`)).status, 400, "j, percent-encoded");
  } finally {
    await running.close();
  }
});

test("jsonp: true serves JSONP polling to a client that sends no Origin", async () => {
  const running = await start([EchoConsumer], { jsonp: true });
  try {
    const jsonp = await send(running.url, `${POLLING}&j=0`);
    assert.is(jsonp.status, 200);
    assert.match(jsonp.body, /^___eio\[0\]\("0\{\\"sid\\":/);
    assert.is((await send(running.url, `${POLLING}&j=0`, { headers: { "sec-fetch-site": "cross-site" } })).status, 403);
  } finally {
    await running.close();
  }
});

test("the Host is checked against the validator's allowed_hosts on both transports (400): DNS rebinding", async () => {
  const running = await start([EchoConsumer]);
  try {
    const rebound = `evil.example:${running.server.port}`;
    const origin = `http://${rebound}`;
    assert.equal(await bothTransports(running.url, { host: rebound, origin }), { polling: 400, websocket: 400 });
    assert.equal(await bothTransports(running.url, { host: rebound }), { polling: 400, websocket: 400 });
    assert.equal(await bothTransports(running.url, { host: `localhost:${running.server.port}` }), { polling: 200, websocket: 101 });
  } finally {
    await running.close();
  }
});

test("cors origins are admitted on polling, with CORS headers; the websocket route's validator still refuses those outside allowed_hosts", async () => {
  const app = "http://app.example";
  const running = await start([EchoConsumer], { cors: { origin: [app], credentials: true } });
  try {
    const polling = await send(running.url, POLLING, { headers: { origin: app } });
    assert.is(polling.status, 200);
    assert.is(polling.headers["access-control-allow-origin"], app);
    assert.is(polling.headers["access-control-allow-credentials"], "true");
    // Incoherent, and what lint rule SIO120 warns about: the validator runs first on the websocket.
    assert.is((await send(running.url, WEBSOCKET, { headers: { origin: app }, upgrade: true })).status, 403);
    assert.is((await send(running.url, POLLING, { headers: { origin: EVIL } })).status, 403);
  } finally {
    await running.close();
  }
});

test("without a validator: the same origin only, plus cors origins, on both transports (python-engineio's default)", async () => {
  const { server } = await unguarded();
  try {
    assert.equal(await bothTransports(server.url, { origin: server.url }), { polling: 200, websocket: 101 });
    assert.equal(await bothTransports(server.url, { origin: server.url.replace("127.0.0.1", "localhost") }), { polling: 403, websocket: 403 });
    assert.equal(await bothTransports(server.url, { origin: EVIL }), { polling: 403, websocket: 403 });
  } finally {
    await server.close();
  }
  const cors = await unguarded({ cors: { origin: "https://app.example" } });
  try {
    assert.equal(await bothTransports(cors.server.url, { origin: "https://app.example" }), { polling: 200, websocket: 101 });
    assert.equal(await bothTransports(cors.server.url, { origin: "https://app.example:8443" }), { polling: 403, websocket: 403 });
  } finally {
    await cors.server.close();
  }
});

test("every origin when allowed explicitly: cors true or \"*\", or a validator allowing \"*\"", async () => {
  for (const cors of [true, { origin: "*" }, { origin: true }] as const) {
    const { server } = await unguarded({ cors });
    try {
      assert.equal(await bothTransports(server.url, { origin: EVIL }), { polling: 200, websocket: 101 }, JSON.stringify(cors));
    } finally {
      await server.close();
    }
  }
  const endpoint = SocketIO([EchoConsumer]);
  const table = URLRouter([re_path(String.raw`^socket\.io/?$`, endpoint)]);
  const server = await serve(ProtocolTypeRouter({ http: table, websocket: OriginValidator(table, ["*"]) }), { logger: captureLogger() });
  try {
    assert.equal(await bothTransports(server.url, { origin: EVIL }), { polling: 200, websocket: 101 });
  } finally {
    await server.close();
  }
});

test("a hand-written router: the validator finds the endpoint through custom middleware that call inheritPathRouting", async () => {
  const passThrough = (app: Application): Application => inheritPathRouting((scope, conn) => app(scope, conn), app);
  const endpoint = SocketIO([EchoConsumer]);
  const routes = [re_path(String.raw`^socket\.io/?$`, endpoint)];
  const application = ProtocolTypeRouter({
    websocket: AllowedHostsOriginValidator(passThrough(URLRouter(routes)), { allowed_hosts: ["localhost", "127.0.0.1"] }),
    http: passThrough(URLRouter(routes)),
  });
  const server = await serve(application, { logger: captureLogger() });
  try {
    const localhost = server.url.replace("127.0.0.1", "localhost");
    assert.equal(await bothTransports(server.url, { origin: localhost }), { polling: 200, websocket: 101 }, "allowed_hosts reach polling");
    assert.equal(await bothTransports(server.url, { origin: EVIL }), { polling: 403, websocket: 403 });
  } finally {
    await server.close();
  }
});

test("a custom middleware that hides the endpoint: the endpoint falls back to the same origin (refuses more, never less)", async () => {
  const opaque = (app: Application): Application => (scope, conn) => app(scope, conn);
  const endpoint = SocketIO([EchoConsumer]);
  const routes = [re_path(String.raw`^socket\.io/?$`, endpoint)];
  const application = ProtocolTypeRouter({
    websocket: AllowedHostsOriginValidator(opaque(URLRouter(routes)), { allowed_hosts: ["localhost", "127.0.0.1"] }),
    http: URLRouter(routes),
  });
  const server = await serve(application, { logger: captureLogger() });
  try {
    const localhost = server.url.replace("127.0.0.1", "localhost");
    assert.equal(await bothTransports(server.url, { origin: localhost }), { polling: 403, websocket: 403 });
    assert.equal(await bothTransports(server.url, { origin: server.url }), { polling: 200, websocket: 101 });
  } finally {
    await server.close();
  }
});

test("each refusal is logged once per origin, with what is allowed and how to allow more", async () => {
  const logs = captureLogger();
  const running = await start([EchoConsumer], { cors: { origin: ["https://app.example"] } }, logs);
  try {
    for (let i = 0; i < 3; i++) await bothTransports(running.url, { origin: EVIL });
    await send(running.url, POLLING, { headers: { origin: "http://other.example" } });
    const refusals = logs.messages.filter((line) => line.includes("refused"));
    assert.equal(refusals, [
      'warn: Socket.IO endpoint of EchoConsumer: refused Origin "http://evil.example" (403): allowed: AllowedHostsOriginValidator ' +
        '["localhost","127.0.0.1","[::1]"] (a host alone: on the port the request came to), cors origins ["https://app.example"]; ' +
        "to allow another origin, add it to the endpoint's cors origins (cors={\"origin\": [...]}, or SIO_CORS) — or, for a page on the same port, " +
        "its host to allowed_hosts (logged once per value)",
      'warn: AllowedHostsOriginValidator: refused a WebSocket from Origin "http://evil.example" (403); allowed: ["localhost","127.0.0.1","[::1]"]. ' +
        "Add its host to the spec's allowed_hosts (or SIO_ALLOWED_HOSTS). (logged once per value)",
      'warn: Socket.IO endpoint of EchoConsumer: refused Origin "http://other.example" (403): allowed: AllowedHostsOriginValidator ' +
        '["localhost","127.0.0.1","[::1]"] (a host alone: on the port the request came to), cors origins ["https://app.example"]; ' +
        "to allow another origin, add it to the endpoint's cors origins (cors={\"origin\": [...]}, or SIO_CORS) — or, for a page on the same port, " +
        "its host to allowed_hosts (logged once per value)",
    ]);
  } finally {
    await running.close();
  }
});

test("Node clients with a foreign Origin get connect_error on either transport", async () => {
  const running = await start([EchoConsumer]);
  try {
    for (const transports of [["polling"], ["websocket"]]) {
      const socket = connectClient(running.url, { forceNew: true, reconnection: false, transports, extraHeaders: { origin: EVIL } });
      await next(socket, "connect_error");
      assert.not.ok(socket.connected);
      socket.close();
    }
  } finally {
    await running.close();
  }
});

test.run();
