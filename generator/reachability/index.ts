/**
 * Exact reachability on automata for one URLRouter table (rules SIO101 and
 * SIO105): which routes are made unreachable by earlier ones, which earlier
 * route first takes a route's paths (with a witness path), and whether a
 * table can fall through. Pure: plain `CompiledPattern`s in, plain data out.
 *
 * Each pattern becomes an NFA of the paths it captures (search semantics on
 * `regexSource`, which already anchors Django's full match; assertions
 * resolved; see `language.ts`), cached per (alphabet, flags, regex source).
 * Constructs beyond automata (unresolvable backreferences and lookarounds)
 * yield an explicit `undecidable` reason, never a guess; a superset language
 * still lets such a route be proven disjoint from others.
 *
 * Where the time goes, and why it is cheap (`parse.ts`, `charsets.ts`,
 * `automaton.ts`): Python's `\d` and `\w` arrive as `\p{Nd}` and
 * `[\p{L}\p{N}_]`, sets of hundreds of ranges. Each distinct character set
 * is computed once and shared by every pattern (refa's parser recomputed
 * them per pattern: most of the old cost); overlaps are a depth-first
 * search of the product of two NFAs with memoised label tests on those
 * shared sets, with no DFA and no product automaton built.
 *
 * Complexity, n routes, for `analyzeTable`:
 * - languages: O(n) constructions, each linear in the pattern (regexpp
 *   parse, tree translation, NFA; no DFA), bounded by `MAX_NODES` states
 *   (beyond that: undecidable, "too complex");
 * - candidate pairs: earlier capturing routes are indexed in a trie by their
 *   required literal prefix; a route is only compared with routes whose
 *   prefix is a prefix of its own or extends it (others provably share no
 *   path), about 1.3 candidates a route on the benchmark tables;
 * - overlap: O(|A|·|B|) pairs of states at most (bounded; beyond it:
 *   undecidable), in practice the common literal prefix and a few more
 *   (~18 pairs, ~7 µs a test);
 * - containment: one union DFA per route, over just the earlier routes that
 *   overlap it (usually none or one), never over the whole table;
 * - witnesses: a table's catch-all overlaps every earlier route; its "still
 *   reaches" path is found by testing its shortest paths against the
 *   overlapping routes before any union automaton is built.
 * Worst case is quadratic (every route unanchored, e.g. `chat/`, `api/`: no
 * prefix to index), but realistic tables (anchored `^prefix/...` routes) stay
 * linear.
 *
 * Figures: CPU time, medians of repeated runs on fresh patterns (cold:
 * languages built), 2 cores shared with other jobs (load 4-13), before ->
 * after this engine's character-set sharing and product search:
 * - `bench.ts` (the shared route table, Python `\d`/`\w`): 1,000 routes cold
 *   177-221 -> 60-63 ms (60 µs a route: regexpp parse ~12, translation and
 *   NFA ~15, overlap tests ~7, the rest mostly GC), warm 30-41 -> 13-14 ms;
 *   100 routes 17-20 -> 5-7 ms; 10,000 routes 1.8-2.0 -> 0.75 s (the last
 *   tenfold costs ~12x: GC over the larger heap of cached languages). The
 *   naive peer (every pair, same exact test) takes 0.5-0.6 s at 1,000.
 * - `npm run bench:lint` (`bench/lint-spec.ts`, 1,000 routes): reachability
 *   80-126 -> 36-50 ms of CPU, all rules 84-127 -> 43-62 ms; the lint phase
 *   on a quiet machine 96 -> 51 ms (10,000 routes: 1,164 -> 543 ms).
 */
export {
  acceptsPath,
  isUndecidable,
  languageOf,
  shortestPaths,
  type Alphabet,
  type PathLanguage,
  type Undecidable,
} from "./language.js";
export {
  SOCKET_IO_CLIENT_PATH,
  analyzeTable,
  coversEverything,
  firstOverlap,
  decideByPaths,
  sharedPath,
  type Overlap,
  type PathDecision,
  type OverlapOptions,
  type RouteReachability,
  type TableAnalysis,
  type TableRoute,
} from "./table.js";
