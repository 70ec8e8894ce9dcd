/**
 * The test runner behind `npm test`: uvu's own file discovery and runner,
 * then a bounded exit. uvu leaves the process to end by itself, which a
 * server or timer left open by a failing test would prevent; here the process
 * ends at most EXIT_GRACE_MS after the last test, naming what kept it alive.
 *
 *   node --conditions=@sio-router/source --import tsx tests/run.ts [pattern] [--bail]
 */
import { parse } from "uvu/parse";
import { run } from "uvu/run";

const EXIT_GRACE_MS = 5_000;
const DEFAULT_PATTERN = "(grammar|generator|runtime|cli|lsp|editors|tests)/.*\\.test\\.ts$";
const IGNORE = ["node_modules", "dist"];

// The tests run the TypeScript sources; without the condition the toolchain's imports of
// @sio-router/runtime would load its dist/, which may be older than the sources.
if (!import.meta.resolve("@sio-router/runtime").endsWith(".ts")) {
  console.error("run the tests with node --conditions=@sio-router/source --import tsx tests/run.ts (npm test does)");
  process.exit(2);
}

const args = process.argv.slice(2);
const bail = args.includes("--bail");
const pattern = args.find((arg) => !arg.startsWith("--")) ?? DEFAULT_PATTERN;

const { suites } = await parse(".", pattern, { ignore: IGNORE });
if (suites.length === 0) {
  console.error(`no test file matches ${pattern}`);
  process.exit(1);
}
await run(suites, { bail });

setTimeout(() => {
  const left = process.getActiveResourcesInfo().filter((kind) => !["Timeout", "PipeWrap", "TTYWrap"].includes(kind));
  console.error(`tests finished, but the process was kept alive by: ${left.join(", ") || "timers"}; exiting`);
  process.exit(process.exitCode ?? 0);
}, EXIT_GRACE_MS).unref();
