/**
 * `npm run bench:http`: a tiny Node request listener on bare
 * `http.createServer`, through `serve()` with the seed example's stacks
 * (ProtocolTypeRouter → AuthMiddlewareStack → URLRouter → fallback, with a
 * logged-in session cookie on every request), and on Express 5 for
 * orientation.
 *
 * Each peer runs in its own process, all pinned to one core; autocannon runs
 * in another process on the other core, 50 connections. Peers alternate run
 * by run (rotating the order), so a change in the machine's load hits them
 * alike. Besides req/s, each server's CPU time per request is measured
 * (process.cpuUsage() delta / requests answered): when the load generator,
 * not the server, is the bottleneck, req/s ratios flatten and CPU-µs per
 * request is the fair comparison.
 *
 * At saturation the two processes pace each other: how many requests the
 * server finds per event-loop turn (and so its CPU per request) moves with
 * the load generator's speed from run to run. A second round therefore
 * offers bare and sio the same fixed rate (half of bare's saturated rate),
 * well below what either server can take, and compares their CPU per
 * request under the same arrival pattern.
 *
 * Last, the sio peer replays one real request through its stack in-process
 * (bench/lib/stack-cost.ts): the stack's own CPU time per request, a
 * difference too small for the load runs to resolve on their own.
 */
import { startChild, placeProcesses, type Child } from "./lib/child.js";
import type { LoadRequest, LoadResult } from "./lib/http-load.js";
import type { HttpPeer, HttpSample } from "./lib/http-server.js";
import type { StackCost } from "./lib/stack-cost.js";
import { benchOptions, machineLine } from "./lib/options.js";
import { alternate, bottleneck, compareMedians, formatEstimate, formatNumber, formatRatio, formatSummary, formatTable, invert, summarize, verdict, writeResults, type Summary } from "./lib/stats.js";

const CONNECTIONS = 50;
const TARGET = 0.95;
const PEERS: readonly HttpPeer[] = ["bare", "sio", "express"];
const LABELS: Record<HttpPeer, string> = {
  bare: "bare http.createServer",
  sio: "serve() + seed http stack",
  express: "Express 5",
};

interface Run {
  rps: number;
  serverCpuPerRequest: number;
  serverLoad: number;
  clientLoad: number;
  failed: number;
}

const options = benchOptions({ reps: 21, quickReps: 5, duration: 1, quickDuration: 1 });
const placement = placeProcesses();
const servers = new Map<HttpPeer, Child<{ port: number }>>(
  PEERS.map((peer) => [peer, startChild<{ port: number }>(new URL("./lib/http-server.ts", import.meta.url), [peer], { cpus: placement.server })]),
);
const load = startChild(new URL("./lib/http-load.ts", import.meta.url), [], { cpus: placement.client });

async function measure(peer: HttpPeer, port: number, duration: number, headers: Record<string, string>, overallRate?: number): Promise<Run> {
  const server = servers.get(peer)!;
  const before = await server.request<HttpSample>("sample");
  const request: LoadRequest = { url: `http://127.0.0.1:${port}/`, connections: CONNECTIONS, duration, headers, ...(overallRate === undefined ? {} : { overallRate }) };
  const result = await load.request<LoadResult>("run", request);
  const after = await server.request<HttpSample>("sample");
  const micros = result.seconds * 1e6;
  const requests = after.requests - before.requests;
  return {
    rps: result.ok / result.seconds,
    serverCpuPerRequest: (after.cpu - before.cpu) / Math.max(1, requests),
    serverLoad: (after.cpu - before.cpu) / micros,
    clientLoad: result.cpu / micros,
    failed: result.failed,
  };
}

