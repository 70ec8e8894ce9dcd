/**
 * The Socket.IO endpoint through the seed example's router, with the official
 * socket.io-client: transports, namespaces, rooms, acks, binary, connect()
 * semantics, the routed user on both transports, Origin checks, close().
 */
import { suite } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import type { Socket as ClientSocket } from "socket.io-client";
import { EchoConsumer, MembersConsumer, TrackingConsumer } from "./consumers.js";
import { client, connected, logIn, next, send, start, upgraded, type ClientOptions, type Running } from "./support.js";

interface Context {
  running: Running;
  sockets: ClientSocket[];
}

const test = suite<Context>("socketio endpoint");

test.before(async (context) => {
  context.running = await start([EchoConsumer, MembersConsumer, TrackingConsumer]);
  context.sockets = [];
});

test.after.each((context) => {
  for (const socket of context.sockets.splice(0)) socket.disconnect();
});

test.after(async (context) => {
  await context.running.close();
});

function open(context: Context, namespace = "/", options: ClientOptions = {}): ClientSocket {
  const socket = client(context.running, namespace, options);
  context.sockets.push(socket);
  return socket;
}

/** Engine.IO message payloads the client receives, in order (socket.io packets as encoded on the wire). */
function recordWire(socket: ClientSocket): string[] {
  const wire: string[] = [];
  socket.io.on("open", () => {
    socket.io.engine.on("packet", (packet: { type: string; data?: unknown }) => {
      if (packet.type === "message" && typeof packet.data === "string") wire.push(packet.data);
    });
  });
  return wire;
}

test("default transports: polling first, then the upgrade to websocket", async (context) => {
  const socket = open(context);
  const transports: string[] = [];
  socket.io.on("open", () => {
    transports.push(socket.io.engine.transport.name);
    socket.io.engine.on("upgrade", (transport: { name: string }) => transports.push(transport.name));
  });
  await connected(socket);
  await upgraded(socket);
  assert.equal(transports, ["polling", "websocket"]);
  assert.is(socket.io.engine.transport.name, "websocket");
  assert.is(await socket.emitWithAck("echo", "over websocket"), "over websocket");
});

test("websocket only", async (context) => {
  const socket = await connected(open(context, "/", { transports: ["websocket"] }));
  assert.is(socket.io.engine.transport.name, "websocket");
  assert.is(await socket.emitWithAck("echo", "ws"), "ws");
});

test("polling only", async (context) => {
  const socket = await connected(open(context, "/", { transports: ["polling"] }));
  assert.is(await socket.emitWithAck("echo", "poll"), "poll");
  socket.emit("echo", "as an event");
  assert.equal(await next(socket, "echo"), ["as an event"]);
  assert.is(socket.io.engine.transport.name, "polling");
});

test("namespaces: one endpoint serves each consumer's namespace; unknown ones are refused", async (context) => {
  const cookie = await logIn(context.running, "nina");
  const main = await connected(open(context, "/", { extraHeaders: { cookie } }));
  const members = await connected(open(context, "/members", { extraHeaders: { cookie } }));
  assert.is(await main.emitWithAck("echo", "main"), "main");
  assert.is(await members.emitWithAck("whoami"), "nina");
  const unknown = open(context, "/nowhere");
  const [error] = await next<[Error]>(unknown, "connect_error");
  assert.is(error.message, "Invalid namespace");
});

test("rooms: a broadcast reaches every member of the room and no one else", async (context) => {
  const [alice, bob, carol] = await Promise.all([
    connected(open(context)),
    connected(open(context, "/", { transports: ["polling"] })),
    connected(open(context, "/", { transports: ["websocket"] })),
  ]);
  await alice.emitWithAck("join", "r1");
  await bob.emitWithAck("join", "r1");
  const carolHeard: unknown[] = [];
  carol.on("shout", (text: unknown) => carolHeard.push(text));
  const bobHears = next(bob, "shout");
  const aliceHears = next(alice, "shout");
  alice.emit("shout", "r1", "hello room");
  assert.equal(await bobHears, ["hello room", alice.id]);
  assert.equal(await aliceHears, ["hello room", alice.id]);
  // The broadcast was written to every member at once; a round trip after it proves carol got none.
  await carol.emitWithAck("echo", "sync");
  assert.equal(carolHeard, []);
});

test("acks both ways; a quoted method name handles an event name that is not an identifier", async (context) => {
  const socket = await connected(open(context));
  assert.equal(await socket.emitWithAck("message-with-ack", { n: 1 }), { got: { n: 1 } });
  socket.on("question", (question: string, answer: (reply: string) => void) => answer(`${question}? yes`));
  assert.is(await socket.emitWithAck("ask", "ready"), "ready? yes");
  // Without an ack the handler gets no function as its last argument.
  socket.emit("echo", "a", "b");
  assert.equal(await next(socket, "echo"), ["a", "b"]);
});

test("binary payloads, over both transports", async (context) => {
  for (const transports of [["polling"], ["websocket"]] as const) {
    const socket = await connected(open(context, "/", { transports: [...transports] }));
    const reply = (await socket.emitWithAck("binary", Buffer.from([1, 2, 3, 250]))) as { length: number; reversed: Buffer };
    assert.is(reply.length, 4);
    assert.equal([...reply.reversed], [250, 3, 2, 1]);
  }
});

