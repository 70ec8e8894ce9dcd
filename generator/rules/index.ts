/**
 * The rule registry: frozen, in code order. One traversal of the model per
 * rule; each rule reports through its context. SIO100 and SIO110 have no
 * check: the parser and the binder report them.
 */
import type { Rule } from "./rule.js";
import { syntaxError } from "./sio100-syntax-error.js";
import { socketIORouteShadowed } from "./sio101-socketio-route-shadowed.js";
import { websocketOnlySocketIO } from "./sio102-websocket-only-socketio.js";
import { httpOnlySocketIO } from "./sio103-http-only-socketio.js";
import { transportMismatch } from "./sio104-transport-mismatch.js";
import { unreachableRoute } from "./sio105-unreachable-route.js";
import { neverMatches } from "./sio106-never-matches.js";
import { loosePattern } from "./sio107-loose-pattern.js";
import { missingOriginValidator } from "./sio108-missing-origin-validator.js";
import { authMismatch } from "./sio109-auth-mismatch.js";
import { bindingError } from "./sio110-binding-error.js";
import { emptyPathFallback } from "./sio111-empty-path-fallback.js";
import { catastrophicBacktracking } from "./sio112-catastrophic-backtracking.js";
import { websocketOnlyClients } from "./sio113-websocket-only-clients.js";
import { analysisSkipped } from "./sio114-analysis-skipped.js";
import { incoherentCors } from "./sio120-incoherent-cors.js";

export const rules: readonly Rule[] = Object.freeze([
  // SIO100: syntax errors, from the parser.
  syntaxError,
  // SIO101: a Socket.IO route captured by an earlier route (fallback first, prefix, concatenation order).
  socketIORouteShadowed,
  // SIO102: Socket.IO routed for websocket only: polling handshakes fail.
  websocketOnlySocketIO,
  // SIO103: Socket.IO routed for http only: no upgrade.
  httpOnlySocketIO,
  // SIO104: the http and websocket routes of one Socket.IO consumer disagree.
  transportMismatch,
  // SIO105: any other route made unreachable by earlier routes.
  unreachableRoute,
  // SIO106: a pattern that can never match what it is meant for.
  neverMatches,
  // SIO107: unescaped '.', or a pattern without '^'.
  loosePattern,
  // SIO108: a websocket table without an Origin validator.
  missingOriginValidator,
  // SIO109: auth/session middleware on one transport only.
  authMismatch,
  // SIO110: binding errors, from the binder.
  bindingError,
  // SIO111: path("") used as if it were a fallback.
  emptyPathFallback,
  // SIO112: a route regex that backtracks super-linearly (an attack path in the message).
  catastrophicBacktracking,
  // SIO113: a WebSocket-only Socket.IO endpoint: its clients must be told.
  websocketOnlyClients,
  // SIO114: a route's reachability checks skipped: its pattern is beyond the analysis budget.
  analysisSkipped,
  // SIO120: a Socket.IO endpoint's cors incoherent with its websocket route's origin validator.
  incoherentCors,
]);
