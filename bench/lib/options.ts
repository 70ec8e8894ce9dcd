/**
 * Command-line options every load benchmark takes:
 *   --quick         shorter runs, and fewer repetitions where a benchmark says so
 *   --reps N        repetitions per peer (default 5)
 *   --duration S    seconds per measured run
 *   --only A,B      run only these scenarios (where a benchmark has several)
 */
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";

export interface BenchOptions {
  quick: boolean;
  reps: number;
  /** Seconds per measured run. */
  duration: number;
  /** Scenario keys to run; undefined: all. */
  only: ReadonlySet<string> | undefined;
}

export function benchOptions(defaults: { reps: number; quickReps?: number; duration: number; quickDuration: number }): BenchOptions {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, reps: { type: "string" }, duration: { type: "string" }, only: { type: "string" } },
    strict: true,
  });
  const quick = values.quick === true;
  const reps = values.reps === undefined ? (quick ? (defaults.quickReps ?? defaults.reps) : defaults.reps) : Number(values.reps);
  const duration = values.duration === undefined ? (quick ? defaults.quickDuration : defaults.duration) : Number(values.duration);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer, got ${values.reps}`);
  if (values.duration !== undefined && !(duration > 0)) throw new Error(`--duration must be a positive number of seconds, got ${values.duration}`);
  const only = values.only === undefined ? undefined : new Set(values.only.split(",").map((key) => key.trim()));
  return { quick, reps, duration, only };
}

/** "Node v20.x, 2 cores, load average 1.2 0.9 0.7": the conditions a figure was measured under. */
export function machineLine(): string {
  return `Node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(" ")}`;
}
