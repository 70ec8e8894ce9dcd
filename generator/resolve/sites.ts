/** Where a TypeScript declaration is, for a diagnostic's related information. */
import path from "node:path";
import type * as TsMorph from "ts-morph";
import type { Span } from "../../grammar/diagnostics.js";
import { tsMorph } from "./ts-morph.js";

const { Node } = tsMorph;

export interface DeclarationSite {
  file: string;
  span: Span;
}

/** The declaration's name (or the node itself when it has none). */
export function siteOf(node: TsMorph.Node): DeclarationSite {
  const nameNode = Node.hasName(node) ? node.getNameNode() : node;
  return { file: path.resolve(node.getSourceFile().getFilePath()), span: { start: nameNode.getStart(), end: nameNode.getEnd() } };
}
