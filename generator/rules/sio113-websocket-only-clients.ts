/**
 * SIO113 — a Socket.IO endpoint that accepts WebSocket only
 * (`transports=["websocket"]`): a deliberate choice (no sticky sessions
 * needed behind a load balancer, the usual fix for "Session ID unknown"),
 * correct without an http route, but every client must be told: the official
 * clients start with an HTTP long-polling handshake unless they are created
 * with `transports: ["websocket"]`.
 *
 * Bad: a default client, `io()`, against
 * ```
 * "websocket": AllowedHostsOriginValidator(URLRouter([
 *   re_path(r"^socket\.io/?$", SocketIO(ChatConsumer, transports=["websocket"])),
 * ])),
 * ```
 * Good: the same endpoint, with every client created as
 * ```
 * const socket = io({ transports: ["websocket"] });
 * ```
 */
import type { Rule, RuleContext } from "./rule.js";
import { describeTransports, socketIOUsesOf } from "./socketio-uses.js";

export const websocketOnlyClients: Rule = {
  code: "SIO113",
  name: "websocket-only-clients",
  severity: "info",
  summary: "a Socket.IO endpoint accepts WebSocket only: its clients must connect with transports: [\"websocket\"]",
  stage: "check",
  check(context: RuleContext) {
    for (const endpoint of socketIOUsesOf(context.spec, context.kinds).endpoints) {
      const option = endpoint.transportsOption;
      // Not routed for websocket at all: SIO103 reports that no client can connect.
      if (!option || endpoint.needs.http || !endpoint.needs.websocket || endpoint.websocket.length === 0) continue;
      context.report({
        span: option.span,
        message: `Socket.IO consumer '${endpoint.key.split(",").join(", ")}' accepts WebSocket only (${describeTransports(endpoint)}): its clients must connect with io(url, { transports: ["websocket"] }), since default clients start with HTTP long-polling`,
      });
    }
  },
};
