/**
 * Renaming a binding: its declaration and every name referring to it. The
 * new name must be a name the language accepts and must not take the place
 * of another binding, an import or a built-in.
 */
import { ResponseError, ErrorCodes, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import { lookupName } from "../generator/model/bind.js";
import type { Binding } from "../grammar/ast.js";
import { lexSpec } from "../grammar/index.js";
import { Identifier } from "../grammar/tokens.js";
import { rangeOf } from "./convert.js";
import { referencesTo, targetAt } from "./names.js";
import type { DocumentAnalysis } from "./workspace.js";

/** Whether the text lexes as one name (not a keyword, not two tokens). */
function isName(text: string): boolean {
  const tokens = lexSpec(text);
  return tokens.length === 1 && tokens[0]!.tokenType === Identifier && tokens[0]!.image === text;
}

function bindingAt(document: DocumentAnalysis, offset: number): { binding: Binding; range: Range } | null {
  const target = targetAt(document.analysis.spec, offset);
  if (target?.kind === "declaration") return { binding: target.binding, range: rangeOf(document.source, target.binding.name.span) };
  if (target?.kind === "reference" && target.meaning?.kind === "binding") {
    return { binding: target.meaning.binding, range: rangeOf(document.source, target.node.span) };
  }
  return null;
}

export function prepareRename(document: DocumentAnalysis, offset: number): { range: Range; placeholder: string } | null {
  const found = bindingAt(document, offset);
  return found ? { range: found.range, placeholder: found.binding.name.name } : null;
}

export function rename(document: DocumentAnalysis, offset: number, newName: string): WorkspaceEdit {
  const found = bindingAt(document, offset);
  if (!found) throw new ResponseError(ErrorCodes.InvalidRequest, "only a binding can be renamed");
  const { spec, program } = document.analysis;
  if (!isName(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a name`);
  const old = found.binding.name.name;
  if (newName !== old && lookupName(spec.scope, newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is already a name in this spec`);
  }
  const edits: TextEdit[] = [];
  for (const statement of program.statements) {
    if (statement.kind === "Binding" && statement.name.name === old) edits.push({ range: rangeOf(document.source, statement.name.span), newText: newName });
  }
  for (const reference of referencesTo(program, old)) edits.push({ range: rangeOf(document.source, reference.span), newText: newName });
  return { changes: { [document.uri]: edits } };
}
