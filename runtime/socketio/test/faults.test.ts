/**
 * Faults at the Engine.IO level: each gets its 4xx or its close, and the
 * endpoint keeps serving everyone else.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import { connect as connectTcp, type AddressInfo } from "node:net";
import { suite, waitingFor } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import WebSocket from "ws";
import type { Socket as ClientSocket } from "socket.io-client";
import { attachSocket, manageServer, runClosers } from "../../lifecycle.js";
import { quietLogger } from "../../logger.js";
import { buildScope } from "../../scope.js";
import { SocketIO } from "../endpoint.js";
import { EchoConsumer } from "./consumers.js";
import { client, connected, start, upgraded, type Running } from "./support.js";

interface Context {
  running: Running;
  /** A client connected before each fault, checked after it. */
  bystander: ClientSocket;
}

const MAX_PAYLOAD = 1000;
const test = suite<Context>("socketio faults");

test.before(async (context) => {
  context.running = await start([EchoConsumer], { maxPayload: MAX_PAYLOAD });
  context.bystander = await connected(client(context.running, "/", { transports: ["polling"] }));
});

test.after.each(async (context) => {
  assert.is(await context.bystander.emitWithAck("echo", "still served"), "still served");
});

test.after(async (context) => {
  context.bystander.disconnect();
  await context.running.close();
});

const POLLING = "/socket.io/?EIO=4&transport=polling";

/** Opens a raw Engine.IO polling session and returns its sid. */
async function handshake(running: Running): Promise<string> {
  const response = await fetch(running.url + POLLING);
  assert.is(response.status, 200);
  const body = await response.text();
  assert.ok(body.startsWith("0"), body);
  const open = JSON.parse(body.slice(1)) as { sid: string; maxPayload: number };
  assert.is(open.maxPayload, MAX_PAYLOAD);
  return open.sid;
}

test("a request for an unknown sid gets 400", async ({ running }) => {
  const response = await fetch(`${running.url}${POLLING}&sid=no-such-session`);
  assert.is(response.status, 400);
  assert.equal(await response.json(), { code: 1, message: "Session ID unknown" });
  const post = await fetch(`${running.url}${POLLING}&sid=no-such-session`, { method: "POST", body: "4hello" });
  assert.is(post.status, 400);
});

test("requests that are not Engine.IO requests get 400", async ({ running }) => {
  assert.is((await fetch(`${running.url}/socket.io/`)).status, 400);
  assert.is((await fetch(`${running.url}/socket.io/?EIO=4&transport=carrier-pigeon`)).status, 400);
  assert.is((await fetch(running.url + POLLING, { method: "POST", body: "40" })).status, 400);
});

test("a POST larger than max_payload gets 413; the payload is dropped, the session stays", async ({ running }) => {
  const sid = await handshake(running);
  const post = await fetch(`${running.url}${POLLING}&sid=${sid}`, { method: "POST", body: "4" + "x".repeat(MAX_PAYLOAD * 2) });
  assert.is(post.status, 413);
  const noop = await fetch(`${running.url}${POLLING}&sid=${sid}`, { method: "POST", body: "6" });
  assert.is(noop.status, 200);
});

test("a malformed Engine.IO packet closes its session", async ({ running }) => {
  const sid = await handshake(running);
  const post = await fetch(`${running.url}${POLLING}&sid=${sid}`, { method: "POST", body: "not a packet" });
  await post.arrayBuffer();
  assert.is((await fetch(`${running.url}${POLLING}&sid=${sid}`)).status, 400);
});

/** A raw Engine.IO websocket session: the socket and its sid, from the open packet. */
async function openRawWebSocket(running: Running): Promise<{ ws: WebSocket; sid: string }> {
  const ws = new WebSocket(`${running.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`, {
    origin: running.origin,
  });
  const [open] = (await waitingFor("the Engine.IO open packet", once(ws, "message"))) as [Buffer];
  assert.ok(open.toString().startsWith("0"), open.toString());
  return { ws, sid: (JSON.parse(open.toString().slice(1)) as { sid: string }).sid };
}

test("a malformed packet over websocket: the server closes that websocket and ends its session", async ({ running }) => {
  const { ws, sid } = await openRawWebSocket(running);
  ws.send("not a packet");
  const [code] = (await waitingFor("the websocket to close", once(ws, "close"))) as [number];
  // A close frame without a status (Engine.IO closes without one), not a dropped connection (1006).
  assert.is(code, 1005);
  assert.is((await fetch(`${running.url}${POLLING}&sid=${sid}`)).status, 400);
});

test("a socket.io packet that does not parse disconnects that client", async ({ running }) => {
  const { ws, sid } = await openRawWebSocket(running);
  ws.send('42["unterminated');
  await waitingFor("the websocket to close", once(ws, "close"));
  assert.is((await fetch(`${running.url}${POLLING}&sid=${sid}`)).status, 400);
});

test("a client killed in the middle of an upgrade handshake", async ({ running }) => {
  const socket = connectTcp(running.server.port, "127.0.0.1");
  await waitingFor("a TCP connection", once(socket, "connect"));
  // Half a request: the headers never finish.
  socket.write(`GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n`);
  socket.destroy();
  const complete = connectTcp(running.server.port, "127.0.0.1");
  await waitingFor("a second TCP connection", once(complete, "connect"));
  complete.write(
    "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n" +
      `Upgrade: websocket\r\nOrigin: ${running.origin}\r\nSec-WebSocket-Version: 13\r\n` +
      "Sec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\n\r\n",
  );
  complete.destroy();
});

test("a client killed in the middle of a polling → websocket upgrade", async ({ running }) => {
  const sid = await handshake(running);
  const ws = new WebSocket(`${running.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket&sid=${sid}`, {
    origin: running.origin,
  });
  await waitingFor("the upgrade websocket to open", once(ws, "open"));
  // The probe ("2probe") is never sent: the upgrade is abandoned by a dead client.
  ws.terminate();
  // The session goes on polling (a noop packet is accepted), and other upgrades work.
  const post = await fetch(`${running.url}${POLLING}&sid=${sid}`, { method: "POST", body: "6" });
  assert.is(post.status, 200);
  assert.is(await post.text(), "ok");
  const upgrader = await connected(client(running));
  await upgraded(upgrader);
  assert.is(await upgrader.emitWithAck("echo", "upgraded"), "upgraded");
  upgrader.disconnect();
});

test("a request reaching the endpoint while its server shuts down gets 503, and no session", async () => {
  // A server wired to the lifecycle registry as serve() wires its own, so the test can hold it in "closing".
  const endpoint = SocketIO([EchoConsumer]);
  const server = createServer((req, res) => {
    endpoint(buildScope("http", req, "")!, { type: "http", req, res });
  });
  manageServer(server, quietLogger);
  server.on("connection", (socket) => attachSocket(server, socket));
  await waitingFor("the server to listen", once(server.listen(0, "127.0.0.1"), "listening"));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${POLLING}`;
  assert.is((await fetch(url)).status, 200);
  await runClosers(server);
  const late = await fetch(url);
  assert.is(late.status, 503);
  assert.is(endpoint.engine.clientsCount, 0);
  server.closeAllConnections();
  await waitingFor("the server to close", once(server.close(), "close"));
});

test.run();
