/**
 * `sio fmt`: the canonical layout of a `.sio` file. Two-space indents, a
 * line width of 80; an expression stays on one line when it fits, else its
 * list/dict/call breaks one item per line with a trailing comma (a call with
 * one argument gets none, and hugs a lone list or dict: `URLRouter([`).
 * A trailing comma already in the source keeps a list, dict or call of
 * several arguments broken, so one-route-per-line tables stay that way; after
 * a call's only argument it does not (fmt drops that comma, and would
 * otherwise join the call on its next run). Comments and single blank lines
 * between statements are kept; everything else in the text is the syntax tree's.
 *
 * The result is checked before it is returned: it must parse to the same
 * tree with the same comments, or formatting fails instead of changing a spec.
 */
import type {
  Argument,
  DictEntry,
  Expression,
  ImportDeclaration,
  Program,
  SettingEntry,
  Statement,
  StringLiteral,
} from "../../grammar/ast.js";
import type { Diagnostic, Span } from "../../grammar/diagnostics.js";
import { parseSpec } from "../../grammar/index.js";

const WIDTH = 80;
const INDENT = 2;

export type FormatResult =
  | { ok: true; text: string }
  /** Syntax errors (nothing to format), or a comment fmt could not place (`unplaced`). */
  | { ok: false; diagnostics: Diagnostic[]; unplaced?: Span };

interface Comment {
  span: Span;
  text: string;
  /** Nothing but whitespace before it on its line. */
  ownLine: boolean;
}

export function formatSpec(text: string): FormatResult {
  const parsed = parseSpec(text);
  if (parsed.diagnostics.some((diagnostic) => diagnostic.severity === "error")) {
    return { ok: false, diagnostics: parsed.diagnostics };
  }
  const comments = scanComments(text, parsed.program);
  const printer = new Printer(text, comments);
  const output = printer.program(parsed.program);
  const unplaced = comments.find((comment) => !printer.printed.has(comment));
  if (unplaced) return { ok: false, diagnostics: [], unplaced: unplaced.span };
  const reparsed = parseSpec(output);
  const same =
    reparsed.diagnostics.length === 0 &&
    shape(reparsed.program, output) === shape(parsed.program, text) &&
    scanComments(output, reparsed.program).map((c) => c.text).join("\n") === comments.map((c) => c.text).join("\n");
  if (!same) throw new Error("fmt produced a text that does not parse to the same spec");
  return { ok: true, text: output };
}

/** The tree without positions, literals as written: what formatting must not change. */
function shape(program: Program, text: string): string {
  return JSON.stringify(program, (key, value: unknown) => {
    if (key === "span" || key === "contentStart" || key === "valueOffsets") return undefined;
    if (value && typeof value === "object" && (value as { kind?: string }).kind === "StringLiteral") {
      const literal = value as StringLiteral;
      return text.slice(literal.span.start, literal.span.end);
    }
    return value;
  });
}

/**
 * Comments are skipped by the lexer, so find them in the text: outside string
 * literals (whose spans the tree has) the only `#` or `//` starts a comment.
 */
function scanComments(text: string, program: Program): Comment[] {
  const strings: Span[] = [];
  collectStrings(program, strings);
  strings.sort((a, b) => a.start - b.start);
  const comments: Comment[] = [];
  let next = 0;
  for (let i = 0; i < text.length; i++) {
    while (next < strings.length && strings[next]!.end <= i) next++;
    const string = strings[next];
    if (string && string.start <= i) {
      i = string.end - 1;
      continue;
    }
    const c = text[i];
    if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      let end = i;
      while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
      const lineStart = Math.max(text.lastIndexOf("\n", i - 1), text.lastIndexOf("\r", i - 1)) + 1;
      comments.push({
        span: { start: i, end },
        text: text.slice(i, end).trimEnd(),
        ownLine: text.slice(lineStart, i).trim() === "",
      });
      i = end;
    }
  }
  return comments;
}

