/**
 * A class's `extends` chain up to the runtime base it reaches: how resolution
 * tells a consumer from any other class, and where a Socket.IO consumer's
 * namespace, handlers and emit map are declared. Followed by heritage, not by
 * type: the runtime is not loaded into the resolution program.
 */
import type * as TsMorph from "ts-morph";
import type { ClassDeclaration, ClassExpression, ExpressionWithTypeArguments } from "ts-morph";
import { tsMorph } from "./ts-morph.js";

const { Node, SyntaxKind } = tsMorph;
type Node = TsMorph.Node;

export const RUNTIME_SPECIFIER = "@sio-router/runtime";

export type ClassNode = ClassDeclaration | ClassExpression;

export interface RuntimeBase {
  /** The runtime class the chain reaches (`SocketIOConsumer`, `WebsocketConsumer`, …). */
  name: string;
  /** The classes from the one asked about to the one extending the runtime base, nearest first. */
  chain: ClassNode[];
  /** `SocketIOConsumer<ChatEmits, ChatData>`: the clause naming the runtime base, with its type arguments. */
  heritage: ExpressionWithTypeArguments;
}

/** The class a declaration declares: `class X {}`, or `const X = class {}`. */
export function classOf(node: Node): ClassNode | undefined {
  if (Node.isClassDeclaration(node) || Node.isClassExpression(node)) return node;
  if (Node.isVariableDeclaration(node)) {
    const initializer = node.getInitializer();
    if (initializer && Node.isClassExpression(initializer)) return initializer;
  }
  if (Node.isExportAssignment(node)) return classOf(node.getExpression());
  return undefined;
}

/** The runtime class `node` extends, through the user's own bases (nearest runtime base wins); null when none. */
export function runtimeBaseOf(node: ClassNode): RuntimeBase | null {
  const chain: ClassNode[] = [];
  for (let current: ClassNode | undefined = node; current !== undefined && !chain.includes(current); ) {
    chain.push(current);
    const heritage: ExpressionWithTypeArguments | undefined = current.getExtends();
    const expression: Node | undefined = heritage?.getExpression();
    if (!heritage || !expression) return null;
    let nameNode: Node = expression;
    let namespace: Node | undefined;
    if (Node.isPropertyAccessExpression(expression)) {
      nameNode = expression.getNameNode();
      namespace = expression.getExpression();
    }
    const baseName = nameNode.getText();
    const symbol: TsMorph.Symbol | undefined = (namespace ?? nameNode).getSymbol();
    for (const declaration of symbol?.getDeclarations() ?? []) {
      const runtimeName = importedFromRuntime(declaration, namespace ? baseName : undefined);
      if (runtimeName) return { name: runtimeName, chain, heritage };
    }
    const target: TsMorph.Symbol | undefined = symbol?.isAlias() ? symbol.getAliasedSymbol() : symbol;
    current = target?.getDeclarations().map(classOf).find((base): base is ClassNode => base !== undefined);
  }
  return null;
}

/** The runtime name an import declaration brings in from `@sio-router/runtime`, if it is one. */
function importedFromRuntime(declaration: Node, member: string | undefined): string | null {
  if (Node.isImportSpecifier(declaration)) {
    if (declaration.getImportDeclaration().getModuleSpecifierValue() !== RUNTIME_SPECIFIER) return null;
    return declaration.getName();
  }
  if (Node.isNamespaceImport(declaration) && member) {
    const importDeclaration = declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
    return importDeclaration?.getModuleSpecifierValue() === RUNTIME_SPECIFIER ? member : null;
  }
  return null;
}
