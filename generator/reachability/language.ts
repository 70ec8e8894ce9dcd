/**
 * The language of one route pattern: the set of paths (no leading "/") the
 * pattern captures, as an NFA (minimal DFA on demand).
 *
 * A compiled pattern's `regexSource` is the whole matcher, run with search
 * semantics: the matching module already encodes Django's full match of an
 * `re_path` endpoint ending with `$` as `^(?:…)$`. So the language is always
 * Σ* · L(R) · Σ*, with `^`, `$`, `\b` and lookarounds resolved against the
 * surrounding text.
 *
 * Search is modelled by wrapping the regex as `(?<![^])[^]*(?:R)[^]*(?![^])`
 * (the outer assertions say "nothing before/after the path", independent of
 * the `m` flag). `automaton.ts` resolves anchors and top-level lookarounds
 * exactly; other assertions go through refa's `simplify` transformer first.
 * Whatever assertion survives cannot be expressed by an automaton here, and
 * the language is reported as undecidable instead of guessed.
 *
 * A router never sees a path starting with '/' (it strips them, all of them,
 * before matching: `routingPath` in the matching module), so a language holds
 * only the paths a router can see: `^/x` captures nothing, and no witness in
 * a message starts with '/'.
 *
 * Every construction draws from a `Budget` (states and time); a pattern
 * beyond it is `overBudget`, never a crash or a hang.
 */
import {
  CharSet,
  DFA,
  JS,
  NFA,
  TooManyNodesError,
  Transformers,
  transform,
  visitAst,
  type Char,
  type Concatenation,
  type Element,
  type Expression,
  type NoParent,
  type ReadonlyWord,
} from "refa";
import { AutomatonBuilder, UnresolvedAssertion, anyStar, isInputBoundary } from "./automaton.js";
import { Budget, BudgetExceeded } from "./budget.js";
import { parseRegex, type Parsed } from "./parse.js";
import type { CompiledPattern } from "@sio-router/runtime/matching";

/**
 * The alphabet of a language: code points (`u`/`v` flags) or UTF-16 code
 * units. Languages are only comparable within one alphabet; a table mixing
 * both is analysed in UTF-16, where every pattern can be expressed.
 */
export type Alphabet = "unicode" | "utf16";

/** A construct the automata cannot decide, with the reason for messages. */
export interface Undecidable {
  undecidable: string;
  /** The construction ran out of its budget (the pattern is too complex), rather than meeting a construct beyond automata. */
  overBudget?: true;
  /**
   * A language containing every path the pattern captures (backreferences
   * read as "anything", unresolved lookarounds dropped), when one could be
   * built: enough to prove that the pattern cannot touch some other route.
   */
  readonly superset?: PathLanguage;
}

/**
 * The paths one pattern captures. Built eagerly: the NFA and its literal
 * prefix (what the table indexes by); the minimal DFA only when asked for.
 * Shared through the cache: never mutate the automata.
 */
export class PathLanguage {
  /** The literal prefix every path starts with. */
  readonly prefix: string;
  readonly empty: boolean;
  private minimal: DFA | undefined;
  private everything: boolean | undefined;

  /**
   * @param onlyLeadingSlash the pattern matches some paths, but all of them
   *   start with '/', which no router sees: `nfa` is empty.
   */
  constructor(
    readonly nfa: NFA,
    readonly alphabet: Alphabet,
    readonly onlyLeadingSlash = false,
  ) {
    this.prefix = literalPrefix(nfa, alphabet);
    this.empty = nfa.isEmpty;
  }

  /** The minimal DFA; throws `BudgetExceeded` beyond the budget. */
  dfa(budget: Budget): DFA {
    if (this.minimal === undefined) {
      const dfa = DFA.fromFA(this.nfa, budget.dfaFactory("a pattern's DFA"));
      dfa.minimize();
      this.minimal = dfa;
    }
    return this.minimal;
  }

  /**
   * Every path a router can see is captured (a catch-all such as
   * `re_path("")`). Decided once, with a budget of its own; false when beyond it.
   */
  get universal(): boolean {
    if (this.everything === undefined) {
      try {
        // Cheap refusal first: the empty path rejected.
        this.everything = this.nfa.test([]) && this.dfa(new Budget()).structurallyEqual(routedPathsDfa(this.nfa.maxCharacter));
      } catch (error) {
        if (!(error instanceof BudgetExceeded)) throw error;
        this.everything = false;
      }
    }
    return this.everything;
  }
}

