/**
 * The consumer class API beyond the wire: mounting errors, failures inside
 * handlers, dynamic namespaces, environment overrides, connection state
 * recovery.
 */
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import type { Socket } from "socket.io";
import { io as connectClient } from "socket.io-client";
import { ProtocolTypeRouter, URLRouter, re_path, serve } from "../../index.js";
import { quietLogger, type Logger } from "../../logger.js";
import { SocketIOConsumer } from "../consumer.js";
import { SocketIO } from "../endpoint.js";
import { SocketIOError } from "../errors.js";
import { scopeOfSocket } from "../socket-scope.js";
import { BrokenConsumer, EchoConsumer } from "./consumers.js";
import { client, connected, next, start } from "./support.js";

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info() {}, warn() {}, error: (message) => errors.push(message) };
}

function throwsConsumerError(run: () => unknown, pattern: RegExp): void {
  try {
    run();
  } catch (error) {
    assert.instance(error, SocketIOError);
    assert.is((error as SocketIOError).code, "SIO_ERR_SOCKETIO_CONSUMER");
    assert.match((error as SocketIOError).message, pattern);
    return;
  }
  assert.unreachable("expected SIO_ERR_SOCKETIO_CONSUMER");
}

test("a reserved event name or a namespace served twice is an error at start-up", () => {
  class Reserved extends SocketIOConsumer {
    event_disconnect(): void {}
  }
  throwsConsumerError(() => SocketIO([Reserved]), /Reserved\.event_disconnect: "disconnect" is not an event clients can send/);
  class Other extends SocketIOConsumer {}
  throwsConsumerError(() => SocketIO([EchoConsumer, Other]), /Other: namespace \/ is already served/);
  class Relative extends SocketIOConsumer {
    static override namespace = "chat";
  }
  throwsConsumerError(() => SocketIO([Relative]), /Relative: namespace must be a string starting with "\/"/);
  assert.throws(() => SocketIO([]), /non-empty list/);
  assert.throws(() => SocketIO([(() => {}) as never]), /is not a SocketIOConsumer class/);
});

test("as_asgi(options) is an endpoint serving that consumer alone, with those options", async () => {
  class Solo extends SocketIOConsumer {
    static override namespace = "/solo";
    event_ping(_socket: Socket, ack: (reply: string) => void): void {
      ack("pong");
    }
  }
  const running = await start(Solo.as_asgi({ pingInterval: 5000, maxPayload: 4321 }));
  try {
    const socket = await connected(client(running, "/solo"));
    assert.is(await socket.emitWithAck("ping"), "pong");
    socket.disconnect();
    const body = await (await fetch(`${running.url}/socket.io/?EIO=4&transport=polling`)).text();
    const open = JSON.parse(body.slice(1)) as { pingInterval: number; maxPayload: number };
    assert.equal([open.pingInterval, open.maxPayload], [5000, 4321]);
    const other = client(running, "/other");
    assert.is((await next<[Error]>(other, "connect_error"))[0].message, "Invalid namespace");
    other.disconnect();
  } finally {
    await running.close();
  }
});

test("handlers that throw, reject or refuse by throwing are logged; the connection goes on", async () => {
  const logger = recordingLogger();
  const running = await start([EchoConsumer, BrokenConsumer], {}, logger);
  const socket = await connected(client(running));
  socket.emit("fail");
  socket.emit("reject");
  assert.is(await socket.emitWithAck("echo", "alive"), "alive");
  const broken = client(running, "/broken");
  assert.is((await next<[Error]>(broken, "connect_error"))[0].message, "Connection rejected by server");
  assert.equal(logger.errors.sort(), ["BrokenConsumer.connect failed", "EchoConsumer.event_fail failed", "EchoConsumer.event_reject failed"]);
  socket.disconnect();
  broken.disconnect();
  await running.close();
});

