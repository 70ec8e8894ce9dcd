/**
 * `npm run bench:sio`: a bare socket.io server (`new Server(httpServer)`)
 * against the same echo consumer served through `serve()` with the seed
 * example's stacks (AllowedHostsOriginValidator + AuthMiddlewareStack on
 * websocket, AuthMiddlewareStack on http, a logged-in session cookie on every
 * client):
 *   (a) websocket ack round trips/s, 100 clients
 *   (b) long-polling ack round trips/s, 100 clients
 *   (c) connect + upgrade completions/s (polling handshake, namespace connect,
 *       upgrade, one ack to know the server saw the upgrade), 10 at a time
 *   (d) memory per idle websocket connection at 1,000 and 5,000 connections
 *       (server heap and RSS after full GCs, delta / connections)
 *
 * Servers run in their own processes on one core, the socket.io-client
 * clients in another process on the other core; peers alternate run by run.
 * Server CPU-µs per operation is measured beside the rates: when the clients
 * are the bottleneck (they usually are: socket.io-client costs more per
 * message than the server), it is the fair comparison.
 *
 * Scenarios: --only websocket,polling,upgrade,memory (default all).
 */
import { placeProcesses, startChild, type Child } from "./lib/child.js";
import { benchOptions, machineLine } from "./lib/options.js";
import { clientOrigin } from "./lib/seed-app.js";
import type { LoopRequest, LoopResult, OpenRequest } from "./lib/sio-load.js";
import type { MemorySample, SioPeer, SioSample } from "./lib/sio-server.js";
import {
  alternate,
  bottleneck,
  compareMedians,
  formatEstimate,
  formatNumber,
  formatRatio,
  formatSummary,
  formatTable,
  invert,
  summarize,
  verdict,
  writeResults,
  type RatioEstimate,
} from "./lib/stats.js";

const PEERS: readonly SioPeer[] = ["bare", "sio"];
const LABELS: Record<SioPeer, string> = { bare: "bare new Server(httpServer)", sio: "serve() + seed stacks" };
const CLIENTS = 100;
const UPGRADE_CONCURRENCY = 10;
const IDLE_COUNTS = [1_000, 5_000];
const THROUGHPUT_TARGET = 0.97;
const MEMORY_TARGET = 1.05;

interface Run {
  rate: number;
  serverCpuPerOp: number;
  /** HTTP requests the server received per operation (long-polling batches several packets per request). */
  requestsPerOp: number;
  serverLoad: number;
  clientLoad: number;
}

// Many short repetitions: this machine's load swings within seconds, and the
// median of per-repetition ratios settles with their number (5 × 3 s gave
// long-polling ratios from 0.97× to 1.24× on the same commit; 21 × 1 s 1.02×).
const options = benchOptions({ reps: 15, quickReps: 5, duration: 1, quickDuration: 1 });
// Memory per connection barely moves between repetitions: fewer of them.
const memoryReps = Math.min(options.reps, options.quick ? 3 : 5);
const placement = placeProcesses();
/**
 * BENCH_SAME_PEER=sio: both slots run the sio server — an A/A run, whose
 * ratios show what this machine and method report for no difference.
 */
const samePeer = process.env["BENCH_SAME_PEER"] as SioPeer | undefined;
if (samePeer !== undefined && samePeer !== "sio") throw new Error("BENCH_SAME_PEER can only be sio (the runs need its session cookie)");
const servers = new Map<SioPeer, Child<{ port: number }>>(
  PEERS.map((peer) => [
    peer,
    startChild<{ port: number }>(new URL("./lib/sio-server.ts", import.meta.url), [samePeer ?? peer], {
      cpus: placement.server,
      nodeFlags: ["--expose-gc"],
    }),
  ]),
);
const clients = startChild(new URL("./lib/sio-load.ts", import.meta.url), [], { cpus: placement.client, nodeFlags: ["--max-old-space-size=4096"] });
const ports = new Map<SioPeer, number>();
const url = (peer: SioPeer) => `http://127.0.0.1:${ports.get(peer)!}`;
let cookie = "";
/** What every client of a peer sends: the Origin of a page served by that server (it admits its own origin) and the session cookie. */
const headers = (peer: SioPeer): Record<string, string> => ({ origin: clientOrigin(ports.get(peer)!), cookie });

