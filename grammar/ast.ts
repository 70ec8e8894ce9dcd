/**
 * The syntax tree of a `.sio` file. Every node carries its span (offsets into
 * the source). The tree is generic — calls, names, lists — and knows nothing
 * of routing; the binder (generator/model) gives it meaning.
 */
import type { Span } from "./diagnostics.js";

export interface Program {
  kind: "Program";
  span: Span;
  statements: Statement[];
}

export type Statement = ImportDeclaration | SettingsBlock | Binding;

/** `import Default, { a, b as c } from "./module"` */
export interface ImportDeclaration {
  kind: "ImportDeclaration";
  span: Span;
  defaultBinding: Identifier | null;
  specifiers: ImportSpecifier[];
  source: StringLiteral;
}

export interface ImportSpecifier {
  kind: "ImportSpecifier";
  span: Span;
  imported: Identifier;
  /** Same node as `imported` when there is no `as`. */
  local: Identifier;
}

/** `settings { name = expr ... }` */
export interface SettingsBlock {
  kind: "SettingsBlock";
  span: Span;
  entries: SettingEntry[];
}

export interface SettingEntry {
  kind: "SettingEntry";
  span: Span;
  name: Identifier;
  value: Expression;
}

/** `name = expr`; `application = expr` is a binding like any other. */
export interface Binding {
  kind: "Binding";
  span: Span;
  name: Identifier;
  value: Expression;
}

export interface Identifier {
  kind: "Identifier";
  span: Span;
  name: string;
}

export type Expression =
  | CallExpression
  | MemberExpression
  | ListExpression
  | DictExpression
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | NameExpression
  | AddExpression
  | ErrorExpression;

/** `callee(positional, keyword=value)` */
export interface CallExpression {
  kind: "CallExpression";
  span: Span;
  callee: NameExpression | MemberExpression;
  args: Argument[];
}

export type Argument = PositionalArgument | KeywordArgument;

export interface PositionalArgument {
  kind: "PositionalArgument";
  span: Span;
  value: Expression;
}

export interface KeywordArgument {
  kind: "KeywordArgument";
  span: Span;
  name: Identifier;
  value: Expression;
}

/** `object.property`, as in `ChatConsumer.as_asgi` */
export interface MemberExpression {
  kind: "MemberExpression";
  span: Span;
  object: Expression;
  property: Identifier;
}

export interface ListExpression {
  kind: "ListExpression";
  span: Span;
  elements: Expression[];
}

export interface DictExpression {
  kind: "DictExpression";
  span: Span;
  entries: DictEntry[];
}

export interface DictEntry {
  kind: "DictEntry";
  span: Span;
  key: StringLiteral;
  value: Expression;
}

/**
 * `"…"`, `'…'`, `r"…"`, `r'…'`. `value` is the decoded text. `valueOffsets`
 * maps each index of `value` (and `value.length`) to its offset in the
 * source, so an error at a character of a pattern lands on that character;
 * it is null when the mapping is `contentStart + index` (no escapes).
 */
export interface StringLiteral {
  kind: "StringLiteral";
  span: Span;
  value: string;
  raw: boolean;
  contentStart: number;
  valueOffsets: number[] | null;
}

export interface NumberLiteral {
  kind: "NumberLiteral";
  span: Span;
  value: number;
}

export interface BooleanLiteral {
  kind: "BooleanLiteral";
  span: Span;
  value: boolean;
}

/** A reference to a binding, an import or a built-in. */
export interface NameExpression {
  kind: "NameExpression";
  span: Span;
  name: string;
}

/** `left + right` (list concatenation), left-associative. */
export interface AddExpression {
  kind: "AddExpression";
  span: Span;
  left: Expression;
  right: Expression;
}

/** Stands where the parser recovered from a syntax error. */
export interface ErrorExpression {
  kind: "ErrorExpression";
  span: Span;
}

export type Node =
  | Program
  | Statement
  | ImportSpecifier
  | SettingEntry
  | Identifier
  | Expression
  | Argument
  | DictEntry;

/** Source offset of index `i` of a string literal's decoded value. */
export function offsetInString(literal: StringLiteral, index: number): number {
  if (literal.valueOffsets) {
    const offsets = literal.valueOffsets;
    return offsets[Math.max(0, Math.min(index, offsets.length - 1))]!;
  }
  return (
    literal.contentStart + Math.max(0, Math.min(index, literal.value.length))
  );
}
