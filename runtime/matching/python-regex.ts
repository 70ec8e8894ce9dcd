/**
 * Python `re` syntax (as Django's `re_path` patterns are written) translated
 * into an equivalent JavaScript pattern for the `u` flag.
 *
 * The parser follows CPython 3.11's `re/_parser.py` rule for rule, so a
 * pattern Python rejects is rejected here with Python's message, and a
 * pattern Python accepts either translates exactly or is refused at the
 * construct JavaScript cannot express. Python `str` patterns are
 * Unicode-aware, so `\d`, `\w`, `\s` and `\b` become their Unicode
 * equivalents; `docs/matching.md` lists every rule.
 */
import { RegExpValidator } from "@eslint-community/regexpp";
import type { PatternError } from "./types.js";

export interface PythonRegexTranslation {
  /** JavaScript pattern source, to be compiled with `flags`. */
  regexSource: string;
  /** Always contains `u`; `i` and `s` come from leading `(?i)` / `(?s)`. */
  flags: string;
  /** Named groups in order of appearance. */
  groupNames: string[];
  /** Number of capturing groups (named and unnamed). */
  groupCount: number;
  /**
   * For every index into `regexSource` (and one past its end), the index into
   * the Python source it was translated from, so tools working on the
   * JavaScript pattern (regexpp, refa) can point at what the user wrote.
   */
  sourceOffsets: number[];
}

export type PythonRegexResult = { ok: true; translation: PythonRegexTranslation } | { ok: false; error: PatternError };

/** Python's MAXREPEAT (sre), the bound on `{m,n}`. */
const MAX_REPEAT = 4294967295;
/** Python overflows its own recursion far later; this keeps ours from doing so. */
const MAX_NESTING = 256;

/** Python's `\s` for str patterns (`str.isspace`), as code point ranges. */
const UNICODE_SPACE: Range[] = [
  [0x09, 0x0d],
  [0x1c, 0x20],
  [0x85, 0x85],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
];
const ASCII_SPACE: Range[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
];
const ASCII_DIGIT: Range[] = [[0x30, 0x39]];
const ASCII_WORD: Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** Python's Unicode `\w` is `str.isalnum()` or `_`: letters and numbers (no marks). */
const UNICODE_WORD_ITEMS = "\\p{L}\\p{N}_";
const UNICODE_DIGIT_ITEMS = "\\p{Nd}";
const UNICODE_NON_DIGIT_ITEMS = "\\P{Nd}";

type Range = [number, number];

const SYNTAX_CHARACTERS = new Set("^$\\.*+?()[]{}|/");
const HEX_DIGIT = /^[0-9a-fA-F]$/;
const OCT_DIGIT = /^[0-7]$/;
const DIGIT = /^[0-9]$/;
const ASCII_LETTER = /^[a-zA-Z]$/;
/** Python's `str.isidentifier()`. */
const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;
/** Characters written as escapes in the output: controls, separators, surrogates. */
const NEEDS_ESCAPE = /[\p{C}\p{Z}]/u;
const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92 };

interface Width {
  min: number;
  max: number;
}

/**
 * What the previous item of a sequence was, as Python's repeat check sees it:
 * `at` (anchors, `\b`) cannot be repeated, `repeat` cannot be repeated again,
 * `lookaround` can in Python but not in JavaScript with the `u` flag.
 */
type ItemKind = "atom" | "at" | "repeat" | "lookaround";

interface Item {
  kind: ItemKind;
  width: Width;
}

/** One member of a character class, before it is written out. */
type ClassMember =
  | { type: "char"; cp: number; at: number }
  | { type: "range"; lo: number; hi: number; at: number }
  | { type: "items"; text: string; at: number }
  | { type: "not-word"; at: number };

class Failure {
  constructor(
    readonly offset: number,
    readonly length: number,
    readonly message: string,
  ) {}
}

const validator = new RegExpValidator({ ecmaVersion: 2023 });

