/**
 * The routed scope of a Socket.IO socket: the scope of the request that
 * opened its Engine.IO session (the http scope of a polling handshake, the
 * websocket scope of a direct WebSocket connection). After a polling →
 * websocket upgrade, `socket.request` is still the polling handshake, so the
 * user and session stay those the handshake was routed with.
 */
import type { IncomingMessage } from "node:http";
import type { Socket } from "socket.io";
import type { Scope } from "../types.js";
import { SocketIOError } from "./errors.js";

const scopes = new WeakMap<IncomingMessage, Scope>();

/** Called by the endpoint for every request it hands to Engine.IO. */
export function rememberScope(req: IncomingMessage, scope: Scope): void {
  scopes.set(req, scope);
}

/** The routed scope (user, session, url_route, headers, ...) of a socket opened through a Socket.IO endpoint. */
export function scopeOfSocket(socket: Pick<Socket, "request">): Scope {
  const scope = scopes.get(socket.request);
  if (scope === undefined) {
    throw new SocketIOError("SIO_ERR_SOCKETIO_SCOPE", "this socket was not opened through a Socket.IO endpoint");
  }
  return scope;
}
