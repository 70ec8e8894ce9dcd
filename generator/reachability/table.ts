/**
 * Reachability questions over one URLRouter table, in declaration order.
 * See `index.ts` for the complexity and how it is bounded.
 */
import { DFA, NFA, type ReadonlyWord } from "refa";
import { languagesMeet, shortestCommonWord, shortestWord } from "./automaton.js";
import { Budget, BudgetExceeded } from "./budget.js";
import { withFixedGroups } from "./fixed-groups.js";
import type { CompiledPattern } from "@sio-router/runtime/matching";
import {
  acceptsPath,
  isUndecidable,
  languageOf,
  nativeAlphabet,
  pickChar,
  routedPaths,
  stringToWord,
  wordToString,
  type Alphabet,
  type PathLanguage,
} from "./language.js";

export interface TableRoute {
  pattern: CompiledPattern;
  /**
   * Whether a path this pattern matches ends here: endpoints do; a prefix
   * route does only when its inner router has a catch-all (otherwise the
   * outer router goes on with the next route).
   */
  captures: boolean;
}

export interface RouteReachability {
  /** Proven: every path this route's pattern matches is captured by earlier routes. */
  unreachable: boolean;
  /**
   * Earlier capturing routes (indices, ascending) that capture some of this
   * route's paths. When `unreachable`, together they capture all of them.
   */
  shadowedBy: number[];
  /** The pattern matches no path at all (not a shadowing problem). */
  matchesNothing: boolean;
  /** With `matchesNothing`: it matches paths, but only paths starting with '/', which no router sees. */
  onlyLeadingSlash?: boolean;
  /** When some earlier route overlaps but not all is lost: a path that still reaches this route. */
  stillReaches?: string;
  /** Set when reachability could not be decided (then `unreachable` is false). */
  undecidable?: string;
  /**
   * Set when the analysis ran out of its budget (this route's pattern, or
   * the comparison with earlier routes, is too complex): nothing was decided.
   */
  skipped?: string;
  /**
   * With `undecidable`: the earlier route whose pattern could not be decided
   * (the reason then reads "earlier route N: …"); absent when it is this
   * route's own pattern.
   */
  undecidableRoute?: number;
}

export interface TableAnalysis {
  /** The alphabet the table was analysed in (UTF-16 when flags are mixed). */
  alphabet: Alphabet;
  routes: RouteReachability[];
}

export type Overlap =
  | { kind: "overlap"; earlier: number; witness: string }
  | { kind: "undecidable"; earlier: number; reason: string }
  /** The comparison with this earlier route ran out of its budget. */
  | { kind: "skipped"; earlier: number; reason: string };

export interface OverlapOptions {
  /**
   * Paths tried first as the witness, in order, when both routes capture
   * them; so a message can say "captures `socket.io/`" rather than the
   * shortest path. Default: the standard Socket.IO client path.
   */
  probes?: readonly string[];
  /** The first earlier route to consider (default 0): to go on after an undecided one. */
  from?: number;
}

/** The path the official Socket.IO clients request (after the router strips the leading `/`). */
export const SOCKET_IO_CLIENT_PATH = "socket.io/";

/** One route's languages: `exact` when decided, `upper` a superset (equal to `exact` when decided). */
interface Entry {
  exact: PathLanguage | null;
  upper: PathLanguage | null;
  reason: string | null;
  /** The pattern is beyond the budget of a language: `reason` says so. */
  overBudget: boolean;
}

function tableAlphabet(routes: readonly TableRoute[]): Alphabet {
  return routes.every((r) => nativeAlphabet(r.pattern) === "unicode") ? "unicode" : "utf16";
}

function entryOf(pattern: CompiledPattern, alphabet: Alphabet): Entry {
  const language = languageOf(pattern, alphabet);
  if (!isUndecidable(language)) return { exact: language, upper: language, reason: null, overBudget: false };
  return { exact: null, upper: language.superset ?? null, reason: language.undecidable, overBudget: language.overBudget === true };
}

/** Whether some path is in both languages; throws `BudgetExceeded` beyond the budget. */
function intersects(a: PathLanguage, b: PathLanguage, budget: Budget): boolean {
  if (a.empty || b.empty) return false;
  return languagesMeet(a.nfa, b.nfa, budget);
}

function spell(word: ReadonlyWord, alphabet: Alphabet): string {
  return wordToString(word, alphabet);
}

/**
 * Earlier capturing routes by literal prefix. Two routes whose prefixes
 * differ at some position (neither a prefix of the other) share no path, so
 * a lookup returns only routes whose prefix is a prefix of the query's or
 * extends it.
 */
class PrefixIndex {
  private readonly root = new TrieNode();

