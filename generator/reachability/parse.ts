/**
 * A route regex as refa's RE AST, built without refa's parser for the
 * common shapes. Refa's `JS.Parser` recomputes every character set for
 * every pattern; a table's patterns repeat a handful of sets (`\p{Nd}`,
 * `[\p{L}\p{N}_-]` from Python's `\d` and `\w`, `[^/]`, single
 * characters), and those large Unicode sets are most of the parse time. Here
 * each set is computed once by refa's own `JS.parseUnicodeSet` and shared
 * (so equal sets are also the same object, which the memoised label tests
 * of `charsets.ts` exploit).
 *
 * The fast translation covers characters, classes, groups, quantifiers and
 * the `^ $ \b \B` assertions, with refa's simplifications (single-alternative
 * groups inlined, `{0}` dropped, empty classes remove their alternative), so
 * both give the same tree shape for the automaton builder. Anything else
 * (lookarounds, backreferences, `v`-flag string sets) goes to refa's parser.
 */
import type { AST } from "@eslint-community/regexpp";
import {
  JS,
  visitAst,
  type Char,
  type CharSet,
  type Concatenation,
  type Element,
  type Expression,
  type NoParent,
} from "refa";

/** Refa's options for the slow path. */
function parseOptions(source: string): JS.ParseOptions {
  // Resolving backreferences costs refa a trial per capturing group; only
  // pay for it when the source can contain one (`\1`…`\9`, `\k<`).
  return /\\(?:[1-9]|k<)/.test(source)
    ? { backreferences: "unknown" }
    : { backreferences: "unknown", maxBackreferenceWords: 0 };
}

export interface Parsed {
  expression: NoParent<Expression>;
  maxCharacter: Char;
  /** The first backreference refa could not resolve (left as an `Unknown` node named by its source). */
  unresolved: string | null;
}

/** Parses `source` with `flags`; throws refa's/regexpp's errors (a `SyntaxError` for an invalid regex). */
export function parseRegex(source: string, flags: string, resolveBackreferences = true): Parsed {
  const parser = JS.Parser.fromLiteral({ source, flags });
  const fast = new FastTranslation(parser.flags);
  const expression = fast.pattern(parser.ast.pattern);
  if (expression !== null) return { expression, maxCharacter: parser.maxCharacter, unresolved: null };
  const options: JS.ParseOptions = resolveBackreferences ? parseOptions(source) : { backreferences: "unknown", maxBackreferenceWords: 0 };
  const parsed = parser.parse(options);
  return { ...parsed, unresolved: options.maxBackreferenceWords === 0 && resolveBackreferences ? null : firstUnknown(parsed.expression) };
}

function firstUnknown(expression: NoParent<Expression>): string | null {
  let found: string | null = null;
  visitAst(expression, {
    onUnknownEnter(node) {
      found ??= node.id;
    },
  });
  return found;
}

/**
 * Shared character sets by flags, then by element: a character by its value
 * (refa's own cache key), anything else by its text. `null` for a set refa
 * turns into words (`v`-flag string sets).
 */
const charSets = new Map<string, Map<number | string, CharSet | null>>();
const CHAR_SET_LIMIT = 10_000;

/** The element matches nothing: its concatenation goes. */
const NOTHING = 1;
/** The element matches only the empty word: it is dropped. */
const EMPTY = 2;
type Translated = NoParent<Element> | typeof NOTHING | typeof EMPTY;

/** Thrown inside the walk when the pattern needs refa's parser. */
class Unsupported extends Error {}

class FastTranslation {
  private readonly sets: Map<number | string, CharSet | null>;

  constructor(private readonly flags: Required<JS.Flags>) {
    const key = `${+flags.ignoreCase}${+flags.unicode}${+flags.unicodeSets}${+flags.dotAll}${+flags.multiline}`;
    let sets = charSets.get(key);
    if (sets === undefined) charSets.set(key, (sets = new Map()));
    this.sets = sets;
  }

  /** The expression, or null when the pattern needs refa's parser. */
  pattern(pattern: AST.Pattern): NoParent<Expression> | null {
    try {
      return { type: "Expression", alternatives: this.alternatives(pattern.alternatives) };
    } catch (error) {
      if (error instanceof Unsupported) return null;
      throw error;
    }
  }

  private alternatives(alternatives: readonly AST.Alternative[]): NoParent<Concatenation>[] {
    const result: NoParent<Concatenation>[] = [];
    for (const alternative of alternatives) {
      const concatenation = this.concatenation(alternative.elements);
      if (concatenation === NOTHING) continue;
      const only = concatenation.elements[0];
      if (concatenation.elements.length === 1 && only!.type === "Alternation") result.push(...only!.alternatives);
      else result.push(concatenation);
    }
    return result;
  }

  private concatenation(elements: readonly AST.Element[]): NoParent<Concatenation> | typeof NOTHING {
    const result: NoParent<Element>[] = [];
    for (const element of elements) {
      const translated = this.element(element);
      if (translated === NOTHING) return NOTHING;
      if (translated === EMPTY) continue;
      if (translated.type === "Alternation" && translated.alternatives.length === 1) {
        result.push(...translated.alternatives[0]!.elements);
      } else result.push(translated);
    }
    return { type: "Concatenation", elements: result };
  }

  private element(element: AST.Element): Translated {
    switch (element.type) {
      case "Character":
      case "CharacterClass":
      case "CharacterSet":
      case "ExpressionCharacterClass":
        return this.characters(element);
      case "Group":
      case "CapturingGroup":
        return this.group(element.alternatives);
      case "Quantifier":
        return this.quantifier(element);
      case "Assertion":
        if (element.kind === "lookahead" || element.kind === "lookbehind") throw new Unsupported();
        return JS.createAssertion(element, this.flags);
      default:
        throw new Unsupported();
    }
  }

  private group(alternatives: readonly AST.Alternative[]): Translated {
    const translated = this.alternatives(alternatives);
    if (translated.length === 0) return NOTHING;
    if (translated.length === 1 && translated[0]!.elements.length === 0) return EMPTY;
    return { type: "Alternation", alternatives: translated };
  }

  private quantifier(quantifier: AST.Quantifier): Translated {
    const { min, max, element } = quantifier;
    if (max === 0) return EMPTY;
    if (min === 1 && max === 1) return this.element(element);
    let alternatives: NoParent<Concatenation>[];
    if (element.type === "Group" || element.type === "CapturingGroup") {
      alternatives = this.alternatives(element.alternatives);
    } else {
      const translated = this.element(element);
      alternatives =
        translated === NOTHING ? [] : [{ type: "Concatenation", elements: translated === EMPTY ? [] : [translated] }];
    }
    if (alternatives.length === 0) return min === 0 ? EMPTY : NOTHING;
    if (alternatives.length === 1 && alternatives[0]!.elements.length === 0) return EMPTY;
    return { type: "Quantifier", min, max, lazy: !quantifier.greedy, alternatives };
  }

  private characters(
    element: AST.Character | AST.CharacterClass | AST.CharacterSet | AST.ExpressionCharacterClass,
  ): Translated {
    const key = element.type === "Character" ? element.value : element.raw;
    let characters = this.sets.get(key);
    if (characters === undefined) {
      const set = JS.parseUnicodeSet(element, this.flags);
      characters = set.accept.isEmpty ? set.chars : null;
      if (this.sets.size >= CHAR_SET_LIMIT) this.sets.clear();
      this.sets.set(key, characters);
    }
    if (characters === null) throw new Unsupported();
    return characters.isEmpty ? NOTHING : { type: "CharacterClass", characters };
  }
}
