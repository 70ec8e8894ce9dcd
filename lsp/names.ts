/**
 * What the cursor is on, in the language's own terms: a route (its callee or
 * pattern), a name and what it means (through the binder's own lookup), a
 * binding being declared, an imported name where it is imported, or
 * `.as_asgi`.
 */
import type { Binding, Identifier, NameExpression, Node, Program } from "../grammar/ast.js";
import type { Span } from "../grammar/diagnostics.js";
import { descendants, nodesAt } from "../grammar/visit.js";
import { lookupName, type NameMeaning } from "../generator/model/bind.js";
import type { ImportedName, RouteNode, Spec } from "../generator/model/model.js";

export type Target =
  | { kind: "route"; route: RouteNode; span: Span }
  /** A name used in an expression, and what it refers to (null: unknown name). */
  | { kind: "reference"; node: NameExpression; meaning: NameMeaning | null }
  | { kind: "declaration"; binding: Binding }
  | { kind: "import"; ref: ImportedName; span: Span }
  | { kind: "as_asgi"; node: Identifier };

const within = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

export function targetAt(spec: Spec, offset: number): Target | null {
  const route = routeAt(spec, offset);
  if (route) return route;
  const path = nodesAt(spec.program, offset);
  const node = path[path.length - 1]!;
  const parent: Node | undefined = path[path.length - 2];
  if (node.kind === "NameExpression") return { kind: "reference", node, meaning: lookupName(spec.scope, node.name) };
  if (node.kind !== "Identifier" || !parent) return null;
  if (parent.kind === "Binding" && parent.name === node) return { kind: "declaration", binding: parent };
  if (parent.kind === "MemberExpression" && parent.property === node && node.name === "as_asgi") return { kind: "as_asgi", node };
  const local = parent.kind === "ImportDeclaration" ? node.name : parent.kind === "ImportSpecifier" ? parent.local.name : null;
  const ref = local === null ? undefined : spec.scope.imports.get(local);
  return ref ? { kind: "import", ref, span: node.span } : null;
}

/** The innermost route whose callee or pattern is under the cursor. */
function routeAt(spec: Spec, offset: number): Target | null {
  let found: Target | null = null;
  for (const route of spec.routes) {
    if (!within(route.span, offset)) continue;
    const callee = { start: route.span.start, end: route.span.start + route.fn.length };
    const span = within(callee, offset) ? callee : within(route.pattern.literal.span, offset) ? route.pattern.literal.span : null;
    if (span) found = { kind: "route", route, span };
  }
  return found;
}

/** Every reference to a name in the program (names in expressions), in source order. */
export function referencesTo(program: Program, name: string): NameExpression[] {
  const found: NameExpression[] = [];
  for (const node of descendants(program)) if (node.kind === "NameExpression" && node.name === name) found.push(node);
  return found;
}
