/**
 * The generated modules of fixtures/generate/typed at run time: its router
 * served in-process by @sio-router/runtime/testing (real HTTP, WebSocket and
 * Engine.IO over in-memory connections), its generated clients (real
 * socket.io-client) connecting through the path, namespace and transports the
 * spec routes, emits from outside a consumer through the exported namespace
 * handles, and routeOf() on scopes the router really built.
 */
import type { Application, Scope } from "@sio-router/runtime";
import { SioError } from "@sio-router/runtime";
import { HttpCommunicator, TestServer } from "@sio-router/runtime/testing";
import type { Socket } from "socket.io-client";
import * as assert from "uvu/assert";
import { suite, within } from "../../tests/harness.js";
import { connectLiveConsumer, connectSocketIO, connectTenantConsumer } from "../../fixtures/generate/typed/expected.client.js";
import { application, roomConsumerNamespace, routeOf } from "../../fixtures/generate/typed/expected.js";

interface Context {
  server: TestServer;
  sockets: Socket[];
  scopes: Scope[];
}

const test = suite<Context>("generated client and router", { server: undefined!, sockets: [], scopes: [] });

test.before(async (context) => {
  // Every scope the router saw, to ask routeOf() about afterwards.
  const recording: Application = (scope, conn) => {
    context.scopes.push(scope);
    return application(scope, conn);
  };
  context.server = new TestServer(recording, { root_path: "/app" });
});

test.after.each((context) => {
  for (const socket of context.sockets.splice(0)) socket.disconnect();
});

test.after(async (context) => {
  await context.server.close();
});

/** Through the in-process server (the spec allows its host, testserver, as Django tests do). */
function clientOptions(context: Context) {
  return context.server.socketIOOptions();
}

function track<S extends Socket>(context: Context, socket: S): S {
  context.sockets.push(socket);
  return socket;
}

async function connected(socket: Socket): Promise<void> {
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    }),
    10_000,
    "connect",
  );
}

test("a namespace of a shared endpoint, under the root_path: acks typed and answered, broadcasts, emits from outside", async (context) => {
  const base = `${context.server.url}/app`;
  const alice = track(context, connectSocketIO(base, "/rooms", clientOptions(context)));
  await connected(alice);
  const joined = await alice.emitWithAck("join", "lobby");
  if (!joined.ok) throw new Error(joined.error);
  const name = `guest-${alice.id!.slice(0, 4)}`;
  assert.equal(joined.members.map((member) => member.name), [name]);

  const said = new Promise<{ from: string; text: string }>((resolve) => alice.once("said", resolve));
  alice.emit("say", "lobby", "hello");
  assert.equal((await within(said, 10_000, "said")).text, "hello");

  // From outside any consumer: the exported handle is the consumer's own namespace.
  const notice = new Promise<{ from: string; text: string }>((resolve) => alice.once("said", resolve));
  roomConsumerNamespace.to("lobby").emit("said", { from: "system", text: "maintenance at noon" });
  assert.equal(await within(notice, 10_000, "outside emit"), { from: "system", text: "maintenance at noon" });
  const members = await roomConsumerNamespace.in("lobby").fetchSockets();
  assert.equal(
    members.map((member) => member.data.name),
    [name],
  );
});

test("a dynamic namespace: its events are untyped (unknown) and still delivered", async (context) => {
  const topics = track(context, connectSocketIO(`${context.server.url}/app`, "/topics/news", clientOptions(context)));
  await connected(topics);
  const subscribed = new Promise<unknown>((resolve) => topics.once("subscribed", resolve));
  topics.emit("subscribe", { tags: ["a"] });
  assert.equal(await within(subscribed, 10_000, "subscribed"), { tags: ["a"] });
});

test("a websocket-only endpoint: the generated client opens a WebSocket at once, no polling", async (context) => {
  const live = track(context, connectLiveConsumer(`${context.server.url}/app`, "/live", clientOptions(context)));
  await connected(live);
  assert.is(live.io.engine.transport.name, "websocket");
  const tick = new Promise<number>((resolve) => live.once("tick", resolve));
  assert.is(await live.emitWithAck("watch", "prices"), true);
  assert.type(await within(tick, 10_000, "tick"), "number");
});

test("an endpoint under a prefix route: the kwarg fills the path, and arrives as a number", async (context) => {
  const tenant = track(context, connectTenantConsumer(`${context.server.url}/app`, { tenant: 7 }, "/", clientOptions(context)));
  await connected(tenant);
  const notice = new Promise<string>((resolve) => tenant.once("notice", resolve));
  tenant.emit("hello");
  assert.is(await within(notice, 10_000, "notice"), "hello, tenant 7");
});

test("routeOf(): the kwargs of the route that routed a request, typed; another route's name throws", async (context) => {
  context.scopes.length = 0;
  for (const path of ["orders/7/items/blue-mug/", "archive/2024/", "archive/2024/05/", "reports/2023/"]) {
    assert.is((await new HttpCommunicator(context.server, "GET", `/app/${path}`).getResponse()).status, 200, path);
  }
  const [order, year, month, report] = context.scopes;
  const item = routeOf(order!, "order-item");
  assert.equal({ ...item }, { order: 7, item: "blue-mug" });
  assert.type(item.order, "number");
  assert.equal({ ...routeOf(year!, "archive") }, { year: "2024" });
  assert.equal({ ...routeOf(month!, "archive") }, { year: "2024", month: "05" });
  assert.equal({ ...routeOf(report!, "report") }, { year: 2023, format: "csv" });
  try {
    routeOf(order!, "report");
    assert.unreachable("another route's kwargs");
  } catch (error) {
    assert.instance(error, SioError);
    assert.is((error as SioError).code, "SIO_ERR_ROUTE");
  }
});

test.run();
