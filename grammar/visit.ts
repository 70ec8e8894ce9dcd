/**
 * Walking the syntax tree generically: a node's children in source order, the
 * nodes under an offset (what an editor's cursor is on), every node of a tree.
 * Loops with explicit stacks, so the deepest tree the parser accepts cannot
 * overflow the call stack.
 */
import type { Node, Program } from "./ast.js";

export function childrenOf(node: Node): Node[] {
  switch (node.kind) {
    case "Program":
      return node.statements;
    case "ImportDeclaration":
      return [...(node.defaultBinding ? [node.defaultBinding] : []), ...node.specifiers, node.source];
    case "ImportSpecifier":
      return node.local === node.imported ? [node.imported] : [node.imported, node.local];
    case "SettingsBlock":
      return node.entries;
    case "SettingEntry":
    case "Binding":
    case "KeywordArgument":
      return [node.name, node.value];
    case "CallExpression":
      return [node.callee, ...node.args];
    case "PositionalArgument":
      return [node.value];
    case "MemberExpression":
      return [node.object, node.property];
    case "ListExpression":
      return node.elements;
    case "DictExpression":
      return node.entries;
    case "DictEntry":
      return [node.key, node.value];
    case "AddExpression":
      return [node.left, node.right];
    default:
      return [];
  }
}

/**
 * The nodes whose span holds `offset`, outermost (the program) first. Ends
 * count as inside: a cursor right after a name is on that name.
 */
export function nodesAt(program: Program, offset: number): Node[] {
  const path: Node[] = [program];
  for (let node: Node | undefined = program; node; ) {
    node = childrenOf(node).find((child) => child.span.start <= offset && offset <= child.span.end);
    if (node) path.push(node);
  }
  return path;
}

/** Every node of the tree under `root` (itself included), in source order. */
export function* descendants(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}
