/**
 * `npm run bench:tools`: the cost curve of `sio lint` and `sio generate` over
 * specs of 100, 1,000 and 10,000 routes (bench/lint-spec.ts: a Socket.IO
 * endpoint on both protocols, REST-like groups, half nested under prefix
 * routers, a catch-all), measured two ways:
 *   whole process  the built CLI (`node dist/cli/main.js lint|generate spec`), wall time and the process's CPU time
 *   in process     analyzeText() and generate() called again and again in one warm process
 * Every run gets fresh pattern texts (a per-run salt), so no cache serves a
 * measured run. The issue targets, re-checked here: 1,000 routes linted in
 * under 300 ms after start-up; 100 routes generated in under 1.5 s whole-process.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeText } from "../generator/analyze.js";
import { generate } from "../generator/generate.js";
import { generateSpec } from "./lint-spec.js";
import { benchOptions, machineLine } from "./lib/options.js";
import { formatNumber, formatSummary, formatTable, summarize, writeResults, type Summary } from "./lib/stats.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SIZES = [100, 1_000, 10_000];
const LINT_TARGET_MS = 300;
const GENERATE_TARGET_MS = 1_500;

const options = benchOptions({ reps: 5, duration: 0, quickDuration: 0 });
/** 10,000-route runs take seconds each: fewer of them unless --reps says otherwise. */
const repsFor = (size: number): number => (process.argv.includes("--reps") ? options.reps : size >= 10_000 ? (options.quick ? 1 : 3) : options.quick ? 3 : options.reps);

const folder = path.join(ROOT, "bench", `.tools-${process.pid}`);
const builtCli = path.join(ROOT, "dist", "cli", "main.js");
const cli = existsSync(builtCli)
  ? { args: [builtCli], label: "node dist/cli/main.js" }
  : { args: ["--conditions=@sio-router/source", "--import", "tsx", path.join(ROOT, "cli", "main.ts")], label: "node --import tsx cli/main.ts (dist/ not built: start-up includes compiling TypeScript)" };
const cpuReporter = fileURLToPath(new URL("./lib/report-cpu.mjs", import.meta.url));

/** A lint-clean spec in the scratch folder, importing the chat fixtures and a tiny `api` module. */
function writeSpec(size: number, salt: string): string {
  const file = path.join(folder, `routes-${size}-${salt}.sio`);
  writeFileSync(file, generateSpec(size, salt).replaceAll('"./fixtures/chat/', '"../../fixtures/chat/'));
  return file;
}

interface Timing {
  wall: number;
  cpu: number;
}

/** One CLI process; wall time from here, CPU time reported by the process itself on exit. */
function runCli(command: "lint" | "generate", spec: string): Timing {
  const cpuFile = path.join(folder, "cpu.txt");
  rmSync(cpuFile, { force: true });
  const started = performance.now();
  const child = spawnSync(process.execPath, ["--import", cpuReporter, ...cli.args, command, spec], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, BENCH_CPU_FILE: cpuFile, NO_COLOR: "1" },
  });
  const wall = performance.now() - started;
  if (child.status !== 0) throw new Error(`sio ${command} ${spec} exited ${child.status}: ${child.stdout}${child.stderr}`);
  return { wall, cpu: Number(readFileSync(cpuFile, "utf8")) / 1000 };
}

