/**
 * Channels' CookieMiddleware: the Cookie header, parsed, on `scope.cookies`.
 */
import { parse } from "cookie";
import { inheritPathRouting } from "../routing/mark.js";
import type { Application, Scope } from "../types.js";

const NO_COOKIES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** The cookies of a scope: already parsed by an outer CookieMiddleware, or parsed now. */
export function cookiesOf(scope: Scope): Record<string, string> {
  if (scope.cookies !== undefined) return scope.cookies;
  const header = scope.headers.cookie;
  if (header === undefined || header === "") return NO_COOKIES;
  // parse() leaves a value it cannot decode as it is, never throws.
  return parse(header) as Record<string, string>;
}

export function CookieMiddleware(app: Application): Application {
  if (typeof app !== "function") throw new TypeError("CookieMiddleware: app must be an application function");
  const middleware: Application = (scope, conn) => app({ ...scope, cookies: cookiesOf(scope) }, conn);
  return inheritPathRouting(middleware, app);
}