try {
  const ports = new Map<HttpPeer, number>();
  for (const [peer, child] of servers) ports.set(peer, (await child.ready).port);
  await load.ready;
  const headers = { cookie: await servers.get("sio")!.request<string>("cookie") };

  console.log(`bench:http — tiny listener, autocannon ${CONNECTIONS} connections, ${options.reps} × ${options.duration} s per peer, peers alternating`);
  console.log(`${machineLine()}; ${placement.description}`);
  for (const peer of PEERS) await measure(peer, ports.get(peer)!, 1, headers);

  const runs = await alternate(PEERS, options.reps, (peer) => measure(peer, ports.get(peer)!, options.duration, headers));

  const bare = runs.get("bare")!;
  const summaries = new Map<HttpPeer, { rps: Summary; cpu: Summary; serverLoad: Summary; clientLoad: Summary; failed: number }>();
  for (const peer of PEERS) {
    const list = runs.get(peer)!;
    summaries.set(peer, {
      rps: summarize(list.map((run) => run.rps)),
      cpu: summarize(list.map((run) => run.serverCpuPerRequest)),
      serverLoad: summarize(list.map((run) => run.serverLoad)),
      clientLoad: summarize(list.map((run) => run.clientLoad)),
      failed: list.reduce((sum, run) => sum + run.failed, 0),
    });
  }
  const bareSummary = summaries.get("bare")!;
  // Ratios of the peers' medians, with a bootstrap interval over the repetitions.
  const rpsRatio = (peer: HttpPeer) => compareMedians(runs.get(peer)!, bare, (run) => run.rps);
  const cpuRatio = (peer: HttpPeer) => compareMedians(runs.get(peer)!, bare, (run) => run.serverCpuPerRequest);

  const rows = PEERS.map((peer) => {
    const s = summaries.get(peer)!;
    return [
      LABELS[peer],
      formatSummary(s.rps),
      formatRatio(rpsRatio(peer).ratio),
      formatSummary(s.cpu, 1),
      formatRatio(cpuRatio(peer).ratio),
      `${formatNumber(s.serverLoad.median * 100)}%`,
      `${formatNumber(s.clientLoad.median * 100)}%`,
      bottleneck(s.serverLoad.median, s.clientLoad.median),
    ];
  });
  console.log();
  console.log(formatTable(["peer", "req/s median (min–max)", "× bare", "server CPU-µs/req (min–max)", "CPU × bare", "server CPU", "client CPU", "bottleneck"], rows));
  for (const peer of PEERS) {
    const failed = summaries.get(peer)!.failed;
    if (failed > 0) console.log(`warning: ${LABELS[peer]} had ${failed} failed requests (errors, timeouts or non-2xx)`);
  }

  const sioRps = rpsRatio("sio");
  const sioCpu = cpuRatio("sio");
  console.log();
  console.log(`sio/bare req/s: ${formatEstimate(sioRps)} — ${verdict(sioRps, TARGET, "at least")}`);
  console.log(`bare/sio by server CPU per request: ${formatEstimate(invert(sioCpu))} — ${verdict(invert(sioCpu), TARGET, "at least")}`);
  if (bottleneck(bareSummary.serverLoad.median, bareSummary.clientLoad.median) === "client") {
    console.log("the load generator saturated its core before the bare server did: the req/s ratio understates the difference; the CPU ratio is the fair one");
  }

  const fixedRate = Math.round(bareSummary.rps.median / 2 / 1000) * 1000;
  const fixedRuns = await alternate(["bare", "sio"] as const, options.reps, (peer) => measure(peer, ports.get(peer)!, options.duration, headers, fixedRate));
  const fixedBare = fixedRuns.get("bare")!;
  const fixedSio = fixedRuns.get("sio")!;
  const fixedCpu = { bare: summarize(fixedBare.map((run) => run.serverCpuPerRequest)), sio: summarize(fixedSio.map((run) => run.serverCpuPerRequest)) };
  const fixedRatio = compareMedians(fixedSio, fixedBare, (run) => run.serverCpuPerRequest);
  const fixedRows = (["bare", "sio"] as const).map((peer) => {
    const list = fixedRuns.get(peer)!;
    return [
      LABELS[peer],
      formatSummary(summarize(list.map((run) => run.rps))),
      formatSummary(fixedCpu[peer], 1),
      peer === "bare" ? formatRatio(1) : formatRatio(fixedRatio.ratio),
      `${formatNumber(summarize(list.map((run) => run.serverLoad)).median * 100)}%`,
    ];
  });
  console.log();
  console.log(`at a fixed ${formatNumber(fixedRate)} req/s offered to each server (half of bare's saturated rate), ${options.reps} × ${options.duration} s, alternating:`);
  console.log(formatTable(["peer", "req/s median (min–max)", "server CPU-µs/req (min–max)", "CPU × bare", "server CPU"], fixedRows));
  console.log(`bare/sio by server CPU per request at a fixed rate: ${formatEstimate(invert(fixedRatio))} — ${verdict(invert(fixedRatio), TARGET, "at least")}`);
  for (const peer of ["bare", "sio"] as const) {
    const failed = fixedRuns.get(peer)!.reduce((sum, run) => sum + run.failed, 0);
    if (failed > 0) console.log(`warning: ${LABELS[peer]} had ${failed} failed requests at the fixed rate`);
  }

  const stackCost = await servers.get("sio")!.request<StackCost>("stackCost", headers.cookie);
  const stackNs = stackCost.stack.median - stackCost.baseline.median;
  const bareNs = bareSummary.cpu.median * 1000;
  const expected = bareNs / (bareNs + stackNs);
  console.log();
  console.log(
    `the stack itself, one real request replayed in-process (${stackCost.rounds} × ${formatNumber(stackCost.iterations)}): ` +
      `${formatNumber(stackCost.stack.median)} ns (${formatNumber(stackCost.stack.min)}–${formatNumber(stackCost.stack.max)}) per request ` +
      `against ${formatNumber(stackCost.baseline.median)} ns calling the listener directly: ${formatNumber(stackNs)} ns, ` +
      `${formatNumber((100 * stackNs) / bareNs, 1)}% of the bare server's ${formatNumber(bareSummary.cpu.median, 1)} µs per request — ` +
      `what it alone would make the ratio: ${formatRatio(expected)}`,
  );

  const metric = (name: string, metricName: string, unit: string, summary: Summary) => ({ name, metric: metricName, unit, ...summary });
  writeResults("http", {
    benchmark: "http",
    machine: machineLine(),
    placement: placement.description,
    connections: CONNECTIONS,
    reps: options.reps,
    duration_s: options.duration,
    rows: PEERS.flatMap((peer) => {
      const s = summaries.get(peer)!;
      return [
        metric(peer, "req_per_s", "req/s", s.rps),
        metric(peer, "server_cpu_us_per_req", "µs", s.cpu),
        metric(peer, "server_cpu_share", "core", s.serverLoad),
        metric(peer, "client_cpu_share", "core", s.clientLoad),
      ];
    }),
    fixed_rate: {
      req_per_s: fixedRate,
      rows: [metric("bare", "server_cpu_us_per_req", "µs", fixedCpu.bare), metric("sio", "server_cpu_us_per_req", "µs", fixedCpu.sio)],
      ratio: { name: "sio/bare", metric: "server_cpu_us_per_req", target: `<= ${(1 / TARGET).toFixed(3)}`, ...fixedRatio },
    },
    stack_cost_ns: { stack: stackCost.stack, baseline: stackCost.baseline, per_request: stackNs, expected_ratio: expected },
    ratios: [
      { name: "sio/bare", metric: "req_per_s", target: `>= ${TARGET}`, ...sioRps },
      { name: "sio/bare", metric: "server_cpu_us_per_req", target: `<= ${(1 / TARGET).toFixed(3)}`, ...sioCpu },
      { name: "express/bare", metric: "req_per_s", ...rpsRatio("express") },
    ],
  });
} finally {
  await Promise.all([...servers.values(), load].map((child) => child.stop()));
}
