import { request as httpRequest } from "node:http";
import type { Socket } from "node:net";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import {
  ProtocolTypeRouter,
  URLRouter,
  WebsocketConsumer,
  nodeApp,
  re_path,
  serve,
  type Application,
  type Scope,
} from "@sio-router/runtime";
import { closed, deferred, nextMessage, openWebSocket, rawExchange, start, statusOf, wsUrl } from "./support.js";

/** An app that answers with the scope it received. */
const echoScope: Application = (scope, conn) => {
  if (conn.type === "http") {
    conn.res.setHeader("content-type", "application/json");
    conn.res.end(JSON.stringify(scope));
  }
  return true;
};

test("an http request becomes a scope with every ASGI field", async () => {
  const server = await start(echoScope);
  try {
    const response = await fetch(`${server.url}/caf%C3%A9/a%20b?x=1&y=%20`, { headers: { "x-test": "yes" } });
    const scope = (await response.json()) as Scope;
    assert.is(scope.type, "http");
    assert.is(scope.path, "/café/a b");
    assert.is(scope.raw_path, "/caf%C3%A9/a%20b");
    assert.is(scope.query_string, "x=1&y=%20");
    assert.is(scope.method, "GET");
    assert.is(scope.root_path, "");
    assert.is(scope.scheme, "http");
    assert.is(scope.headers["x-test"], "yes");
    assert.is(scope.client?.[0], "127.0.0.1");
    assert.type(scope.client?.[1], "number");
    assert.equal(scope.server, ["127.0.0.1", server.port]);
  } finally {
    await server.close();
  }
});

test("a scope is a plain object: deep equality, spread and Object.keys see what a literal would give", async () => {
  const seen = deferred<Scope>();
  const server = await start((scope, conn) => {
    seen.resolve(scope);
    if (conn.type === "http") conn.res.end();
    return true;
  });
  try {
    await fetch(`${server.url}/plain`);
    const scope = await seen.promise;
    assert.is(Object.getPrototypeOf(scope), Object.prototype);
    assert.equal(scope, { ...scope });
    assert.equal(Object.keys(scope), [
      "type",
      "path",
      "raw_path",
      "query_string",
      "headers",
      "method",
      "root_path",
      "scheme",
      "client",
      "server",
      "path_remaining",
      "url_route",
      "cookies",
      "session",
      "user",
    ]);
  } finally {
    await server.close();
  }
});

test("a websocket upgrade becomes a websocket scope with scheme ws", async () => {
  const seen = deferred<Scope>();
  class Recorder extends WebsocketConsumer {
    override connect(): void {
      seen.resolve(this.scope);
      this.accept();
    }
  }
  const server = await start(ProtocolTypeRouter({ websocket: Recorder.as_asgi() }), { root_path: "/mount" });
  try {
    const { ws, status } = await openWebSocket(`${wsUrl(server, "/mount/chat/")}?room=1`);
    assert.is(status, 101);
    const scope = await seen.promise;
    assert.is(scope.type, "websocket");
    assert.is(scope.scheme, "ws");
    assert.is(scope.path, "/mount/chat/");
    assert.is(scope.query_string, "room=1");
    assert.is(scope.root_path, "/mount");
    assert.is(scope.method, "GET");
    ws.close();
    await closed(ws);
  } finally {
    await server.close();
  }
});

test("no route: http 404, logged with the path", async () => {
  const server = await start(URLRouter([re_path("^only/$", echoScope)]));
  try {
    const response = await fetch(`${server.url}/elsewhere/`);
    assert.is(response.status, 404);
    assert.ok(server.logs.messages.some((m) => m.includes("/elsewhere/")), server.logs.messages.join("\n"));
  } finally {
    await server.close();
  }
});

test("no route for an upgrade: HTTP/1.1 404 and the socket is destroyed", async () => {
  const server = await start(ProtocolTypeRouter({ websocket: URLRouter([re_path("^ws/$", echoScope)]) }));
  try {
    const { response, closed: wasClosed } = await rawExchange(
      server,
      "GET /unknown/ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
    );
    assert.is(statusOf(response), 404);
    assert.ok(wasClosed);
    assert.ok(server.logs.messages.some((m) => m.includes("/unknown/")));
    const { status } = await openWebSocket(wsUrl(server, "/elsewhere"));
    assert.is(status, 404);
  } finally {
    await server.close();
  }
});

test("a scope type without an entry is refused, never a crash", async () => {
  const server = await start(ProtocolTypeRouter({ http: echoScope }));
  try {
    const { status } = await openWebSocket(wsUrl(server, "/ws/"));
    assert.is(status, 404);
    assert.ok(server.logs.messages.some((m) => m.includes('"websocket"')));
    assert.is((await fetch(`${server.url}/ok`)).status, 200);
  } finally {
    await server.close();
  }
});

test("malformed requests get a 4xx and the server keeps serving", async () => {
  const server = await start(echoScope);
  try {
    assert.is((await fetch(`${server.url}/bad%zzpath`)).status, 400);
    assert.is((await fetch(`${server.url}/bad%C3`)).status, 400, "a truncated UTF-8 sequence");
    const garbage = await rawExchange(server, "\x00\x01 nonsense\r\n\r\n");
    assert.is(statusOf(garbage.response), 400);
    const badUpgrade = await rawExchange(server, "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n");
    assert.is(statusOf(badUpgrade.response), 400);
    const otherUpgrade = await rawExchange(server, "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n");
    assert.is(statusOf(otherUpgrade.response), 400);
    assert.is((await fetch(`${server.url}/still/alive`)).status, 200);
  } finally {
    await server.close();
  }
});

