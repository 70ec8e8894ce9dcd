/**
 * SIO101 — an earlier route in the same table captures requests meant for a
 * Socket.IO endpoint: a catch-all placed first, a prefix like `^sock`, or
 * the order of a `+` concatenation. The seed: "If the fallback comes first,
 * normal Django URL handling may receive Socket.IO polling requests instead
 * of django-sio."
 *
 * Bad:
 * ```
 * "http": URLRouter([re_path("", djangoApp)] + socketio_urlpatterns)
 * ```
 * Good:
 * ```
 * "http": URLRouter(socketio_urlpatterns + [re_path("", djangoApp)])
 * ```
 * Fix: move the Socket.IO route above the route that captures it (or swap
 * the operands of `+`).
 */
import { quoteForMessage } from "../../grammar/strings.js";
import { isSocketIORoute, socketIOByPattern } from "../model/classify.js";
import type { Rule, RuleContext } from "./rule.js";
import { describeEndpoint, describeRoute } from "./describe.js";
import { samePathElsewhere } from "./socketio-uses.js";
import { moveRouteFix } from "./move-route.js";
import { reachabilityOf } from "./route-reachability.js";

export const socketIORouteShadowed: Rule = {
  code: "SIO101",
  name: "socketio-route-shadowed",
  severity: "error",
  summary: "an earlier route in the same table captures requests meant for a Socket.IO endpoint",
  stage: "check",
  check(context: RuleContext) {
    for (const capture of reachabilityOf(context.spec, context.kinds).captures) {
      const { router, route, earlier } = capture;
      const from = router.routes.indexOf(route);
      const to = router.routes.indexOf(earlier);
      const fix = moveRouteFix(context.spec, router, from, to, (r) => isSocketIORoute(r, context.kinds));
      const related = [{ span: earlier.span, message: `${describeRoute(earlier)} comes first` }];
      // A consumer taken for Socket.IO by its pattern would also disagree with the other transport's
      // table (SIO104): the same root cause, so one diagnostic, with those places.
      const elsewhere = socketIOByPattern(earlier, context.kinds) ? samePathElsewhere(context.spec, earlier) : [];
      for (const other of elsewhere) {
        related.push({ span: other.route.span, message: `on ${other.protocol} the same path reaches ${describeEndpoint(other.route)} instead` });
      }
      if (capture.undecidable !== undefined) {
        // No path both regexes accept was found: a possibility, stated as such, never an error.
        context.report({
          span: route.span,
          severity: "info",
          message: `could not decide whether the earlier route ${describeRoute(earlier)} captures requests meant for Socket.IO route ${describeRoute(route)}: ${capture.undecidable}, and no path both accept was found`,
          related,
          ...(fix ? { fix } : {}),
        });
        continue;
      }
      context.report({
        span: route.span,
        message: `Socket.IO route ${describeRoute(route)} is captured by the earlier route ${describeRoute(earlier)}: requests such as ${quoteForMessage(capture.witness ?? "")} never reach it`,
        related,
        ...(fix ? { fix } : {}),
      });
    }
  },
};
