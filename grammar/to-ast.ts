/**
 * AST construction for the parser's embedded actions. Builds exactly the
 * nodes of `ast.ts`, each with its span, and reports what the grammar
 * deliberately accepts loosely (missing or doubled commas, statements sharing
 * a line, non-string dict keys, bad escapes) as SIO100 diagnostics. Parts cut
 * short by error recovery become `ErrorExpression`s; a token Chevrotain
 * inserted has no offsets and is treated as absent.
 */
import type { IToken } from "./chevrotain.js";
import type {
  Argument,
  DictEntry,
  Expression,
  Identifier,
  ImportDeclaration,
  ImportSpecifier,
  Program,
  SettingEntry,
  SettingsBlock,
  Statement,
  StringLiteral,
} from "./ast.js";
import type { Diagnostic, Span } from "./diagnostics.js";
import { decodeString, quoteForMessage } from "./strings.js";
import {
  False,
  NumberToken,
  PlainString,
  RawString,
  True,
  UnterminatedString,
} from "./tokens.js";

/** Deeper expressions (long `+` or `.x(...)` chains) become errors, so later passes can recurse safely. */
export const MAX_EXPRESSION_DEPTH = 1024;

/**
 * A syntax diagnostic plus, for the ones derived from a loose grammar rule,
 * the region in which an error Chevrotain reported already explains it.
 */
export interface SyntaxDiagnostic extends Diagnostic {
  secondaryIn?: Span;
}

export type NameAndValueKind = "Binding" | "SettingEntry" | "KeywordArgument";

/** A binding, setting entry or keyword argument: all are `name = value`. */
export interface NameAndValue<K extends NameAndValueKind> {
  kind: K;
  span: Span;
  name: Identifier;
  value: Expression;
}

/** A dict entry before its key is known to be a string. */
export interface LooseDictEntry {
  kind: "DictEntry";
  span: Span;
  key: Expression;
  value: Expression;
}

export const isReal = (token: IToken | undefined): token is IToken =>
  token !== undefined && Number.isFinite(token.startOffset);

export const tokenEnd = (token: IToken): number =>
  token.startOffset + token.image.length;

const tokenSpan = (token: IToken): Span => ({
  start: token.startOffset,
  end: tokenEnd(token),
});

function syntaxError(span: Span, message: string): SyntaxDiagnostic {
  return { code: "SIO100", severity: "error", message, span, related: [] };
}

function identifier(token: IToken): Identifier {
  return { kind: "Identifier", span: tokenSpan(token), name: token.image };
}

export const errorExpression = (at: number): Expression => ({
  kind: "ErrorExpression",
  span: { start: at, end: at },
});

/** How a list's items are named in messages. */
interface Noun {
  one: string;
  many: string;
}

export const nouns = {
  imports: { one: "a name", many: "imported names" },
  settings: { one: "a setting", many: "settings" },
  arguments: { one: "an argument", many: "arguments" },
  elements: { one: "a list element", many: "list elements" },
  entries: { one: "a dict entry", many: "dict entries" },
} satisfies Record<string, Noun>;

/**
 * Items and commas in source order: two items without a comma, or a comma
 * without an item before it, is an error. `lineBreakSeparates` lets a new
 * line stand for the comma (settings entries).
 */
export class Separated<T> {
  readonly nodes: T[] = [];
  private previous: Span | null = null;
  private sawComma = false;

  constructor(
    private readonly builder: AstBuilder,
    private readonly noun: Noun,
    private readonly lineBreakSeparates = false,
  ) {}

  comma(token: IToken): void {
    if (!isReal(token)) return;
    if (!this.previous || this.sawComma)
      this.builder.error(
        tokenSpan(token),
        `expected ${this.noun.one} before ','`,
      );
    this.sawComma = true;
  }

  item(node: T, span: Span): void {
    const previous = this.previous;
    if (
      previous &&
      !this.sawComma &&
      !(
        this.lineBreakSeparates &&
        this.builder.lineBreakBetween(previous.end, span.start)
      )
    ) {
      const at = previous.end;
      this.builder.diagnostics.push({
        ...syntaxError(
          { start: at, end: at },
          this.lineBreakSeparates
            ? `expected ',' or a new line between ${this.noun.many}`
            : `expected ',' between ${this.noun.many}`,
        ),
        fix: {
          description: "Insert ','",
          edits: [{ span: { start: at, end: at }, text: "," }],
        },
        secondaryIn: { start: at, end: span.start },
      });
    }
    this.nodes.push(node);
    this.previous = span;
    this.sawComma = false;
  }
}

