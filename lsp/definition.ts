/**
 * Go to definition: a bound name to its binding; an imported name (where it
 * is used or imported) to the TypeScript declaration type resolution found,
 * else to where the spec imports it.
 */
import type { Location } from "vscode-languageserver";
import type { ImportedName } from "../generator/model/model.js";
import { rangeOf, readSource, uriOf } from "./convert.js";
import type { ImportLookup } from "./hover.js";
import { targetAt } from "./names.js";
import type { DocumentAnalysis } from "./workspace.js";

export async function definitionAt(document: DocumentAnalysis, offset: number, lookup: ImportLookup): Promise<Location | null> {
  const target = targetAt(document.analysis.spec, offset);
  if (target?.kind === "import") return declarationOf(document, target.ref, lookup);
  if (target?.kind !== "reference" || !target.meaning) return null;
  const meaning = target.meaning;
  if (meaning.kind === "binding") return { uri: document.uri, range: rangeOf(document.source, meaning.binding.name.span) };
  if (meaning.kind === "import") return declarationOf(document, meaning.ref, lookup);
  return null;
}

async function declarationOf(document: DocumentAnalysis, ref: ImportedName, lookup: ImportLookup): Promise<Location> {
  const site = (await lookup(ref))?.declaration;
  const declaration = site ? readSource(site.file) : undefined;
  if (site && declaration) return { uri: uriOf(site.file), range: rangeOf(declaration, site.span) };
  return { uri: document.uri, range: rangeOf(document.source, ref.span) };
}
