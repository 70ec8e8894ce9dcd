/**
 * Micro-benchmark of the reachability engine on generated, realistic tables:
 * the patterns of bench/route-table.json repeated under varied prefixes (`^r3t7/api/v1/users/…`, in the
 * Python syntax Channels users write, so `\d` becomes `\p{Nd}` and `\w`
 * `[\p{L}\p{N}_]`), the Socket.IO route first and the catch-all last,
 * compiled by the real matching module.
 *
 *   node --conditions=@sio-router/source --import tsx generator/reachability/bench.ts [path/to/route-table.json]
 *
 * Per table size, medians over RUNS runs (default 7; fewer at 10,000) on
 * fresh tables, so no run is served by the language cache: the CPU time of
 * the process (steadier than wall time when other jobs share the machine)
 * and the wall time of a cold analysis (`analyzeTable`, `firstOverlap` for
 * the Socket.IO route and `coversEverything`, languages built), the warm
 * `analyzeTable` (languages cached) and, beside it, the naive peer: every
 * route against every earlier one with the same exact overlap test, no
 * index.
 */
import { readFileSync } from "node:fs";
import { compilePattern } from "@sio-router/runtime/matching";
import { languagesMeet } from "./automaton.js";
import { Budget } from "./budget.js";
import { analyzeTable, coversEverything, firstOverlap, isUndecidable, languageOf, type TableRoute } from "./index.js";

interface BenchRoute {
  name: string;
  re: string;
}

const file = process.argv[2] ?? new URL("../../bench/route-table.json", import.meta.url).pathname;
const table = JSON.parse(readFileSync(file, "utf8")) as { routes: BenchRoute[] };
const socketio = table.routes.find((r) => r.name === "socketio")!;
const catchAll = table.routes.find((r) => r.re === "")!;
const appRoutes = table.routes.filter((r) => r !== socketio && r !== catchAll);
const RUNS = Number(process.env.RUNS ?? 7);

let round = 0;

/** `size` routes: Socket.IO first, app routes under `r<round>t<k>/` prefixes, catch-all last. */
function generate(size: number): TableRoute[] {
  round++;
  const sources = [socketio.re];
  for (let k = 0; sources.length < size - 1; k++) {
    for (const route of appRoutes) {
      if (sources.length >= size - 1) break;
      sources.push(route.re.replace(/^\^/, `^r${round}t${k}/`).replaceAll("(?<", "(?P<"));
    }
  }
  sources.push(catchAll.re);
  return sources.map((source) => {
    const result = compilePattern("re_path", source, { endpoint: true });
    if (!result.ok) throw new Error(`${source}: ${result.error.message}`);
    return { pattern: result.pattern, captures: true };
  });
}

interface Timing {
  cpu: number;
  wall: number;
}

function time(run: () => void): Timing {
  const cpu = process.cpuUsage();
  const start = performance.now();
  run();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall };
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The naive peer: how many pairs overlap, every route tested against every earlier one. */
function naive(routes: readonly TableRoute[]): number {
  const languages = routes.map((r) => languageOf(r.pattern));
  let overlaps = 0;
  for (let j = 0; j < languages.length; j++) {
    const mine = languages[j]!;
    if (isUndecidable(mine)) continue;
    for (let i = 0; i < j; i++) {
      const theirs = languages[i]!;
      if (!isUndecidable(theirs) && languagesMeet(mine.nfa, theirs.nfa, new Budget({ steps: 200_000, milliseconds: Infinity }))) overlaps++;
    }
  }
  return overlaps;
}

function cold(routes: readonly TableRoute[]): void {
  const analysis = analyzeTable(routes);
  const unreachable = analysis.routes.filter((r) => r.unreachable || r.undecidable !== undefined).length;
  if (unreachable !== 0 || firstOverlap(routes, 0) !== null || !coversEverything(routes)) {
    throw new Error("unexpected analysis result");
  }
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

// Start-up: load and JIT everything on tables the measured runs do not share patterns with.
for (let i = 0; i < 3; i++) cold(generate(1_000));

console.log(`reachability benchmark — medians of ${RUNS} runs (fewer at 10,000), fresh patterns each run, Node ${process.version}`);
console.log("routes | cold cpu | cold wall | per route (cpu) | warm cpu | naive peer (warm cpu) | peer/ours");
const colds: number[] = [];
for (const size of [100, 1_000, 10_000]) {
  const runs = size > 1_000 ? Math.max(1, Math.ceil(RUNS / 3)) : RUNS;
  const coldRuns: Timing[] = [];
  const warmRuns: Timing[] = [];
  for (let run = 0; run < runs; run++) {
    const routes = generate(size);
    coldRuns.push(time(() => cold(routes)));
    warmRuns.push(time(() => analyzeTable(routes)));
  }
  const coldCpu = median(coldRuns.map((t) => t.cpu));
  const warmCpu = median(warmRuns.map((t) => t.cpu));
  colds.push(coldCpu);
  let peer = "skipped (quadratic)";
  let ratio = "";
  if (size <= 1_000) {
    const routes = generate(size);
    analyzeTable(routes);
    const peerCpu = time(() => naive(routes)).cpu;
    peer = ms(peerCpu);
    ratio = `${(peerCpu / warmCpu).toFixed(0)}x`;
  }
  console.log(
    [
      size,
      ms(coldCpu),
      ms(median(coldRuns.map((t) => t.wall))),
      `${((coldCpu / size) * 1000).toFixed(0)} µs`,
      ms(warmCpu),
      peer,
      ratio,
    ].join(" | "),
  );
}
console.log(`growth per 10× routes (cold cpu): ${colds.slice(1).map((c, i) => `${(c / colds[i]!).toFixed(1)}×`).join(", ")}`);
