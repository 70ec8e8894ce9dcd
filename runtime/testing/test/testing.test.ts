/**
 * @sio-router/runtime/testing on real applications: HTTP and WebSocket
 * communicators through routers and middleware, a logged-in session made by
 * forceLogin(), and Socket.IO over both Engine.IO transports — all in
 * memory, no port.
 */
import * as assert from "uvu/assert";
import { io } from "socket.io-client";
import { test } from "../../../tests/harness.js";
import {
  AllowedHostsOriginValidator,
  AuthMiddlewareStack,
  ProtocolTypeRouter,
  SocketIOConsumer,
  URLRouter,
  WebsocketConsumer,
  nodeApp,
  path,
  re_path,
  scopeOf,
  type ConsumerSocket,
} from "../../index.js";
import { forceLogin, HttpCommunicator, TestServer, WebsocketCommunicator } from "../index.js";

class Echo extends WebsocketConsumer {
  override connect(): void {
    this.accept();
    this.send(`hello ${this.scope.user?.username || "anonymous"} in room ${String(this.scope.url_route?.kwargs["room"])}`);
  }

  override receive(data: string | Buffer): void {
    this.send(typeof data === "string" ? `echo:${data}` : data);
  }
}

class Whoami extends SocketIOConsumer {
  event_whoami(socket: ConsumerSocket, ack: (name: string) => void): void {
    ack(this.scope(socket).user?.username ?? "");
  }
}

const chat = Whoami.as_asgi();
const settings = { allowed_hosts: ["testserver"] };
const application = ProtocolTypeRouter({
  websocket: AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter([re_path(String.raw`^socket\.io/?$`, chat), path("ws/<int:room>/", Echo.as_asgi())])), settings),
  http: AuthMiddlewareStack(
    URLRouter([
      re_path(String.raw`^socket\.io/?$`, chat),
      path(
        "items/<int:id>/",
        nodeApp((req, res) => {
          const scope = scopeOf(req)!;
          let body = "";
          req.on("data", (chunk: Buffer) => (body += chunk.toString()));
          req.on("end", () => res.end(JSON.stringify({ method: req.method, id: scope.url_route?.kwargs["id"], body, user: scope.user?.username })));
        }),
      ),
    ]),
  ),
});

test("HttpCommunicator: a request through the router and middleware, body and kwargs included; no route is a 404", async () => {
  const response = await new HttpCommunicator(application, "POST", "/items/7/", { body: "hi", headers: { "content-type": "text/plain" } }).getResponse();
  assert.is(response.status, 200);
  assert.equal(response.json(), { method: "POST", id: 7, body: "hi", user: "" });
  assert.is((await new HttpCommunicator(application, "GET", "/nowhere/").getResponse()).status, 404);
});

test("WebsocketCommunicator: connect, receive, send text and bytes, disconnect; a refused Origin is 403", async () => {
  const ws = new WebsocketCommunicator(application, "/ws/3/");
  assert.equal(await ws.connect(), { connected: true, subprotocol: "" });
  assert.is(await ws.receiveFrom(), "hello anonymous in room 3");
  await ws.sendTo("ping");
  assert.is(await ws.receiveFrom(), "echo:ping");
  await ws.sendTo(Buffer.from([1, 2, 3]));
  assert.equal([...((await ws.receiveFrom()) as Buffer)], [1, 2, 3]);
  assert.is((await ws.disconnect(4000)).code, 4000);

  const refused = new WebsocketCommunicator(application, "/ws/3/", { headers: { origin: "https://evil.example" } });
  assert.equal(await refused.connect(), { connected: false, status: 403 });
});

test("forceLogin: a session cookie login() made, valid for the application's AuthMiddlewareStack", async () => {
  const cookie = await forceLogin({ id: 1, username: "alice", isAuthenticated: true });
  assert.match(cookie, /^sessionid=/);
  const response = await new HttpCommunicator(application, "GET", "/items/1/", { headers: { cookie } }).getResponse();
  assert.is((response.json() as { user: string }).user, "alice");
  const ws = new WebsocketCommunicator(application, "/ws/1/", { headers: { cookie } });
  await ws.connect();
  assert.is(await ws.receiveFrom(), "hello alice in room 1");
  await ws.disconnect();
});

test("Socket.IO over both Engine.IO transports, in memory: polling, the upgrade, acknowledgements, the session's user", async () => {
  const server = new TestServer(application);
  const cookie = await forceLogin({ id: 2, username: "bob", isAuthenticated: true });
  const socket = io(server.url, server.socketIOOptions({ cookie }));
  const opened = new Promise<string>((resolve) => socket.io.once("open", () => resolve(socket.io.engine.transport.name)));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    assert.is(await opened, "polling", "the session opens with a polling handshake");
    assert.is(await socket.emitWithAck("whoami"), "bob");
    if (socket.io.engine.transport.name !== "websocket") await new Promise((resolve) => socket.io.engine.once("upgrade", resolve));
    assert.is(await socket.emitWithAck("whoami"), "bob");
  } finally {
    socket.disconnect();
    await server.close();
  }
});

test.run();