const SLASH = 0x2f;
const routedPathAutomata = new Map<Char, { nfa: NFA; dfa: DFA }>();

/** Every path a router can see, empty or not starting with '/': as an NFA, and as a minimal DFA. */
function routedPathAutomaton(maxCharacter: Char): { nfa: NFA; dfa: DFA } {
  let automata = routedPathAutomata.get(maxCharacter);
  if (automata === undefined) {
    const first = CharSet.all(maxCharacter).without({ min: SLASH, max: SLASH });
    const nfa = NFA.fromRegex(
      {
        type: "Concatenation",
        elements: [
          {
            type: "Quantifier",
            lazy: false,
            min: 0,
            max: 1,
            alternatives: [{ type: "Concatenation", elements: [{ type: "CharacterClass", characters: first }, anyStar(maxCharacter)] }],
          },
        ],
      },
      { maxCharacter },
    );
    const dfa = DFA.fromFA(nfa);
    dfa.minimize();
    routedPathAutomata.set(maxCharacter, (automata = { nfa, dfa }));
  }
  return automata;
}

/** Every path a router can see (shared: never mutate it). */
export function routedPaths(maxCharacter: Char): NFA {
  return routedPathAutomaton(maxCharacter).nfa;
}

function routedPathsDfa(maxCharacter: Char): DFA {
  return routedPathAutomaton(maxCharacter).dfa;
}

/**
 * The paths of `nfa` a router can see. Free for the usual anchored pattern,
 * whose first character is no '/': only a path's first character is read from
 * the initial state.
 */
function routedPathsOf(nfa: NFA, alphabet: Alphabet, budget: Budget): PathLanguage {
  const slashFirst = [...nfa.initial.out.values()].some((via) => via.has(SLASH));
  if (!slashFirst) return new PathLanguage(nfa, alphabet);
  const routed = NFA.fromIntersection(nfa, routedPathsDfa(nfa.maxCharacter), budget.nfaFactory("the paths a router sees"));
  return new PathLanguage(routed, alphabet, routed.isEmpty && !nfa.isEmpty);
}

export function isUndecidable(value: unknown): value is Undecidable {
  return typeof value === "object" && value !== null && "undecidable" in value;
}

export function nativeAlphabet(pattern: CompiledPattern): Alphabet {
  return /[uv]/.test(pattern.flags) ? "unicode" : "utf16";
}

/** The flags that matter for the language (`g`, `y`, `d` only affect the API). */
function languageFlags(flags: string): string {
  return flags.replace(/[gyd]/g, "");
}

/**
 * Whether the pattern captures `path` at run time: its own regex (exposed
 * beside the automata so both answer alike).
 */
export function acceptsPath(pattern: CompiledPattern, path: string): boolean {
  return pattern.regex.test(path);
}

/** Keyed by alphabet, flags and source: equal sources share one automaton. */
const cache = new Map<string, PathLanguage | Undecidable>();
const CACHE_LIMIT = 50_000;

/**
 * The language of `pattern` in `alphabet` (its own by default), cached per
 * pattern source. Undecidable when the pattern uses a backreference or a
 * lookaround that no automaton here can express, or is beyond its budget
 * (each construction has a fresh one, so the answer does not depend on what
 * was built before).
 */
export function languageOf(
  pattern: CompiledPattern,
  alphabet: Alphabet = nativeAlphabet(pattern),
): PathLanguage | Undecidable {
  const flags = languageFlags(pattern.flags);
  const key = `${alphabet}\u0000${flags}\u0000${pattern.regexSource}`;
  let language = cache.get(key);
  if (language === undefined) {
    language = buildLanguage(pattern.regexSource, flags, alphabet, true);
    // Resolving a backreference spells out every text of its group (`(\w)\1` as 63 alternatives):
    // beyond the budget, it is read as unknown instead, which still gives a superset.
    if (isUndecidable(language) && language.overBudget === true && /\\(?:[1-9]|k<)/.test(pattern.regexSource)) {
      language = buildLanguage(pattern.regexSource, flags, alphabet, false);
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, language);
  }
  return language;
}

