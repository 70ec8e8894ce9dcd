/**
 * Channels' CookieMiddleware: the Cookie header, parsed, on `scope.cookies`.
 */
import { parse } from "cookie";
import { inheritPathRouting } from "../routing/mark.js";
import { callWith } from "../scope.js";
import type { Application, Scope } from "../types.js";

const NO_COOKIES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * Parsed Cookie headers by header text. A client sends the same header on
 * request after request, so most parses are a lookup; the parsed objects are
 * shared, hence frozen. Bounded: the oldest entry goes first.
 */
const parsed = new Map<string, Record<string, string>>();
const PARSED_CACHE_SIZE = 4096;

/** The cookies of a scope: already parsed by an outer CookieMiddleware, or parsed now. Read-only. */
export function cookiesOf(scope: Scope): Record<string, string> {
  if (scope.cookies !== undefined) return scope.cookies;
  const header = scope.headers.cookie;
  if (header === undefined || header === "") return NO_COOKIES;
  let cookies = parsed.get(header);
  if (cookies === undefined) {
    // parse() leaves a value it cannot decode as it is, never throws.
    cookies = Object.freeze(parse(header)) as Record<string, string>;
    if (parsed.size >= PARSED_CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
    parsed.set(header, cookies);
  }
  return cookies;
}

export function CookieMiddleware(app: Application): Application {
  if (typeof app !== "function") throw new TypeError("CookieMiddleware: app must be an application function");
  const middleware: Application = (scope, conn) => callWith(app, scope, conn, "cookies", cookiesOf(scope));
  return inheritPathRouting(middleware, app);
}