  insert(prefix: string, index: number): void {
    let node = this.root;
    node.below.push(index);
    for (const c of prefix) {
      let child = node.children.get(c);
      if (child === undefined) node.children.set(c, (child = new TrieNode()));
      node = child;
      node.below.push(index);
    }
    node.here.push(index);
  }

  candidates(prefix: string): number[] {
    const found: number[] = [];
    let node: TrieNode | undefined = this.root;
    for (const c of prefix) {
      found.push(...node.here);
      node = node.children.get(c);
      if (node === undefined) return found.sort((a, b) => a - b);
    }
    found.push(...node.below);
    return found.sort((a, b) => a - b);
  }
}

class TrieNode {
  readonly children = new Map<string, TrieNode>();
  /** Routes whose prefix ends here. */
  readonly here: number[] = [];
  /** Routes whose prefix ends here or further down. */
  readonly below: number[] = [];
}

/**
 * A path of `L(target) \ ∪ L(covers)`, or undefined when there is none
 * (target contained). The target's shortest path is tried first: against a
 * table's catch-all, the union of every earlier route would be costly and
 * the empty path already answers.
 */
function leftover(target: PathLanguage, covers: readonly PathLanguage[], budget: Budget): string | undefined {
  if (covers.some((c) => c.universal)) return undefined;
  const shortest = shortestWord(target.nfa, budget, pickChar);
  if (shortest === undefined) return undefined;
  if (!covers.some((c) => c.nfa.test(shortest))) return spell(shortest, target.alphabet);
  const union = NFA.empty({ maxCharacter: target.nfa.maxCharacter }, budget.nfaFactory("the union of earlier routes"));
  for (const cover of covers) union.union(cover.nfa);
  const outside = DFA.fromFA(union, budget.dfaFactory("the paths earlier routes leave"));
  outside.complement();
  const word = shortestCommonWord(target.nfa, outside, budget, pickChar);
  return word === undefined ? undefined : spell(word, target.alphabet);
}

/**
 * For each route, whether earlier capturing routes make it unreachable, and
 * which of them take part. Each route's comparison has a budget of its own.
 */
export function analyzeTable(routes: readonly TableRoute[]): TableAnalysis {
  const alphabet = tableAlphabet(routes);
  const entries = routes.map((r) => entryOf(r.pattern, alphabet));
  const index = new PrefixIndex();
  /** Earlier capturing routes with no superset language: they might capture anything. */
  const opaque: number[] = [];
  const results = entries.map((entry, j) => {
    let result: RouteReachability;
    try {
      result = reachability(entry, entries, index, opaque, new Budget());
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      result = { unreachable: false, shadowedBy: [], matchesNothing: false, skipped: tooComplex(error, "comparing it with the earlier routes") };
    }
    if (routes[j]!.captures) {
      if (entry.upper === null) opaque.push(j);
      else index.insert(entry.upper.prefix, j);
    }
    return result;
  });
  return { alphabet, routes: results };
}

function reachability(
  entry: Entry,
  entries: readonly Entry[],
  index: PrefixIndex,
  opaque: readonly number[],
  budget: Budget,
): RouteReachability {
  const { upper } = entry;
  const notDecided = (reason: string, shadowedBy: number[] = []): RouteReachability => ({
    unreachable: false,
    shadowedBy,
    matchesNothing: false,
    undecidable: reason,
  });
  if (entry.overBudget) return { unreachable: false, shadowedBy: [], matchesNothing: false, skipped: entry.reason! };
  if (upper === null) return notDecided(entry.reason ?? "undecidable");
  if (upper.empty) {
    if (entry.exact === null) return { unreachable: false, shadowedBy: [], matchesNothing: false };
    return { unreachable: false, shadowedBy: [], matchesNothing: true, ...(upper.onlyLeadingSlash ? { onlyLeadingSlash: true } : {}) };
  }

  const overlapping = index.candidates(upper.prefix).filter((i) => intersects(entries[i]!.upper!, upper, budget));
  if (overlapping.length === 0 && opaque.length === 0) {
    return { unreachable: false, shadowedBy: [], matchesNothing: false };
  }
  const covers = overlapping.flatMap((i) => (entries[i]!.exact === null ? [] : [entries[i]!.exact!]));
  const rest = covers.length > 0 ? leftover(upper, covers, budget) : "";
  if (rest === undefined) {
    // Even a superset of this route's paths is captured: proven unreachable.
    return { unreachable: true, shadowedBy: overlapping, matchesNothing: false };
  }
  const unsure = [...opaque, ...overlapping.filter((i) => entries[i]!.exact === null)];
  if (entry.exact === null) return notDecided(entry.reason ?? "undecidable", overlapping);
  if (unsure.length > 0) {
    const first = Math.min(...unsure);
    return {
      ...notDecided(`earlier route ${first}: ${entries[first]!.reason ?? "undecidable"}`, overlapping),
      undecidableRoute: first,
    };
  }
  const result: RouteReachability = { unreachable: false, shadowedBy: overlapping, matchesNothing: false };
  if (overlapping.length > 0) result.stillReaches = rest;
  return result;
}

