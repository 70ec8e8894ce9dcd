/**
 * How messages name things: routes by their pattern, endpoints by their
 * consumers. Stable text, never positions.
 */
import { endpointKey, type RoutedRoute, type RoutedTable } from "../model/classify.js";
import type { RouteNode } from "../model/model.js";

/** `re_path('^socket\.io/?$')`, `path('chat/')`. */
export function describeRoute(route: RouteNode): string {
  return `${route.fn}('${route.pattern.source}')`;
}

/** `'ChatConsumer'`, or `'A, B'` for a SocketIO(A, B) endpoint. */
export function describeEndpoint(route: RouteNode): string {
  return `'${(endpointKey(route) ?? "?").split(",").join(", ")}'`;
}

/** `the http table`, `the http table under re_path('^api/')`. */
export function describeTable(table: RoutedTable): string {
  const protocol = table.protocol === "*" ? "the" : `the ${table.protocol}`;
  const last = table.via[table.via.length - 1];
  return last ? `${protocol} table under ${describeRoute(last)}` : `${protocol} table`;
}

/** The patterns from the outermost table down to the route: `re_path('^api/') › path('chat/')`. */
export function describePath(routed: RoutedRoute): string {
  return [...routed.table.via, routed.route].map(describeRoute).join(" › ");
}
