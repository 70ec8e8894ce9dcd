/**
 * A static resolver over a tree of compiled routes, for tools (`sio explain`)
 * and tests: it walks the routes exactly as nested Channels URLRouters do.
 */
import { matchPattern } from "./match.js";
import { NO_KWARGS, type CompiledPattern, type UrlRoute } from "./types.js";
import { mergeUrlRoute, routingPath } from "./url-router.js";

export interface RouteEntry<T> {
  /** Compiled with `endpoint: false` when `inner` is set (Channels' URLRouter does the same). */
  pattern: CompiledPattern;
  target: T;
  /** The routes of the inner URLRouter of a prefix route. */
  inner?: readonly RouteEntry<T>[];
  /** `kwargs={...}` of the route. */
  defaults?: Readonly<Record<string, unknown>>;
}

export interface TriedRoute<T> {
  route: RouteEntry<T>;
  /** `fell-through`: the prefix matched but its inner router had no route for the rest. */
  outcome: "no-match" | "fell-through";
}

export type Resolution<T> =
  | {
      matched: true;
      /** The matched route of each router, outermost first; the last is the endpoint. */
      chain: RouteEntry<T>[];
      urlRoute: UrlRoute;
      /** What the endpoint left unmatched (its `path_remaining`). */
      remaining: string;
      /** Routes tried before the match, in the order they were tried (inner routers included). */
      tried: TriedRoute<T>[];
    }
  | { matched: false; tried: TriedRoute<T>[] };

export function resolveTable<T>(table: readonly RouteEntry<T>[], path: string, scope: { root_path?: string } = {}): Resolution<T> {
  const tried: TriedRoute<T>[] = [];
  const start = routingPath({ path, ...(scope.root_path === undefined ? {} : { root_path: scope.root_path }) });
  const found = start === null ? null : resolveIn(table, start, undefined, tried);
  return found === null ? { matched: false, tried } : { matched: true, ...found, tried };
}

interface Found<T> {
  chain: RouteEntry<T>[];
  urlRoute: UrlRoute;
  remaining: string;
}

function resolveIn<T>(table: readonly RouteEntry<T>[], path: string, outer: UrlRoute | undefined, tried: TriedRoute<T>[]): Found<T> | null {
  for (const route of table) {
    const match = matchPattern(route.pattern, path);
    if (match === null) {
      tried.push({ route, outcome: "no-match" });
      continue;
    }
    const urlRoute = mergeUrlRoute(outer, match, route.defaults ?? NO_KWARGS);
    if (route.inner === undefined) return { chain: [route], urlRoute, remaining: match.remaining };
    const innerPath = routingPath({ path, path_remaining: match.remaining }) as string;
    const inner = resolveIn(route.inner, innerPath, urlRoute, tried);
    if (inner !== null) return { ...inner, chain: [route, ...inner.chain] };
    tried.push({ route, outcome: "fell-through" });
  }
  return null;
}
