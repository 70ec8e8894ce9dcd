/**
 * Exact reachability on automata for one URLRouter table (rules SIO101 and
 * SIO105): which routes are made unreachable by earlier ones, which earlier
 * route first takes a route's paths (with a witness path), and whether a
 * table can fall through. Pure: plain `CompiledPattern`s in, plain data out.
 *
 * Each pattern becomes a minimal DFA of the paths it captures (full match or
 * search semantics, assertions resolved; see `language.ts`), built with refa
 * and cached per (mode, alphabet, flags, regex source). Constructs beyond
 * automata (unresolvable backreferences and lookarounds) yield an explicit
 * `undecidable` reason, never a guess; a superset language still lets such a
 * route be proven disjoint from others.
 *
 * Complexity, n routes, for `analyzeTable`:
 * - languages: O(n) constructions (one parse + NFA + DFA minimisation each,
 *   bounded by `MAX_NODES` states; beyond that: undecidable, "too complex");
 * - candidate pairs: earlier capturing routes are indexed in a trie by their
 *   required literal prefix; a route is only compared with routes whose
 *   prefix is a prefix of its own or extends it, then a cheap test on the
 *   required leading/trailing character sets drops most of those, and only
 *   the survivors get an exact product-automaton emptiness test;
 * - containment: one union DFA per route, over just the earlier routes that
 *   intersect it (usually none or one), never over the whole table.
 * - witnesses: a table's catch-all overlaps every earlier route; its "still
 *   reaches" path is found by testing its shortest paths against the
 *   overlapping routes before any union automaton is built.
 * Worst case is quadratic (every route unanchored, e.g. `chat/`, `api/`: no
 * prefix to index), but realistic tables (anchored `^prefix/...` routes) stay
 * near-linear. `bench.ts` on the shared route table, 2 cores shared with
 * other jobs (load ~7): 1,000 routes in ~220 ms cold (languages built; the
 * regex parse is most of it, ~150-200 µs a route) and ~27 ms warm (languages
 * cached), 257x faster than all-pairs; 10,000 routes ~1.5 s cold, ~0.25 s warm.
 * On `bench/lint-spec.ts` tables (1,000 routes, Python `\w` translated to
 * `[\p{L}\p{N}_]`) all tables take ~135-200 ms of CPU cold: refa's parse of
 * the large Unicode classes and product tests over them dominate.
 */
export {
  acceptsPath,
  isUndecidable,
  languageOf,
  type Alphabet,
  type PathLanguage,
  type Undecidable,
} from "./language.js";
export {
  SOCKET_IO_CLIENT_PATH,
  analyzeTable,
  coversEverything,
  firstOverlap,
  type Overlap,
  type OverlapOptions,
  type RouteReachability,
  type TableAnalysis,
  type TableRoute,
} from "./table.js";