function collectStrings(node: unknown, into: Span[]): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) stack.push(...current);
    else if (current && typeof current === "object") {
      const kind = (current as { kind?: string }).kind;
      if (kind === "StringLiteral") into.push((current as StringLiteral).span);
      else for (const [key, value] of Object.entries(current)) if (key !== "span") stack.push(value);
    }
  }
}

/** An item of a sequence (statement, entry, element, argument) with how to print it. */
interface Item {
  span: Span;
  print(column: number, indent: number, tail: number): string;
}

class Printer {
  readonly printed = new Set<Comment>();
  private readonly flatCache = new Map<Expression, string | null>();

  constructor(
    private readonly text: string,
    private readonly comments: Comment[],
  ) {}

  program(program: Program): string {
    const items = program.statements.map((statement) => ({
      span: statement.span,
      print: () => this.statement(statement),
    }));
    const body = this.lines(items, 0, { start: 0, end: this.text.length }, ";", true);
    return body === "" ? "" : `${body}\n`;
  }

  private statement(statement: Statement): string {
    switch (statement.kind) {
      case "ImportDeclaration":
        return this.importDeclaration(statement);
      case "SettingsBlock": {
        if (statement.entries.length === 0 && this.commentsIn(statement.span).length === 0) return "settings {}";
        const items = statement.entries.map((entry) => ({ span: entry.span, print: () => this.setting(entry) }));
        return `settings {\n${this.lines(items, INDENT, statement.span, ";", true)}\n}`;
      }
      case "Binding": {
        const head = `${statement.name.name} = `;
        return head + this.expression(statement.value, head.length, 0, 0);
      }
    }
  }

  private importDeclaration(statement: ImportDeclaration): string {
    const parts: string[] = [];
    if (statement.defaultBinding) parts.push(statement.defaultBinding.name);
    const named = statement.specifiers.map((specifier) =>
      specifier.local === specifier.imported || specifier.local.name === specifier.imported.name
        ? specifier.imported.name
        : `${specifier.imported.name} as ${specifier.local.name}`,
    );
    if (named.length > 0 || !statement.defaultBinding) parts.push(named.length > 0 ? `{ ${named.join(", ")} }` : "{}");
    return `import ${parts.join(", ")} from ${this.source(statement.source.span)}`;
  }

  private setting(entry: SettingEntry): string {
    const head = `${entry.name.name} = `;
    return head + this.expression(entry.value, INDENT + head.length, INDENT, 0);
  }

  /**
   * Items one per line at `indent`, each with its leading (own-line) and
   * trailing comments; `separator` follows every item (`;` means none).
   * Blank lines between items are kept (one at most) when `keepBlank`.
   */
  private lines(items: Item[], indent: number, container: Span, separator: string, keepBlank: boolean): string {
    const pad = " ".repeat(indent);
    const out: string[] = [];
    let previousEnd = -1;
    items.forEach((item, index) => {
      const gapStart = index === 0 ? container.start : items[index - 1]!.span.end;
      const leading = this.take(gapStart, item.span.start).filter((comment) => {
        if (comment.ownLine || index === 0) return true;
        out[out.length - 1] += ` ${comment.text}`;
        return false;
      });
      const firstStart = leading[0]?.span.start ?? item.span.start;
      if (keepBlank && previousEnd >= 0 && /\n[ \t]*\r?\n/.test(this.text.slice(previousEnd, firstStart))) out.push("");
      for (const comment of leading) out.push(pad + comment.text);
      const sep = separator === ";" ? "" : separator;
      out.push(pad + item.print(indent, indent, sep.length) + sep);
      previousEnd = this.lineEnd(item.span.end);
    });
    const lastEnd = items.length > 0 ? items[items.length - 1]!.span.end : container.start;
    for (const comment of this.take(lastEnd, container.end)) {
      if (!comment.ownLine && out.length > 0) out[out.length - 1] += ` ${comment.text}`;
      else {
        if (keepBlank && out.length > 0 && /\n[ \t]*\r?\n/.test(this.text.slice(previousEnd, comment.span.start))) out.push("");
        out.push(pad + comment.text);
        previousEnd = comment.span.end;
      }
    }
    return out.join("\n");
  }