export function translatePythonRegex(source: string): PythonRegexResult {
  const translator = new Translator(source);
  try {
    translator.parse();
  } catch (caught) {
    if (caught instanceof Failure) return { ok: false, error: errorOf(caught, source) };
    throw caught;
  }
  const { out, offsets } = translator;
  offsets.push(source.length);
  try {
    validator.validatePattern(out, 0, out.length, { unicode: true });
  } catch (caught) {
    const index = (caught as { index?: number }).index ?? 0;
    const offset = offsets[Math.min(index, offsets.length - 1)] ?? 0;
    const reason = caught instanceof Error ? caught.message.replace(/^Invalid regular expression: \/.*\/u?: /s, "") : "invalid";
    return { ok: false, error: { offset, length: offset < source.length ? 1 : 0, message: `not valid in JavaScript: ${reason}` } };
  }
  return {
    ok: true,
    translation: {
      regexSource: out,
      flags: (translator.ignoreCase ? "i" : "") + (translator.dotAll ? "s" : "") + "u",
      groupNames: [...translator.groupNames.keys()],
      groupCount: translator.groupCount,
      sourceOffsets: offsets,
    },
  };
}

function errorOf(failure: Failure, source: string): PatternError {
  const offset = Math.min(failure.offset, source.length);
  const length = Math.max(0, Math.min(failure.length, source.length - offset));
  return { offset, length, message: failure.message };
}

