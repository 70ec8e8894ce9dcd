/**
 * `npm run bench`: every benchmark, one after the other, each in its own
 * process (so none inherits another's JIT state or heap), each printing its
 * own table and writing `bench/results/<name>.json`:
 *   match     route lookup: the generated matcher against find-my-way, Hono and the linear scan
 *   http      a tiny listener on bare Node, through serve() and the seed stack, on Express
 *   sio       bare socket.io against the same consumer through serve() and the seed stacks
 *   tools     sio lint / sio generate over 100, 1,000 and 10,000 routes
 *   lint      parse, bind and lint phases (bench/lint.ts)
 *   generate  sio generate phases, whole process (bench/generate.ts)
 *   lsp       sio lsp: start to first diagnostics, diagnostics after an edit (bench/lsp.ts)
 * `lint` and `generate` print medians only; their tables are parsed into
 * bench/results/<name>.json as they are (min and max come from `tools`).
 *
 *   npm run bench [-- --quick] [-- --only http,sio]
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { machineLine } from "./lib/options.js";
import { parseMedianTable } from "./lib/median-table.js";
import { formatTable, writeResults } from "./lib/stats.js";

interface Benchmark {
  name: string;
  script: string;
  /** Takes --quick (the others are bounded already; RUNS lowers their repetitions). */
  quickFlag: boolean;
  /** Prints a medians table to be saved by this script. */
  parseTable: boolean;
}

const BENCHMARKS: readonly Benchmark[] = [
  { name: "match", script: "match.ts", quickFlag: false, parseTable: false },
  { name: "http", script: "http.ts", quickFlag: true, parseTable: false },
  { name: "sio", script: "sio.ts", quickFlag: true, parseTable: false },
  { name: "tools", script: "tools.ts", quickFlag: true, parseTable: false },
  { name: "lint", script: "lint.ts", quickFlag: false, parseTable: true },
  { name: "generate", script: "generate.ts", quickFlag: false, parseTable: true },
  { name: "lsp", script: "lsp.ts", quickFlag: true, parseTable: false },
];

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false }, only: { type: "string" } }, strict: true });
const only = values.only === undefined ? undefined : new Set(values.only.split(",").map((name) => name.trim()));
const unknown = [...(only ?? [])].filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name));
if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}`);

/** Runs a benchmark, printing its output as it comes; resolves with its stdout and exit code. */
function run(benchmark: Benchmark): Promise<{ code: number | null; stdout: string }> {
  const script = fileURLToPath(new URL(`./${benchmark.script}`, import.meta.url));
  const args = ["--conditions=@sio-router/source", "--import", "tsx", script, ...(values.quick && benchmark.quickFlag ? ["--quick"] : [])];
  const env = values.quick && !benchmark.quickFlag ? { ...process.env, RUNS: "3" } : process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout }));
  });
}

const summary: string[][] = [];
let failed = false;
console.log(`npm run bench${values.quick ? " --quick" : ""} — ${machineLine()}`);
for (const benchmark of BENCHMARKS) {
  if (only !== undefined && !only.has(benchmark.name)) continue;
  console.log(`\n━━ ${benchmark.name} ━━`);
  if (!existsSync(new URL(`./${benchmark.script}`, import.meta.url))) {
    console.log(`bench/${benchmark.script} is missing: skipped`);
    summary.push([benchmark.name, "missing", "–", "–"]);
    continue;
  }
  const started = performance.now();
  const { code, stdout } = await run(benchmark);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  let results = `bench/results/${benchmark.name}.json`;
  if (code === 0 && benchmark.parseTable) {
    const rows = parseMedianTable(stdout);
    if (rows.length === 0) results = "(no table found in its output)";
    else writeResults(benchmark.name, { benchmark: benchmark.name, machine: machineLine(), note: `medians as printed by bench/${benchmark.script}; see tools.json for min–max`, rows });
  }
  if (code !== 0) failed = true;
  summary.push([benchmark.name, code === 0 ? "ok" : `failed (exit ${code})`, `${seconds} s`, code === 0 ? results : "–"]);
}
console.log("\n━━ summary ━━");
console.log(formatTable(["benchmark", "status", "time", "results"], summary));
process.exitCode = failed ? 1 : 0;