  /** The end of the line an offset is on (so a trailing comment belongs before a blank line). */
  private lineEnd(offset: number): number {
    const newline = this.text.indexOf("\n", offset);
    return newline === -1 ? this.text.length : newline;
  }

  /** Comments in [start, end) not yet printed, marked printed. */
  private take(start: number, end: number): Comment[] {
    const found = this.comments.filter((comment) => comment.span.start >= start && comment.span.start < end && !this.printed.has(comment));
    for (const comment of found) this.printed.add(comment);
    return found;
  }

  private commentsIn(span: Span): Comment[] {
    return this.comments.filter((comment) => comment.span.start >= span.start && comment.span.start < span.end);
  }

  private source(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /** A container whose source ends its last item with a comma stays broken. */
  private hasTrailingComma(container: Span, lastItem: Span | undefined): boolean {
    if (!lastItem) return false;
    return this.text.slice(lastItem.end, container.end).replace(/(?:#|\/\/)[^\r\n]*/g, "").includes(",");
  }

  /** The one-line form, or null when the expression must break (a comment or a trailing comma inside). */
  private flat(expression: Expression): string | null {
    if (this.flatCache.has(expression)) return this.flatCache.get(expression)!;
    const result = this.commentsIn(expression.span).length > 0 ? null : this.flatUncached(expression);
    this.flatCache.set(expression, result);
    return result;
  }

  private flatUncached(expression: Expression): string | null {
    switch (expression.kind) {
      case "StringLiteral":
      case "NumberLiteral":
      case "BooleanLiteral":
        return this.source(expression.span);
      case "NameExpression":
        return expression.name;
      case "ErrorExpression":
        return null;
      case "MemberExpression": {
        const object = this.flat(expression.object);
        return object === null ? null : `${object}.${expression.property.name}`;
      }
      case "AddExpression": {
        const left = this.flat(expression.left);
        const right = this.flat(expression.right);
        return left === null || right === null ? null : `${left} + ${right}`;
      }
      case "ListExpression": {
        if (this.hasTrailingComma(expression.span, expression.elements.at(-1)?.span)) return null;
        const elements = expression.elements.map((element) => this.flat(element));
        return elements.includes(null) ? null : `[${elements.join(", ")}]`;
      }
      case "DictExpression": {
        if (this.hasTrailingComma(expression.span, expression.entries.at(-1)?.span)) return null;
        const entries = expression.entries.map((entry) => {
          const value = this.flat(entry.value);
          return value === null ? null : `${this.source(entry.key.span)}: ${value}`;
        });
        return entries.includes(null) ? null : `{${entries.join(", ")}}`;
      }
      case "CallExpression": {
        if (expression.args.length > 1 && this.hasTrailingComma(expression.span, expression.args.at(-1)?.span)) return null;
        const callee = this.flat(expression.callee);
        const args = expression.args.map((argument) => {
          const value = this.flat(argument.value);
          if (value === null) return null;
          return argument.kind === "KeywordArgument" ? `${argument.name.name}=${value}` : value;
        });
        return callee === null || args.includes(null) ? null : `${callee}(${args.join(", ")})`;
      }
    }
  }

  /** `expression` starting at `column`, continuation lines at `indent`, `tail` characters following it. */
  private expression(expression: Expression, column: number, indent: number, tail: number): string {
    const flat = this.flat(expression);
    if (flat !== null && column + flat.length + tail <= WIDTH) return flat;
    switch (expression.kind) {
      case "ListExpression":
        return this.broken("[", "]", expression.span, expression.elements.map((element) => this.itemOf(element)), indent, true);
      case "DictExpression":
        return this.broken("{", "}", expression.span, expression.entries.map((entry) => this.entryItem(entry)), indent, true);
      case "CallExpression":
        return this.call(expression, column, indent, tail);
      case "AddExpression": {
        const left = this.expression(expression.left, column, indent, 3);
        const lastLine = left.slice(left.lastIndexOf("\n") + 1);
        const start = (left.includes("\n") ? 0 : column) + lastLine.length + 3;
        return `${left} + ${this.expression(expression.right, start, indent, tail)}`;
      }
      case "MemberExpression": {
        const object = this.expression(expression.object, column, indent, expression.property.name.length + 1 + tail);
        return `${object}.${expression.property.name}`;
      }
      default:
        // Literals and names cannot break; an over-long one stays as it is.
        return flat ?? this.source(expression.span);
    }
  }

  private call(expression: Extract<Expression, { kind: "CallExpression" }>, column: number, indent: number, tail: number): string {
    const callee = this.expression(expression.callee, column, indent, 1);
    const single = expression.args.length === 1 ? expression.args[0]! : undefined;
    const callGaps = this.commentsIn(expression.span).filter((comment) => !single || !within(comment.span, single.span));
    if (single && single.kind === "PositionalArgument" && callGaps.length === 0) {
      const value = single.value;
      const hugged =
        value.kind === "ListExpression" ||
        value.kind === "DictExpression" ||
        (value.kind === "AddExpression" && (value.right.kind === "ListExpression" || value.right.kind === "DictExpression"));
      if (hugged) return `${callee}(${this.hug(value, column + callee.length + 1, indent, tail + 1)})`;
    }
    const items = expression.args.map((argument) => this.argumentItem(argument));
    return callee + this.broken("(", ")", expression.span, items, indent, expression.args.length > 1);
  }

  /** A list or dict (or `x + [...]`) printed broken but starting on the current line. */
  private hug(value: Expression, column: number, indent: number, tail: number): string {
    if (value.kind === "AddExpression") {
      const left = this.expression(value.left, column, indent, 3);
      return `${left} + ${this.hug(value.right, column + left.length + 3, indent, tail)}`;
    }
    const flat = this.flat(value);
    if (flat !== null && column + flat.length + tail <= WIDTH) return flat;
    if (value.kind === "ListExpression") {
      return this.broken("[", "]", value.span, value.elements.map((element) => this.itemOf(element)), indent, true);
    }
    if (value.kind === "DictExpression") {
      return this.broken("{", "}", value.span, value.entries.map((entry) => this.entryItem(entry)), indent, true);
    }
    return this.expression(value, column, indent, tail);
  }

  private broken(open: string, close: string, span: Span, items: Item[], indent: number, trailingComma: boolean): string {
    if (items.length === 0 && this.commentsIn(span).length === 0) return open + close;
    const inner = indent + INDENT;
    // Every item but the last is followed by a comma; the last one only when asked.
    const withCommas = items.map((item, index) => ({
      span: item.span,
      print: (column: number, itemIndent: number, tail: number) =>
        item.print(column, itemIndent, tail) + (index < items.length - 1 || trailingComma ? "," : ""),
    }));
    const body = this.lines(withCommas, inner, { start: span.start + 1, end: span.end - 1 }, ";", false);
    return `${open}\n${body}\n${" ".repeat(indent)}${close}`;
  }

  private itemOf(expression: Expression): Item {
    return { span: expression.span, print: (column, indent, tail) => this.expression(expression, column, indent, tail + 1) };
  }

  private entryItem(entry: DictEntry): Item {
    const key = `${this.source(entry.key.span)}: `;
    return {
      span: entry.span,
      print: (column, indent, tail) => key + this.expression(entry.value, column + key.length, indent, tail + 1),
    };
  }

  private argumentItem(argument: Argument): Item {
    const head = argument.kind === "KeywordArgument" ? `${argument.name.name}=` : "";
    return {
      span: argument.span,
      print: (column, indent, tail) => head + this.expression(argument.value, column + head.length, indent, tail + 1),
    };
  }
}

function within(inner: Span, outer: Span): boolean {
  return inner.start >= outer.start && inner.start < outer.end;
}