function buildLanguage(source: string, flags: string, alphabet: Alphabet, resolveBackreferences: boolean): PathLanguage | Undecidable {
  const budget = new Budget();
  let parsed: Parsed;
  try {
    parsed = parseRegex(source, flags, resolveBackreferences);
    if (alphabet === "utf16" && parsed.maxCharacter > 0xffff) {
      // refa spells code-point sets as surrogate pairs when printing a non-`u` literal.
      const literal = JS.toLiteral(parsed.expression, { flags: { unicode: false, unicodeSets: false } });
      parsed = parseRegex(literal.source, literal.flags, resolveBackreferences);
    }
  } catch (error) {
    if (error instanceof SyntaxError) return { undecidable: `invalid regular expression (${errorMessage(error)})` };
    return tooComplex(error);
  }
  const { maxCharacter } = parsed;
  const wrapped = wrap(parsed.expression, maxCharacter);
  const builder = new AutomatonBuilder(maxCharacter, budget);
  const backreference = parsed.unresolved;
  if (backreference !== null) {
    return withSuperset(
      `the backreference ${backreference} cannot be decided on automata`,
      wrapped,
      builder,
      alphabet,
    );
  }
  try {
    let nfa: NFA;
    try {
      nfa = builder.alternatives(wrapped.alternatives);
    } catch (error) {
      if (!(error instanceof UnresolvedAssertion)) throw error;
      // Slow path: let refa move and apply the assertions (`\b`, `(?:^|/)`, …).
      const simplified = transform(simplify, wrapped, {
        events: { onChange: () => budget.spend("simplifying assertions") },
      });
      try {
        nfa = builder.alternatives(simplified.alternatives);
      } catch (again) {
        if (!(again instanceof UnresolvedAssertion)) throw again;
        return withSuperset(
          `the lookaround ${remainingAssertion(simplified, flags)} cannot be decided on automata`,
          simplified,
          builder,
          alphabet,
        );
      }
    }
    return routedPathsOf(nfa, alphabet, budget);
  } catch (error) {
    return tooComplex(error);
  }
}

/** An over-budget language (a `BudgetExceeded`, or refa's parser refusing a huge pattern); rethrows anything else. */
function tooComplex(error: unknown): Undecidable {
  if (error instanceof BudgetExceeded || error instanceof TooManyNodesError) {
    return { undecidable: `its pattern is too complex to analyse within the budget of ${new Budget().describe()}`, overBudget: true };
  }
  throw error;
}

const simplify = Transformers.simplify({ ignoreOrder: true, ignoreAmbiguity: true });

/**
 * The whole-path form of the regex, one sequence per top-level alternative:
 * `(?<![^])[^]*(?:alt)[^]*(?![^])`. The edge assertions say "nothing
 * before/after the path" whatever the `m` flag.
 */
function wrap(expression: NoParent<Expression>, maxCharacter: Char): NoParent<Expression> {
  const start: NoParent<Element> = boundary("behind", maxCharacter);
  const end: NoParent<Element> = boundary("ahead", maxCharacter);
  const alternatives = expression.alternatives.map((alternative) => {
    const elements = [start, anyStar(maxCharacter), ...alternative.elements, anyStar(maxCharacter), end];
    return { type: "Concatenation" as const, elements };
  });
  return { type: "Expression", alternatives };
}

function boundary(kind: "behind" | "ahead", maxCharacter: Char): NoParent<Element> {
  return {
    type: "Assertion",
    kind,
    negate: true,
    alternatives: [
      { type: "Concatenation", elements: [{ type: "CharacterClass", characters: CharSet.all(maxCharacter) }] },
    ],
  };
}

function withSuperset(
  reason: string,
  expression: NoParent<Expression>,
  builder: AutomatonBuilder,
  alphabet: Alphabet,
): Undecidable {
  try {
    const nfa = builder.alternatives(loosen(expression, builder.maxCharacter).alternatives);
    return { undecidable: reason, superset: routedPathsOf(nfa, alphabet, builder.budget) };
  } catch (error) {
    if (error instanceof BudgetExceeded || error instanceof TooManyNodesError) return { undecidable: reason };
    throw error;
  }
}

/**
 * A copy accepting a superset: backreferences become `[^]*` and every
 * assertion other than the path edges is dropped (an assertion only ever
 * removes paths).
 */