/**
 * The first earlier capturing route that takes some path of `routes[index]`,
 * with a witness path (a probe when one is taken, else a shortest one); an
 * `undecidable` overlap when an earlier route might take some path but the
 * automata cannot tell. Null when no earlier route takes any of its paths.
 */
export function firstOverlap(
  routes: readonly TableRoute[],
  index: number,
  options: OverlapOptions = {},
): Overlap | null {
  const probes = options.probes ?? [SOCKET_IO_CLIENT_PATH];
  const target = routes[index];
  if (target === undefined) throw new RangeError(`no route at index ${index}`);
  const alphabet = tableAlphabet(routes);
  const mine = entryOf(target.pattern, alphabet);
  const budget = new Budget();
  for (let i = options.from ?? 0; i < index; i++) {
    const earlier = routes[i]!;
    if (!earlier.captures) continue;
    // The regexes themselves are the ground truth for a concrete path.
    const probe = probes.find((p) => acceptsPath(earlier.pattern, p) && acceptsPath(target.pattern, p));
    if (probe !== undefined) return { kind: "overlap", earlier: i, witness: probe };
    const theirs = entryOf(earlier.pattern, alphabet);
    try {
      if (mine.upper !== null && theirs.upper !== null && !intersects(mine.upper, theirs.upper, budget)) continue;
      // This route's own pattern beyond its budget: SIO114 says so once, for it. An earlier one is just opaque.
      if (mine.overBudget) return { kind: "skipped", earlier: i, reason: mine.reason! };
      if (mine.exact === null || theirs.exact === null) {
        const reason = mine.exact === null ? mine.reason : theirs.reason;
        return { kind: "undecidable", earlier: i, reason: reason ?? "undecidable" };
      }
      const word = shortestCommonWord(mine.exact.nfa, theirs.exact.nfa, budget, pickChar);
      if (word !== undefined) return { kind: "overlap", earlier: i, witness: spell(word, alphabet) };
    } catch (error) {
      if (!(error instanceof BudgetExceeded)) throw error;
      return { kind: "skipped", earlier: i, reason: tooComplex(error, "comparing it with an earlier route") };
    }
  }
  return null;
}

/**
 * Candidate paths are confirmed with the routes' own regexes, the ground
 * truth for a concrete path; this short, even a pattern that backtracks
 * exponentially answers at once (2^20 steps at most).
 */
const MAX_PROBE_LENGTH = 20;

function confirmed(path: string | undefined, accepts: readonly CompiledPattern[], rejects: readonly CompiledPattern[]): path is string {
  return (
    path !== undefined &&
    path.length <= MAX_PROBE_LENGTH &&
    accepts.every((p) => acceptsPath(p, path)) &&
    !rejects.some((p) => acceptsPath(p, path))
  );
}

/** A finite language with at most this many paths is decided by testing each of them. */
const MAX_PROBED_PATHS = 32;

/** What concrete paths decide about a route; `capturedBy` are the earlier routes (indices) that capture its paths. */
export type PathDecision = { kind: "reachable" } | { kind: "unreachable"; capturedBy: number[] };

/**
 * Decides, by concrete paths, a route the automata could not (a backreference
 * or lookaround is involved, or the automata are over budget): reachable when
 * a path its own regex accepts escapes every earlier capturing route's regex;
 * unreachable when its paths are few enough to test them all and every one is
 * captured. Candidates come from the over-approximations: a path outside a
 * superset of every earlier route's paths (backreferences read as "anything",
 * lookarounds dropped) is captured by none of them; then the route's own
 * shortest path; then a path of the route with its backreferenced groups
 * fixed (`fixed-groups.ts`). Undefined when neither is shown within the budget (which
 * proves nothing).
 */
export function decideByPaths(routes: readonly TableRoute[], index: number): PathDecision | undefined {
  const alphabet = tableAlphabet(routes);
  const target = routes[index]!;
  const upper = entryOf(target.pattern, alphabet).upper;
  if (upper === null) return undefined;
  const earlier = routes.flatMap((r, i) => (i < index && r.captures ? [i] : []));
  const rejects = earlier.map((i) => routes[i]!.pattern);
  const budget = new Budget();
  try {
    const supersets = earlier.flatMap((i) => {
      const superset = entryOf(routes[i]!.pattern, alphabet).upper;
      return superset !== null && intersects(superset, upper, budget) ? [superset] : [];
    });
    if (confirmed(leftover(upper, supersets, budget), [target.pattern], rejects)) return { kind: "reachable" };
    const shortest = shortestWord(upper.nfa, budget, pickChar);
    if (confirmed(shortest && spell(shortest, alphabet), [target.pattern], rejects)) return { kind: "reachable" };
    // Its backreferenced groups fixed to one path each: a regular subset of its paths.
    const fixed = withFixedGroups(target.pattern, budget, pickChar);
    const lower = fixed && entryOf(fixed, alphabet).exact;
    if (lower && confirmed(leftover(lower, supersets, budget), [target.pattern], rejects)) return { kind: "reachable" };
    return upper.nfa.isFinite ? everyPathCaptured(upper, routes, index, earlier) : undefined;
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    return undefined;
  }
}

