/**
 * Channels' CookieMiddleware: the Cookie header, parsed, on `scope.cookies`.
 */
import { parse } from "cookie";
import { httpConnection } from "../connection.js";
import { inheritPathRouting } from "../routing/mark.js";
import { callWith } from "../scope.js";
import type { Application, Connection, Scope } from "../types.js";

const NO_COOKIES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * The cookies of a scope: already parsed by an outer CookieMiddleware, or
 * parsed now — once per keep-alive connection while its Cookie header stays
 * the same (see connection.ts). Read-only.
 */
export function cookiesOf(scope: Scope, conn: Connection): Record<string, string> {
  if (scope.cookies !== undefined) return scope.cookies;
  const header = scope.headers.cookie;
  if (header === undefined || header === "") return NO_COOKIES;
  // parse() leaves a value it cannot decode as it is, never throws.
  if (conn.type === "websocket") return Object.freeze(parse(header)) as Record<string, string>;
  const connection = httpConnection(conn.req.socket);
  if (connection.cookieHeader !== header || connection.cookies === undefined) {
    connection.cookies = Object.freeze(parse(header)) as Record<string, string>;
    connection.cookieHeader = header;
  }
  return connection.cookies;
}

export function CookieMiddleware(app: Application): Application {
  if (typeof app !== "function") throw new TypeError("CookieMiddleware: app must be an application function");
  const middleware: Application = (scope, conn) => callWith(app, scope, conn, "cookies", cookiesOf(scope, conn));
  return inheritPathRouting(middleware, app);
}