/** Writes one code point so that it means itself in a `u`-mode pattern (or class). */
export function escapeCodePoint(cp: number, inClass: boolean): string {
  const ch = String.fromCodePoint(cp);
  if (SYNTAX_CHARACTERS.has(ch) || (inClass && ch === "-")) return `\\${ch}`;
  if (cp !== 0x20 && NEEDS_ESCAPE.test(ch)) {
    return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u{${cp.toString(16)}}`;
  }
  return ch;
}

function rangesText(ranges: readonly Range[]): string {
  return ranges
    .map(([lo, hi]) => (lo === hi ? escapeCodePoint(lo, true) : `${escapeCodePoint(lo, true)}-${escapeCodePoint(hi, true)}`))
    .join("");
}

function complement(ranges: readonly Range[]): Range[] {
  const result: Range[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) result.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0x10ffff) result.push([next, 0x10ffff]);
  return result;
}

/** Class-embeddable text of each category escape, per mode; `\W` in Unicode mode is special. */
const CATEGORY_ITEMS = {
  unicode: {
    d: UNICODE_DIGIT_ITEMS,
    D: UNICODE_NON_DIGIT_ITEMS,
    s: rangesText(UNICODE_SPACE),
    S: rangesText(complement(UNICODE_SPACE)),
    w: UNICODE_WORD_ITEMS,
    W: null,
  },
  ascii: {
    d: rangesText(ASCII_DIGIT),
    D: rangesText(complement(ASCII_DIGIT)),
    s: rangesText(ASCII_SPACE),
    S: rangesText(complement(ASCII_SPACE)),
    w: rangesText(ASCII_WORD),
    W: rangesText(complement(ASCII_WORD)),
  },
} as const;

type Category = keyof (typeof CATEGORY_ITEMS)["unicode"];

function isCategory(ch: string): ch is Category {
  return ch.length === 1 && "dDsSwW".includes(ch);
}

class Translator {
  pos = 0;
  out = "";
  offsets: number[] = [];
  groupCount = 0;
  readonly groupNames = new Map<string, number>();
  /** Width of each closed group by number; absent while the group is open. */
  private readonly groupWidths = new Map<number, Width>();
  /** Python's `state.lookbehindgroups`: groups numbered from here on are inside the current lookbehind. */
  private lookbehindGroups: number | null = null;
  ignoreCase = false;
  dotAll = false;
  private multiline = false;
  private ascii = false;

  constructor(private readonly src: string) {}

  parse(): void {
    this.parseAlternation(0);
    if (this.pos < this.src.length) throw new Failure(this.pos, 1, "unbalanced parenthesis");
  }

  private peek(): string | undefined {
    if (this.pos >= this.src.length) return undefined;
    return String.fromCodePoint(this.src.codePointAt(this.pos) as number);
  }

  private next(): string | undefined {
    const ch = this.peek();
    if (ch !== undefined) this.pos += ch.length;
    return ch;
  }

  private eat(expected: string): boolean {
    if (this.src.startsWith(expected, this.pos)) {
      this.pos += expected.length;
      return true;
    }
    return false;
  }

  private emit(text: string, at: number): void {
    this.out += text;
    for (let i = 0; i < text.length; i++) this.offsets.push(at);
  }

  /** `a|b|c`; returns the width range of the alternation. */
  private parseAlternation(nested: number): Width {
    if (nested > MAX_NESTING) throw new Failure(this.pos, 1, "pattern nested too deeply");
    let width: Width | null = null;
    let first = true;
    for (;;) {
      const branch = this.parseSequence(nested, nested === 0 && first);
      width = width === null ? branch : { min: Math.min(width.min, branch.min), max: Math.max(width.max, branch.max) };
      const at = this.pos;
      if (!this.eat("|")) return width;
      this.emit("|", at);
      first = false;
    }
  }

  private parseSequence(nested: number, first: boolean): Width {
    const items: Item[] = [];
    for (;;) {
      const at = this.pos;
      const ch = this.peek();
      if (ch === undefined || ch === "|" || ch === ")") break;
      this.pos += ch.length;
      if (ch === "\\") items.push(this.parseEscape(at));
      else if (ch === "[") items.push(this.parseClass(at));
      else if (ch === "*" || ch === "+" || ch === "?" || ch === "{") {
        const repeated = this.parseQuantifier(ch, at, items);
        if (repeated) items[items.length - 1] = repeated;
        else items.push(this.literal(0x7b, at));
      } else if (ch === ".") {
        this.emit(this.dotAll ? "." : "[^\\n]", at);
        items.push(atom(1));
      } else if (ch === "(") {
        const group = this.parseGroup(at, nested, first && items.length === 0);
        if (group) items.push(group);
      } else if (ch === "^") {
        this.emit(this.multiline ? "(?<![^\\n])" : "^", at);
        items.push(at0());
      } else if (ch === "$") {
        this.emit(this.multiline ? "(?![^\\n])" : "$", at);
        items.push(at0());
      } else items.push(this.literal(ch.codePointAt(0) as number, at));
    }
    return items.reduce((sum, item) => ({ min: sum.min + item.width.min, max: sum.max + item.width.max }), { min: 0, max: 0 });
  }

  private literal(cp: number, at: number): Item {
    this.emit(escapeCodePoint(cp, false), at);
    return atom(1);
  }

  /**
   * `*`, `+`, `?`, `{m,n}` and their lazy forms. Returns the repeated item, or
   * null when `{` is not a valid repeat and so stands for itself (Python).
   */
  private parseQuantifier(ch: string, at: number, items: Item[]): Item | null {
    let min: number;
    let max: number;
    let text: string;
    if (ch === "{") {
      if (this.peek() === "}") return null;
      const here = this.pos;
      const lo = this.digits();
      const comma = this.eat(",");
      const hi = comma ? this.digits() : lo;
      if (!this.eat("}")) {
        this.pos = here;
        return null;
      }
      min = lo === "" ? 0 : Number(lo);
      max = hi === "" ? Infinity : Number(hi);
      if (min >= MAX_REPEAT || (max !== Infinity && max >= MAX_REPEAT)) {
        throw new Failure(at, this.pos - at, "the repetition number is too large");
      }
      if (max < min) throw new Failure(at, this.pos - at, "min repeat greater than max repeat");
      text = !comma ? `{${min}}` : max === Infinity ? `{${min},}` : `{${min},${max}}`;
    } else {
      [min, max, text] = ch === "*" ? [0, Infinity, "*"] : ch === "+" ? [1, Infinity, "+"] : [0, 1, "?"];
    }
    const previous = items[items.length - 1];
    if (previous === undefined || previous.kind === "at") throw new Failure(at, this.pos - at, "nothing to repeat");
    if (previous.kind === "repeat") throw new Failure(at, this.pos - at, "multiple repeat");
    if (previous.kind === "lookaround") {
      throw new Failure(at, this.pos - at, "a repeated lookaround assertion is not supported in JavaScript; remove the quantifier");
    }
    const suffixAt = this.pos;
    if (this.eat("?")) text += "?";
    else if (this.eat("+")) {
      throw new Failure(suffixAt, 1, "possessive quantifiers are not supported in JavaScript");
    }
    this.emit(text, at);
    const { width } = previous;
    return {
      kind: "repeat",
      width: {
        min: width.min * min,
        max: max === Infinity ? (width.max === 0 ? 0 : Infinity) : width.max * max,
      },
    };
  }

  private digits(): string {
    let result = "";
    while (DIGIT.test(this.peek() ?? "")) result += this.next();
    return result;
  }

  private parseEscape(at: number): Item {
    const c = this.next();
    if (c === undefined) throw new Failure(at, 1, "bad escape (end of pattern)");
    if (c === "A") {
      this.emit("^", at);
      return at0();
    }
    if (c === "Z") {
      this.emit("$", at);
      return at0();
    }
    if (c === "b" || c === "B") {
      const w = this.ascii ? `[${CATEGORY_ITEMS.ascii.w}]` : `[${UNICODE_WORD_ITEMS}]`;
      this.emit(c === "b" ? `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))` : `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`, at);
      return at0();
    }
    if (isCategory(c)) {
      this.emit(this.categoryAtom(c), at);
      return atom(1);
    }
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return this.literal(simple, at);
    if (DIGIT.test(c)) return this.parseNumericEscape(c, at);
    return this.literal(this.codeEscape(c, at), at);
  }

  /** `\0`, octal escapes and group references, which Python tells apart by their digits. */
  private parseNumericEscape(first: string, at: number): Item {
    if (first === "0") {
      let octal = first;
      while (octal.length < 3 && OCT_DIGIT.test(this.peek() ?? "")) octal += this.next();
      return this.literal(parseInt(octal, 8), at);
    }
    let digits = first;
    if (DIGIT.test(this.peek() ?? "")) {
      digits += this.next();
      if (OCT_DIGIT.test(digits[0] as string) && OCT_DIGIT.test(digits[1] as string) && OCT_DIGIT.test(this.peek() ?? "")) {
        digits += this.next();
        const value = parseInt(digits, 8);
        if (value > 0o377) throw new Failure(at, this.pos - at, `octal escape value \\${digits} outside of range 0-0o377`);
        return this.literal(value, at);
      }
    }
    const group = Number(digits);
    if (group > this.groupCount) throw new Failure(at, this.pos - at, `invalid group reference ${group}`);
    this.checkReference(group, at);
    this.emit(`(?:\\${group})`, at);
    return atom(this.groupWidths.get(group) as Width);
  }

  /** Python's `checkgroup` and `checklookbehindgroup`. */
  private checkReference(group: number, at: number): void {
    if (!this.groupWidths.has(group)) throw new Failure(at, this.pos - at, "cannot refer to an open group");
    if (this.lookbehindGroups !== null && group >= this.lookbehindGroups) {
      throw new Failure(at, this.pos - at, "cannot refer to group defined in the same lookbehind subpattern");
    }
  }

  /**
   * The escapes that denote one character, shared by patterns and classes:
   * `\xhh`, `\uhhhh`, `\Uhhhhhhhh`, identity escapes of non-letters. Letters
   * without a meaning are errors, as in Python.
   */
  private codeEscape(c: string, at: number): number {
    const hexLength = c === "x" ? 2 : c === "u" ? 4 : c === "U" ? 8 : 0;
    if (hexLength > 0) {
      let hex = "";
      while (hex.length < hexLength && HEX_DIGIT.test(this.peek() ?? "")) hex += this.next();
      if (hex.length < hexLength) throw new Failure(at, this.pos - at, `incomplete escape \\${c}${hex}`);
      const value = parseInt(hex, 16);
      if (value > 0x10ffff) throw new Failure(at, this.pos - at, `bad escape \\${c}${hex}`);
      return value;
    }
    if (c === "N") {
      if (this.peek() === "{") {
        while (this.peek() !== undefined && this.next() !== "}");
      }
      throw new Failure(at, this.pos - at, "named Unicode escapes \\N{...} are not supported; write the character itself or \\uXXXX");
    }
    if (ASCII_LETTER.test(c)) {
      const hint =
        c === "z"
          ? " (Python before 3.14 has no \\z; use \\Z)"
          : c === "k" || c === "p" || c === "P"
            ? " (JavaScript syntax is not Python syntax)"
            : "";
      throw new Failure(at, this.pos - at, `bad escape \\${c}${hint}`);
    }
    return c.codePointAt(0) as number;
  }

  private categoryAtom(c: Category): string {
    if (this.ascii) {
      const items = CATEGORY_ITEMS.ascii[c];
      return `[${items}]`;
    }
    if (c === "d") return UNICODE_DIGIT_ITEMS;
    if (c === "D") return UNICODE_NON_DIGIT_ITEMS;
    if (c === "W") return `[^${UNICODE_WORD_ITEMS}]`;
    return `[${CATEGORY_ITEMS.unicode[c]}]`;
  }

  private parseClass(at: number): Item {
    const negate = this.eat("^");
    const members: ClassMember[] = [];
    for (;;) {
      const memberAt = this.pos;
      const ch = this.next();
      if (ch === undefined) throw new Failure(at, 1, "unterminated character set");
      if (ch === "]" && members.length > 0) break;
      const first = ch === "\\" ? this.classEscape(memberAt) : ({ type: "char", cp: ch.codePointAt(0) as number, at: memberAt } as const);
      if (!this.eat("-")) {
        members.push(first);
        continue;
      }
      const thatAt = this.pos;
      const that = this.next();
      if (that === undefined) throw new Failure(at, 1, "unterminated character set");
      if (that === "]") {
        members.push(first, { type: "char", cp: 0x2d, at: thatAt - 1 });
        break;
      }
      const second = that === "\\" ? this.classEscape(thatAt) : ({ type: "char", cp: that.codePointAt(0) as number, at: thatAt } as const);
      const rangeText = this.src.slice(memberAt, this.pos);
      if (first.type !== "char" || second.type !== "char" || second.cp < first.cp) {
        throw new Failure(memberAt, this.pos - memberAt, `bad character range ${rangeText}`);
      }
      members.push({ type: "range", lo: first.cp, hi: second.cp, at: memberAt });
    }
    this.emitClass(at, negate, members);
    return atom(1);
  }

  private classEscape(at: number): ClassMember {
    const c = this.next();
    if (c === undefined) throw new Failure(at, 1, "bad escape (end of pattern)");
    if (c === "b") return { type: "char", cp: 8, at };
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return { type: "char", cp: simple, at };
    if (isCategory(c)) {
      const items = this.ascii ? CATEGORY_ITEMS.ascii[c] : CATEGORY_ITEMS.unicode[c];
      return items === null ? { type: "not-word", at } : { type: "items", text: items, at };
    }
    if (OCT_DIGIT.test(c)) {
      let octal = c;
      while (octal.length < 3 && OCT_DIGIT.test(this.peek() ?? "")) octal += this.next();
      const value = parseInt(octal, 8);
      if (value > 0o377) throw new Failure(at, this.pos - at, `octal escape value \\${octal} outside of range 0-0o377`);
      return { type: "char", cp: value, at };
    }
    if (DIGIT.test(c)) throw new Failure(at, this.pos - at, `bad escape \\${c}`);
    return { type: "char", cp: this.codeEscape(c, at), at };
  }

  /**
   * Writes a class. Without the `v` flag a class cannot contain a negated
   * set, so Unicode `\W` beside other members becomes an alternation
   * (`[a\W]` → `(?:[a]|[^\w])`), and in a negated class a lookahead
   * (`[^\W\d]` → `(?:(?![\d])[\w])`, which is `\w` minus the rest).
   */
  private emitClass(at: number, negate: boolean, members: ClassMember[]): void {
    const notWord = members.some((m) => m.type === "not-word");
    const rest = members.filter((m) => m.type !== "not-word");
    const emitMembers = (): void => {
      for (const m of rest) {
        if (m.type === "char") this.emit(escapeCodePoint(m.cp, true), m.at);
        else if (m.type === "range") this.emit(`${escapeCodePoint(m.lo, true)}-${escapeCodePoint(m.hi, true)}`, m.at);
        else if (m.type === "items") this.emit(m.text, m.at);
      }
    };
    if (!notWord) {
      this.emit(negate ? "[^" : "[", at);
      emitMembers();
      this.emit("]", at);
      return;
    }
    const word = `[${UNICODE_WORD_ITEMS}]`;
    const nonWord = `[^${UNICODE_WORD_ITEMS}]`;
    if (rest.length === 0) {
      this.emit(negate ? word : nonWord, at);
      return;
    }
    this.emit(negate ? "(?:(?![" : "(?:[", at);
    emitMembers();
    this.emit(negate ? `])${word})` : `]|${nonWord})`, at);
  }

  /** `(...)` in all its Python forms. Returns null for what adds no item (comments, global flags). */
  private parseGroup(at: number, nested: number, mayHoldGlobalFlags: boolean): Item | null {
    if (!this.eat("?")) return this.parseCapture(at, nested, null);
    const c = this.next();
    if (c === undefined) throw new Failure(at, this.pos - at, "unexpected end of pattern");
    if (c === "P") {
      if (this.eat("<")) {
        const name = this.groupName(">");
        return this.parseCapture(at, nested, name);
      }
      if (this.eat("=")) {
        const nameAt = this.pos;
        const name = this.groupName(")");
        const group = this.groupNames.get(name);
        if (group === undefined) throw new Failure(nameAt, name.length, `unknown group name '${name}'`);
        this.checkReference(group, at);
        this.emit(`\\k<${name}>`, at);
        return atom(this.groupWidths.get(group) as Width);
      }
      const d = this.next();
      if (d === undefined) throw new Failure(at, this.pos - at, "unexpected end of pattern");
      throw new Failure(at, this.pos - at, `unknown extension ?P${d}`);
    }
    if (c === ":") return this.parseBody(at, nested, "(?:", "atom");
    if (c === "#") {
      for (;;) {
        const d = this.next();
        if (d === undefined) throw new Failure(at, this.pos - at, "missing ), unterminated comment");
        if (d === ")") return null;
      }
    }
    if (c === "=" || c === "!") return this.parseBody(at, nested, `(?${c}`, "lookaround");
    if (c === "<") {
      const d = this.next();
      if (d === undefined) throw new Failure(at, this.pos - at, "unexpected end of pattern");
      if (d !== "=" && d !== "!") {
        throw new Failure(at, this.pos - at, `unknown extension ?<${d} (named groups are written (?P<name>...))`);
      }
      const outer = this.lookbehindGroups;
      if (outer === null) this.lookbehindGroups = this.groupCount + 1;
      const item = this.parseBody(at, nested, `(?<${d}`, "lookaround", true);
      this.lookbehindGroups = outer;
      return item;
    }
    if (c === "(") {
      while (this.peek() !== undefined && this.next() !== ")");
      throw new Failure(at, this.pos - at, "conditional groups (?(...)...) are not supported in JavaScript");
    }
    if (c === ">") throw new Failure(at, this.pos - at, "atomic groups (?>...) are not supported in JavaScript");
    if ("aiLmsux-".includes(c)) return this.parseFlags(at, c, mayHoldGlobalFlags);
    throw new Failure(at, this.pos - at, `unknown extension ?${c}`);
  }

  /** Python's `getuntil` + `checkgroupname`. */
  private groupName(terminator: string): string {
    const start = this.pos;
    for (;;) {
      const c = this.next();
      if (c === undefined) {
        if (this.pos === start) throw new Failure(start, 0, "missing group name");
        throw new Failure(start, this.pos - start, `missing ${terminator}, unterminated name`);
      }
      if (c === terminator) break;
    }
    const name = this.src.slice(start, this.pos - 1);
    if (name === "") throw new Failure(start, 1, "missing group name");
    if (!IDENTIFIER.test(name)) throw new Failure(start, name.length, `bad character in group name '${name}'`);
    return name;
  }

  private parseCapture(at: number, nested: number, name: string | null): Item {
    const group = ++this.groupCount;
    if (name !== null) {
      const previous = this.groupNames.get(name);
      if (previous !== undefined) {
        throw new Failure(
          this.pos - name.length - 1,
          name.length,
          `redefinition of group name '${name}' as group ${group}; was group ${previous}`,
        );
      }
      this.groupNames.set(name, group);
    }
    const item = this.parseBody(at, nested, name === null ? "(" : `(?<${name}>`, "atom");
    this.groupWidths.set(group, item.width);
    return item;
  }

  private parseBody(at: number, nested: number, open: string, kind: ItemKind, lookbehind = false): Item {
    this.emit(open, at);
    const width = this.parseAlternation(nested + 1);
    if (!this.eat(")")) throw new Failure(at, 1, "missing ), unterminated subpattern");
    this.emit(")", this.pos - 1);
    if (lookbehind && width.min !== width.max) {
      throw new Failure(at, this.pos - at, "look-behind requires fixed-width pattern");
    }
    return kind === "lookaround" ? { kind, width: { min: 0, max: 0 } } : { kind, width };
  }

  /**
   * Inline flags, Python's `_parse_flags`. Global flags (`(?i)`) must open
   * the pattern and become JavaScript flags; scoped ones (`(?i:...)`) have no
   * JavaScript equivalent in Node 20.
   */
  private parseFlags(at: number, first: string, mayHoldGlobalFlags: boolean): null {
    let c: string | undefined = first;
    const on = new Set<string>();
    if (c !== "-") {
      for (;;) {
        if (c === "L") throw new Failure(at, this.pos - at, "bad inline flags: cannot use 'L' flag with a str pattern");
        on.add(c);
        if (on.has("a") && on.has("u")) throw new Failure(at, this.pos - at, "bad inline flags: flags 'a', 'u' and 'L' are incompatible");
        c = this.next();
        if (c === undefined) throw new Failure(at, this.pos - at, "missing -, : or )");
        if (c === ")" || c === "-" || c === ":") break;
        if (!"aiLmsux".includes(c)) {
          throw new Failure(this.pos - c.length, c.length, /\p{L}/u.test(c) ? "unknown flag" : "missing -, : or )");
        }
      }
    }
    if (c === ")") {
      if (!mayHoldGlobalFlags) throw new Failure(at, this.pos - at, "global flags not at the start of the expression");
      if (on.has("x"))
        throw new Failure(at, this.pos - at, "verbose mode (?x) is not supported; write the pattern without whitespace and comments");
      if (on.has("i")) this.ignoreCase = true;
      if (on.has("s")) this.dotAll = true;
      if (on.has("m")) this.multiline = true;
      if (on.has("a")) this.ascii = true;
      return null;
    }
    if (c === "-") {
      c = this.next();
      if (c === undefined) throw new Failure(at, this.pos - at, "missing flag");
      for (;;) {
        if (!"imsx".includes(c)) {
          if ("aLu".includes(c)) throw new Failure(at, this.pos - at, "bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
          throw new Failure(this.pos - c.length, c.length, /\p{L}/u.test(c) ? "unknown flag" : "missing flag");
        }
        c = this.next();
        if (c === undefined) throw new Failure(at, this.pos - at, "missing :");
        if (c === ":") break;
        if (!"aiLmsux".includes(c)) throw new Failure(this.pos - c.length, c.length, /\p{L}/u.test(c) ? "unknown flag" : "missing :");
      }
    }
    throw new Failure(
      at,
      this.pos - at,
      "scoped inline flags (?flags:...) are not supported in JavaScript (Node 20 has no RegExp modifiers); put global flags such as (?i) at the start of the pattern",
    );
  }
}

function atom(width: number | Width): Item {
  return { kind: "atom", width: typeof width === "number" ? { min: width, max: width } : width };
}

function at0(): Item {
  return { kind: "at", width: { min: 0, max: 0 } };
}
