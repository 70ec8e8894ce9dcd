/**
 * Channels' CookieMiddleware: the Cookie header, parsed, on `scope.cookies`.
 */
import type { Socket } from "node:net";
import { parse } from "cookie";
import { inheritPathRouting } from "../routing/mark.js";
import { callWith } from "../scope.js";
import type { Application, Connection, Scope } from "../types.js";

const NO_COOKIES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * The last Cookie header of each connection, parsed. A keep-alive client
 * sends the same header on request after request; comparing strings is
 * cheap, while hashing a fresh header string for a Map lookup costs more
 * than parsing it. The parsed object may serve several requests: frozen.
 */
const lastOfConnection = new WeakMap<Socket, { header: string; cookies: Record<string, string> }>();

/** The cookies of a scope: already parsed by an outer CookieMiddleware, or parsed now. Read-only. */
export function cookiesOf(scope: Scope, conn: Connection): Record<string, string> {
  if (scope.cookies !== undefined) return scope.cookies;
  const header = scope.headers.cookie;
  if (header === undefined || header === "") return NO_COOKIES;
  // A WebSocket connection sends one Cookie header ever: nothing to reuse, so no per-connection entry to keep.
  if (conn.type === "websocket") return Object.freeze(parse(header)) as Record<string, string>;
  const socket = conn.req.socket;
  const last = lastOfConnection.get(socket);
  if (last !== undefined && last.header === header) return last.cookies;
  // parse() leaves a value it cannot decode as it is, never throws.
  const cookies = Object.freeze(parse(header)) as Record<string, string>;
  lastOfConnection.set(socket, { header, cookies });
  return cookies;
}

export function CookieMiddleware(app: Application): Application {
  if (typeof app !== "function") throw new TypeError("CookieMiddleware: app must be an application function");
  const middleware: Application = (scope, conn) => callWith(app, scope, conn, "cookies", cookiesOf(scope, conn));
  return inheritPathRouting(middleware, app);
}
