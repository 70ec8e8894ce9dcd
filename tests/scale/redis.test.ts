/**
 * Three sio servers on one real Redis: two single processes (A, B) and a
 * cluster of two workers (C). Broadcasts, presence, sessions and Channels
 * groups cross processes; a worker killed mid-session hands its clients to
 * the other with what they missed (connection state recovery on Redis
 * Streams); and Redis restarted under them stops nothing but the
 * cross-process traffic, which resumes once it is back.
 */
import * as assert from "uvu/assert";
import WebSocket from "ws";
import { suite, within } from "../harness.js";
import { http, login } from "./http.js";
import { ask, client, connected, next, startRedis, startSioProcess, type Client, type RunningRedis, type RunningSioProcess } from "./support.js";

interface Context {
  redis: RunningRedis;
  a: RunningSioProcess;
  b: RunningSioProcess;
  c: RunningSioProcess;
  clients: Client[];
  sockets: WebSocket[];
}

const test = suite<Context>("three sio servers on one Redis", { clients: [], sockets: [] } as unknown as Context, { timeout: 60_000 });

test.before(
  async (context) => {
    context.redis = await startRedis();
    const env = { SIO_REDIS_URL: context.redis.url, SIO_SECRET_KEY: "redis-test-secret-0123456789-abcdefghijkl" };
    [context.a, context.b, context.c] = await Promise.all([startSioProcess(env), startSioProcess(env), startSioProcess(env, 2)]);
  },
  { timeout: 120_000 },
);

test.after.each((context) => {
  for (const socket of context.clients.splice(0)) socket.close();
  for (const socket of context.sockets.splice(0)) socket.terminate();
});

test.after(async (context) => {
  const servers = [context.a, context.b, context.c].filter((server) => server !== undefined);
  const codes = await Promise.all(servers.map((server) => server.stop()));
  await context.redis?.stop();
  const output = servers.map((server) => server.output).join("\n---\n");
  assert.equal(codes, servers.map(() => 0), output);
  assert.not.match(output, /unhandled|uncaught|TypeError|ReferenceError/i, "nothing crashed");
});

function chat(context: Context, url: string, options: Parameters<typeof client>[1] = {}): Client {
  const socket = client(url, options);
  context.clients.push(socket);
  return socket;
}

async function joined(socket: Client, room: string): Promise<void> {
  await connected(socket);
  assert.is((await ask<{ ok: boolean }>(socket, "join", room)).ok, true);
}

test("a broadcast from a client on one process reaches the clients on the others", async (context) => {
  const [onA, onB, onC] = [chat(context, context.a.url), chat(context, context.b.url), chat(context, context.c.url)];
  for (const socket of [onA, onB, onC]) await joined(socket, "lobby");
  const received = Promise.all([onB, onC].map((socket) => next<{ text: string }>(socket, "message")));
  await ask(onA, "message", { room: "lobby", text: "from A" });
  assert.equal((await received).map((message) => message.text), ["from A", "from A"]);
  // Presence asks every process for its sockets in the room (fetchSockets through the adapter).
  const presence = next<{ members: unknown[] }>(onA, "presence");
  await ask(onB, "join", "lobby");
  assert.is((await presence).members.length, 3);
});

test("an HTTP app on one process emits to a room through the endpoint's namespace and reaches every process", async (context) => {
  const [onA, onC] = [chat(context, context.a.url), chat(context, context.c.url)];
  for (const socket of [onA, onC]) await joined(socket, "news");
  const received = Promise.all([onA, onC].map((socket) => next<{ text: string; from: string }>(socket, "message")));
  const answer = await http(`${context.b.url}/announce/news`, { method: "POST", body: "from an HTTP app on B" });
  assert.equal(JSON.parse(answer.body), { members: 2 });
  const sent = { from: "announcer", text: "from an HTTP app on B" };
  assert.equal((await received).map(({ from, text }) => ({ from, text })), [sent, sent]);
});

