/**
 * Completion, decided on the tokens before the cursor (so half-typed text
 * works): path converters after `<` in a `path(...)` route, keyword options
 * in `SocketIO(...)` and `.as_asgi(...)`, `as_asgi` after a `.`, and
 * elsewhere the names in scope: built-ins, bindings and imports.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem } from "vscode-languageserver";
import { tokenMatcher, type IToken, type TokenType } from "../grammar/chevrotain.js";
import { lexSpec } from "../grammar/index.js";
import {
  Comma,
  Dot,
  Equals,
  Identifier,
  LBracket,
  LCurly,
  LParen,
  RBracket,
  RCurly,
  RParen,
  StringToken,
  UnterminatedString,
} from "../grammar/tokens.js";
import { nodesAt } from "../grammar/visit.js";
import { AS_ASGI, BUILTINS } from "../generator/model/builtins.js";
import { CONVERTER_REGEX } from "@sio-router/runtime/matching";
import { SOCKETIO_OPTIONS } from "@sio-router/runtime/socketio-options";
import type { DocumentAnalysis } from "./workspace.js";

const is = (token: IToken | undefined, type: TokenType): boolean => token !== undefined && tokenMatcher(token, type);

const endOf = (token: IToken): number => token.startOffset + token.image.length;

const OPENERS = [LParen, LBracket, LCurly];
const CLOSERS = [RParen, RBracket, RCurly];

export function completionsAt(document: DocumentAnalysis, offset: number): CompletionItem[] {
  const text = document.source.text;
  const tokens = lexSpec(text);
  let index = tokens.findIndex((token) => token.startOffset >= offset);
  if (index === -1) index = tokens.length;
  const last = tokens[index - 1];
  if (last && is(last, StringToken) && offset <= endOf(last) && (offset < endOf(last) || is(last, UnterminatedString))) {
    return inString(text, tokens, index - 1, offset);
  }
  // A name being typed is replaced by the completion: look at what comes before it.
  const before = last && is(last, Identifier) && endOf(last) >= offset ? tokens.slice(0, index - 1) : tokens.slice(0, index);
  const previous = before[before.length - 1];
  if (is(previous, Dot)) return [asAsgi()];
  const path = nodesAt(document.analysis.program, offset);
  if (path.some((node) => node.kind === "ImportDeclaration" || node.kind === "SettingsBlock")) return [];
  const call = openCall(before);
  const options = call && (is(previous, LParen) || is(previous, Comma)) ? optionsFor(before, call) : [];
  return [...options, ...namesInScope(document, offset)];
}

/** A converter after `<` (and before any `:`) in the pattern of a `path(...)`. */
function inString(text: string, tokens: IToken[], at: number, offset: number): CompletionItem[] {
  if (!is(tokens[at - 1], LParen) || tokens[at - 2]?.image !== "path" || !is(tokens[at - 2], Identifier)) return [];
  const written = text.slice(tokens[at]!.startOffset, offset);
  const open = written.lastIndexOf("<");
  if (open === -1 || written.lastIndexOf(">") > open || written.includes(":", open)) return [];
  const colon = /^\w*:/.test(text.slice(offset)) ? "" : ":";
  return Object.entries(CONVERTER_REGEX).map(([name, regex], order) => ({
    label: name,
    kind: CompletionItemKind.TypeParameter,
    detail: regex,
    insertText: `${name}${colon}`,
    sortText: String(order),
  }));
}

/** The innermost call whose `(` is still open before the cursor: its callee and where it opened. */
function openCall(tokens: IToken[]): { callee: string; member: boolean; open: number } | null {
  const stack: number[] = [];
  tokens.forEach((token, i) => {
    if (OPENERS.some((type) => is(token, type))) stack.push(i);
    else if (CLOSERS.some((type) => is(token, type))) stack.pop();
  });
  const open = stack[stack.length - 1];
  if (open === undefined || !is(tokens[open], LParen)) return null;
  const callee = tokens[open - 1];
  if (!callee || !is(callee, Identifier)) return null;
  return { callee: callee.image, member: is(tokens[open - 2], Dot), open };
}

/** `SocketIO(...)` and `.as_asgi(...)` options not given yet in this call. */
function optionsFor(tokens: IToken[], call: { callee: string; member: boolean; open: number }): CompletionItem[] {
  if (call.member ? call.callee !== "as_asgi" : call.callee !== "SocketIO") return [];
  const given = new Set<string>();
  for (let i = call.open + 1; i + 1 < tokens.length; i++) {
    if (is(tokens[i], Identifier) && is(tokens[i + 1], Equals)) given.add(tokens[i]!.image);
  }
  return Object.entries(SOCKETIO_OPTIONS)
    .filter(([name]) => !given.has(name))
    .map(([name, option]) => ({
      label: `${name}=`,
      kind: CompletionItemKind.Property,
      detail: `${option.type} (Socket.IO ${option.name})`,
      insertText: `${name}=`,
      filterText: name,
      sortText: `0${name}`,
    }));
}

function asAsgi(): CompletionItem {
  return {
    label: AS_ASGI.name,
    kind: CompletionItemKind.Method,
    detail: AS_ASGI.signature,
    documentation: { kind: MarkupKind.Markdown, value: AS_ASGI.doc },
    insertText: "as_asgi()",
  };
}

/** Built-ins, then the spec's bindings and imports (not the binding being written). */
function namesInScope(document: DocumentAnalysis, offset: number): CompletionItem[] {
  const { scope } = document.analysis.spec;
  const items: CompletionItem[] = BUILTINS.map((builtin) => ({
    label: builtin.name,
    kind: CompletionItemKind.Function,
    detail: builtin.signature,
    documentation: { kind: MarkupKind.Markdown, value: builtin.doc },
    sortText: `2${builtin.name}`,
  }));
  for (const [name, binding] of scope.bindings) {
    if (binding.span.start <= offset && offset <= binding.span.end) continue;
    items.push({ label: name, kind: CompletionItemKind.Variable, detail: "binding", sortText: `1${name}` });
  }
  for (const [name, ref] of scope.imports) {
    const what = ref.imported === "default" ? "default export" : ref.imported === name ? "export" : `export '${ref.imported}'`;
    items.push({ label: name, kind: CompletionItemKind.Class, detail: `${what} of "${ref.from}"`, sortText: `1${name}` });
  }
  return items;
}