/**
 * The statements of a program: tokens that cannot start a statement are
 * gathered into one "unexpected" error per run on a line; statements must
 * start on a new line.
 */
export class StatementList {
  readonly statements: Statement[] = [];
  private previous: Span | null = null;
  /** The current run of stray tokens on one line, by its ends. */
  private strayStart: IToken | null = null;
  private strayEnd: IToken | null = null;

  constructor(private readonly builder: AstBuilder) {}

  /** Where an empty next statement would sit: after the last one. */
  get after(): number {
    return this.previous?.end ?? 0;
  }

  add(result: Statement | IToken[] | null): void {
    if (Array.isArray(result)) {
      for (const token of result) {
        if (!isReal(token)) continue;
        const last = this.strayEnd;
        if (
          last &&
          this.builder.lineBreakBetween(tokenEnd(last), token.startOffset)
        )
          this.flushStray();
        this.strayStart ??= token;
        this.strayEnd = token;
      }
      return;
    }
    this.flushStray();
    if (!result) return;
    const previous = this.previous;
    if (
      previous &&
      !this.builder.lineBreakBetween(previous.end, result.span.start)
    ) {
      this.builder.error(
        { start: result.span.start, end: result.span.start },
        "expected a new line before the next statement",
        { start: previous.end, end: result.span.start },
      );
    }
    this.statements.push(result);
    this.previous = result.span;
  }

  finish(length: number): Program {
    this.flushStray();
    return {
      kind: "Program",
      span: { start: 0, end: length },
      statements: this.statements,
    };
  }

  private flushStray(): void {
    if (this.strayStart && this.strayEnd) {
      const span = {
        start: this.strayStart.startOffset,
        end: tokenEnd(this.strayEnd),
      };
      this.builder.error(
        span,
        `unexpected ${quoteForMessage(this.builder.text.slice(span.start, span.end))}`,
        span,
      );
    }
    this.strayStart = null;
    this.strayEnd = null;
  }
}

export function isToken(value: object): value is IToken {
  return (value as IToken).tokenType !== undefined;
}

/** Builds the nodes of one parse and collects the diagnostics they raise. */
export class AstBuilder {
  readonly diagnostics: SyntaxDiagnostic[] = [];
  /** Depth of every expression deeper than 1 (literals and names are 1). */
  private readonly depths = new Map<Expression, number>();
  /** One depth diagnostic per statement is enough; the parser resets it per statement. */
  depthReported = false;

  constructor(readonly text: string) {}

  error(span: Span, message: string, secondaryIn?: Span): void {
    this.diagnostics.push(
      secondaryIn
        ? { ...syntaxError(span, message), secondaryIn }
        : syntaxError(span, message),
    );
  }

