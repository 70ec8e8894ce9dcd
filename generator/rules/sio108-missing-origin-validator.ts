/**
 * SIO108 — a `websocket` table without an Origin validator.
 *
 * Browsers send cookies with cross-site WebSocket handshakes and the
 * same-origin policy does not stop them, so without an Origin check any site
 * can open a socket as the logged-in user (cross-site WebSocket hijacking).
 * The seed: "`AllowedHostsOriginValidator` around WebSocket routing to
 * enforce allowed hosts/origins."
 *
 * Bad:
 * ```
 * "websocket": AuthMiddlewareStack(URLRouter(socketio_urlpatterns)),
 * ```
 * Good:
 * ```
 * "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(socketio_urlpatterns))),
 * ```
 */
import { protocolRouterOf, routesOf, unwrapMiddleware } from "../model/classify.js";
import type { MiddlewareNode } from "../model/model.js";
import type { Rule, RuleContext } from "./rule.js";
import { describeRoute } from "./describe.js";
import { spanKey, syntaxOf } from "./syntax.js";

const isOriginValidator = (m: MiddlewareNode): boolean =>
  m.builtin === "AllowedHostsOriginValidator" || m.builtin === "OriginValidator";

export const missingOriginValidator: Rule = {
  code: "SIO108",
  name: "missing-origin-validator",
  severity: "warning",
  summary: "a websocket table has no Origin validator (cross-site WebSocket hijacking)",
  stage: "check",
  check(context: RuleContext) {
    const top = protocolRouterOf(context.spec);
    const entry = top?.router.protocols.find((p) => p.protocol === "websocket");
    if (!top || !entry) return;
    if ([...top.middleware, ...unwrapMiddleware(entry.app).middleware].some(isOriginValidator)) return;
    const websocketRoutes = routesOf(context.spec).filter((r) => r.protocol === "websocket");
    const unguarded = websocketRoutes.filter((r) => !r.middleware.some(isOriginValidator));
    if (unguarded.length < websocketRoutes.length) {
      // Validators sit inside the table: name each route left unguarded.
      for (const { route } of unguarded) {
        context.report({
          span: route.span,
          message: `websocket route ${describeRoute(route)} is not behind an Origin validator, unlike other websocket routes`,
        });
      }
      return;
    }
    const value = syntaxOf(context.spec).entries.get(spanKey(entry.keySpan))?.value;
    context.report({
      span: value?.span ?? entry.app.span,
      message: "the websocket table has no Origin validator: any web page can open a WebSocket with the user's cookies; wrap it in AllowedHostsOriginValidator(...)",
      related: [{ span: entry.keySpan, message: "the websocket entry" }],
      ...(value
        ? {
            fix: {
              description: "wrap the websocket table in AllowedHostsOriginValidator(...)",
              edits: [
                { span: { start: value.span.start, end: value.span.start }, text: "AllowedHostsOriginValidator(" },
                { span: { start: value.span.end, end: value.span.end }, text: ")" },
              ],
            },
          }
        : {}),
    });
  },
};
