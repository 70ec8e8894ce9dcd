/**
 * SIO114 — a check was skipped for a route: its pattern, or comparing it
 * with the earlier routes of its table, is beyond the analysis budget
 * (automaton states and time per route) for the reachability checks (SIO101,
 * SIO105, SIO106), or its regex is too long for the backtracking check
 * (SIO112). Some patterns make automata explode (`^[ab]*b[ab]{20}$` has a
 * minimal DFA of 2^21 states); rather than run out of memory, the analysis
 * stops and says so. Nothing about the route is claimed: no error, no
 * "unreachable".
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
import { backtrackingOf } from "./backtracking.js";
import { reachabilityOf } from "./route-reachability.js";

export const analysisSkipped: Rule = {
  code: "SIO114",
  name: "analysis-skipped",
  severity: "warning",
  summary: "a check was skipped for a route: its pattern is beyond the analysis budget",
  stage: "check",
  check(context: RuleContext) {
    // A pattern SIO112 reports is the root cause of its own blow-up: one diagnostic, SIO112's.
    const backtracking = new Set(backtrackingOf(context.spec).found.map((found) => found.route));
    for (const { route, reason } of reachabilityOf(context.spec, context.kinds).skipped) {
      if (backtracking.has(route)) continue;
      context.report({
        span: route.pattern.literal.span,
        message: `reachability checks skipped for ${describeRoute(route)}: ${reason}; whether earlier routes capture its paths, or it captures a later route's, is not known`,
      });
    }
    for (const { route, reason } of backtrackingOf(context.spec).skipped) {
      context.report({
        span: route.pattern.literal.span,
        message: `backtracking check (SIO112) skipped for ${describeRoute(route)}: ${reason}; whether one request can keep it busy is not known`,
      });
    }
  },
};