test("a session cookie made by one process authenticates on the others", async (context) => {
  const cookie = await login(context.a.url, "alice");
  const onB = chat(context, context.b.url, { extraHeaders: { cookie } });
  const welcome = next<{ name: string; authenticated: boolean }>(onB, "welcome");
  await connected(onB);
  assert.equal(await welcome, { name: "alice", authenticated: true });
  const onC = JSON.parse((await http(`${context.c.url}/whoami`, { headers: { cookie } })).body) as { user: string };
  assert.is(onC.user, "alice");
});

async function room(context: Context, url: string, name: string): Promise<{ socket: WebSocket; messages: Array<{ text: string }> }> {
  const socket = new WebSocket(`${url.replace("http", "ws")}/ws/room/${name}/`);
  context.sockets.push(socket);
  const messages: Array<{ text: string }> = [];
  socket.on("message", (data) => messages.push(JSON.parse(String(data)) as { text: string }));
  await within(new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject)), 10_000, "a room WebSocket to open");
  return { socket, messages };
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("a group message sent on one process reaches the group's members on every process", async (context) => {
  const members = await Promise.all([context.a, context.b, context.c].map((server) => room(context, server.url, "kitchen")));
  members[1]!.socket.send("who is cooking?");
  await until(() => members.every((member) => member.messages.length === 1), "every member to get the group message");
  assert.equal(members.map((member) => member.messages[0]!.text), Array(3).fill("who is cooking?"));
});

test("a client of a killed worker reconnects to the other worker and gets what it missed", async (context) => {
  const victim = chat(context, context.c.url, { transports: ["websocket"] });
  await joined(victim, "recovery");
  const slot = Number(/^w(\d+)\./.exec((victim.io.engine as unknown as { id: string }).id)![1]);
  const pid = (await context.c.workers())[slot]!;
  const sender = chat(context, context.a.url);
  await joined(sender, "recovery");
  const lost = next(victim, "disconnect");
  process.kill(pid, "SIGTERM");
  await lost;
  await ask(sender, "message", { room: "recovery", text: "while you were away" });
  const missed = next<{ text: string }>(victim, "message", "the missed message");
  victim.connect();
  await connected(victim);
  assert.is(victim.recovered, true, "the session was recovered");
  assert.is((await missed).text, "while you were away");
});

test("Redis restarted under the servers: local traffic goes on, cross-process delivery resumes", async (context) => {
  const [onA, alsoOnA, onB] = [chat(context, context.a.url), chat(context, context.a.url), chat(context, context.b.url)];
  for (const socket of [onA, alsoOnA, onB]) await joined(socket, "outage");
  const cookie = await login(context.b.url, "bob");
  await context.redis.kill();
  const local = next<{ text: string }>(alsoOnA, "message", "the message on the same process");
  await ask(onA, "message", { room: "outage", text: "during the outage" });
  assert.is((await local).text, "during the outage");
  // The session is in Redis: without it the request goes on, as the anonymous user.
  const answer = await http(`${context.b.url}/whoami`, { headers: { cookie } });
  assert.equal([answer.status, (JSON.parse(answer.body) as { user: string | null }).user], [200, null]);
  await context.redis.start();
  const texts: string[] = [];
  onB.on("message", (message: { text: string }) => texts.push(message.text));
  // Each process reconnects on its own schedule: send until B hears A again.
  await until(
    () => {
      if (texts.includes("after the outage")) return true;
      onA.emit("message", { room: "outage", text: "after the outage" });
      return false;
    },
    "a message from A to reach B after Redis came back",
    15_000,
  );
  // Each logged the outage and the return (C for each of its workers).
  await until(() => [context.a, context.b, context.c].every((server) => /is back; cross-process delivery resumes/.test(server.output)), "every server to see Redis back");
  for (const server of [context.a, context.b, context.c]) assert.match(server.output, /lost Redis at redis:\/\/127\.0\.0\.1:\d+\/? \(/);
});

test.run();
