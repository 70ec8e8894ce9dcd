/**
 * Micro-benchmark of the reachability engine on generated, realistic tables:
 * the patterns of /work/shared/bench/route-table.json (shared/bench in the
 * workspace) repeated under varied prefixes (`^t3/api/v1/users/…`), the
 * Socket.IO route first and the catch-all last, compiled by the real
 * matching module.
 *
 *   node --conditions=source --import tsx generator/reachability/bench.ts [path/to/route-table.json]
 *
 * Prints, per table size: language construction (cold: fresh sources),
 * `analyzeTable` (cold and warm: languages cached), `firstOverlap` for the
 * Socket.IO route and `coversEverything`; beside them, the naive peer (every
 * route against every earlier one, exact automata, no index or filters) and
 * the ratio.
 */
import { readFileSync } from "node:fs";
import { isDisjointWith } from "refa";
import { compilePattern } from "../../runtime/matching/index.js";
import { analyzeTable, coversEverything, firstOverlap, isUndecidable, languageOf, type TableRoute } from "./index.js";

interface BenchRoute {
  name: string;
  re: string;
}

const file = process.argv[2] ?? new URL("../../../shared/bench/route-table.json", import.meta.url).pathname;
const table = JSON.parse(readFileSync(file, "utf8")) as { routes: BenchRoute[] };
const socketio = table.routes.find((r) => r.name === "socketio")!;
const catchAll = table.routes.find((r) => r.re === "")!;
const appRoutes = table.routes.filter((r) => r !== socketio && r !== catchAll);

let round = 0;

/** `size` routes: Socket.IO first, app routes under `t<k>/` prefixes, catch-all last. */
function generate(size: number): TableRoute[] {
  round++;
  const sources = [socketio.re];
  for (let k = 0; sources.length < size - 1; k++) {
    for (const route of appRoutes) {
      if (sources.length >= size - 1) break;
      // The table is written in JavaScript syntax; Channels users write Python named groups.
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

function time<T>(run: () => T): [T, number] {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
}

function naive(routes: readonly TableRoute[]): number {
  let overlaps = 0;
  const languages = routes.map((r) => languageOf(r.pattern));
  for (let j = 0; j < languages.length; j++) {
    const mine = languages[j]!;
    if (isUndecidable(mine)) continue;
    for (let i = 0; i < j; i++) {
      const theirs = languages[i]!;
      if (!isUndecidable(theirs) && !isDisjointWith(mine.dfa, theirs.dfa)) overlaps++;
    }
  }
  return overlaps;
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

// Warm the JIT on a separate table so the first size is not charged for it.
analyzeTable(generate(200));

console.log("routes | languages (cold) | analyzeTable cold | warm | per route (cold) | firstOverlap | coversEverything | naive peer (warm) | peer/ours");
for (const size of [100, 1_000, 10_000]) {
  const routes = generate(size);
  const [, languages] = time(() => routes.forEach((r) => languageOf(r.pattern)));
  const fresh = generate(size);
  const [analysis, cold] = time(() => analyzeTable(fresh));
  const [, warm] = time(() => analyzeTable(fresh));
  const [overlap, first] = time(() => firstOverlap(fresh, 0));
  const [covers, cover] = time(() => coversEverything(fresh));
  const unreachable = analysis.routes.filter((r) => r.unreachable).length;
  if (unreachable !== 0 || overlap !== null || !covers) throw new Error("unexpected analysis result");
  let peer = "skipped (quadratic)";
  let ratio = "";
  if (size <= 1_000) {
    const [, naiveTime] = time(() => naive(fresh));
    peer = ms(naiveTime);
    ratio = `${(naiveTime / warm).toFixed(1)}x`;
  }
  console.log(
    [size, ms(languages), ms(cold), ms(warm), `${((cold / size) * 1000).toFixed(0)} µs`, ms(first), ms(cover), peer, ratio].join(
      " | ",
    ),
  );
}