function loosen(expression: NoParent<Expression>, maxCharacter: Char): NoParent<Expression> {
  const concatenation = (c: NoParent<Concatenation>): NoParent<Concatenation> => ({
    type: "Concatenation",
    elements: c.elements.flatMap((e) => element(e)),
  });
  const element = (e: NoParent<Element>): NoParent<Element>[] => {
    switch (e.type) {
      case "Unknown":
        return [anyStar(maxCharacter)];
      case "Assertion":
        return isInputBoundary(e, e.kind) ? [e] : [];
      case "CharacterClass":
        return [e];
      case "Alternation":
        return [{ ...e, alternatives: e.alternatives.map(concatenation) }];
      case "Quantifier":
        return [{ ...e, alternatives: e.alternatives.map(concatenation) }];
    }
  };
  return { type: "Expression", alternatives: expression.alternatives.map(concatenation) };
}

/** The assertion left after simplification (preferring one the user wrote over a path edge), as regex text. */
function remainingAssertion(expression: NoParent<Expression>, flags: string): string {
  let boundaryNode: NoParent<Element> | null = null;
  let other: NoParent<Element> | null = null;
  visitAst(expression, {
    onAssertionEnter(node) {
      if (isInputBoundary(node, node.kind)) boundaryNode ??= node;
      else other ??= node;
    },
  });
  const found = other ?? boundaryNode;
  return found === null ? "(unknown)" : JS.toLiteral(found, { flags: literalFlags(flags) }).source;
}

function literalFlags(flags: string): JS.Flags {
  return flags.includes("v")
    ? { unicodeSets: true, ignoreCase: flags.includes("i") }
    : { unicode: flags.includes("u"), ignoreCase: flags.includes("i") };
}



function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How long a literal prefix is followed (longer ones only narrow the index further). */
const PREFIX_LIMIT = 256;

function literalPrefix(nfa: NFA, alphabet: Alphabet): string {
  let prefix = "";
  let states = new Set<NFA.Node>([nfa.initial]);
  while (prefix.length < PREFIX_LIMIT) {
    let char: Char | undefined;
    const next = new Set<NFA.Node>();
    for (const state of states) {
      if (nfa.finals.has(state)) return prefix;
      for (const [to, via] of state.out) {
        const [range] = via.ranges;
        if (via.ranges.length !== 1 || range!.min !== range!.max) return prefix;
        if (char !== undefined && char !== range!.min) return prefix;
        char = range!.min;
        next.add(to);
      }
    }
    if (char === undefined) return prefix;
    prefix += charToString(char, alphabet);
    states = next;
  }
  return prefix;
}

/** Characters tried first when a witness path is spelled out: readable ones. */
const READABLE: readonly Char[] = [
  ..."abcdefghijklmnopqrstuvwxyz0123456789/-_.ABCDEFGHIJKLMNOPQRSTUVWXYZ~",
].map((c) => c.charCodeAt(0));

/** One readable member of a non-empty character set. */
export function pickChar(set: CharSet): Char {
  for (const c of READABLE) if (set.has(c)) return c;
  const printable = set.commonCharacter({ min: 0x21, max: 0x7e });
  return printable ?? set.commonCharacter({ min: 0xa1, max: set.maximum }) ?? set.ranges[0]!.min;
}

export function charToString(c: Char, alphabet: Alphabet): string {
  return alphabet === "unicode" ? String.fromCodePoint(c) : String.fromCharCode(c);
}

export function wordToString(word: ReadonlyWord, alphabet: Alphabet): string {
  return word.map((c) => charToString(c, alphabet)).join("");
}

export function stringToWord(path: string, alphabet: Alphabet): ReadonlyWord {
  const word: Char[] = [];
  if (alphabet === "unicode") for (const c of path) word.push(c.codePointAt(0)!);
  else for (let i = 0; i < path.length; i++) word.push(path.charCodeAt(i));
  return word;
}

/**
 * Up to `count` of the shortest paths a pattern captures, spelled with
 * readable characters (for examples shown to people); none when its
 * language is undecidable.
 */
export function shortestPaths(pattern: CompiledPattern, count: number): string[] {
  const language = languageOf(pattern);
  if (isUndecidable(language)) return [];
  const paths: string[] = [];
  for (const wordSet of language.nfa.wordSets()) {
    if (paths.length >= count) break;
    paths.push(wordToString(wordSet.map(pickChar), language.alphabet));
  }
  return paths;
}
