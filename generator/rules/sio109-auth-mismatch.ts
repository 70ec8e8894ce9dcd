/**
 * SIO109 — a Socket.IO consumer behind auth/session middleware on one
 * transport but not the other.
 *
 * One Engine.IO session spans both transports: it starts on polling (http)
 * and upgrades to websocket. If only one table runs AuthMiddlewareStack, the
 * socket's `scope.user`/`scope.session` change with the transport. The seed
 * recommends "`AuthMiddlewareStack` for Django session/user information in
 * the ASGI scope" around the Socket.IO app — on both transports.
 *
 * Bad:
 * ```
 * "websocket": AllowedHostsOriginValidator(URLRouter(socketio_urlpatterns)),
 * "http": AuthMiddlewareStack(URLRouter(socketio_urlpatterns + [re_path("", djangoApp)])),
 * ```
 * Good:
 * ```
 * "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(socketio_urlpatterns))),
 * "http": AuthMiddlewareStack(URLRouter(socketio_urlpatterns + [re_path("", djangoApp)])),
 * ```
 */
import type { MiddlewareNode } from "../model/model.js";
import type { Rule, RuleContext } from "./rule.js";
import { describeRoute } from "./describe.js";
import { socketIOUsesOf, type SocketIOUse } from "./socketio-uses.js";

/** What the scope carries behind a middleware chain, and the middleware that provides it. */
function scopeState(use: SocketIOUse): { user: MiddlewareNode | null; session: MiddlewareNode | null } {
  const chain = use.routed.middleware;
  const user = chain.find((m) => m.builtin === "AuthMiddlewareStack") ?? null;
  const session = user ?? chain.find((m) => m.builtin === "SessionMiddlewareStack") ?? null;
  return { user, session };
}

export const authMismatch: Rule = {
  code: "SIO109",
  name: "auth-mismatch",
  severity: "warning",
  summary: "a Socket.IO consumer is behind auth/session middleware on one transport but not the other",
  stage: "check",
  check(context: RuleContext) {
    const uses = socketIOUsesOf(context.spec, context.kinds);
    if (!uses.router) return;
    for (const { key, http: [http], websocket: [websocket], mismatched, needs } of uses.endpoints) {
      // One transport only: no session spans both, so the scopes cannot disagree.
      if (mismatched || !needs.http || !needs.websocket || !http || !websocket) continue;
      const httpState = scopeState(http);
      const websocketState = scopeState(websocket);
      const differs = (aspect: "user" | "session") => (httpState[aspect] === null) !== (websocketState[aspect] === null);
      const aspect = differs("user") ? "user" : differs("session") ? "session" : null;
      if (!aspect) continue;
      const [lacking, having, provider] =
        httpState[aspect] === null ? [http, websocket, websocketState[aspect]!] : [websocket, http, httpState[aspect]!];
      const route = lacking.routed.route;
      context.report({
        span: route.span,
        message: `Socket.IO consumer '${key.split(",").join(", ")}' (${describeRoute(route)}) is behind ${provider.name} on ${having.transport} but not on ${lacking.transport}: scope.${aspect} differs between polling and websocket`,
        related: [{ span: provider.span, message: `${provider.name} on the ${having.transport} side` }],
      });
    }
  },
};
