/**
 * `npm run bench:match`: ns per route lookup of sio's table matcher beside
 * the Channels-style linear scan, a combined alternation, find-my-way and
 * Hono's RegExpRouter and TrieRouter, on the shared 50-route table and on
 * 500/5,000-route tables built from its shapes. Writes
 * bench/results/match.json.
 *
 * Each router, for each table size, lives in a process of its own (routers
 * in one process slow each other down through shared JIT state, by up to 3×
 * in trials). All of them start at once and wait; each repetition then asks
 * every one in turn, in rotating order, for one measurement of each request
 * set, so a change in the machine's load hits all routers and sizes alike.
 * Measured in CPU time (the machine is shared). This process builds every
 * router once to check it routes the request sets as the linear scan does.
 *
 * Environment: BENCH_REPS (default 7, at least 5), BENCH_MS per measurement
 * (default 150), BENCH_SIZES (default "50,500,5000"), SIO_ROUTE_TABLE
 * (default bench/route-table.json).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import FindMyWay from "find-my-way";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { TrieRouter } from "hono/router/trie-router";
import { do_not_optimize, measure } from "mitata";
import { compilePattern, matchPattern, type CompiledPattern } from "../runtime/matching/index.js";
import { compileTable, type TableMatcher } from "../runtime/matching/index.js";

interface SharedRoute {
  name: string;
  re: string;
  fmw: string;
  hono: string;
}

interface SharedTable {
  routes: SharedRoute[];
  mix: string[];
  fallbackOnly: string[];
}

interface Row {
  name: string;
  set: string;
  routes: number;
  ns_per_lookup: number;
  min: number;
  max: number;
}

/** A router under test: the route name each path resolves to, through the router's own lookup. */
interface Contender {
  name: string;
  /** The paths as this router wants them (find-my-way and Hono take a leading slash). */
  paths: string[];
  lookup: (path: string) => unknown;
  routeName: (path: string) => string | undefined;
}

const REPS = Math.max(5, Number(process.env.BENCH_REPS ?? 7));
const MEASURE_MS = Number(process.env.BENCH_MS ?? 150);
const SIZES = (process.env.BENCH_SIZES ?? "50,500,5000").split(",").map(Number);
const TABLE_PATH = process.env.SIO_ROUTE_TABLE ?? fileURLToPath(new URL("./route-table.json", import.meta.url));
const RESULTS = fileURLToPath(new URL("./results/", import.meta.url));

const shared = JSON.parse(readFileSync(TABLE_PATH, "utf8")) as SharedTable;

/**
 * The shared table's `re` column uses JavaScript's `(?<name>…)`; Channels
 * users write Python's `(?P<name>…)`, which is what sio's re_path takes.
 */
function pythonRegex(re: string): string {
  return re.replaceAll("(?<", "(?P<");
}

const socketio = shared.routes[0] as SharedRoute;
const fallback = shared.routes[shared.routes.length - 1] as SharedRoute;
const appRoutes = shared.routes.slice(1, -1);
/** First path segments of the app routes, the literal prefixes copies vary. */
const appSegments = new Set(appRoutes.map((route) => firstSegment(route.fmw.slice(1))));

function firstSegment(path: string): string {
  const slash = path.indexOf("/");
  return slash < 0 ? path : path.slice(0, slash);
}

/** Copy `copy` of an app route: its first segment gets the copy number (copy 0 is the route itself). */
function varied(route: SharedRoute, copy: number): SharedRoute {
  if (copy === 0) return route;
  const segment = firstSegment(route.fmw.slice(1));
  const suffix = String(copy);
  return {
    name: `${route.name}_${suffix}`,
    re: `^${segment}${suffix}${route.re.slice(1 + segment.length)}`,
    fmw: `/${segment}${suffix}${route.fmw.slice(1 + segment.length)}`,
    hono: `/${segment}${suffix}${route.hono.slice(1 + segment.length)}`,
  };
}

