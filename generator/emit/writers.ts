/**
 * Expression writers for the generated module. ts-morph structures stop at
 * statements and declarations; the expressions inside them (calls, arrays,
 * literals) are composed from these small writer functions, so no code is
 * spliced together from quoted strings. Layout is prettier's job.
 */
import type { CodeBlockWriter, WriterFunction } from "ts-morph";
import { tsMorph } from "../resolve/ts-morph.js";
import type { Value } from "../model/model.js";

const { Writers } = tsMorph;

export type Expr = WriterFunction;

export const identifier =
  (name: string): Expr =>
  (writer) => {
    writer.write(name);
  };

export const stringLiteral =
  (text: string): Expr =>
  (writer) => {
    writer.write(JSON.stringify(text));
  };

export const call =
  (callee: string, args: readonly Expr[]): Expr =>
  (writer) => {
    writer.write(`${callee}(`);
    args.forEach((arg, i) => {
      if (i > 0) writer.write(", ");
      arg(writer);
    });
    writer.write(")");
  };

export const spread =
  (inner: Expr): Expr =>
  (writer) => {
    writer.write("...");
    inner(writer);
  };

export const asConst =
  (inner: Expr): Expr =>
  (writer) => {
    inner(writer);
    writer.write(" as const");
  };

/** An array element, optionally preceded by a line comment (a route's `.sio` line). */
export interface Element {
  expr: Expr;
  comment?: string;
}

export const array =
  (elements: readonly Element[]): Expr =>
  (writer) => {
    if (elements.length === 0) {
      writer.write("[]");
      return;
    }
    writer.write("[").newLine();
    writer.indent(() => {
      for (const element of elements) {
        if (element.comment) writer.writeLine(`// ${element.comment}`);
        element.expr(writer);
        writer.write(",").newLine();
      }
    });
    writer.write("]");
  };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

/**
 * A key in an object literal. `__proto__: v` (or `"__proto__": v`) in a
 * literal sets the prototype instead of making a key; the computed form
 * `["__proto__"]: v` makes the key.
 */
function literalKey(key: string): string {
  return key === "__proto__" ? `[${JSON.stringify(key)}]` : propertyKey(key);
}

export const object = (entries: ReadonlyArray<readonly [string, Expr]>): Expr => {
  if (entries.length === 0) return (writer) => void writer.write("{}");
  return Writers.object(Object.fromEntries(entries.map(([key, value]) => [literalKey(key), value])));
};

/** A plain spec value (string, number, boolean, list, dict) as a literal. */
export function valueLiteral(value: Value, mapKey: (key: string) => string = (key) => key): Expr {
  if (Array.isArray(value)) return array(value.map((item) => ({ expr: valueLiteral(item, mapKey) })));
  if (value !== null && typeof value === "object") {
    return object(Object.entries(value).map(([key, item]) => [mapKey(key), valueLiteral(item, mapKey)] as const));
  }
  return (writer) => void writer.write(value === null ? "null" : typeof value === "string" ? JSON.stringify(value) : String(value));
}

/**
 * A regular expression literal for a translated pattern. A `/` outside a
 * character class would end the literal, so it is escaped; so are line
 * terminators, which a literal cannot hold.
 */
export function regexLiteral(source: string, flags: string): Expr {
  let body = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      body += c + (source[i + 1] ?? "");
      i++;
    } else if (c === "\n") body += "\\n";
    else if (c === "\r") body += "\\r";
    else if (c === "\u2028") body += "\\u2028";
    else if (c === "\u2029") body += "\\u2029";
    else {
      if (c === "[" && !inClass) inClass = true;
      else if (c === "]" && inClass) inClass = false;
      body += c === "/" && !inClass ? "\\/" : c;
    }
  }
  // An empty pattern would read as a line comment.
  const literal = `/${body === "" ? "(?:)" : body}/${flags}`;
  return (writer: CodeBlockWriter) => void writer.write(literal);
}
