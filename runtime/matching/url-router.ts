/**
 * The path handling of Channels' `URLRouter.__call__` (channels/routing.py),
 * shared by the runtime's routers and the static resolver.
 */
import { NO_ARGS, NO_KWARGS, NO_URL_ROUTE, newKwargs, type PatternMatch, type UrlRoute } from "./types.js";

export interface RoutingScope {
  path: string;
  root_path?: string;
  path_remaining?: string;
}

/**
 * The path a URLRouter matches its routes against: `path_remaining` when an
 * outer router set it; otherwise (outermost router) `path` without
 * `root_path`, or null when the path is not under `root_path`. Leading
 * slashes are then stripped, all of them (`lstrip("/")`).
 */
export function routingPath(scope: RoutingScope): string | null {
  let path = scope.path_remaining;
  if (path === undefined) {
    path = scope.path;
    const root = scope.root_path;
    if (root) {
      if (!path.startsWith(root)) return null;
      path = path.slice(root.length);
    }
  }
  let start = 0;
  while (path.charCodeAt(start) === 0x2f) start++;
  return start === 0 ? path : path.slice(start);
}

/**
 * The `url_route` handed to a matched route's app: positional args
 * concatenate down nested routers, keyword args merge, and the route's
 * default kwargs win over what it captured (Channels: `kwargs.update(route.default_args)`).
 */
export function mergeUrlRoute(outer: UrlRoute | undefined, match: PatternMatch, defaults: Readonly<Record<string, unknown>>): UrlRoute {
  const args = outer === undefined || outer.args.length === 0 ? match.args : match.args.length === 0 ? outer.args : [...outer.args, ...match.args];
  const outerKwargs = outer === undefined ? NO_KWARGS : outer.kwargs;
  let kwargs: Readonly<Record<string, unknown>>;
  if (defaults === NO_KWARGS && outerKwargs === NO_KWARGS) kwargs = match.kwargs;
  else if (defaults === NO_KWARGS && match.kwargs === NO_KWARGS) kwargs = outerKwargs;
  // Assigned into a kwargs object, so a key named `__proto__` stays a key.
  else kwargs = Object.assign(newKwargs(), outerKwargs, match.kwargs, defaults);
  // Nothing captured anywhere: the shared value, no allocation per request.
  if (args === NO_ARGS && kwargs === NO_KWARGS) return NO_URL_ROUTE;
  return outer !== undefined && args === outer.args && kwargs === outer.kwargs ? outer : { args, kwargs };
}