test("a garbage upgrade to a routed consumer is answered 400 by the handshake, the server lives", async () => {
  const server = await start(ProtocolTypeRouter({ websocket: WebsocketConsumer.as_asgi(), http: echoScope }));
  try {
    const { response, closed: wasClosed } = await rawExchange(
      server,
      "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    assert.is(statusOf(response), 400);
    assert.ok(wasClosed);
    const { ws, status } = await openWebSocket(wsUrl(server, "/ws"));
    assert.is(status, 101);
    ws.close();
    await closed(ws);
  } finally {
    await server.close();
  }
});

test("an application that throws or rejects answers 500, the server lives", async () => {
  const server = await start(
    URLRouter([
      re_path("^sync$", () => {
        throw new Error("boom");
      }),
      re_path("^async$", async () => {
        throw new Error("later");
      }),
      re_path("", echoScope),
    ]),
  );
  try {
    assert.is((await fetch(`${server.url}/sync`)).status, 500);
    assert.is((await fetch(`${server.url}/async`)).status, 500);
    const { status } = await openWebSocket(wsUrl(server, "/sync"));
    assert.is(status, 500);
    assert.is((await fetch(`${server.url}/fine`)).status, 200);
    assert.ok(server.logs.messages.some((m) => m.startsWith("error:") && m.includes("/sync")));
  } finally {
    await server.close();
  }
});

test("close() lets an in-flight request finish, then resolves", async () => {
  // The order of what happened, not how long anything took.
  const events: string[] = [];
  const arrived = deferred();
  const release = deferred();
  const server = await start(
    nodeApp((_req, res) => {
      arrived.resolve();
      void release.promise.then(() => res.end("finished", () => events.push("response sent")));
    }),
  );
  const body = new Promise<string>((resolve, reject) => {
    httpRequest(`${server.url}/slow`, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve(text));
    })
      .on("error", reject)
      .end();
  });
  await arrived.promise;
  const closing = server.close().then(() => events.push("close() resolved"));
  const refused = await fetch(`${server.url}/new`).then(
    () => false,
    () => true,
  );
  assert.ok(refused, "a new connection after close() must be refused");
  assert.equal(events, [], "close() must wait for the in-flight request");
  release.resolve();
  assert.is(await body, "finished");
  await closing;
  assert.equal(events, ["response sent", "close() resolved"]);
  assert.is(server.listening, false);
});

test("close() closes open WebSocket consumers with 1001", async () => {
  const disconnected = deferred<number>();
  class Echo extends WebsocketConsumer {
    override receive(data: string | Buffer): void {
      this.send(data);
    }
    override disconnect(code: number): void {
      disconnected.resolve(code);
    }
  }
  const server = await start(ProtocolTypeRouter({ websocket: Echo.as_asgi() }));
  const { ws } = await openWebSocket(wsUrl(server, "/echo"));
  ws.send("hello");
  assert.is((await nextMessage(ws)).data, "hello");
  const clientClosed = closed(ws);
  await server.close();
  assert.is((await clientClosed).code, 1001);
  assert.is(await disconnected.promise, 1001);
});

test("close() cuts an upgrade the application never settles, after closeTimeout", async () => {
  const reached = deferred();
  const hanging: Application = () => {
    reached.resolve();
    return new Promise<boolean>(() => {});
  };
  const server = await start(ProtocolTypeRouter({ websocket: hanging }), { closeTimeout: 100 });
  const opening = openWebSocket(wsUrl(server, "/stuck")).then(
    () => "opened",
    () => "cut",
  );
  await reached.promise;
  await server.close();
  assert.is(await opening, "cut", "the pending handshake is cut, and close() resolves");
  assert.ok(server.logs.messages.some((line) => line.startsWith("warn: close(): cutting the connections still open")));
});

test("once a WebSocket library owns an upgraded socket, serve() leaves no listener of its own on it", async () => {
  class Echo extends WebsocketConsumer {
    override receive(data: string | Buffer): void {
      this.send(data);
    }
  }
  const server = await start(ProtocolTypeRouter({ websocket: Echo.as_asgi() }));
  const accepted = deferred<Socket>();
  server.on("connection", (socket: Socket) => accepted.resolve(socket));
  try {
    const { ws } = await openWebSocket(wsUrl(server, "/echo"));
    ws.send("hello");
    assert.is((await nextMessage(ws)).data, "hello");
    const socket = await accepted.promise;
    assert.is(socket.listenerCount("error"), 1, "only ws's error listener is left");
    const errorListener = socket.listeners("error")[0] as { name?: string };
    assert.is.not(errorListener.name, "ignoreSocketError");
    ws.close();
    await closed(ws);
  } finally {
    await server.close();
  }
});

test("ProtocolTypeRouter checks its table at construction", () => {
  assert.throws(() => ProtocolTypeRouter(null as never), TypeError);
  assert.throws(() => ProtocolTypeRouter([] as never), TypeError);
  assert.throws(() => ProtocolTypeRouter({ http: "app" } as never), TypeError);
});

test("options are validated up front with TypeErrors carrying a code", async () => {
  const app: Application = () => true;
  for (const options of [{ port: -1 }, { port: 1.5 }, { host: 3 }, { root_path: "mount" }, { closeTimeout: -1 }, { logger: {} }]) {
    try {
      await serve(app, options as never);
      assert.unreachable(`accepted ${JSON.stringify(options)}`);
    } catch (error) {
      assert.instance(error, TypeError);
      assert.is((error as { code?: string }).code, "SIO_ERR_INVALID_OPTION");
    }
  }
  await serve("nope" as never).then(
    () => assert.unreachable("accepted a non-function application"),
    (error: unknown) => assert.instance(error, TypeError),
  );
});

test.run();
