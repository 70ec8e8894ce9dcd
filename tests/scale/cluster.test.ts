/**
 * A sio cluster of three workers on one port, with no Redis and nothing
 * sticky in front: the primary routes each connection by the `sid` of its
 * first request, a worker forwards a kept-alive connection's requests for
 * another worker's session, and the workers share broadcasts (cluster
 * adapter) and sessions (the primary's store).
 */
import { Agent } from "node:http";
import * as assert from "uvu/assert";
import { suite } from "../harness.js";
import { handshake, http, login } from "./http.js";
import { ask, client, connected, next, startSioProcess, type Client, type RunningSioProcess } from "./support.js";

interface Context {
  sio: RunningSioProcess;
  clients: Client[];
}

const test = suite<Context>("a cluster of 3 workers without Redis", { sio: undefined!, clients: [] }, { timeout: 60_000 });

test.before(
  async (context) => {
    context.sio = await startSioProcess({ SIO_SECRET_KEY: "cluster-test-secret-0123456789-abcdefghij" }, 3);
  },
  { timeout: 120_000 },
);

test.after.each((context) => {
  for (const socket of context.clients.splice(0)) socket.close();
});

test.after(async (context) => {
  const code = await context.sio?.stop();
  assert.is(code, 0, `the primary exited with ${code}:\n${context.sio?.output}`);
  assert.not.match(context.sio?.output ?? "", /unhandled|uncaught|TypeError|ReferenceError|exited/i, "nothing crashed");
});

const slotOf = (socket: Client): string => /^w(\d+)\./.exec((socket.io.engine as unknown as { id: string }).id)?.[1] ?? "none";

test("polling-only clients are spread over the workers, and a broadcast reaches them all", async (context) => {
  const sockets = Array.from({ length: 6 }, () => client(context.sio.url, { transports: ["polling"] }));
  context.clients.push(...sockets);
  await Promise.all(sockets.map(connected));
  assert.equal(new Set(sockets.map(slotOf)), new Set(["0", "1", "2"]));
  for (const socket of sockets) assert.is((await ask<{ ok: boolean }>(socket, "join", "lobby")).ok, true);
  const received = Promise.all(sockets.slice(1).map((socket) => next<{ text: string }>(socket, "message")));
  assert.equal(await ask(sockets[0]!, "message", { room: "lobby", text: "hello, cluster" }), { ok: true, room: "lobby" });
  assert.equal((await received).map((message) => message.text), Array(5).fill("hello, cluster"));
});

test("requests for another worker's session on a kept-alive connection reach that worker", async (context) => {
  const [first, second] = [await handshake(context.sio.url), await handshake(context.sio.url)];
  assert.is.not(first.slice(0, 3), second.slice(0, 3), "consecutive handshakes go to different workers");
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const poll = (sid: string, method = "GET", body?: string) =>
      http(`${context.sio.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method, body, agent, headers: body ? { "content-type": "text/plain" } : {} });
    const answers = [await poll(first, "POST", "40"), await poll(second, "POST", "40"), await poll(first), await poll(second)];
    assert.equal(
      answers.map((answer) => answer.status),
      [200, 200, 200, 200],
      answers.map((answer) => answer.body).join("\n"),
    );
    assert.equal(answers.map((answer) => answer.reused), [false, true, true, true], "one TCP connection");
    assert.match(answers[2]!.body, /^40\{"sid":/);
    assert.match(answers[3]!.body, /^40\{"sid":/);
  } finally {
    agent.destroy();
  }
});

test("a session cookie made on one worker authenticates on every worker", async (context) => {
  const cookie = await login(context.sio.url, "alice");
  const answers = await Promise.all([0, 1, 2].map(() => http(`${context.sio.url}/whoami`, { headers: { cookie } })));
  const seen = answers.map((answer) => JSON.parse(answer.body) as { slot: number; user: string });
  assert.equal(new Set(seen.map((each) => each.slot)), new Set([0, 1, 2]));
  assert.equal(seen.map((each) => each.user), ["alice", "alice", "alice"]);
});

test.run();
