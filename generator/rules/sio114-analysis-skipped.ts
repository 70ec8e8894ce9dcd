/**
 * SIO114 — the reachability checks (SIO101, SIO105, SIO106) were skipped for
 * a route: its pattern, or comparing it with the earlier routes of its table,
 * is beyond the analysis budget (automaton states and time per route). Some
 * patterns make automata explode (`^[ab]*b[ab]{20}$` has a minimal DFA of
 * 2^21 states); rather than run out of memory, the analysis stops and says
 * so. Nothing about the route is claimed: no error, no "unreachable".
 *
 * Bad:
 * ```
 * URLRouter([re_path(r"^[ab]*b[ab]{20}$", app), re_path(r"^b{21}$", other)])
 * ```
 * Good:
 * ```
 * URLRouter([re_path(r"^[ab]+$", app), re_path(r"^c/$", other)])
 * ```
 */
import type { Rule, RuleContext } from "./rule.js";
import { describeRoute } from "./describe.js";
import { reachabilityOf } from "./route-reachability.js";

export const analysisSkipped: Rule = {
  code: "SIO114",
  name: "analysis-skipped",
  severity: "warning",
  summary: "a route's reachability checks were skipped: the pattern is beyond the analysis budget",
  stage: "check",
  check(context: RuleContext) {
    for (const { route, reason } of reachabilityOf(context.spec, context.kinds).skipped) {
      context.report({
        span: route.pattern.literal.span,
        message: `reachability checks skipped for ${describeRoute(route)}: ${reason}; whether earlier routes capture its paths, or it captures a later route's, is not known`,
      });
    }
  },
};