/** The Socket.IO route, `size - 2` app routes (copies of the shared ones), the catch-all. */
function tableOf(size: number): { routes: SharedRoute[]; copies: number } {
  const routes = [socketio];
  for (let i = 0; routes.length < size - 1; i++) routes.push(varied(appRoutes[i % appRoutes.length] as SharedRoute, Math.floor(i / appRoutes.length)));
  routes.push(fallback);
  return { routes, copies: Math.max(1, Math.floor((size - 2) / appRoutes.length)) };
}

/** A request set over a table of `copies` complete copies: the set once per sampled copy (first, middle, last). */
function requestsOf(set: readonly string[], copies: number): string[] {
  const sampled = [...new Set([0, Math.floor((copies - 1) / 2), copies - 1])];
  return sampled.flatMap((copy) =>
    set.map((path) => {
      const segment = firstSegment(path);
      return copy === 0 || !appSegments.has(segment) ? path : `${segment}${copy}${path.slice(segment.length)}`;
    }),
  );
}

function compileAll(routes: readonly SharedRoute[]): CompiledPattern[] {
  return routes.map((route) => {
    const result = compilePattern("re_path", pythonRegex(route.re), { endpoint: true });
    if (!result.ok) throw new Error(`${route.name}: ${result.error.message}`);
    return result.pattern;
  });
}

function tableContender(name: string, matcher: TableMatcher, routes: readonly SharedRoute[], paths: string[]): Contender {
  return {
    name,
    paths,
    lookup: (path) => matcher.match(path),
    routeName: (path) => {
      const found = matcher.match(path);
      return found === null ? undefined : routes[found.index]?.name;
    },
  };
}

const CONTENDERS = ["sio", "sio-no-combine", "combined", "linear", "find-my-way", "hono-regexp", "hono-trie"] as const;
type ContenderName = (typeof CONTENDERS)[number];

/** Builds one router over `routes` (only that one: the others' code stays cold in this process). */
function contenderOf(name: ContenderName, routes: readonly SharedRoute[], paths: string[]): Contender {
  const slashed = paths.map((path) => `/${path}`);
  // Hono's app strips the trailing slash before its router runs (strict: false); done ahead here.
  const honoPaths = slashed.map((path) => (path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path));
  switch (name) {
    case "sio":
      return tableContender(name, compileTable(compileAll(routes)), routes, paths);
    case "sio-no-combine":
      return tableContender(name, compileTable(compileAll(routes), { combine: false }), routes, paths);
    case "combined":
      return tableContender(name, compileTable(compileAll(routes), { dispatch: false }), routes, paths);
    case "linear": {
      const patterns = compileAll(routes);
      const linear = (path: string): number => {
        for (let i = 0; i < patterns.length; i++) if (matchPattern(patterns[i] as CompiledPattern, path) !== null) return i;
        return -1;
      };
      return { name, paths, lookup: linear, routeName: (path) => routes[linear(path)]?.name };
    }
    case "find-my-way": {
      const fmw = FindMyWay({ ignoreTrailingSlash: true });
      for (const route of routes) fmw.on("GET", route.fmw, () => undefined, { name: route.name });
      return {
        name,
        paths: slashed,
        lookup: (path) => fmw.find("GET", path),
        routeName: (path) => (fmw.find("GET", path)?.store as { name: string } | undefined)?.name,
      };
    }
    case "hono-regexp": {
      const router = new RegExpRouter<string>();
      for (const route of routes) router.add("GET", route.hono, route.name);
      return { name, paths: honoPaths, lookup: (path) => router.match("GET", path), routeName: (path) => router.match("GET", path)[0][0]?.[0] };
    }
    case "hono-trie": {
      const router = new TrieRouter<string>();
      for (const route of routes) router.add("GET", route.hono, route.name);
      return { name, paths: honoPaths, lookup: (path) => router.match("GET", path), routeName: (path) => router.match("GET", path)[0][0]?.[0] };
    }
  }
}

