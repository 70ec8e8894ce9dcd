/**
 * Reachability questions over one URLRouter table, in declaration order.
 * See `index.ts` for the complexity and how it is bounded.
 */
import { DFA, NFA, getIntersectionWordSets, type ReadonlyWordSet } from "refa";
import { languagesMeet } from "./automaton.js";
import type { CompiledPattern } from "@sio-router/runtime/matching";
import {
  MAX_NODES,
  acceptsPath,
  isUndecidable,
  languageOf,
  nativeAlphabet,
  pickChar,
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
  /** When some earlier route overlaps but not all is lost: a path that still reaches this route. */
  stillReaches?: string;
  /** Set when reachability could not be decided (then `unreachable` is false). */
  undecidable?: string;
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
  | { kind: "undecidable"; earlier: number; reason: string };

export interface OverlapOptions {
  /**
   * Paths tried first as the witness, in order, when both routes capture
   * them; so a message can say "captures `socket.io/`" rather than the
   * shortest path. Default: the standard Socket.IO client path.
   */
  probes?: readonly string[];
}

/** The path the official Socket.IO clients request (after the router strips the leading `/`). */
export const SOCKET_IO_CLIENT_PATH = "socket.io/";

/** One route's languages: `exact` when decided, `upper` a superset (equal to `exact` when decided). */
interface Entry {
  exact: PathLanguage | null;
  upper: PathLanguage | null;
  reason: string | null;
}

function tableAlphabet(routes: readonly TableRoute[]): Alphabet {
  return routes.every((r) => nativeAlphabet(r.pattern) === "unicode") ? "unicode" : "utf16";
}

function entryOf(pattern: CompiledPattern, alphabet: Alphabet): Entry {
  const language = languageOf(pattern, alphabet);
  if (!isUndecidable(language)) return { exact: language, upper: language, reason: null };
  return { exact: null, upper: language.superset ?? null, reason: language.undecidable };
}

/** Bound on the pairs of states explored to decide an overlap; beyond it: too complex. */
const MAX_PAIRS = 200_000;

/** Whether some path is in both languages; throws refa's `TooManyNodesError` when too complex. */
function intersects(a: PathLanguage, b: PathLanguage): boolean {
  if (a.empty || b.empty) return false;
  if (a.universal || b.universal) return true;
  return languagesMeet(a.nfa, b.nfa, MAX_PAIRS);
}

function spell(wordSet: ReadonlyWordSet, alphabet: Alphabet): string {
  return wordToString(wordSet.map(pickChar), alphabet);
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

/** How many of the target's shortest word sets are tried before building the union automaton. */
const QUICK_CANDIDATES = 4;

/**
 * A path of `L(target) \ ∪ L(covers)`, or undefined when there is none
 * (target contained). Short paths of the target are tried first: against a
 * table's catch-all, the union of every earlier route would be costly and
 * the empty path already answers.
 */
function leftover(target: PathLanguage, covers: readonly PathLanguage[]): string | undefined {
  if (covers.some((c) => c.universal)) return undefined;
  let tried = 0;
  for (const wordSet of target.nfa.wordSets()) {
    const word = wordSet.map(pickChar);
    if (!covers.some((c) => c.nfa.test(word))) return wordToString(word, target.alphabet);
    if (++tried === QUICK_CANDIDATES) break;
  }
  const union = NFA.empty({ maxCharacter: target.nfa.maxCharacter });
  for (const cover of covers) union.union(cover.nfa);
  const outside = DFA.fromFA(union, new DFA.LimitedNodeFactory(MAX_NODES));
  outside.complement();
  for (const wordSet of getIntersectionWordSets(target.nfa, outside, MAX_NODES)) {
    return spell(wordSet, target.alphabet);
  }
  return undefined;
}

/**
 * For each route, whether earlier capturing routes make it unreachable, and
 * which of them take part.
 */
export function analyzeTable(routes: readonly TableRoute[]): TableAnalysis {
  const alphabet = tableAlphabet(routes);
  const entries = routes.map((r) => entryOf(r.pattern, alphabet));
  const index = new PrefixIndex();
  /** Earlier capturing routes with no superset language: they might capture anything. */
  const opaque: number[] = [];
  const results = entries.map((entry, j) => {
    const result = reachability(entry, entries, index, opaque);
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
): RouteReachability {
  const { upper } = entry;
  const notDecided = (reason: string, shadowedBy: number[] = []): RouteReachability => ({
    unreachable: false,
    shadowedBy,
    matchesNothing: false,
    undecidable: reason,
  });
  if (upper === null) return notDecided(entry.reason ?? "undecidable");
  if (upper.empty) return { unreachable: false, shadowedBy: [], matchesNothing: entry.exact !== null };

  let overlapping: number[];
  try {
    overlapping = index.candidates(upper.prefix).filter((i) => intersects(entries[i]!.upper!, upper));
  } catch (error) {
    return notDecided(tooComplex(error));
  }
  if (overlapping.length === 0 && opaque.length === 0) {
    return { unreachable: false, shadowedBy: [], matchesNothing: false };
  }
  const covers = overlapping.flatMap((i) => (entries[i]!.exact === null ? [] : [entries[i]!.exact!]));
  let rest: string | undefined = "";
  try {
    if (covers.length > 0) rest = leftover(upper, covers);
  } catch (error) {
    return notDecided(tooComplex(error), overlapping);
  }
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
  for (let i = 0; i < index; i++) {
    const earlier = routes[i]!;
    if (!earlier.captures) continue;
    // The regexes themselves are the ground truth for a concrete path.
    const probe = probes.find((p) => acceptsPath(earlier.pattern, p) && acceptsPath(target.pattern, p));
    if (probe !== undefined) return { kind: "overlap", earlier: i, witness: probe };
    const theirs = entryOf(earlier.pattern, alphabet);
    try {
      if (mine.upper !== null && theirs.upper !== null && !intersects(mine.upper, theirs.upper)) continue;
      if (mine.exact === null || theirs.exact === null) {
        const reason = mine.exact === null ? mine.reason : theirs.reason;
        return { kind: "undecidable", earlier: i, reason: reason ?? "undecidable" };
      }
      const [wordSet] = getIntersectionWordSets(mine.exact.nfa, theirs.exact.nfa, MAX_NODES);
      if (wordSet !== undefined) return { kind: "overlap", earlier: i, witness: spell(wordSet, alphabet) };
    } catch (error) {
      return { kind: "undecidable", earlier: i, reason: tooComplex(error) };
    }
  }
  return null;
}

function tooComplex(error: unknown): string {
  return `too complex to decide (${error instanceof Error ? error.message : String(error)})`;
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
  try {
    const union = NFA.empty({ maxCharacter: covers[0]!.nfa.maxCharacter });
    for (const cover of covers) union.union(cover.nfa);
    const outside = DFA.fromFA(union, new DFA.LimitedNodeFactory(MAX_NODES));
    outside.complement();
    return outside.isEmpty;
  } catch {
    return false;
  }
}