/** Waits until the server has let every session go, so runs do not overlap. */
async function drained(peer: SioPeer): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await servers.get(peer)!.request<SioSample>("sample")).sessions > 0) {
    if (Date.now() > deadline) throw new Error(`${peer}: sessions still open 15 s after the clients disconnected`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `work` (the measured part) with the server's CPU time sampled around it. */
async function withServerCpu(peer: SioPeer, work: () => Promise<LoopResult>): Promise<Run> {
  const server = servers.get(peer)!;
  const before = await server.request<SioSample>("sample");
  const result = await work();
  const after = await server.request<SioSample>("sample");
  const micros = result.seconds * 1e6;
  return {
    rate: result.ops / result.seconds,
    serverCpuPerOp: (after.cpu - before.cpu) / Math.max(1, result.ops),
    requestsPerOp: (after.requests - before.requests) / Math.max(1, result.ops),
    serverLoad: (after.cpu - before.cpu) / micros,
    clientLoad: result.cpu / micros,
  };
}

/**
 * Ack round trips, `reps` runs of `seconds` per peer, alternating: as fast as
 * the clients go, or at a fixed total `rate`. The clients connect to every
 * peer once, before the first run, and stay connected until the last: no
 * measured second pays for sessions opened or closed around it (each
 * long-polling run opening and closing its own 100 sessions nearly tripled
 * the CPU the servers' helper threads spent per ack: 1.4 → 4 µs).
 */
async function ackRuns(transport: OpenRequest["transport"], reps: number, seconds: number, rate?: number): Promise<Map<SioPeer, Run[]>> {
  try {
    for (const peer of PEERS) {
      await clients.request<number>("open", { url: url(peer), clients: CLIENTS, transport, headers: headers(peer), concurrency: 20 } satisfies OpenRequest);
    }
    return await alternate(PEERS, reps, (peer) => {
      const loop: LoopRequest = { url: url(peer), seconds };
      return withServerCpu(peer, () =>
        rate === undefined ? clients.request<LoopResult>("loop", loop) : clients.request<LoopResult>("paced", { ...loop, rate }),
      );
    });
  } finally {
    for (const peer of PEERS) {
      await clients.request<number>("close", url(peer));
      await drained(peer);
    }
  }
}

async function upgrades(peer: SioPeer, seconds: number): Promise<Run> {
  const run = await withServerCpu(peer, () => clients.request<LoopResult>("connects", { url: url(peer), headers: headers(peer), concurrency: UPGRADE_CONCURRENCY, seconds }));
  await drained(peer);
  return run;
}

interface MemoryRun {
  heap: number;
  rss: number;
}

async function idleMemory(peer: SioPeer, count: number): Promise<MemoryRun> {
  const server = servers.get(peer)!;
  const before = await server.request<MemorySample>("memory");
  await clients.request<number>("open", { url: url(peer), clients: count, transport: "websocket", headers: headers(peer), concurrency: 100 } satisfies OpenRequest);
  try {
    const after = await server.request<MemorySample>("memory");
    return { heap: (after.heap - before.heap) / count, rss: (after.rss - before.rss) / count };
  } finally {
    await clients.request<number>("close", url(peer));
    await drained(peer);
  }
}

/** sio/bare: the ratio of the peers' medians of one figure, with its bootstrap interval. */
function ratio<T>(runs: Map<SioPeer, T[]>, figure: (run: T) => number): RatioEstimate {
  return compareMedians(runs.get("sio")!, runs.get("bare")!, figure);
}

const resultRows: object[] = [];
const ratioRows: object[] = [];

function reportThroughput(key: string, title: string, unit: string, runs: Map<SioPeer, Run[]>): void {
  const rows = PEERS.map((peer) => {
    const list = runs.get(peer)!;
    const rate = summarize(list.map((run) => run.rate));
    const cpu = summarize(list.map((run) => run.serverCpuPerOp));
    const serverLoad = summarize(list.map((run) => run.serverLoad));
    const clientLoad = summarize(list.map((run) => run.clientLoad));
    const requests = summarize(list.map((run) => run.requestsPerOp));
    resultRows.push(
      { name: peer, scenario: key, metric: "http_requests_per_op", unit: "requests", ...requests },
      { name: peer, scenario: key, metric: "per_s", unit, ...rate },
      { name: peer, scenario: key, metric: "server_cpu_us_per_op", unit: "µs", ...cpu },
      { name: peer, scenario: key, metric: "server_cpu_share", unit: "core", ...serverLoad },
      { name: peer, scenario: key, metric: "client_cpu_share", unit: "core", ...clientLoad },
    );
    return [
      LABELS[peer],
      formatSummary(rate),
      peer === "bare" ? "1.000×" : formatRatio(ratio(runs, (run) => run.rate).ratio),
      formatSummary(cpu, 1),
      peer === "bare" ? "1.000×" : formatRatio(ratio(runs, (run) => run.serverCpuPerOp).ratio),
      formatNumber(requests.median, 2),
      `${formatNumber(serverLoad.median * 100)}%`,
      `${formatNumber(clientLoad.median * 100)}%`,
      bottleneck(serverLoad.median, clientLoad.median),
    ];
  });
  console.log(`\n${title}`);
  console.log(
    formatTable(["peer", `${unit} median (min–max)`, "× bare", "server CPU-µs/op (min–max)", "CPU × bare", "HTTP requests/op", "server CPU", "client CPU", "bottleneck"], rows),
  );
  const rate = ratio(runs, (run) => run.rate);
  const cpu = ratio(runs, (run) => run.serverCpuPerOp);
  console.log(`sio/bare by rate: ${formatEstimate(rate)} — ${verdict(rate, THROUGHPUT_TARGET, "at least")}`);
  console.log(`bare/sio by server CPU per op: ${formatEstimate(invert(cpu))} — ${verdict(invert(cpu), THROUGHPUT_TARGET, "at least")}`);
  ratioRows.push(
    { name: "sio/bare", scenario: key, metric: "per_s", target: `>= ${THROUGHPUT_TARGET}`, ...rate },
    { name: "sio/bare", scenario: key, metric: "server_cpu_us_per_op", target: `<= ${(1 / THROUGHPUT_TARGET).toFixed(3)}`, ...cpu },
  );
}

/**
 * The same scenario at a fixed rate, half of what bare reached: both servers
 * get the same arrival pattern and neither is saturated, so their CPU time
 * per round trip is the like-for-like comparison.
 */
function reportFixedRate(key: string, title: string, unit: string, rate: number, runs: Map<SioPeer, Run[]>): void {
  const cpuRatio = ratio(runs, (run) => run.serverCpuPerOp);
  const rows = PEERS.map((peer) => {
    const list = runs.get(peer)!;
    const achieved = summarize(list.map((run) => run.rate));
    const cpu = summarize(list.map((run) => run.serverCpuPerOp));
    resultRows.push(
      { name: peer, scenario: `${key}_fixed_rate`, metric: "per_s", unit, offered: rate, ...achieved },
      { name: peer, scenario: `${key}_fixed_rate`, metric: "server_cpu_us_per_op", unit: "µs", offered: rate, ...cpu },
    );
    const requests = summarize(list.map((run) => run.requestsPerOp));
    resultRows.push({ name: peer, scenario: `${key}_fixed_rate`, metric: "http_requests_per_op", unit: "requests", offered: rate, ...requests });
    return [
      LABELS[peer],
      formatSummary(achieved),
      formatSummary(cpu, 1),
      peer === "bare" ? "1.000×" : formatRatio(cpuRatio.ratio),
      formatNumber(requests.median, 2),
      `${formatNumber(summarize(list.map((run) => run.serverLoad)).median * 100)}%`,
    ];
  });
  console.log(`\n${title}, at a fixed ${formatNumber(rate)} ${unit} offered to each server (half of bare's rate above)`);
  console.log(formatTable(["peer", `${unit} median (min–max)`, "server CPU-µs/op (min–max)", "CPU × bare", "HTTP requests/op", "server CPU"], rows));
  console.log(`bare/sio by server CPU per op at a fixed rate: ${formatEstimate(invert(cpuRatio))} — ${verdict(invert(cpuRatio), THROUGHPUT_TARGET, "at least")}`);
  ratioRows.push({ name: "sio/bare", scenario: `${key}_fixed_rate`, metric: "server_cpu_us_per_op", offered: rate, target: `<= ${(1 / THROUGHPUT_TARGET).toFixed(3)}`, ...cpuRatio });
}

/** Half of bare's median rate, rounded to two significant digits. */
function halfOf(runs: Map<SioPeer, Run[]>): number {
  const half = summarize(runs.get("bare")!.map((run) => run.rate)).median / 2;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(half)) - 1);
  return Math.max(1, Math.round(half / unit) * unit);
}

