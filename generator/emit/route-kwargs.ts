/**
 * What `scope.url_route.kwargs` holds once a named route has routed a
 * request, as TypeScript types — for the generated `routeOf()`. Not the same
 * as `reverse()`'s input: a `re_path` group in an optional part may not take
 * part (then its kwarg is absent), and a route's `kwargs={...}` are merged
 * over what it captured. Along a chain of prefix routes the runtime merges
 * outer kwargs, then each route's captures, then its `kwargs=`
 * (runtime/matching/url-router.ts), so later ones win here too.
 */
import { RegExpParser, type AST } from "@eslint-community/regexpp";
import type { RouteNode, Value } from "../model/model.js";
import { propertyKey } from "./writers.js";

export interface ArrivingKwarg {
  name: string;
  /** A TypeScript type. */
  type: string;
  /** Absent when its group did not take part in the match. */
  optional: boolean;
}

const parser = new RegExpParser();

/** Named groups of a compiled pattern, optional when inside `?`/`*`/`{0,}`, an alternation or a lookaround. */
function namedGroups(regexSource: string, flags: string): Array<{ name: string; optional: boolean }> {
  const ast = parser.parsePattern(regexSource, 0, regexSource.length, { unicode: flags.includes("u"), unicodeSets: flags.includes("v") });
  const groups: Array<{ name: string; optional: boolean }> = [];
  const visitAlternatives = (alternatives: readonly AST.Alternative[], optional: boolean) => {
    for (const alternative of alternatives) for (const element of alternative.elements) visit(element, optional || alternatives.length > 1);
  };
  const visit = (node: AST.Element, optional: boolean): void => {
    switch (node.type) {
      case "CapturingGroup":
        if (node.name) groups.push({ name: node.name, optional });
        visitAlternatives(node.alternatives, optional);
        return;
      case "Group":
        visitAlternatives(node.alternatives, optional);
        return;
      case "Quantifier":
        visit(node.element, optional || node.min === 0);
        return;
      case "Assertion":
        if (node.kind === "lookahead" || node.kind === "lookbehind") visitAlternatives(node.alternatives, true);
        return;
      default:
        return;
    }
  };
  visitAlternatives(ast.alternatives, false);
  return groups;
}

/** The type of a `kwargs={...}` value: literal types, as the value is always that one. */
export function valueType(value: Value): string {
  if (Array.isArray(value)) return `readonly [${value.map(valueType).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{ ${Object.entries(value)
      .map(([key, item]) => `readonly ${propertyKey(key)}: ${valueType(item)};`)
      .join(" ")} }`;
  }
  return value === null ? "null" : typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** `url_route.kwargs` after the chain of routes `[...prefixes, route]`; null when a pattern is invalid. */
export function arrivingKwargsOf(chain: readonly RouteNode[]): ArrivingKwarg[] | null {
  const kwargs = new Map<string, ArrivingKwarg>();
  for (const route of chain) {
    const compiled = route.pattern.compiled;
    if (!compiled) return null;
    for (const { name, optional } of namedGroups(compiled.regexSource, compiled.flags)) {
      const known = kwargs.get(name);
      const type = compiled.converters[name] === "int" ? "number" : "string";
      // An outer capture of the same name stays when this group does not take part.
      kwargs.set(name, {
        name,
        type: optional && known && known.type !== type ? `${known.type} | ${type}` : type,
        optional: optional && (known === undefined || known.optional),
      });
    }
    for (const [name, value] of Object.entries(route.kwargs)) kwargs.set(name, { name, type: valueType(value), optional: false });
  }
  return [...kwargs.values()];
}
