/**
 * SIO102 — a Socket.IO consumer routed for `websocket` but not for `http`.
 *
 * Engine.IO opens every session with an HTTP long-polling handshake unless
 * the client is told to use WebSocket only, so default clients never connect.
 *
 * Bad:
 * ```
 * application = ProtocolTypeRouter({
 *   "websocket": AllowedHostsOriginValidator(URLRouter([re_path(r"^socket\.io/?$", ChatConsumer.as_asgi())])),
 *   "http": URLRouter([re_path("", djangoApp)]),
 * })
 * ```
 * Good:
 * ```
 * socketio_urlpatterns = [re_path(r"^socket\.io/?$", ChatConsumer.as_asgi())]
 * application = ProtocolTypeRouter({
 *   "websocket": AllowedHostsOriginValidator(URLRouter(socketio_urlpatterns)),
 *   "http": URLRouter(socketio_urlpatterns + [re_path("", djangoApp)]),
 * })
 * ```
 */
import type { Rule, RuleContext } from "./rule.js";
import { describeEndpoint, describeRoute } from "./describe.js";
import { routedOnlyOn } from "./socketio-uses.js";

export const websocketOnlySocketIO: Rule = {
  code: "SIO102",
  name: "websocket-only-socketio",
  severity: "error",
  summary: "a Socket.IO consumer is routed for websocket but not for http, so polling handshakes fail",
  stage: "check",
  check(context: RuleContext) {
    for (const { route, other } of routedOnlyOn(context.spec, context.kinds, "websocket")) {
      context.report({
        span: route.span,
        message: `Socket.IO consumer ${describeEndpoint(route)} is routed for websocket (${describeRoute(route)}) but not for http: the Engine.IO handshake starts with HTTP long-polling, so default clients cannot connect`,
        related: [{ span: other.span, message: other.message }],
      });
    }
  },
};
