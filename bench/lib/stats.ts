/**
 * Summaries, tables and result files shared by the benchmarks.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("summarize: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/**
 * Runs `measure` `reps` times for every peer, the peers taking turns and the
 * order rotating every repetition, so a change in the machine's load hits
 * them alike. The runs of one repetition are adjacent in time.
 */
export async function alternate<P, T>(peers: readonly P[], reps: number, measure: (peer: P) => Promise<T>): Promise<Map<P, T[]>> {
  const runs = new Map<P, T[]>(peers.map((peer) => [peer, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (let k = 0; k < peers.length; k++) {
      const peer = peers[(rep + k) % peers.length]!;
      runs.get(peer)!.push(await measure(peer));
    }
  }
  return runs;
}

/** A ratio of two peers' medians, with a 95 % bootstrap interval. */
export interface RatioEstimate {
  ratio: number;
  low: number;
  high: number;
}

const RESAMPLES = 2_000;

/**
 * median(figure over `runs`) / median(figure over `baseline`), and the 2.5th
 * and 97.5th percentiles of that ratio over repetitions drawn with
 * replacement (a repetition's two runs, adjacent in time, are drawn
 * together), from a fixed seed so the same runs always give the same
 * interval. A ratio of medians rather than a median of per-repetition
 * ratios: the runs of a repetition vary independently on this kind of
 * machine (±25 % at a fixed rate), and dividing them first adds both
 * variances to every ratio.
 */
export function compareMedians<T>(runs: readonly T[], baseline: readonly T[], figure: (run: T) => number): RatioEstimate {
  const count = Math.min(runs.length, baseline.length);
  if (count === 0) throw new Error("compareMedians: no runs");
  const values = runs.slice(0, count).map(figure);
  const base = baseline.slice(0, count).map(figure);
  const ratio = summarize(values).median / summarize(base).median;
  let seed = 0x9e3779b9;
  const next = (): number => {
    // xorshift32: reproducible, and plenty for picking repetitions.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % count;
  };
  const resampled: number[] = [];
  const pickedValues = new Array<number>(count);
  const pickedBase = new Array<number>(count);
  for (let round = 0; round < RESAMPLES; round++) {
    for (let k = 0; k < count; k++) {
      const rep = next();
      pickedValues[k] = values[rep]!;
      pickedBase[k] = base[rep]!;
    }
    resampled.push(summarize(pickedValues).median / summarize(pickedBase).median);
  }
  resampled.sort((a, b) => a - b);
  return { ratio, low: resampled[Math.floor(0.025 * RESAMPLES)]!, high: resampled[Math.ceil(0.975 * RESAMPLES) - 1]! };
}

/** A median itself with its 95 % bootstrap interval (against a constant baseline), for absolute targets. */
export function estimateMedian(values: readonly number[]): RatioEstimate {
  return compareMedians(values, values.map(() => 1), (value) => value);
}

/** The same comparison the other way up (bare/sio from sio/bare). */
export function invert(estimate: RatioEstimate): RatioEstimate {
  return { ratio: 1 / estimate.ratio, low: 1 / estimate.high, high: 1 / estimate.low };
}

/** "0.985× (95 % CI 0.951–1.020×)". */
export function formatEstimate(estimate: RatioEstimate): string {
  return `${formatRatio(estimate.ratio)} (95 % CI ${estimate.low.toFixed(3)}–${formatRatio(estimate.high)})`;
}

/**
 * Whether an estimate meets a target it must reach (`at least`) or stay
 * under (`at most`), saying when the interval straddles the target: the
 * difference is then within what this machine can resolve.
 */
export function verdict(estimate: RatioEstimate, target: number, direction: "at least" | "at most"): string {
  const good = (value: number) => (direction === "at least" ? value >= target : value <= target);
  const bound = `target ${direction === "at least" ? "≥" : "≤"} ${target}`;
  if (good(estimate.low) && good(estimate.high)) return `${bound}: met`;
  if (!good(estimate.low) && !good(estimate.high)) return `${bound}: NOT met`;
  return `${bound}: ${good(estimate.ratio) ? "met" : "NOT met"} by the median, the interval includes the target (within this machine's noise)`;
}

/** A process using at least this share of its core is saturated. */
const SATURATED = 0.9;

/** Which process limited a load run: the one at ≥ 90 % of its core, else neither (both waited for CPU other processes held). */
export function bottleneck(serverLoad: number, clientLoad: number): string {
  if (serverLoad >= SATURATED) return "server";
  if (clientLoad >= SATURATED) return "client";
  return "neither (CPU shared with other processes)";
}

/** "12,345 (12,001–12,870)": a median with its spread, in the unit's precision. */
export function formatSummary(summary: Summary, digits = 0): string {
  return `${formatNumber(summary.median, digits)} (${formatNumber(summary.min, digits)}–${formatNumber(summary.max, digits)})`;
}

export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(3)}×`;
}

/** A plain-text table: first column left-aligned, the others right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

export const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

/** Writes `bench/results/<name>.json`; returns its path. */
export function writeResults(name: string, data: object): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}${name}.json`;
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
