/**
 * SIO111 — `path("")` used as if it were a fallback.
 *
 * Django's `path()` syntax is anchored at both ends: `path("", app)` matches
 * only the empty remaining path (the site root), not every path. The
 * catch-all is `re_path("", app)`, whose search semantics match anything.
 * Reported for `path("", app)` as the last route of a top-level table, with an
 * imported app as its target — the place and shape of a fallback.
 *
 * Bad:
 * ```
 * "http": URLRouter(socketio_urlpatterns + [path("", djangoApp)])
 * ```
 * Good:
 * ```
 * "http": URLRouter(socketio_urlpatterns + [re_path("", djangoApp)])
 * ```
 */
import { tablesOf, unwrapMiddleware } from "../model/classify.js";
import type { RouteNode } from "../model/model.js";
import type { Rule, RuleContext } from "./rule.js";
import { describeTable } from "./describe.js";

export const emptyPathFallback: Rule = {
  code: "SIO111",
  name: "empty-path-fallback",
  severity: "info",
  summary: "path(\"\") is used as if it were a fallback, but it matches only the root",
  stage: "check",
  check(context: RuleContext) {
    const reported = new Set<RouteNode>();
    for (const table of tablesOf(context.spec)) {
      if (table.via.length > 0) continue;
      const route = table.router.routes[table.router.routes.length - 1];
      if (!route || reported.has(route) || route.fn !== "path" || route.pattern.source !== "" || route.prefix) continue;
      if (unwrapMiddleware(route.target).app.kind !== "NamedApp") continue;
      reported.add(route);
      // No fix: a root-only route is sometimes what is meant, and `--fix` must not change routing on a guess.
      context.report({
        span: route.span,
        message: `path('') at the end of ${describeTable(table)} matches only the root, not every path; the fallback is re_path('')`,
      });
    }
  },
};