function reportMemory(memory: Map<number, Map<SioPeer, MemoryRun[]>>): void {
  const rows: string[][] = [];
  for (const [count, runs] of memory) {
    for (const peer of PEERS) {
      const list = runs.get(peer)!;
      const heap = summarize(list.map((run) => run.heap / 1024));
      const rss = summarize(list.map((run) => run.rss / 1024));
      resultRows.push(
        { name: peer, scenario: `idle_${count}`, metric: "heap_kib_per_connection", unit: "KiB", ...heap },
        { name: peer, scenario: `idle_${count}`, metric: "rss_kib_per_connection", unit: "KiB", ...rss },
      );
      rows.push([
        `${LABELS[peer]}, ${formatNumber(count)}`,
        formatSummary(heap, 1),
        peer === "bare" ? "1.000×" : formatRatio(ratio(runs, (run) => run.heap).ratio),
        formatSummary(rss, 1),
        peer === "bare" ? "1.000×" : formatRatio(ratio(runs, (run) => run.rss).ratio),
      ]);
    }
    const heap = ratio(runs, (run) => run.heap);
    const rss = ratio(runs, (run) => run.rss);
    ratioRows.push(
      { name: "sio/bare", scenario: `idle_${count}`, metric: "heap_kib_per_connection", target: `<= ${MEMORY_TARGET}`, ...heap },
      { name: "sio/bare", scenario: `idle_${count}`, metric: "rss_kib_per_connection", target: `<= ${MEMORY_TARGET}`, ...rss },
    );
  }
  console.log(`\n(d) memory per idle websocket connection (after full GCs; ${memoryReps} repetitions)`);
  console.log(formatTable(["peer, connections", "heap KiB/conn (min–max)", "heap × bare", "RSS KiB/conn (min–max)", "RSS × bare"], rows));
  for (const [count, runs] of memory) {
    const heap = ratio(runs, (run) => run.heap);
    console.log(`sio/bare heap per connection at ${formatNumber(count)}: ${formatEstimate(heap)} — ${verdict(heap, MEMORY_TARGET, "at most")}`);
  }
}

