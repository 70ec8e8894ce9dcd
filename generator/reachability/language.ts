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
 */
import {
  CharSet,
  DFA,
  JS,
  NFA,
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
  /**
   * A language containing every path the pattern captures (backreferences
   * read as "anything", unresolved lookarounds dropped), when one could be
   * built: enough to prove that the pattern cannot touch some other route.
   */
  readonly superset?: PathLanguage;
}

/** Bound on automaton sizes; beyond it a pattern is reported as too complex. */
export const MAX_NODES = 20_000;

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

  constructor(
    readonly nfa: NFA,
    readonly alphabet: Alphabet,
  ) {
    this.prefix = literalPrefix(nfa, alphabet);
    this.empty = nfa.isEmpty;
  }

  /** The minimal DFA; throws refa's `TooManyNodesError` beyond `MAX_NODES` states. */
  get dfa(): DFA {
    if (this.minimal === undefined) {
      const dfa = DFA.fromFA(this.nfa, new DFA.LimitedNodeFactory(MAX_NODES));
      dfa.minimize();
      this.minimal = dfa;
    }
    return this.minimal;
  }

  /** Every path is captured (a catch-all such as `re_path("")`); false when too complex to tell. */
  get universal(): boolean {
    if (this.everything === undefined) {
      // Cheap refusal first: the empty path rejected.
      if (!this.nfa.test([])) this.everything = false;
      else {
        try {
          // The minimal DFA of Σ* is one accepting state looping on every character.
          const dfa = this.dfa;
          this.everything =
            dfa.countNodes() === 1 &&
            dfa.finals.has(dfa.initial) &&
            dfa.initial.out.hasEvery({ min: 0, max: dfa.maxCharacter });
        } catch {
          this.everything = false;
        }
      }
    }
    return this.everything;
  }
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
 * lookaround that no automaton here can express, or is too complex.
 */
export function languageOf(
  pattern: CompiledPattern,
  alphabet: Alphabet = nativeAlphabet(pattern),
): PathLanguage | Undecidable {
  const flags = languageFlags(pattern.flags);
  const key = `${alphabet}\u0000${flags}\u0000${pattern.regexSource}`;
  let language = cache.get(key);
  if (language === undefined) {
    language = buildLanguage(pattern.regexSource, flags, alphabet);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, language);
  }
  return language;
}

function buildLanguage(source: string, flags: string, alphabet: Alphabet): PathLanguage | Undecidable {
  let parsed: Parsed;
  try {
    parsed = parseRegex(source, flags);
    if (alphabet === "utf16" && parsed.maxCharacter > 0xffff) {
      // refa spells code-point sets as surrogate pairs when printing a non-`u` literal.
      const literal = JS.toLiteral(parsed.expression, { flags: { unicode: false, unicodeSets: false } });
      parsed = parseRegex(literal.source, literal.flags);
    }
  } catch (error) {
    return { undecidable: describeParseError(error) };
  }
  const { maxCharacter } = parsed;
  const wrapped = wrap(parsed.expression, maxCharacter);
  const builder = new AutomatonBuilder(maxCharacter, MAX_NODES);
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
      const simplified = transform(simplify, wrapped);
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
    return new PathLanguage(nfa, alphabet);
  } catch (error) {
    return { undecidable: `too complex to decide (${errorMessage(error)})` };
  }
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
    return { undecidable: reason, superset: new PathLanguage(nfa, alphabet) };
  } catch {
    return { undecidable: reason };
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

function describeParseError(error: unknown): string {
  const message = errorMessage(error);
  return error instanceof SyntaxError ? `invalid regular expression (${message})` : `too complex to decide (${message})`;
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