const SETS = ["mix", "fallbackOnly"] as const;
type SetName = (typeof SETS)[number];

interface Workload {
  routes: SharedRoute[];
  requests: Record<SetName, string[]>;
}

function workloadOf(size: number): Workload {
  const { routes, copies } = tableOf(size);
  return { routes, requests: { mix: requestsOf(shared.mix, copies), fallbackOnly: requestsOf(shared.fallbackOnly, copies) } };
}

/**
 * Where each router sends the requests, against the linear scan: sio's
 * variants must agree (or the run stops); peers with other semantics may
 * not, and that is printed.
 */
function checkRouting({ routes, requests }: Workload): string[] {
  const notes: string[] = [];
  for (const set of SETS) {
    const reference = contenderOf("linear", routes, requests[set]);
    const expected = reference.paths.map((path) => reference.routeName(path));
    for (const name of CONTENDERS) {
      const contender = contenderOf(name, routes, requests[set]);
      const disagree = contender.paths.filter((path, i) => contender.routeName(path) !== expected[i]);
      if (disagree.length === 0) continue;
      if (name.startsWith("sio") || name === "combined") throw new Error(`${name} disagrees with the linear scan on ${disagree.join(", ")}`);
      notes.push(`${set}: ${name} routes ${disagree.length}/${contender.paths.length} requests elsewhere (${disagree.slice(0, 3).join(", ")})`);
    }
  }
  return notes;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

type Pass = () => void;

/**
 * One pass over the paths. Each contender gets its own compiled loop (a new
 * function, so its own type feedback): a loop shared by all would see every
 * router's lookup at one call site and slow them all down alike.
 */
function passOf(contender: Contender): Pass {
  const makePass = new Function(
    "lookup",
    "paths",
    "sink",
    "return function pass() { for (let i = 0; i < paths.length; i++) sink(lookup(paths[i])); };",
  ) as (lookup: Contender["lookup"], paths: string[], sink: (value: unknown) => void) => Pass;
  return makePass(contender.lookup, contender.paths, do_not_optimize);
}

/**
 * The process's CPU time in ns. On a shared 2-core machine wall time mostly
 * measures the other processes; CPU time charges each router its own work
 * (its garbage collection included).
 */
function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1e3;
}

async function nsPerLookup(pass: Pass, paths: number): Promise<number> {
  const stats = await measure(pass, { min_cpu_time: MEASURE_MS * 1e6, now: cpuNow });
  return stats.p50 / paths;
}

const fmt = (ns: number): string => (ns >= 100 ? ns.toFixed(0) : ns.toFixed(1));

/** In a child process: one router over one table, one measurement of each set per request from the parent. */
async function serveMeasurements(name: ContenderName, size: number): Promise<void> {
  const { routes, requests } = workloadOf(size);
  const runs = SETS.map((set) => {
    const contender = contenderOf(name, routes, requests[set]);
    return { set, pass: passOf(contender), count: contender.paths.length };
  });
  process.on("message", (message: "measure" | "done") => {
    if (message === "done") {
      process.disconnect();
      return;
    }
    void (async () => {
      const sample: Partial<Record<SetName, number>> = {};
      for (const run of runs) sample[run.set] = await nsPerLookup(run.pass, run.count);
      process.send?.(sample);
    })();
  });
  process.send?.("ready");
}

interface Measured {
  name: ContenderName;
  size: number;
  routes: number;
  child: ChildProcess;
  samples: Record<SetName, number[]>;
}

/** The child's next message (or its early exit, as an error). */
function reply<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`a benchmark process exited early (code ${code})`));
    child.once("exit", onExit);
    child.once("message", (message) => {
      child.off("exit", onExit);
      resolve(message as T);
    });
  });
}

