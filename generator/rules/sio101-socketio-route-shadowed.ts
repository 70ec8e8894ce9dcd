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
import { isSocketIORoute } from "../model/classify.js";
import type { Rule, RuleContext } from "./rule.js";
import { describeRoute } from "./describe.js";
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
      if (capture.undecidable !== undefined) {
        context.report({
          span: route.span,
          severity: "warning",
          message: `Socket.IO route ${describeRoute(route)} may be captured by the earlier route ${describeRoute(earlier)}, which cannot be decided exactly (${capture.undecidable})`,
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
