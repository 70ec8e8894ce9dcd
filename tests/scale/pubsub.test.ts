/**
 * The Redis pub/sub adapter (`socketio_adapter = "redis"`), for deployments
 * that share a Redis with socket.io servers already on it: broadcasts cross
 * processes, and a Redis outage (publishes that fail, unawaited by the
 * adapter) crashes nothing; delivery resumes after it.
 */
import * as assert from "uvu/assert";
import { suite } from "../harness.js";
import { ask, client, connected, next, startRedis, startSioProcess, type Client, type RunningRedis, type RunningSioProcess } from "./support.js";

interface Context {
  redis: RunningRedis;
  servers: RunningSioProcess[];
  clients: Client[];
}

const test = suite<Context>("two sio servers on the Redis pub/sub adapter", { clients: [], servers: [] } as unknown as Context, { timeout: 60_000 });

test.before(
  async (context) => {
    context.redis = await startRedis();
    const env = { SIO_REDIS_URL: context.redis.url, SIO_TEST_ADAPTER: "redis", SIO_SECRET_KEY: "pubsub-test-secret-0123456789-abcdefghijk" };
    context.servers = await Promise.all([startSioProcess(env), startSioProcess(env)]);
  },
  { timeout: 120_000 },
);

test.after(async (context) => {
  for (const socket of context.clients) socket.close();
  const codes = await Promise.all(context.servers.map((server) => server.stop()));
  await context.redis?.stop();
  const output = context.servers.map((server) => server.output).join("\n---\n");
  assert.equal(codes, context.servers.map(() => 0), output);
  assert.not.match(output, /unhandled|uncaught|TypeError|ReferenceError/i, "nothing crashed");
  // The chat endpoint asks for connection state recovery, which the pub/sub adapter cannot give.
  assert.match(output, /connection_state_recovery cannot recover sessions across processes on Redis at/);
});

test("a broadcast crosses processes; through an outage nothing crashes, and delivery resumes", async (context) => {
  const [a, b] = context.servers.map((server) => client(server.url)) as [Client, Client];
  context.clients.push(a, b);
  for (const socket of [a, b]) {
    await connected(socket);
    await ask(socket, "join", "lobby");
  }
  const heard = next<{ text: string }>(b, "message");
  await ask(a, "message", { room: "lobby", text: "one" });
  assert.is((await heard).text, "one");
  await context.redis.kill();
  assert.equal(await ask(a, "message", { room: "lobby", text: "lost" }), { ok: true, room: "lobby" });
  await context.redis.start();
  const texts: string[] = [];
  b.on("message", (message: { text: string }) => texts.push(message.text));
  const deadline = Date.now() + 15_000;
  while (!texts.includes("two")) {
    assert.ok(Date.now() < deadline, "a message from A reached B after Redis came back");
    a.emit("message", { room: "lobby", text: "two" });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

test.run();