function printTable(set: SetName, routeCount: number, requests: number, rows: readonly Row[]): void {
  const of = (name: string): number => rows.find((row) => row.name === name)?.ns_per_lookup ?? Number.NaN;
  const sio = of("sio");
  console.log(`\n${set}, ${routeCount} routes, ${requests} requests per pass, median of ${REPS} repetitions (CPU ns/lookup)`);
  console.log(`${"router".padEnd(16)}${"median".padStart(10)}${"min–max".padStart(18)}${"sio/this".padStart(11)}`);
  for (const row of rows) {
    const spread = `${fmt(row.min)}–${fmt(row.max)}`;
    console.log(`${row.name.padEnd(16)}${fmt(row.ns_per_lookup).padStart(10)}${spread.padStart(18)}${(sio / row.ns_per_lookup).toFixed(2).padStart(11)}`);
  }
  console.log(`sio/find-my-way ${(sio / of("find-my-way")).toFixed(2)}, sio/linear ${(sio / of("linear")).toFixed(2)}`);
}

const childRole = process.env.BENCH_CHILD;
if (childRole !== undefined) {
  const { name, size } = JSON.parse(childRole) as { name: ContenderName; size: number };
  await serveMeasurements(name, size);
} else {
  console.log(
    `bench:match — Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown CPU"}), load ${loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")}`,
  );
  const notes = new Map<number, string[]>();
  const measured: Measured[] = [];
  for (const size of SIZES) {
    const workload = workloadOf(size);
    notes.set(size, checkRouting(workload));
    for (const name of CONTENDERS) {
      const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        env: { ...process.env, BENCH_CHILD: JSON.stringify({ name, size }) },
      });
      measured.push({ name, size, routes: workload.routes.length, child, samples: { mix: [], fallbackOnly: [] } });
    }
  }
  try {
    await Promise.all(measured.map(({ child }) => reply<"ready">(child)));
    for (let rep = 0; rep < REPS; rep++) {
      for (let k = 0; k < measured.length; k++) {
        const entry = measured[(rep * 3 + k) % measured.length] as Measured;
        const answer = reply<Record<SetName, number>>(entry.child);
        entry.child.send("measure");
        const sample = await answer;
        for (const set of SETS) entry.samples[set].push(sample[set]);
      }
      process.stdout.write(`repetition ${rep + 1}/${REPS} done\n`);
    }
  } finally {
    for (const { child } of measured) if (child.connected) child.send("done");
  }
  const rowsOf = ({ name, routes, samples }: Measured): Row[] =>
    SETS.map((set) => ({
      name,
      set,
      routes,
      ns_per_lookup: median(samples[set]),
      min: Math.min(...samples[set]),
      max: Math.max(...samples[set]),
    }));
  const rows: Row[] = [];
  for (const size of SIZES) {
    const sizeRows = measured.filter((entry) => entry.size === size).flatMap(rowsOf);
    const requests = workloadOf(size).requests;
    for (const set of SETS) {
      printTable(
        set,
        tableOf(size).routes.length,
        requests[set].length,
        sizeRows.filter((row) => row.set === set),
      );
    }
    for (const note of notes.get(size) ?? []) console.log(`note: ${note}`);
    rows.push(...sizeRows);
  }
  const base = (set: string): number => rows.find((row) => row.name === "sio" && row.set === set && row.routes === SIZES[0])?.ns_per_lookup ?? Number.NaN;
  console.log(`\nsio at each size / sio at ${SIZES[0]} routes:`);
  for (const row of rows.filter((r) => r.name === "sio")) {
    console.log(`  ${row.set.padEnd(13)} ${String(row.routes).padStart(5)} routes: ${(row.ns_per_lookup / base(row.set)).toFixed(2)}×`);
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(`${RESULTS}match.json`, `${JSON.stringify({ rows }, null, 2)}\n`);
  console.log(`\nwrote ${RESULTS}match.json`);
}
