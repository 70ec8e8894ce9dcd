/**
 * What sio remembers about a keep-alive HTTP connection from one request to
 * the next: the client's address (read from the socket once — Node's address
 * getters cost more than the rest of building a scope) and the last Cookie
 * header with its parse (a client sends the same header on request after
 * request; comparing strings is cheaper than parsing, or hashing for a Map).
 *
 * A WebSocket connection carries exactly one request, so nothing is kept for
 * it: its scope reads the socket directly and holds what it read.
 */
import type { Socket } from "node:net";

/** An address as ASGI gives it: a `(host, port)` tuple. */
export type Address = readonly [host: string, port: number];

export interface HttpConnection {
  readonly client: Address | null;
  readonly server: Address | null;
  /** The last Cookie header seen on this connection, and its parse (frozen: it serves several requests). */
  cookieHeader: string | undefined;
  cookies: Record<string, string> | undefined;
}

const connections = new WeakMap<Socket, HttpConnection>();

/**
 * The state of the keep-alive connection behind an http request, created on
 * its first request. `local`: the server's address when every connection
 * shares it (see `buildScope`).
 */
export function httpConnection(socket: Socket, local?: Address): HttpConnection {
  let state = connections.get(socket);
  if (state === undefined) {
    state = { client: remoteAddress(socket), server: local ?? localAddress(socket), cookieHeader: undefined, cookies: undefined };
    connections.set(socket, state);
  }
  return state;
}

/** The remote end of a socket, frozen (it may serve several scopes), or null when the socket no longer knows it. */
export function remoteAddress(socket: Socket): Address | null {
  const host = socket.remoteAddress;
  return host === undefined ? null : Object.freeze([host, socket.remotePort ?? 0] as const);
}

/** The local end of a socket, frozen, or null when the socket no longer knows it. */
export function localAddress(socket: Socket): Address | null {
  const host = socket.localAddress;
  return host === undefined ? null : Object.freeze([host, socket.localPort ?? 0] as const);
}
