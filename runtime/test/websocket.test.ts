import { connect } from "node:net";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { AsyncWebsocketConsumer, ProtocolTypeRouter, URLRouter, WebsocketConsumer, path, SioError } from "@sio-router/runtime";
import { closed, deferred, nextMessage, openWebSocket, start, wsUrl } from "./support.js";

class Echo extends WebsocketConsumer {
  override receive(data: string | Buffer): void {
    this.send(typeof data === "string" ? `echo:${data}` : data);
  }
}

test("a WebsocketConsumer echoes text and bytes, and sees its routed scope", async () => {
  class RoomEcho extends Echo {
    override connect(): void {
      this.accept();
      this.send(`room ${String(this.scope.url_route?.kwargs.room)}`);
    }
  }
  const server = await start(ProtocolTypeRouter({ websocket: URLRouter([path("ws/<int:room>/", RoomEcho.as_asgi())]) }));
  try {
    const { ws, status } = await openWebSocket(wsUrl(server, "/ws/12/"));
    assert.is(status, 101);
    assert.is((await nextMessage(ws)).data, "room 12");
    ws.send("hello");
    assert.equal(await nextMessage(ws), { data: "echo:hello", isBinary: false });
    ws.send(Buffer.from([0, 1, 2, 255]));
    const binary = await nextMessage(ws);
    assert.ok(binary.isBinary);
    assert.equal([...(binary.data as Buffer)], [0, 1, 2, 255]);
    ws.close(4000);
    await closed(ws);
  } finally {
    await server.close();
  }
});

test("disconnect(code) gets the client's close code", async () => {
  const code = deferred<number>();
  class Watch extends WebsocketConsumer {
    override disconnect(closeCode: number): void {
      code.resolve(closeCode);
    }
  }
  const server = await start(Watch.as_asgi());
  try {
    const { ws } = await openWebSocket(wsUrl(server, "/"));
    ws.close(4321);
    assert.is(await code.promise, 4321);
  } finally {
    await server.close();
  }
});

test("close() before accept() refuses the handshake with 403; close(code) after closes the socket", async () => {
  class Refuse extends WebsocketConsumer {
    override connect(): void {
      this.close();
    }
  }
  class Kick extends WebsocketConsumer {
    override receive(): void {
      this.close(4100, "bye");
    }
  }
  const server = await start(URLRouter([path("refuse/", Refuse.as_asgi()), path("kick/", Kick.as_asgi())]));
  try {
    assert.is((await openWebSocket(wsUrl(server, "/refuse/"))).status, 403);
    const { ws } = await openWebSocket(wsUrl(server, "/kick/"));
    const end = closed(ws);
    ws.send("anything");
    assert.equal(await end, { code: 4100, reason: "bye" });
  } finally {
    await server.close();
  }
});

test("accept(subprotocol) picks the client's subprotocol", async () => {
  class Proto extends WebsocketConsumer {
    override connect(): void {
      this.accept("chat.v2");
    }
  }
  const server = await start(Proto.as_asgi());
  try {
    const { ws } = await openWebSocket(wsUrl(server, "/"), { protocols: ["chat.v1", "chat.v2"] });
    assert.is(ws.protocol, "chat.v2");
    ws.close();
    await closed(ws);
  } finally {
    await server.close();
  }
});

test("AsyncWebsocketConsumer: awaited connect, messages handled in order across awaits", async () => {
  class Slow extends AsyncWebsocketConsumer {
    override async connect(): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await this.accept();
    }
    override async receive(data: string | Buffer): Promise<void> {
      // The first message waits longest; order must still hold.
      await new Promise((resolve) => setTimeout(resolve, data === "1" ? 20 : 1));
      await this.send(`got ${String(data)}`);
    }
  }
  const server = await start(Slow.as_asgi());
  try {
    const { ws, status } = await openWebSocket(wsUrl(server, "/"));
    assert.is(status, 101);
    ws.send("1");
    ws.send("2");
    ws.send("3");
    const received: unknown[] = [];
    for (let i = 0; i < 3; i++) received.push((await nextMessage(ws)).data);
    assert.equal(received, ["got 1", "got 2", "got 3"]);
    ws.close();
    await closed(ws);
  } finally {
    await server.close();
  }
});

test("send() before accept() is a SioError; a failing handler closes with 1011", async () => {
  const early = deferred<unknown>();
  class Early extends WebsocketConsumer {
    override connect(): void {
      try {
        this.send("too soon");
      } catch (error) {
        early.resolve(error);
      }
      this.accept();
    }
    override receive(): void {
      throw new Error("handler bug");
    }
  }
  const server = await start(Early.as_asgi());
  try {
    const { ws } = await openWebSocket(wsUrl(server, "/"));
    const error = await early.promise;
    assert.instance(error, SioError);
    assert.is((error as SioError).code, "SIO_ERR_NOT_ACCEPTED");
    const end = closed(ws);
    ws.send("boom");
    assert.is((await end).code, 1011);
    assert.ok(server.logs.messages.some((m) => m.startsWith("error:") && m.includes("Early")));
  } finally {
    await server.close();
  }
});

test("a client that vanishes while connect() is pending still gets disconnect()", async () => {
  const gone = deferred<number>();
  const connecting = deferred();
  const decide = deferred();
  class Slow extends AsyncWebsocketConsumer {
    override async connect(): Promise<void> {
      connecting.resolve();
      await decide.promise;
      await this.accept();
    }
    override async disconnect(code: number): Promise<void> {
      gone.resolve(code);
    }
  }
  const server = await start(Slow.as_asgi());
  try {
    const socket = connect(server.port, "127.0.0.1");
    socket.on("error", () => undefined);
    socket.write(
      "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
    );
    await connecting.promise;
    await new Promise<void>((resolve) => socket.end(resolve));
    decide.resolve();
    assert.is(await gone.promise, 1006);
  } finally {
    await server.close();
  }
});

test("close() ends only its own server's connections of a shared endpoint, and refuses pending handshakes with 503", async () => {
  const connecting = deferred();
  class Undecided extends WebsocketConsumer {
    override connect(): void {
      if (this.scope.path === "/wait") connecting.resolve();
      else this.accept();
    }
  }
  const endpoint = Undecided.as_asgi();
  const first = await start(endpoint);
  const second = await start(endpoint);
  try {
    const { ws: stays } = await openWebSocket(wsUrl(second, "/"));
    const { ws: goes } = await openWebSocket(wsUrl(first, "/"));
    const pending = openWebSocket(wsUrl(first, "/wait"));
    await connecting.promise;
    const goesClosed = closed(goes);
    await first.close();
    assert.is((await goesClosed).code, 1001);
    assert.is((await pending).status, 503);
    stays.send("still here");
    assert.is(stays.readyState, stays.OPEN);
    stays.close();
    await closed(stays);
  } finally {
    await first.close();
    await second.close();
  }
});

test("an http request to a WebSocket consumer gets 426", async () => {
  const server = await start(Echo.as_asgi());
  try {
    const response = await fetch(server.url);
    assert.is(response.status, 426);
    assert.is(response.headers.get("upgrade"), "websocket");
  } finally {
    await server.close();
  }
});

test("as_asgi() options are validated", () => {
  assert.throws(() => Echo.as_asgi({ maxPayload: -1 }), TypeError);
  assert.throws(() => Echo.as_asgi({ perMessageDeflate: "yes" as never }), TypeError);
});

test.run();
