/**
 * Every golden output executed, not only compared: each case's generated
 * application served on 127.0.0.1 by the runtime, its routes requested, and
 * what reaches the apps and consumers checked — url_route kwargs with their
 * types (converters, `kwargs=`), the middleware around them, the Socket.IO
 * endpoint's options as the wire shows them. A generator that drops a route's
 * kwargs or an endpoint's options fails here even after `UPDATE=1` refreshed
 * the goldens. (nested and keys are served in generate-reverse.test.ts, typed
 * in generate-client.test.ts.)
 */
import { once } from "node:events";
import { request } from "node:http";
import { io as connectClient, type Socket as ClientSocket } from "socket.io-client";
import WebSocket from "ws";
import { serve, type Application, type SioServer } from "@sio-router/runtime";
import { test, waitingFor } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import * as converters from "../../fixtures/generate/converters/expected.js";
import * as middleware from "../../fixtures/generate/middleware/expected.js";
import * as namespaces from "../../fixtures/generate/namespaces/expected.js";
import * as seed from "../../fixtures/generate/seed/expected.js";

const quiet = { info() {}, warn() {}, error() {} };

async function served(application: Application, run: (server: SioServer) => Promise<void>): Promise<void> {
  const server = await serve(application, { host: "127.0.0.1", port: 0, logger: quiet });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with any Host and Origin (fetch cannot set Host). */
function get(server: SioServer, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const answer = new Promise<Answer>((resolve, reject) => {
    request(`${server.url}${path}`, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on("error", reject)
      .end();
  });
  return waitingFor(`an answer to GET ${path}`, answer);
}

/** The Engine.IO open packet of a polling handshake on the endpoint routed at /socket.io/. */
async function engineOpen(server: SioServer, headers: Record<string, string> = {}): Promise<{ pingInterval: number; maxPayload: number }> {
  const answer = await get(server, "/socket.io/?EIO=4&transport=polling", headers);
  assert.is(answer.status, 200, answer.body);
  assert.ok(answer.body.startsWith("0"), answer.body);
  return JSON.parse(answer.body.slice(1)) as { pingInterval: number; maxPayload: number };
}

function connected(socket: ClientSocket): Promise<ClientSocket> {
  return waitingFor(
    "the Socket.IO client to connect",
    new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", reject);
    }),
  );
}

test("converters: each path() converter's kwarg reaches the app with its type; kwargs= defaults arrive", async () => {
  await served(converters.application, async (server) => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ["/users/42/", { id: 42 }],
      ["/tags/node-js/", { tag: "node-js" }],
      ["/orders/0b7e1f9c-9a4f-4b8e-8f5e-0a9b3c2d1e0f/", { order: "0b7e1f9c-9a4f-4b8e-8f5e-0a9b3c2d1e0f" }],
      ["/search/a%20b/", { query: "a b" }],
      ["/about/", { page: "about" }],
    ];
    for (const [path, kwargs] of cases) {
      const answer = await get(server, path);
      assert.is(answer.status, 200, path);
      assert.equal((JSON.parse(answer.body) as { kwargs: unknown }).kwargs, kwargs, path);
    }
    assert.is((await get(server, "/files/docs/read%20me.md")).body, "GET docs/read me.md", "path keeps its slashes");
    assert.is((await get(server, "/users/x/")).status, 404, "int takes digits only");
  });
});

test("seed: the fallback app answers; ChatConsumer is reached over both transports with the default options", async () => {
  await served(seed.application, async (server) => {
    const page = await get(server, "/");
    assert.equal([page.status, page.body], [200, "hello"]);
    assert.is((await get(server, "/", { host: "evil.example" })).status, 400, "allowed_hosts guards the Host");
    const open = await engineOpen(server);
    assert.equal([open.pingInterval, open.maxPayload], [25000, 1_000_000]);
    const options = { forceNew: true, reconnection: false, extraHeaders: { origin: server.url } };
    for (const transports of [["polling"], ["websocket"]] as const) {
      const socket = await connected(connectClient(server.url, { ...options, transports: [...transports] }));
      try {
        assert.is(await waitingFor(`the ack over ${transports[0]}`, socket.emitWithAck("message", "hi")), "ok", transports[0]);
      } finally {
        socket.disconnect();
      }
    }
    const refused = connectClient(server.url, { ...options, transports: ["websocket"], extraHeaders: { origin: "http://evil.example" } });
    await waitingFor("the refusal of another Origin", new Promise((resolve) => refused.once("connect_error", resolve)));
    refused.disconnect();
  });
});

