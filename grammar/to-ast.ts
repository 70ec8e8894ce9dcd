/**
 * CST → AST. Builds exactly the nodes of `ast.ts`, each with its span, and
 * reports what the grammar deliberately accepts loosely (missing or doubled
 * commas, statements sharing a line, non-string dict keys, bad escapes) as
 * SIO100 diagnostics. Parts cut short by error recovery become
 * `ErrorExpression`s; a token Chevrotain inserted has no offsets and is
 * treated as absent.
 */
import type { CstNode, IToken } from "chevrotain";
import type {
  Argument,
  Binding,
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
import type {
  ArgumentListCstChildren,
  BindingCstChildren,
  DictCstChildren,
  DictEntryCstChildren,
  ExpressionCstChildren,
  ImportDeclarationCstChildren,
  ImportSpecifierCstChildren,
  KeywordArgumentCstChildren,
  ListCstChildren,
  NamedImportsCstChildren,
  ParenthesizedCstChildren,
  PostfixCstChildren,
  PostfixOperationCstChildren,
  PrimaryCstChildren,
  ProgramCstChildren,
  SettingEntryCstChildren,
  SettingsBlockCstChildren,
  StatementCstChildren,
} from "./cst.js";
import type { Diagnostic, Span } from "./diagnostics.js";
import { parser } from "./parser.js";
import { decodeString, quoteForMessage } from "./strings.js";
import { PlainString, RawString, UnterminatedString } from "./tokens.js";
import { tokenMatcher } from "chevrotain";

/** Deeper expressions (long `+` or `.x(...)` chains) become errors, so later passes can recurse safely. */
export const MAX_EXPRESSION_DEPTH = 1024;

/**
 * A syntax diagnostic plus, for the ones derived from a loose grammar rule,
 * the region in which an error Chevrotain reported already explains it.
 */
export interface SyntaxDiagnostic extends Diagnostic {
  secondaryIn?: Span;
}

/** What a visitor method receives: its CST node and where an empty one sits. */
interface Context {
  node: CstNode;
  /** Offset just after the last real token before this node. */
  after: number;
}

const isReal = (token: IToken | undefined): token is IToken =>
  token !== undefined && Number.isFinite(token.startOffset);

const tokenSpan = (token: IToken): Span => ({
  start: token.startOffset,
  end: token.startOffset + token.image.length,
});

function nodeSpan(node: CstNode, after: number): Span {
  const location = node.location;
  if (!location || !Number.isFinite(location.startOffset))
    return { start: after, end: after };
  return {
    start: location.startOffset,
    end: (location.endOffset ?? location.startOffset) + 1,
  };
}

function syntaxError(span: Span, message: string): SyntaxDiagnostic {
  return { code: "SIO100", severity: "error", message, span, related: [] };
}

function identifier(token: IToken): Identifier {
  return { kind: "Identifier", span: tokenSpan(token), name: token.image };
}

/** How a list's items are named in messages. */
interface Noun {
  one: string;
  many: string;
}

type Item<T> = { node: T; span: Span } | { comma: IToken };

/** Items and separating commas in source order. */
function inOrder<T>(
  items: { node: T; span: Span }[],
  commas: IToken[] | undefined,
): Item<T>[] {
  const all: Item<T>[] = [
    ...items,
    ...(commas ?? []).filter(isReal).map((comma) => ({ comma })),
  ];
  const start = (item: Item<T>): number =>
    "comma" in item ? item.comma.startOffset : item.span.start;
  return all.sort((a, b) => start(a) - start(b));
}

const BaseVisitor = parser.getBaseCstVisitorConstructor<Context, unknown>();

export class AstBuilder extends BaseVisitor {
  readonly diagnostics: SyntaxDiagnostic[] = [];
  private readonly text: string;
  private readonly depths = new Map<Expression, number>();
  /** One depth diagnostic per statement is enough. */
  private depthReported = false;

  constructor(text: string) {
    super();
    this.text = text;
    this.validateVisitor();
  }

  /** Visit one CST node; `after` places it when recovery left it empty. */
  private build<T>(
    node: CstNode | undefined,
    after: number,
    fallback: (after: number) => T,
  ): T {
    return node ? (this.visit(node, { node, after }) as T) : fallback(after);
  }

  private error(span: Span, message: string, secondaryIn?: Span): void {
    this.diagnostics.push(
      secondaryIn
        ? { ...syntaxError(span, message), secondaryIn }
        : syntaxError(span, message),
    );
  }

  private errorExpression = (after: number): Expression => ({
    kind: "ErrorExpression",
    span: { start: after, end: after },
  });

  private expr(node: CstNode | undefined, after: number): Expression {
    return this.build(node, after, this.errorExpression);
  }

  /** Record an expression's depth; past the limit it becomes an error. */
  private sized(expression: Expression, children: Expression[]): Expression {
    let depth = 1;
    for (const child of children)
      depth = Math.max(depth, (this.depths.get(child) ?? 1) + 1);
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

  /**
   * Walk items and commas: two items without a comma, or a comma without an
   * item before it, is an error. `lineBreakSeparates` lets a new line stand
   * for the comma (settings entries).
   */
  private separated<T>(
    items: Item<T>[],
    noun: Noun,
    lineBreakSeparates = false,
  ): T[] {
    const nodes: T[] = [];
    let previous: Span | null = null;
    let sawComma = false;
    for (const item of items) {
      if ("comma" in item) {
        if (!previous || sawComma)
          this.error(tokenSpan(item.comma), `expected ${noun.one} before ','`);
        sawComma = true;
        continue;
      }
      if (
        previous &&
        !sawComma &&
        !(
          lineBreakSeparates &&
          this.lineBreakBetween(previous.end, item.span.start)
        )
      ) {
        const at = previous.end;
        this.diagnostics.push({
          ...syntaxError(
            { start: at, end: at },
            lineBreakSeparates
              ? `expected ',' or a new line between ${noun.many}`
              : `expected ',' between ${noun.many}`,
          ),
          fix: {
            description: "Insert ','",
            edits: [{ span: { start: at, end: at }, text: "," }],
          },
          secondaryIn: { start: at, end: item.span.start },
        });
      }
      nodes.push(item.node);
      previous = item.span;
      sawComma = false;
    }
    return nodes;
  }

  private lineBreakBetween(start: number, end: number): boolean {
    return /[\r\n]/.test(this.text.slice(start, end));
  }

  program(children: ProgramCstChildren): Program {
    const statements: Statement[] = [];
    let previous: Span | null = null;
    let stray: IToken[] = [];
    const flushStray = (): void => {
      const first = stray[0];
      const last = stray[stray.length - 1];
      if (first && last) {
        const span = { start: first.startOffset, end: tokenSpan(last).end };
        this.error(
          span,
          `unexpected ${quoteForMessage(this.text.slice(span.start, span.end))}`,
          span,
        );
      }
      stray = [];
    };
    for (const statement of children.statement ?? []) {
      const strayTokens = statement.children.Stray;
      if (strayTokens) {
        for (const token of strayTokens.filter(isReal)) {
          const last = stray[stray.length - 1];
          if (
            last &&
            this.lineBreakBetween(tokenSpan(last).end, token.startOffset)
          )
            flushStray();
          stray.push(token);
        }
        continue;
      }
      flushStray();
      this.depthReported = false;
      const built = this.visit(statement, {
        node: statement,
        after: previous?.end ?? 0,
      }) as Statement | null;
      if (!built) continue;
      if (previous && !this.lineBreakBetween(previous.end, built.span.start)) {
        this.error(
          { start: built.span.start, end: built.span.start },
          "expected a new line before the next statement",
          { start: previous.end, end: built.span.start },
        );
      }
      statements.push(built);
      previous = built.span;
    }
    flushStray();
    return {
      kind: "Program",
      span: { start: 0, end: this.text.length },
      statements,
    };
  }

  statement(
    children: StatementCstChildren,
    context: Context,
  ): Statement | null {
    const inner =
      children.importDeclaration?.[0] ??
      children.settingsBlock?.[0] ??
      children.binding?.[0];
    return inner
      ? (this.visit(inner, { node: inner, after: context.after }) as Statement)
      : null;
  }

  importDeclaration(
    children: ImportDeclarationCstChildren,
    { node, after }: Context,
  ): ImportDeclaration {
    const span = nodeSpan(node, after);
    const defaultToken = children.defaultBinding?.[0];
    const named = children.namedImports?.[0];
    const sourceToken = children.StringToken?.[0];
    return {
      kind: "ImportDeclaration",
      span,
      defaultBinding: isReal(defaultToken) ? identifier(defaultToken) : null,
      specifiers: named
        ? (this.visit(named, { node: named, after }) as ImportSpecifier[])
        : [],
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

  namedImports(
    children: NamedImportsCstChildren,
    { after }: Context,
  ): ImportSpecifier[] {
    const specifiers = (children.importSpecifier ?? []).map((node) => ({
      node: this.visit(node, { node, after }) as ImportSpecifier,
      span: nodeSpan(node, after),
    }));
    return this.separated(inOrder(specifiers, children.Comma), {
      one: "a name",
      many: "imported names",
    });
  }

  importSpecifier(
    children: ImportSpecifierCstChildren,
    { node, after }: Context,
  ): ImportSpecifier {
    const imported = identifier(children.imported![0]!);
    const localToken = children.local?.[0];
    return {
      kind: "ImportSpecifier",
      span: nodeSpan(node, after),
      imported,
      local: isReal(localToken) ? identifier(localToken) : imported,
    };
  }

  settingsBlock(
    children: SettingsBlockCstChildren,
    { node, after }: Context,
  ): SettingsBlock {
    const span = nodeSpan(node, after);
    const entries = (children.settingEntry ?? []).map((entry) => ({
      node: this.visit(entry, {
        node: entry,
        after: span.start,
      }) as SettingEntry,
      span: nodeSpan(entry, span.start),
    }));
    return {
      kind: "SettingsBlock",
      span,
      entries: this.separated(
        inOrder(entries, children.Comma),
        { one: "a setting", many: "settings" },
        true,
      ),
    };
  }

  settingEntry(
    children: SettingEntryCstChildren,
    { node, after }: Context,
  ): SettingEntry {
    return {
      kind: "SettingEntry",
      ...this.nameAndValue(children, node, after),
    };
  }

  binding(children: BindingCstChildren, { node, after }: Context): Binding {
    return { kind: "Binding", ...this.nameAndValue(children, node, after) };
  }

  /** `name = expression`, shared by bindings, settings and keyword arguments. */
  private nameAndValue(
    children: BindingCstChildren,
    node: CstNode,
    after: number,
  ): { span: Span; name: Identifier; value: Expression } {
    const name = identifier(children.Identifier![0]!);
    const equals = children.Equals?.[0];
    const value = this.expr(
      children.expression?.[0],
      isReal(equals) ? tokenSpan(equals).end : name.span.end,
    );
    return { span: nodeSpan(node, after), name, value };
  }

  expression(children: ExpressionCstChildren, { after }: Context): Expression {
    const operands = children.operands ?? [];
    let left = this.expr(operands[0], after);
    (children.Plus ?? []).forEach((plus, index) => {
      const right = this.expr(
        operands[index + 1],
        isReal(plus) ? tokenSpan(plus).end : left.span.end,
      );
      const span = {
        start: left.span.start,
        end: Math.max(left.span.end, right.span.end),
      };
      left = this.sized({ kind: "AddExpression", span, left, right }, [
        left,
        right,
      ]);
    });
    return left;
  }

  postfix(children: PostfixCstChildren, { after }: Context): Expression {
    let result = this.expr(children.primary?.[0], after);
    for (const operation of children.postfixOperation ?? []) {
      result = this.postfixOperation(operation.children, {
        node: operation,
        after: result.span.end,
        object: result,
      });
    }
    return result;
  }

  /** Called by `postfix` with the expression the operation applies to. */
  postfixOperation(
    children: PostfixOperationCstChildren,
    context: Context & { object?: Expression },
  ): Expression {
    const object = context.object ?? this.errorExpression(context.after);
    const word = children.Word?.[0];
    const argumentList = children.argumentList?.[0];
    if (argumentList) {
      const span = {
        start: object.span.start,
        end: nodeSpan(argumentList, object.span.end).end,
      };
      const args = this.visit(argumentList, {
        node: argumentList,
        after: object.span.end,
      }) as Argument[];
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
      return this.sized(
        { kind: "CallExpression", span, callee: object, args },
        [object, ...args.map((a) => a.value)],
      );
    }
    const dot = children.Dot?.[0];
    const dotEnd = isReal(dot) ? tokenSpan(dot).end : object.span.end;
    if (!isReal(word))
      return {
        kind: "ErrorExpression",
        span: { start: object.span.start, end: dotEnd },
      };
    const property = identifier(word);
    const span = { start: object.span.start, end: property.span.end };
    return this.sized({ kind: "MemberExpression", span, object, property }, [
      object,
    ]);
  }

  argumentList(
    children: ArgumentListCstChildren,
    { after }: Context,
  ): Argument[] {
    const keyword = (children.keywordArgument ?? []).map((node) => ({
      node: this.visit(node, { node, after }) as Argument,
      span: nodeSpan(node, after),
    }));
    const positional = (children.expression ?? []).map((node) => {
      const value = this.expr(node, after);
      return {
        node: {
          kind: "PositionalArgument",
          span: value.span,
          value,
        } as Argument,
        span: value.span,
      };
    });
    return this.separated(
      inOrder([...keyword, ...positional], children.Comma),
      { one: "an argument", many: "arguments" },
    );
  }

  keywordArgument(
    children: KeywordArgumentCstChildren,
    { node, after }: Context,
  ): Argument {
    return {
      kind: "KeywordArgument",
      ...this.nameAndValue(children, node, after),
    };
  }

  primary(children: PrimaryCstChildren, { after }: Context): Expression {
    const [token] = [
      ...(children.StringToken ?? []),
      ...(children.NumberToken ?? []),
      ...(children.True ?? []),
      ...(children.False ?? []),
      ...(children.Identifier ?? []),
    ].filter(isReal);
    if (token) {
      const span = tokenSpan(token);
      if (children.StringToken) return this.stringLiteral(token);
      if (children.NumberToken)
        return {
          kind: "NumberLiteral",
          span,
          value: Number(token.image.replace(/_/g, "")),
        };
      if (children.True) return { kind: "BooleanLiteral", span, value: true };
      if (children.False) return { kind: "BooleanLiteral", span, value: false };
      return { kind: "NameExpression", span, name: token.image };
    }
    const inner =
      children.list?.[0] ?? children.dict?.[0] ?? children.parenthesized?.[0];
    return this.expr(inner, after);
  }

  list(children: ListCstChildren, { node, after }: Context): Expression {
    const span = nodeSpan(node, after);
    const elements = this.separated(
      inOrder(
        (children.expression ?? []).map((element) => {
          const value = this.expr(element, span.start);
          return { node: value, span: value.span };
        }),
        children.Comma,
      ),
      { one: "a list element", many: "list elements" },
    );
    return this.sized({ kind: "ListExpression", span, elements }, elements);
  }

  dict(children: DictCstChildren, { node, after }: Context): Expression {
    const span = nodeSpan(node, after);
    const entries = (children.dictEntry ?? []).map((entry) => ({
      node: this.visit(entry, {
        node: entry,
        after: span.start,
      }) as DictEntry | null,
      span: nodeSpan(entry, span.start),
    }));
    const kept = this.separated(inOrder(entries, children.Comma), {
      one: "a dict entry",
      many: "dict entries",
    }).filter((entry): entry is DictEntry => entry !== null);
    return this.sized(
      { kind: "DictExpression", span, entries: kept },
      kept.map((entry) => entry.value),
    );
  }

  dictEntry(
    children: DictEntryCstChildren,
    { node, after }: Context,
  ): DictEntry | null {
    const span = nodeSpan(node, after);
    const key = this.expr(children.key?.[0], span.start);
    const colon = children.Colon?.[0];
    const value = this.expr(
      children.value?.[0],
      isReal(colon) ? tokenSpan(colon).end : key.span.end,
    );
    if (key.kind !== "StringLiteral") {
      if (key.kind !== "ErrorExpression")
        this.error(key.span, "dict keys must be strings");
      return null;
    }
    return { kind: "DictEntry", span, key, value };
  }

  parenthesized(
    children: ParenthesizedCstChildren,
    { after }: Context,
  ): Expression {
    const open = children.LParen?.[0];
    return this.expr(
      children.expression?.[0],
      isReal(open) ? tokenSpan(open).end : after,
    );
  }

  private stringLiteral(token: IToken): StringLiteral {
    const span = tokenSpan(token);
    const image = token.image;
    const raw =
      tokenMatcher(token, RawString) ||
      (tokenMatcher(token, UnterminatedString) && /^[rR]/.test(image));
    const quoteAt = raw ? 1 : 0;
    const contentStart = span.start + quoteAt + 1;
    // An unterminated string is reported by the lexing step; its content runs to the line end.
    const closed =
      tokenMatcher(token, PlainString) || tokenMatcher(token, RawString);
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