function lintInProcess(spec: string): Timing {
  const text = readFileSync(spec, "utf8");
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const analysis = analyzeText(spec, text);
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  if (analysis.diagnostics.some((diagnostic) => diagnostic.severity === "error")) throw new Error(`lint found errors in ${spec}`);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

async function generateInProcess(spec: string): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const result = await generate({ spec });
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  if (result.status !== "written") throw new Error(`generate ${spec}: ${result.status} ${result.error ?? ""}`);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

type Column = "lint_process" | "lint_in_process" | "generate_process" | "generate_in_process";
const COLUMNS: readonly Column[] = ["lint_process", "lint_in_process", "generate_process", "generate_in_process"];

mkdirSync(folder, { recursive: true });
try {
  writeFileSync(path.join(folder, "apps.ts"), `import type { IncomingMessage, ServerResponse } from "node:http";\n\nexport function api(_req: IncomingMessage, res: ServerResponse): void {\n  res.end("ok");\n}\n`);
  console.log(`bench:tools — sio lint and sio generate over ${SIZES.map((size) => formatNumber(size)).join(" / ")} routes, fresh patterns every run`);
  console.log(`${machineLine()}; CLI: ${cli.label}`);
  // Warm-up for the in-process columns: load the parser, rules, ts-morph and prettier once.
  lintInProcess(writeSpec(1_000, "warm"));
  await generateInProcess(writeSpec(100, "warm"));

  const results = new Map<number, Map<Column, { wall: Summary; cpu: Summary }>>();
  for (const size of SIZES) {
    const runs = new Map<Column, Timing[]>(COLUMNS.map((column) => [column, []]));
    for (let run = 0; run < repsFor(size); run++) {
      const spec = writeSpec(size, `r${run}`);
      runs.get("lint_process")!.push(runCli("lint", spec));
      runs.get("generate_process")!.push(runCli("generate", spec));
      runs.get("lint_in_process")!.push(lintInProcess(writeSpec(size, `l${run}`)));
      runs.get("generate_in_process")!.push(await generateInProcess(writeSpec(size, `g${run}`)));
    }
    results.set(size, new Map(COLUMNS.map((column) => [column, { wall: summarize(runs.get(column)!.map((t) => t.wall)), cpu: summarize(runs.get(column)!.map((t) => t.cpu)) }])));
  }

  const cell = (size: number, column: Column) => results.get(size)!.get(column)!;
  const rows = SIZES.map((size) => [
    `${formatNumber(size)} (${repsFor(size)} run${repsFor(size) === 1 ? "" : "s"})`,
    ...COLUMNS.flatMap((column) => [formatSummary(cell(size, column).wall), formatNumber(cell(size, column).cpu.median)]),
  ]);
  console.log();
  console.log(
    formatTable(
      [
        "routes",
        "lint process ms (min–max)",
        "cpu ms",
        "lint in-process ms (min–max)",
        "cpu ms",
        "generate process ms (min–max)",
        "cpu ms",
        "generate in-process ms (min–max)",
        "cpu ms",
      ],
      rows,
    ),
  );
  console.log("\ncost curve (growth of the median per 10× routes; linear is 10×) and cost per route at the largest size:");
  for (const column of COLUMNS) {
    const medians = SIZES.map((size) => cell(size, column).wall.median);
    const growth = medians.slice(1).map((median, i) => `${(median / medians[i]!).toFixed(1)}×`);
    const last = SIZES.length - 1;
    console.log(`  ${column.padEnd(20)} ${growth.join(", ").padEnd(12)} ${formatNumber((medians[last]! * 1000) / SIZES[last]!)} µs/route`);
  }
  const lint1000 = cell(1_000, "lint_in_process").wall.median;
  const generate100 = cell(100, "generate_process").wall.median;
  console.log(`\nlint, 1,000 routes in-process: ${formatNumber(lint1000)} ms — target < ${formatNumber(LINT_TARGET_MS)} ms: ${lint1000 < LINT_TARGET_MS ? "met" : "NOT met"}`);
  console.log(
    `generate, 100 routes whole-process: ${formatNumber(generate100)} ms (CPU ${formatNumber(cell(100, "generate_process").cpu.median)} ms) — target < ${formatNumber(GENERATE_TARGET_MS)} ms: ${generate100 < GENERATE_TARGET_MS ? "met" : "NOT met"}`,
  );

  writeResults("tools", {
    benchmark: "tools",
    machine: machineLine(),
    cli: cli.label,
    rows: SIZES.flatMap((size) =>
      COLUMNS.flatMap((column) => [
        { name: column, routes: size, metric: "wall_ms", runs: repsFor(size), ...cell(size, column).wall },
        { name: column, routes: size, metric: "cpu_ms", runs: repsFor(size), ...cell(size, column).cpu },
      ]),
    ),
    targets: [
      { name: "lint_in_process", routes: 1_000, target_ms: LINT_TARGET_MS, median: lint1000, met: lint1000 < LINT_TARGET_MS },
      { name: "generate_process", routes: 100, target_ms: GENERATE_TARGET_MS, median: generate100, met: generate100 < GENERATE_TARGET_MS },
    ],
  });
} finally {
  rmSync(folder, { recursive: true, force: true });
}