test("a RegExp namespace serves dynamic namespaces; this.nsp is their parent", async () => {
  class Rooms extends SocketIOConsumer {
    static override namespace = /^\/room-\d+$/;
    event_where(socket: Socket, ack: (reply: unknown) => void): void {
      ack({ nsp: socket.nsp.name, path: scopeOfSocket(socket).path });
    }
  }
  const running = await start([Rooms]);
  const socket = await connected(client(running, "/room-7"));
  assert.equal(await socket.emitWithAck("where"), { nsp: "/room-7", path: "/socket.io/" });
  const wrong = client(running, "/room-x");
  await next(wrong, "connect_error");
  socket.disconnect();
  wrong.disconnect();
  await running.close();
});

test("SIO_* environment variables override the spec's options at start", async () => {
  process.env.SIO_PING_INTERVAL = "12345";
  process.env.SIO_MAX_PAYLOAD = "4321";
  try {
    const running = await start([EchoConsumer], { pingInterval: 300 });
    assert.equal(running.endpoint.options, { pingInterval: 12345, maxPayload: 4321 });
    const body = await (await fetch(`${running.url}/socket.io/?EIO=4&transport=polling`)).text();
    const open = JSON.parse(body.slice(1)) as { pingInterval: number; maxPayload: number };
    assert.is(open.pingInterval, 12345);
    assert.is(open.maxPayload, 4321);
    await running.close();
  } finally {
    delete process.env.SIO_PING_INTERVAL;
    delete process.env.SIO_MAX_PAYLOAD;
  }
});

test("connection state recovery: a client that lost its transport gets its session and missed events back", async () => {
  let departed!: () => void;
  const gone = new Promise<void>((resolve) => (departed = resolve));
  class Recovering extends SocketIOConsumer {
    async event_join(socket: Socket, room: string, ack: () => void): Promise<void> {
      await socket.join(room);
      ack();
    }
    event_tell(_socket: Socket, room: string, text: string): void {
      this.nsp.to(room).emit("told", text);
    }
    override disconnect(): void {
      departed();
    }
  }
  const running = await start([Recovering], { connectionStateRecovery: { maxDisconnectionDuration: 60_000 } });
  const listener = await connected(client(running, "/", { transports: ["websocket"] }));
  const teller = await connected(client(running, "/", { transports: ["websocket"] }));
  await listener.emitWithAck("join", "r");
  // The client resumes from the offset of the last broadcast it received, so it needs one first.
  const before = next(listener, "told");
  teller.emit("tell", "r", "before");
  // socket.io appends the broadcast's offset as a last argument.
  assert.is((await before)[0], "before");
  const firstId = listener.id;
  listener.io.engine.close();
  await gone;
  // Sent while the listener is away: it must come back with the recovered session.
  teller.emit("tell", "r", "while away");
  const told = next(listener, "told");
  listener.connect();
  await connected(listener);
  assert.ok(listener.recovered);
  assert.is(listener.id, firstId);
  assert.is((await told)[0], "while away");
  listener.disconnect();
  teller.disconnect();
  await running.close();
});

test("url_route captures of the route reach the consumer, on both transports", async () => {
  class Tenant extends SocketIOConsumer {
    event_where(socket: Socket, ack: (reply: unknown) => void): void {
      ack(this.scope(socket).url_route);
    }
  }
  const endpoint = SocketIO([Tenant]);
  const routes = [re_path(String.raw`^(?P<tenant>[a-z]+)/socket\.io/?$`, endpoint)];
  const server = await serve(ProtocolTypeRouter({ http: URLRouter(routes), websocket: URLRouter(routes) }), { logger: quietLogger });
  for (const transports of [["polling"], ["websocket"]] as const) {
    const socket = connectClient(server.url, { path: "/acme/socket.io/", transports: [...transports], forceNew: true });
    await connected(socket);
    assert.equal(await socket.emitWithAck("where"), { args: [], kwargs: { tenant: "acme" } });
    socket.disconnect();
  }
  await server.close();
});

test("scopeOfSocket refuses a socket that did not come through an endpoint", () => {
  try {
    scopeOfSocket({ request: {} as Socket["request"] });
    assert.unreachable("expected SIO_ERR_SOCKETIO_SCOPE");
  } catch (error) {
    assert.is((error as SocketIOError).code, "SIO_ERR_SOCKETIO_SCOPE");
  }
});

test.run();