test("middleware: allowed_hosts, the custom middleware and the session stack wrap the routes they were written around", async () => {
  await served(middleware.application, async (server) => {
    const host = { host: "api.example.com" };
    const status = await get(server, "/api/status/", host);
    assert.equal([status.status, status.body], [200, "ok"]);
    assert.is((await get(server, "/api/status/")).status, 400, "127.0.0.1 is not in allowed_hosts");
    assert.is((await get(server, "/api/other/", host)).status, 404);
    const open = await engineOpen(server, host);
    assert.is(open.pingInterval, 25000);
    // The websocket table: the Origin validator of allowed_hosts, then the endpoint.
    const refused = await waitingFor(
      "the refused upgrade",
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`, { headers: { ...host, origin: "https://evil.example" } });
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.once("open", () => reject(new Error("opened")));
        ws.once("error", () => undefined);
      }),
    );
    assert.is(refused, 403);
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`, { headers: { ...host, origin: "https://chat.example.com" } });
    const [packet] = (await waitingFor("the open packet over websocket", once(ws, "message"))) as [Buffer];
    assert.ok(packet.toString().startsWith("0{"), packet.toString());
    ws.terminate();
  });
});

test("namespaces: one endpoint with the spec's options serves both namespaces; the WebSocket consumer gets its max_payload", async () => {
  const engineOptions = namespaces.chatConsumerNamespace.server.engine.opts;
  assert.equal(namespaces.chatConsumerNamespace.server, namespaces.newsConsumerNamespace.server, "one endpoint");
  // socket.io keeps its options private; the value is what its recovery reads.
  const serverOptions = Reflect.get(namespaces.chatConsumerNamespace.server, "opts") as { connectionStateRecovery?: { maxDisconnectionDuration: number } };
  assert.is(serverOptions.connectionStateRecovery?.maxDisconnectionDuration, 120000);
  assert.equal(engineOptions.cors, { origin: ["https://example.com"], credentials: true });
  await served(namespaces.application, async (server) => {
    const origin = { origin: "https://example.com" };
    const open = await engineOpen(server, origin);
    assert.equal([open.pingInterval, open.maxPayload], [10000, 1_000_000]);
    const preflight = await get(server, "/socket.io/?EIO=4&transport=polling", origin);
    assert.is(preflight.headers["access-control-allow-origin"], "https://example.com");
    assert.is(preflight.headers["access-control-allow-credentials"], "true");
    assert.is((await get(server, "/elsewhere")).status, 404, "the fallback");

    const options = { forceNew: true, reconnection: false, transports: ["websocket"], extraHeaders: origin };
    const chat = await connected(connectClient(`${server.url}/chat`, options));
    const news = await connected(connectClient(`${server.url}/news`, options));
    try {
      const said = waitingFor("the chat's broadcast", new Promise((resolve) => chat.once("said", resolve)));
      chat.emit("say", "hello");
      assert.is(await said, "hello");
      assert.ok(news.connected);
    } finally {
      chat.disconnect();
      news.disconnect();
    }

    const echo = new WebSocket(`ws://127.0.0.1:${server.port}/echo/`, { headers: origin });
    await waitingFor("the echo socket to open", new Promise((resolve, reject) => echo.once("open", resolve).once("error", reject)));
    const reply = waitingFor("the echo", new Promise((resolve) => echo.once("message", (data: Buffer) => resolve(data.toString()))));
    echo.send("ping");
    assert.is(await reply, "ping");
    const closed = waitingFor("the echo socket to close", new Promise<number>((resolve) => echo.once("close", resolve)));
    echo.send("x".repeat(65537));
    assert.is(await closed, 1009, "max_payload=65536: a larger message closes with 1009 (too big)");
  });
});

test.run();
