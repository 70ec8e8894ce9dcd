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

/** The ratio `figure(run) / figure(baseline run)` per repetition (see `alternate`), summarized. */
export function ratioPerRepetition<T>(runs: readonly T[], baseline: readonly T[], figure: (run: T) => number): Summary {
  return summarize(runs.map((run, rep) => figure(run) / figure(baseline[rep]!)));
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
