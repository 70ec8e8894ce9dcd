/**
 * Channels-style groups for WebSocket consumers, in one process (the
 * memory channel layer; tests/scale/ runs them across processes on Redis
 * and in a cluster).
 */
import * as assert from "uvu/assert";
import { suite } from "../../../tests/harness.js";
import {
  AsyncWebsocketConsumer,
  consoleLogger,
  get_channel_layer,
  path,
  setDefaultLogger,
  URLRouter,
  WebsocketConsumer,
  type ChannelMessage,
} from "@sio-router/runtime";
import { captureLogger, closed, nextMessage, openWebSocket, start, wsUrl } from "../../test/support.js";

const test = suite("channel layer groups (one process)");

class Room extends AsyncWebsocketConsumer {
  static override groups = ["everyone"];

  override async connect(): Promise<void> {
    await this.channel_layer.group_add(`room-${String(this.scope.url_route?.kwargs.room)}`, this.channel_name);
    await this.accept();
  }

  override async receive(text: string | Buffer): Promise<void> {
    const [group, body] = String(text).split(":");
    await this.channel_layer.group_send(group!, { type: "room.message", body, sent: new Date(0), bytes: Buffer.from("ok") });
  }

  async room_message(event: ChannelMessage): Promise<void> {
    const { body, sent, bytes } = event as ChannelMessage & { body: string; sent: Date; bytes: Buffer };
    await this.send(`${body} ${sent instanceof Date} ${Buffer.isBuffer(bytes) && bytes.toString()}`);
  }
}

const app = URLRouter([path("ws/<room>/", Room.as_asgi())]);

test("group_send reaches every member of the group and no one else; class groups are joined before connect()", async () => {
  const server = await start(app);
  try {
    const [a, b, c] = await Promise.all(["red", "red", "blue"].map((room) => openWebSocket(wsUrl(server, `/ws/${room}/`))));
    a!.ws.send("room-red:hello");
    assert.equal([(await nextMessage(a!.ws)).data, (await nextMessage(b!.ws)).data], ["hello true ok", "hello true ok"]);
    c!.ws.send("everyone:all");
    assert.equal(await Promise.all([a, b, c].map(async (each) => (await nextMessage(each!.ws)).data)), Array(3).fill("all true ok"));
    for (const each of [a, b, c]) each!.ws.close();
  } finally {
    await server.close();
  }
});

test("a consumer leaves its groups when it ends; get_channel_layer() sends from outside consumers", async () => {
  const server = await start(app);
  try {
    const first = await openWebSocket(wsUrl(server, "/ws/green/"));
    first.ws.close();
    await closed(first.ws);
    const second = await openWebSocket(wsUrl(server, "/ws/green/"));
    await get_channel_layer().group_send("room-green", { type: "room.message", body: "from outside", sent: new Date(0), bytes: Buffer.from("ok") });
    assert.is((await nextMessage(second.ws)).data, "from outside true ok");
    second.ws.close();
  } finally {
    await server.close();
  }
});

test("a message whose type names no handler of the consumer closes it with 1011 (as Channels raises); its own methods are not handlers", async () => {
  class Strict extends WebsocketConsumer {
    override connect(): void {
      void this.channel_layer.group_add("strict", this.channel_name).then(() => this.accept());
    }
  }
  const server = await start(Strict.as_asgi());
  try {
    for (const type of ["nothing.here", "close", "send", "_private"]) {
      const { ws } = await openWebSocket(wsUrl(server, "/"));
      const ended = closed(ws);
      await get_channel_layer().group_send("strict", { type });
      assert.is((await ended).code, 1011, type);
      assert.match(server.logs.messages.at(-1)!, /consumer Strict failed/);
    }
  } finally {
    await server.close();
  }
});

test("bad group names and messages are refused as Channels refuses them, and logged for callers that do not await", async () => {
  const logs = captureLogger();
  setDefaultLogger(logs);
  try {
    const layer = get_channel_layer();
    for (const group of ["", "spaces here", "x".repeat(100), "ünïcode"]) {
      const error = await layer.group_send(group, { type: "a" }).catch((caught: Error) => caught);
      assert.match(String(error), /group name .* must be 1 to 99 ASCII letters/);
    }
    const error = await layer.group_send("ok", { kind: "no type" } as never).catch((caught: Error) => caught);
    assert.match(String(error), /must be an object with a string "type"/);
    assert.is(logs.messages.filter((message) => message.startsWith("error: channel layer: group_send")).length, 5);
  } finally {
    setDefaultLogger(consoleLogger);
  }
});

test.run();
