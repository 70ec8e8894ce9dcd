/**
 * SIO104 — the http and websocket routes of one Socket.IO consumer disagree:
 * different paths, or one path routed to different endpoints.
 *
 * A client upgrades from polling by opening a WebSocket on the very path it
 * polled; if the websocket table routes that path elsewhere, the upgrade
 * lands on another endpoint (or none) and the session never leaves polling.
 *
 * Bad:
 * ```
 * application = ProtocolTypeRouter({
 *   "websocket": AllowedHostsOriginValidator(URLRouter([re_path(r"^ws/socket\.io/?$", ChatConsumer.as_asgi())])),
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
import { endpointKey } from "../model/classify.js";
import type { Rule, RuleContext } from "./rule.js";
import { describePath } from "./describe.js";
import { socketIOUsesOf } from "./socketio-uses.js";

export const transportMismatch: Rule = {
  code: "SIO104",
  name: "transport-mismatch",
  severity: "error",
  summary: "the http and websocket routes of one Socket.IO consumer disagree (paths or targets)",
  stage: "check",
  check(context: RuleContext) {
    const uses = socketIOUsesOf(context.spec, context.kinds);
    if (!uses.router) return;
    for (const { websocket, http } of uses.mismatches) {
      context.report({
        span: websocket.route.span,
        message: `${describePath(websocket)} reaches '${endpointKey(websocket.route)}' on websocket but '${endpointKey(http.route)}' on http: upgrades from polling land on another endpoint`,
        related: [{ span: http.route.span, message: "the http route for the same path" }],
      });
    }
    for (const { key, http, websocket, mismatched, needs } of uses.endpoints) {
      // An endpoint that uses one transport only never upgrades: its routes on the other side are not its clients' paths.
      if (mismatched || !needs.http || !needs.websocket || http.length === 0 || websocket.length === 0) continue;
      const httpPaths = new Set(http.map((u) => u.path));
      const websocketPaths = new Set(websocket.map((u) => u.path));
      const stray = websocket.find((u) => !httpPaths.has(u.path)) ?? http.find((u) => !websocketPaths.has(u.path));
      if (!stray) continue;
      const other = (stray.transport === "http" ? websocket : http)[0]!;
      const list = (group: typeof http) => [...new Set(group.map((u) => describePath(u.routed)))].join(", ");
      context.report({
        span: stray.routed.route.span,
        message: `the http and websocket routes of Socket.IO consumer '${key.split(",").join(", ")}' disagree: http routes ${list(http)}, websocket routes ${list(websocket)}; upgrades from polling land elsewhere`,
        related: [{ span: other.routed.route.span, message: `the ${other.transport} route` }],
      });
    }
  },
};