test("emits made inside connect() arrive after the namespace CONNECT", async (context) => {
  const socket = open(context, "/", { transports: ["websocket"] });
  const wire = recordWire(socket);
  const hello = next<[string]>(socket, "hello");
  await connected(socket);
  assert.equal(await hello, [socket.id]);
  const connect = wire.findIndex((data) => data.startsWith("0"));
  const event = wire.findIndex((data) => data.startsWith('2["hello"'));
  assert.ok(connect >= 0 && event > connect, `CONNECT before the event: ${JSON.stringify(wire)}`);
});

test("emits from an async connect() arrive after CONNECT too, in order", async (context) => {
  const cookie = await logIn(context.running, "olga");
  const socket = open(context, "/members", { extraHeaders: { cookie } });
  const wire = recordWire(socket);
  const early: unknown[] = [];
  socket.on("early", (n: unknown) => early.push(n));
  await connected(socket);
  await socket.emitWithAck("whoami");
  assert.equal(early, [1, 2]);
  const namespaced = wire.filter((data) => data.includes("/members,"));
  assert.ok(namespaced[0]?.startsWith("0/members,"), JSON.stringify(namespaced));
  assert.equal(namespaced.slice(1, 3), ['2/members,["early",1]', '2/members,["early",2]']);
});

test("connect() returning false refuses the namespace: the client gets connect_error", async (context) => {
  const refused = open(context, "/", { auth: { refuse: true } });
  const [error] = await next<[Error]>(refused, "connect_error");
  assert.is(error.message, "Connection rejected by server");
  assert.not.ok(refused.connected);
  const anonymous = open(context, "/members");
  assert.is((await next<[Error]>(anonymous, "connect_error"))[0].message, "Connection rejected by server");
  assert.ok((await connected(open(context))).connected);
});

test("the user AuthMiddlewareStack resolved is visible to the consumer on both transports", async (context) => {
  const cookie = await logIn(context.running, "alice");
  const polling = await connected(open(context, "/", { transports: ["polling"], extraHeaders: { cookie } }));
  assert.equal(await polling.emitWithAck("whoami"), { type: "http", user: "alice", authenticated: true });
  const websocket = await connected(open(context, "/", { transports: ["websocket"], extraHeaders: { cookie } }));
  assert.equal(await websocket.emitWithAck("whoami"), { type: "websocket", user: "alice", authenticated: true });
  // After an upgrade the scope is still the polling handshake's.
  const upgrading = await connected(open(context, "/", { extraHeaders: { cookie } }));
  await upgraded(upgrading);
  assert.equal(await upgrading.emitWithAck("whoami"), { type: "http", user: "alice", authenticated: true });
  const anonymous = await connected(open(context, "/", { transports: ["websocket"] }));
  assert.equal(await anonymous.emitWithAck("whoami"), { type: "websocket", user: "", authenticated: false });
});

test("a disallowed Origin gets 403 on the upgrade; an allowed one, or none (not a browser), connects", async (context) => {
  const path = "/socket.io/?EIO=4&transport=websocket";
  const upgradeStatus = async (origin?: string) =>
    (await send(context.running.url, path, { upgrade: true, headers: origin === undefined ? {} : { origin } })).status;
  assert.is(await upgradeStatus("http://evil.example"), 403);
  assert.is(await upgradeStatus(), 101);
  assert.is(await upgradeStatus(context.running.origin), 101);
  const evil = open(context, "/", { transports: ["websocket"], extraHeaders: { origin: "http://evil.example" } });
  await next(evil, "connect_error");
  assert.not.ok(evil.connected);
});

test("a disallowed Origin is refused on polling too: one origin policy for both transports", async (context) => {
  const socket = open(context, "/", { transports: ["polling"], extraHeaders: { origin: "http://evil.example" } });
  await next(socket, "connect_error");
  assert.not.ok(socket.connected);
});

test("close() ends every session; the endpoint serves again afterwards, upgrades included", async (context) => {
  const sockets = await Promise.all([
    connected(open(context, "/tracking", { transports: ["polling"] })),
    connected(open(context, "/tracking", { transports: ["websocket"] })),
  ]);
  const disconnects = sockets.map((socket) => next(socket, "disconnect"));
  await context.running.endpoint.close();
  await Promise.all(disconnects);
  assert.equal(TrackingConsumer.reasons, ["server shutting down", "server shutting down"]);
  const again = await connected(open(context));
  await upgraded(again);
  assert.is(await again.emitWithAck("echo", "reopened"), "reopened");
});

test("serve().close() closes the endpoint's sessions", async (context) => {
  const running = await start([EchoConsumer]);
  const sockets = [
    await connected(client(running, "/", { transports: ["polling"] })),
    await connected(client(running, "/", { transports: ["websocket"] })),
  ];
  const disconnects = sockets.map((socket) => next(socket, "disconnect"));
  await running.close();
  await Promise.all(disconnects);
  assert.ok(sockets.every((socket) => !socket.connected));
  context.sockets.push(...sockets);
});

test.run();
