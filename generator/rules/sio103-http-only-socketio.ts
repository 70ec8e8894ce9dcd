/**
 * SIO103 — a Socket.IO consumer routed for `http` but not for `websocket`.
 *
 * Clients connect over long-polling and every upgrade to WebSocket is
 * refused, so they poll forever: more requests, more latency. An endpoint
 * declared polling-only, `transports=["polling"]`, needs no websocket route;
 * one declared WebSocket-only but routed for http only is an error: no client
 * can connect.
 *
 * Bad:
 * ```
 * application = ProtocolTypeRouter({
 *   "http": URLRouter([re_path(r"^socket\.io/?$", ChatConsumer.as_asgi()), re_path("", djangoApp)]),
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

export const httpOnlySocketIO: Rule = {
  code: "SIO103",
  name: "http-only-socketio",
  severity: "warning",
  summary: "a Socket.IO consumer is routed for http but not for websocket, so clients never upgrade",
  stage: "check",
  check(context: RuleContext) {
    for (const { endpoint, route, other } of routedOnlyOn(context.spec, context.kinds, "http")) {
      const routed = `Socket.IO consumer ${describeEndpoint(route)} is routed for http (${describeRoute(route)}) but not for websocket`;
      const related = [{ span: other.span, message: other.message }];
      if (endpoint.needs.http) {
        context.report({ span: route.span, message: `${routed}: clients cannot upgrade and stay on long-polling`, related });
      } else {
        context.report({
          span: route.span,
          severity: "error",
          message: `${routed}, and its only transport is WebSocket (${describeTransports(endpoint)}): no client can connect`,
          related,
        });
      }
    }
  },
};
