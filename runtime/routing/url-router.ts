/**
 * Channels' URLRouter, `path()` and `re_path()`. The matching itself — the
 * pattern languages, search vs. full match, the path each router sees, how
 * url_route merges — lives in runtime/matching, shared with the linter.
 *
 * An inner router that matches nothing returns false, and this router goes
 * on with its next route on the scope as it had it (Channels' Resolver404
 * fall-through, without exceptions).
 */
import { checkOption, checkOptionsObject, SioError } from "../errors.js";
import {
  compilePattern,
  compileTable,
  mergeUrlRoute,
  NO_KWARGS,
  newKwargs,
  routingPath,
  type CompiledPattern,
  type RouteKind,
  type TableMatcher,
} from "../matching/index.js";
import type { Application, Connection, Scope } from "../types.js";
import { isPathRouting, markPathRouting } from "./mark.js";
import { linkInner } from "./tree.js";

export interface RouteOptions {
  /** The route's name (for reverse() in generated code and for logs). */
  name?: string;
  /** Extra keyword arguments merged into `url_route.kwargs` (they win over captures, as in Django). */
  kwargs?: Record<string, unknown>;
}

export interface Route {
  readonly pattern: CompiledPattern;
  readonly app: Application;
  readonly name: string | undefined;
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/** A route with a Python-flavoured regular expression (Django's `re_path`). */
export function re_path(pattern: string | CompiledPattern, app: Application, options?: RouteOptions): Route {
  return makeRoute("re_path", pattern, app, options);
}

/** A route with Django route syntax and converters (`<int:id>` gives a number). */
export function path(route: string | CompiledPattern, app: Application, options?: RouteOptions): Route {
  return makeRoute("path", route, app, options);
}

function makeRoute(kind: RouteKind, pattern: string | CompiledPattern, app: Application, options: RouteOptions = {}): Route {
  const owner = `${kind}()`;
  if (typeof app !== "function") throw new TypeError(`${owner}: the target must be an application function, got ${typeof app}`);
  checkOptionsObject(owner, options);
  checkOption(owner, "name", options.name, "a string", (v) => typeof v === "string");
  checkOption(owner, "kwargs", options.kwargs, "an object", (v) => typeof v === "object" && v !== null && !Array.isArray(v));
  // Channels compiles a route whose target routes further as a prefix route.
  const endpoint = !isPathRouting(app);
  let compiled: CompiledPattern;
  if (typeof pattern === "string") {
    compiled = compile(kind, pattern, endpoint);
  } else if (isCompiledPattern(pattern)) {
    if (pattern.kind !== kind) throw new TypeError(`${owner}: got a precompiled ${pattern.kind} pattern`);
    // Generated code may not know that a target is a router; the source is the truth.
    compiled = pattern.endpoint && !endpoint ? compile(kind, pattern.source, false) : pattern;
  } else {
    throw new TypeError(`${owner}: the pattern must be a string or a compiled pattern`);
  }
  return Object.freeze({ pattern: compiled, app, name: options.name, kwargs: options.kwargs === undefined ? NO_KWARGS : Object.assign(newKwargs(), options.kwargs) });
}

function compile(kind: RouteKind, source: string, endpoint: boolean): CompiledPattern {
  const result = compilePattern(kind, source, { endpoint });
  if (!result.ok) {
    const { offset, message } = result.error;
    throw new SioError("SIO_ERR_PATTERN", `${kind}(${JSON.stringify(source)}): ${message} (at offset ${offset})`);
  }
  return result.pattern;
}

function isCompiledPattern(value: unknown): value is CompiledPattern {
  const pattern = value as Partial<CompiledPattern> | null;
  return typeof pattern === "object" && pattern !== null && pattern.regex instanceof RegExp && typeof pattern.source === "string";
}

function isRoute(value: unknown): value is Route {
  const route = value as Partial<Route> | null;
  return typeof route === "object" && route !== null && typeof route.app === "function" && isCompiledPattern(route.pattern);
}

/**
 * Routes in order; the first whose pattern matches takes the scope. Returns
 * false when no route matched, or every matching prefix route fell through
 * (serve() answers 404 at the outermost router).
 */
export function URLRouter(routes: readonly Route[]): Application {
  if (!Array.isArray(routes)) throw new TypeError("URLRouter: routes must be a list of path()/re_path() routes");
  routes.forEach((route, index) => {
    if (!isRoute(route)) throw new TypeError(`URLRouter: routes[${index}] is not a path()/re_path() route`);
  });
  const table: readonly Route[] = Object.freeze(routes.slice());
  const matcher = compileTable(table.map((route) => route.pattern));
  const router: Application = (scope, conn) => {
    const path = routingPath(scope);
    return path === null ? false : tryRoutes(table, matcher, 0, path, scope, conn);
  };
  return markPathRouting(linkInner(router, table.map((route) => route.app)));
}

/**
 * Tries routes from `start`, in order, through the table matcher (the first
 * matching route at or after an index, as trying each in turn would find).
 * The matched app gets the scope with this router's `path_remaining` and
 * `url_route` (set in place, see scope.ts); when it falls through, both get
 * their previous values back and the next route is tried.
 */
function tryRoutes(
  table: readonly Route[],
  matcher: TableMatcher,
  start: number,
  path: string,
  scope: Scope,
  conn: Connection,
): boolean | Promise<boolean> {
  const outerRemaining = scope.path_remaining;
  const outerRoute = scope.url_route;
  for (let found = matcher.match(path, start); found !== null; found = matcher.match(path, found.index + 1)) {
    const i = found.index;
    const route = table[i] as Route;
    const match = found.match;
    scope.path_remaining = match.remaining;
    scope.url_route = mergeUrlRoute(outerRoute, match, route.kwargs);
    const handled = route.app(scope, conn);
    if (handled === true) return true;
    if (handled === false) {
      scope.path_remaining = outerRemaining;
      scope.url_route = outerRoute;
      continue;
    }
    const next = i + 1;
    return handled.then((taken) => {
      if (taken) return true;
      scope.path_remaining = outerRemaining;
      scope.url_route = outerRoute;
      return tryRoutes(table, matcher, next, path, scope, conn);
    });
  }
  return false;
}