/** For a finite superset: its paths the route's regex accepts, each tested against the earlier routes' regexes. */
function everyPathCaptured(upper: PathLanguage, routes: readonly TableRoute[], index: number, earlier: readonly number[]): PathDecision | undefined {
  const capturedBy = new Set<number>();
  let count = 0;
  for (const word of upper.nfa.words()) {
    if (++count > MAX_PROBED_PATHS) return undefined;
    const path = spell(word, upper.alphabet);
    if (path.length > MAX_PROBE_LENGTH) return undefined;
    if (!acceptsPath(routes[index]!.pattern, path)) continue;
    const by = earlier.find((i) => acceptsPath(routes[i]!.pattern, path));
    if (by === undefined) return { kind: "reachable" };
    capturedBy.add(by);
  }
  return capturedBy.size > 0 ? { kind: "unreachable", capturedBy: [...capturedBy].sort((a, b) => a - b) } : undefined;
}

/**
 * A path both routes' regexes accept, found among the shortest paths of the
 * intersection of their over-approximations and confirmed by the regexes;
 * undefined when none is found within the budget (which proves nothing).
 */
export function sharedPath(routes: readonly TableRoute[], first: number, second: number): string | undefined {
  const alphabet = tableAlphabet(routes);
  const a = routes[first]!;
  const b = routes[second]!;
  const upperA = entryOf(a.pattern, alphabet).upper;
  const upperB = entryOf(b.pattern, alphabet).upper;
  if (upperA === null || upperB === null) return undefined;
  const budget = new Budget();
  try {
    // Each route's backreferenced groups fixed to one path: regular subsets of their paths.
    const lowerOf = (pattern: CompiledPattern, upper: PathLanguage) => {
      const fixed = withFixedGroups(pattern, budget, pickChar);
      return (fixed && entryOf(fixed, alphabet).exact) ?? upper;
    };
    const lowerA = lowerOf(a.pattern, upperA);
    const lowerB = lowerOf(b.pattern, upperB);
    const candidates = [
      () => shortestCommonWord(upperA.nfa, upperB.nfa, budget, pickChar),
      () => shortestCommonWord(lowerA.nfa, upperB.nfa, budget, pickChar),
      () => shortestCommonWord(upperA.nfa, lowerB.nfa, budget, pickChar),
    ];
    for (const candidate of candidates) {
      const word = candidate();
      const path = word && spell(word, alphabet);
      if (confirmed(path, [a.pattern, b.pattern], [])) return path;
    }
    return undefined;
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    return undefined;
  }
}

/** Why a comparison stopped: what it compared and the budget, never which construction or limit tripped (that depends on the machine). */
function tooComplex(error: BudgetExceeded, what: string): string {
  return `${what} is too complex to analyse within the budget of ${error.limit}`;
}

/**
 * Whether the capturing routes provably capture every path, i.e. the table
 * never falls through. Conservative: false when undecidable or too complex
 * (a prefix route is then treated as not capturing, which never invents an
 * unreachable route).
 */
export function coversEverything(routes: readonly TableRoute[]): boolean {
  const alphabet = tableAlphabet(routes);
  const covers: PathLanguage[] = [];
  for (const route of routes) {
    if (!route.captures) continue;
    const { exact } = entryOf(route.pattern, alphabet);
    if (exact === null) continue;
    if (exact.universal) return true;
    covers.push(exact);
  }
  // Quick refusal: the empty path (the router's own root) must be captured too.
  const emptyPath = stringToWord("", alphabet);
  if (!covers.some((c) => c.nfa.test(emptyPath))) return false;
  const budget = new Budget();
  try {
    const union = NFA.empty({ maxCharacter: covers[0]!.nfa.maxCharacter }, budget.nfaFactory("the union of a table's routes"));
    for (const cover of covers) union.union(cover.nfa);
    const outside = DFA.fromFA(union, budget.dfaFactory("the paths a table leaves"));
    outside.complement();
    // What no route captures, among the paths a router sees.
    return shortestCommonWord(routedPaths(outside.maxCharacter), outside, budget, pickChar) === undefined;
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    return false;
  }
}
