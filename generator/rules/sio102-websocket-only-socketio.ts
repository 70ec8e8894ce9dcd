/**
 * SIO102 — a Socket.IO consumer routed for `websocket` but not for `http`.
 *
 * Engine.IO opens every session with an HTTP long-polling handshake unless
 * the client is told to use WebSocket only, so default clients never connect.
 * An endpoint declared WebSocket-only, `SocketIO(X, transports=["websocket"])`,
 * needs no http route (SIO113 then reminds that clients must be told so).
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
import { describeTransports, routedOnlyOn } from "./socketio-uses.js";

export const websocketOnlySocketIO: Rule = {
  code: "SIO102",
  name: "websocket-only-socketio",
  severity: "error",
  summary: "a Socket.IO consumer is routed for websocket but not for http, so polling handshakes fail",
  stage: "check",
  check(context: RuleContext) {
    for (const { endpoint, route, other } of routedOnlyOn(context.spec, context.kinds, "websocket")) {
      const routed = `Socket.IO consumer ${describeEndpoint(route)} is routed for websocket (${describeRoute(route)}) but not for http`;
      context.report({
        span: route.span,
        message: endpoint.needs.websocket
          ? `${routed}: the Engine.IO handshake starts with HTTP long-polling, so default clients cannot connect`
          : `${routed}, and its only transport is polling (${describeTransports(endpoint)}), which is served over http: no client can connect`,
        related: [{ span: other.span, message: other.message }],
      });
    }
  },
};