  lineBreakBetween(start: number, end: number): boolean {
    const text = this.text;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) return true;
    }
    return false;
  }

  private depthOf(expression: Expression): number {
    return this.depths.get(expression) ?? 1;
  }

  /**
   * Record an expression's depth: one more than its deepest child's
   * (`childDepth`, 0 without children). Past the limit it becomes an error.
   */
  private sized(expression: Expression, childDepth: number): Expression {
    const depth = childDepth + 1;
    if (depth <= MAX_EXPRESSION_DEPTH) {
      this.depths.set(expression, depth);
      return expression;
    }
    if (!this.depthReported) {
      this.depthReported = true;
      this.error(
        expression.span,
        `expression nested deeper than ${MAX_EXPRESSION_DEPTH} levels`,
      );
    }
    return { kind: "ErrorExpression", span: expression.span };
  }

  importDeclaration(
    span: Span,
    defaultToken: IToken | undefined,
    specifiers: ImportSpecifier[] | undefined,
    sourceToken: IToken | undefined,
  ): ImportDeclaration {
    return {
      kind: "ImportDeclaration",
      span,
      defaultBinding: isReal(defaultToken) ? identifier(defaultToken) : null,
      specifiers: specifiers ?? [],
      source: isReal(sourceToken)
        ? this.stringLiteral(sourceToken)
        : {
            kind: "StringLiteral",
            span: { start: span.end, end: span.end },
            value: "",
            raw: false,
            contentStart: span.end,
            valueOffsets: null,
          },
    };
  }

  importSpecifier(
    span: Span,
    importedToken: IToken,
    localToken: IToken | undefined,
  ): ImportSpecifier {
    const imported = identifier(importedToken);
    return {
      kind: "ImportSpecifier",
      span,
      imported,
      local: isReal(localToken) ? identifier(localToken) : imported,
    };
  }

  settingsBlock(span: Span, entries: SettingEntry[]): SettingsBlock {
    return { kind: "SettingsBlock", span, entries };
  }

  /** Where the value of `name = value` sits when recovery left it empty. */
  valueAfter(name: IToken, equals: IToken | undefined): number {
    return isReal(equals) ? tokenEnd(equals) : tokenEnd(name);
  }

  /** `name = expression`, shared by bindings, settings and keyword arguments. */
  nameAndValue<K extends NameAndValueKind>(
    kind: K,
    span: Span,
    name: IToken,
    equals: IToken | undefined,
    value: Expression | undefined,
  ): NameAndValue<K> {
    return {
      kind,
      span,
      name: identifier(name),
      value: value ?? errorExpression(this.valueAfter(name, equals)),
    };
  }

  /** `left + right`, folded left-associatively. */
  add(left: Expression, right: Expression): Expression {
    const span = {
      start: left.span.start,
      end: Math.max(left.span.end, right.span.end),
    };
    return this.sized(
      { kind: "AddExpression", span, left, right },
      Math.max(this.depthOf(left), this.depthOf(right)),
    );
  }

  /** `object(args)`; `end` is where the argument list ends. */
  call(object: Expression, args: Argument[], end: number): Expression {
    const span = { start: object.span.start, end };
    if (
      object.kind !== "NameExpression" &&
      object.kind !== "MemberExpression"
    ) {
      if (object.kind !== "ErrorExpression") {
        this.error(
          object.span,
          "only a name or a member such as X.as_asgi can be called",
        );
      }
      return { kind: "ErrorExpression", span };
    }
    let depth = this.depthOf(object);
    for (const arg of args) depth = Math.max(depth, this.depthOf(arg.value));
    return this.sized(
      { kind: "CallExpression", span, callee: object, args },
      depth,
    );
  }

  /** `object.word`; without a real word, an error up to `dotEnd`. */
  member(
    object: Expression,
    word: IToken | undefined,
    dotEnd: number,
  ): Expression {
    if (!isReal(word))
      return {
        kind: "ErrorExpression",
        span: { start: object.span.start, end: dotEnd },
      };
    const property = identifier(word);
    const span = { start: object.span.start, end: property.span.end };
    return this.sized(
      { kind: "MemberExpression", span, object, property },
      this.depthOf(object),
    );
  }

  /** A literal or a name from one token. */
  primary(token: IToken): Expression {
    const type = token.tokenType;
    if (
      type === PlainString ||
      type === RawString ||
      type === UnterminatedString
    )
      return this.stringLiteral(token);
    const span = tokenSpan(token);
    if (type === NumberToken)
      return {
        kind: "NumberLiteral",
        span,
        value: Number(token.image.replace(/_/g, "")),
      };
    if (type === True) return { kind: "BooleanLiteral", span, value: true };
    if (type === False) return { kind: "BooleanLiteral", span, value: false };
    return { kind: "NameExpression", span, name: token.image };
  }

  list(span: Span, elements: Expression[]): Expression {
    let depth = 0;
    for (const element of elements)
      depth = Math.max(depth, this.depthOf(element));
    return this.sized({ kind: "ListExpression", span, elements }, depth);
  }

  dict(span: Span, loose: LooseDictEntry[]): Expression {
    const entries: DictEntry[] = [];
    let depth = 0;
    for (const entry of loose) {
      if (entry.key.kind !== "StringLiteral") continue;
      entries.push(entry as DictEntry);
      depth = Math.max(depth, this.depthOf(entry.value));
    }
    return this.sized({ kind: "DictExpression", span, entries }, depth);
  }

  dictEntry(span: Span, key: Expression, value: Expression): LooseDictEntry {
    if (key.kind !== "StringLiteral" && key.kind !== "ErrorExpression")
      this.error(key.span, "dict keys must be strings");
    return { kind: "DictEntry", span, key, value };
  }

  private stringLiteral(token: IToken): StringLiteral {
    const span = tokenSpan(token);
    const image = token.image;
    const type = token.tokenType;
    const raw =
      type === RawString ||
      (type === UnterminatedString && (image[0] === "r" || image[0] === "R"));
    const quoteAt = raw ? 1 : 0;
    const contentStart = span.start + quoteAt + 1;
    // An unterminated string is reported by the lexing step; its content runs to the line end.
    const closed = type !== UnterminatedString;
    const content = image.slice(
      quoteAt + 1,
      closed ? image.length - 1 : image.length,
    );
    const decoded = decodeString(content, contentStart, raw);
    for (const problem of decoded.problems)
      this.error(problem.span, problem.message);
    return {
      kind: "StringLiteral",
      span,
      value: decoded.value,
      raw,
      contentStart,
      valueOffsets: decoded.valueOffsets,
    };
  }
}