try {
  for (const [peer, child] of servers) ports.set(peer, (await child.ready).port);
  await clients.ready;
  cookie = await servers.get("sio")!.request<string>("cookie");
  const started = performance.now();
  console.log(`bench:sio — socket.io-client in a separate process, ${options.reps} × ${options.duration} s per peer and scenario, peers alternating`);
  console.log(`${machineLine()}; ${placement.description}`);
  if (samePeer !== undefined) console.log(`A/A run (BENCH_SAME_PEER=${samePeer}): both slots run the ${samePeer} server; their ratios are the method's noise`);

  const selected = (key: string) => options.only === undefined || options.only.has(key);
  // Warm-up: load and optimise both stacks before anything is measured.
  await ackRuns("websocket", 1, 1);
  if ((await servers.get("sio")!.request<SioSample>("sample")).authenticated === 0) {
    throw new Error("the sio consumer never saw the logged-in user: the session cookie did not reach it");
  }
  if (selected("websocket")) {
    const title = `(a) websocket ack round trips, ${CLIENTS} clients`;
    const runs = await ackRuns("websocket", options.reps, options.duration);
    reportThroughput("websocket_acks", title, "acks/s", runs);
    const rate = halfOf(runs);
    reportFixedRate("websocket_acks", title, "acks/s", rate, await ackRuns("websocket", options.reps, options.duration, rate));
  }
  if (selected("polling")) {
    const title = `(b) long-polling ack round trips, ${CLIENTS} clients`;
    const runs = await ackRuns("polling", options.reps, options.duration);
    reportThroughput("polling_acks", title, "acks/s", runs);
    const rate = halfOf(runs);
    reportFixedRate("polling_acks", title, "acks/s", rate, await ackRuns("polling", options.reps, options.duration, rate));
  }
  if (selected("upgrade")) {
    const runs = await alternate(PEERS, options.reps, (peer) => upgrades(peer, options.duration));
    reportThroughput("connect_upgrade", `(c) connect + upgrade to websocket + one ack, ${UPGRADE_CONCURRENCY} at a time`, "upgrades/s", runs);
  }
  if (selected("memory")) {
    const memory = new Map<number, Map<SioPeer, MemoryRun[]>>();
    for (const count of IDLE_COUNTS) memory.set(count, await alternate(PEERS, memoryReps, (peer) => idleMemory(peer, count)));
    reportMemory(memory);
  }
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);

  writeResults(samePeer === undefined ? "sio" : `sio-aa-${samePeer}`, {
    benchmark: "sio",
    machine: machineLine(),
    placement: placement.description,
    clients: CLIENTS,
    reps: options.reps,
    memory_reps: memoryReps,
    duration_s: options.duration,
    rows: resultRows,
    ratios: ratioRows,
  });
} finally {
  await Promise.all([...servers.values(), clients].map((child) => child.stop()));
}
