/**
 * The SIO101 fix: text edits that move a route above an earlier one in its
 * table. The table's routes come from an expression — a list literal, names
 * bound to lists, `+` concatenations — so the move depends on where the two
 * routes meet in it:
 * - in one list literal: cut the route's element and paste it before the
 *   other's;
 * - on the two sides of a `+`: swap the operands, offered only when every
 *   route of the right operand is one that should move up (the swap moves
 *   them all);
 * - anywhere else (the expression cannot be followed): no fix.
 */
import type { AddExpression, Expression, ListExpression } from "../../grammar/ast.js";
import type { Fix, TextEdit } from "../../grammar/diagnostics.js";
import type { RouteNode, Spec, URLRouterNode } from "../model/model.js";
import { firstArgument, resolveExpression, spanKey, syntaxOf, type SyntaxIndex } from "./syntax.js";

/** Where a table's routes come from. */
type RouteSource =
  | { kind: "list"; list: ListExpression; items: { element: Expression; route: RouteNode }[] }
  | { kind: "add"; add: AddExpression; left: RouteSource; right: RouteSource };

type ListSource = Extract<RouteSource, { kind: "list" }>;

/** A route's place in the source tree: the nodes from the root down, and its item index in its list. */
interface Place {
  chain: RouteSource[];
  item: number;
}

/**
 * Edits moving `router.routes[from]` directly above `router.routes[to]`
 * (`to < from`), or null when no mechanical move exists. `movable` says
 * which routes may move up together (for an operand swap).
 */
export function moveRouteFix(
  spec: Spec,
  router: URLRouterNode,
  from: number,
  to: number,
  movable: (route: RouteNode) => boolean,
): Fix | null {
  const index = syntaxOf(spec);
  const call = index.calls.get(spanKey(router.span));
  const argument = call ? firstArgument(call) : null;
  if (!argument) return null;
  const byCall = new Map(spec.routes.map((route) => [spanKey(route.span), route]));
  const source = sourceOf(index, argument, byCall, 0);
  if (!source) return null;
  const places: Place[] = [];
  collectPlaces(source, [], places);
  // The model and the syntax must agree route for route, or the edit would be a guess.
  if (places.length !== router.routes.length) return null;
  for (let i = 0; i < places.length; i++) {
    const place = places[i]!;
    const list = place.chain[place.chain.length - 1] as ListSource;
    if (list.items[place.item]!.route !== router.routes[i]) return null;
  }
  const moving = places[from];
  const target = places[to];
  if (!moving || !target || to >= from) return null;
  let depth = 0;
  while (depth < moving.chain.length && depth < target.chain.length && moving.chain[depth] === target.chain[depth]) depth++;
  const meet = moving.chain[depth - 1];
  if (!meet) return null;
  const text = spec.source.text;
  if (meet.kind === "list") return moveElement(text, meet, target.item, moving.item);
  const { add, right } = meet;
  if (!routesOf(right).every(movable)) return null;
  const leftText = text.slice(add.left.span.start, add.left.span.end);
  const rightText = text.slice(add.right.span.start, add.right.span.end);
  // `urls + urls`: swapping changes nothing.
  if (leftText === rightText) return null;
  return {
    description: "swap the operands of '+' so the Socket.IO routes come first",
    edits: [
      { span: add.left.span, text: rightText },
      { span: add.right.span, text: leftText },
    ],
  };
}

function sourceOf(index: SyntaxIndex, expression: Expression, byCall: Map<string, RouteNode>, depth: number): RouteSource | null {
  // Concatenations nest one level per '+'; a spec too deep for this is not fixed mechanically.
  if (depth > 200) return null;
  const resolved = resolveExpression(index, expression);
  if (resolved.kind === "AddExpression") {
    const left = sourceOf(index, resolved.left, byCall, depth + 1);
    const right = sourceOf(index, resolved.right, byCall, depth + 1);
    return left && right ? { kind: "add", add: resolved, left, right } : null;
  }
  if (resolved.kind !== "ListExpression") return null;
  const items: { element: Expression; route: RouteNode }[] = [];
  for (const element of resolved.elements) {
    const route = byCall.get(spanKey(resolveExpression(index, element).span));
    if (route) items.push({ element, route });
  }
  return { kind: "list", list: resolved, items };
}

function collectPlaces(source: RouteSource, chain: RouteSource[], places: Place[]): void {
  const here = [...chain, source];
  if (source.kind === "list") {
    source.items.forEach((_, item) => places.push({ chain: here, item }));
    return;
  }
  collectPlaces(source.left, here, places);
  collectPlaces(source.right, here, places);
}

function routesOf(source: RouteSource): RouteNode[] {
  return source.kind === "list" ? source.items.map((i) => i.route) : [...routesOf(source.left), ...routesOf(source.right)];
}

/**
 * Cut element `from` with the separator that follows it (so its comma,
 * trailing comment and line break move with it) and paste it before element
 * `to`. The last element has no separator after it: it takes the one after
 * `to`, and the separator before it is cut instead.
 */
function moveElement(text: string, source: ListSource, toItem: number, fromItem: number): Fix | null {
  const elements = source.list.elements;
  const moving = elements.indexOf(source.items[fromItem]!.element);
  const target = elements.indexOf(source.items[toItem]!.element);
  if (moving <= target || target < 0) return null;
  const movingSpan = elements[moving]!.span;
  const targetSpan = elements[target]!.span;
  const next = elements[moving + 1];
  let pasted: string;
  let cut: TextEdit;
  if (next) {
    pasted = text.slice(movingSpan.start, next.span.start);
    cut = { span: { start: movingSpan.start, end: next.span.start }, text: "" };
  } else {
    const separator = text.slice(targetSpan.end, elements[target + 1]!.span.start);
    pasted = text.slice(movingSpan.start, movingSpan.end) + separator;
    cut = { span: { start: elements[moving - 1]!.span.end, end: movingSpan.end }, text: "" };
  }
  return {
    description: "move the Socket.IO route above the route that captures it",
    edits: [{ span: { start: targetSpan.start, end: targetSpan.start }, text: pasted }, cut],
  };
}
