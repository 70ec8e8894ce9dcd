/** Seeded material for random route patterns shaped like the benchmark table's (bench/route-table.json). */
import { readFileSync } from "node:fs";

/** A seeded generator in [0, 1) (mulberry32), so a failure can be replayed. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Path segments of the benchmark table's routes (`api/`, `users/`,
 * `(?P<id>\d+)/?`, `(?P<org>[\w-]+)/`…) in the Python syntax Channels users
 * write, plus a few constructs the table lacks (alternation, `\b`, optional
 * groups, `\Z`, a negated class).
 */
export function segments(): string[] {
  const file = new URL("../../../bench/route-table.json", import.meta.url);
  const table = JSON.parse(readFileSync(file, "utf8")) as { routes: Array<{ re: string }> };
  const found = new Set<string>(["(?:v1|v2)/", "\\b", "(?:x/)?", "[^/]+", "\\Z", "(?P<n>\\d{2,4})", "\\.json", ""]);
  for (const { re } of table.routes) {
    for (const part of re.replace(/^\^|\$$/g, "").split(/(?<=\/\??)/)) found.add(part.replaceAll("(?<", "(?P<"));
  }
  return [...found];
}
