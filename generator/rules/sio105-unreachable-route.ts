/**
 * SIO105 — a route made unreachable by earlier routes in its table (a
 * Socket.IO route so captured is SIO101 instead).
 *
 * Decided exactly on automata: the route's paths (under `re_path`'s search
 * semantics or the `$` full match) are contained in what the earlier routes
 * capture. An earlier prefix route captures only when its inner router
 * cannot fall through. Backreferences and some lookarounds are beyond
 * automata: then a path that still reaches the route is looked for (outside
 * supersets of the earlier routes' paths, confirmed by the regexes), and
 * only when none is found is an info said, never a warning or an error.
 *
 * Bad:
 * ```
 * URLRouter([re_path(r"^api/", apiApp), re_path(r"^api/v1/users/?$", usersApp)])
 * ```
 * Good:
 * ```
 * URLRouter([re_path(r"^api/v1/users/?$", usersApp), re_path(r"^api/", apiApp)])
 * ```
 */
import type { Rule, RuleContext } from "./rule.js";
import { describeRoute } from "./describe.js";
import { reachabilityOf } from "./route-reachability.js";

export const unreachableRoute: Rule = {
  code: "SIO105",
  name: "unreachable-route",
  severity: "error",
  summary: "a route is unreachable: earlier routes capture every path it matches",
  stage: "check",
  check(context: RuleContext) {
    for (const finding of reachabilityOf(context.spec, context.kinds).unreachable) {
      const { route, shadowedBy } = finding;
      const earlier = shadowedBy.map(describeRoute).join(", ");
      const one = shadowedBy.length === 1;
      const routes = one ? `the earlier route ${earlier}` : `the earlier routes ${earlier}`;
      const related = shadowedBy.map((r) => ({ span: r.span, message: `${describeRoute(r)} captures its paths first` }));
      if (finding.undecidable !== undefined) {
        // Neither proven unreachable nor shown reachable by a concrete path: say so, as an info.
        context.report({
          span: route.span,
          severity: "info",
          message: `could not decide whether ${describeRoute(route)} is reachable: ${routes} ${one ? "captures" : "capture"} some of its paths, and whether ${one ? "it captures" : "they capture"} all of them cannot be decided exactly (${finding.undecidable}); no path that still reaches it was found`,
          related,
        });
        continue;
      }
      context.report({
        span: route.span,
        message: `${describeRoute(route)} is unreachable: ${routes} ${one ? "captures" : "capture"} every path it matches`,
        related,
      });
    }
  },
};
