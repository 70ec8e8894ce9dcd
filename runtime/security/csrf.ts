/**
 * Cross-site request forgery defence for the session middleware: an unsafe
 * request (POST, PUT, PATCH, DELETE, ...) is refused with 403 when a browser
 * says it comes from another origin — a page elsewhere that auto-submits a
 * form to log the user out, or in as the attacker. Same-origin requests,
 * requests from trusted origins and requests without any browser signal
 * (non-browser clients) pass. This is the check of Go's
 * `http.CrossOriginProtection`, the header-based half of Django's
 * CsrfViewMiddleware (no token to thread through forms):
 *
 * 1. a safe method (GET, HEAD, OPTIONS, TRACE) passes;
 * 2. `Sec-Fetch-Site: same-origin` or `none` (typed in the address bar)
 *    passes; any other value needs a trusted `Origin`;
 * 3. without `Sec-Fetch-Site` (older browsers), an `Origin` whose host and
 *    port are the request's `Host` passes, another needs to be trusted;
 * 4. neither header: not a browser's cross-origin request; passes.
 *
 * Trusted origins: the explicit ones (exact, or Django's
 * `https://*.example.com` for subdomains), and every origin the Socket.IO
 * endpoints behind the middleware admit (their `cors` origins and their
 * validators' hosts), so their polling requests pass where they are allowed.
 */
import type { Scope } from "../types.js";
import { hostFormOf, hostNameIs, hostPort, originPorts, parseOrigin, serializedOrigin } from "./origins.js";
import type { OriginPolicy } from "./policy.js";

/** Comma-separated origins trusted by the CSRF check, added to `csrfTrustedOrigins`. */
export const CSRF_TRUSTED_ORIGINS_ENV = "SIO_CSRF_TRUSTED_ORIGINS";

/** What an unsafe request was refused for; undefined when it passes. */
export type CsrfRefusal = { origin: string | undefined; site: string | undefined } | undefined;

export interface CsrfCheck {
  (scope: Scope): CsrfRefusal;
  /** The trusted origins, for messages. */
  readonly trusted: readonly string[];
}

export function createCsrfCheck(trustedOrigins: readonly string[], policies: readonly OriginPolicy[]): CsrfCheck {
  const exact = new Set<string>();
  const subdomains: { scheme: string; suffix: string; port: number | null }[] = [];
  for (const origin of trustedOrigins) {
    const wildcard = /^([a-z][a-z0-9+.-]*):\/\/\*(\.[^/:]+)(?::(\d+))?$/i.exec(origin.trim());
    if (wildcard !== null) {
      subdomains.push({ scheme: wildcard[1]!.toLowerCase(), suffix: wildcard[2]!.toLowerCase(), port: wildcard[3] === undefined ? null : Number(wildcard[3]) });
    } else {
      exact.add(serializedOrigin(origin) ?? origin);
    }
  }
  const isTrusted = (origin: string, host: string | undefined): boolean => {
    const serialized = serializedOrigin(origin);
    if (serialized === null) return false;
    if (exact.has(serialized)) return true;
    const parsed = parseOrigin(origin)!;
    const ports = originPorts(parsed);
    const subdomain = (pattern: (typeof subdomains)[number]) =>
      ports !== null && pattern.scheme === parsed.scheme && parsed.hostname.endsWith(pattern.suffix) && ports.port === (pattern.port ?? ports.defaultPort);
    if (subdomains.some(subdomain)) return true;
    return policies.some((policy) => policy.admits(origin, host));
  };
  const check = (scope: Scope): CsrfRefusal => {
    const method = scope.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS" || method === "TRACE") return undefined;
    const { origin, host } = scope.headers;
    const site = scope.headers["sec-fetch-site"];
    if (site !== undefined) {
      if (site === "same-origin" || site === "none") return undefined;
      return origin !== undefined && isTrusted(origin, host) ? undefined : { origin, site };
    }
    if (origin === undefined || isSameOrigin(origin, host) || isTrusted(origin, host)) return undefined;
    return { origin, site };
  };
  return Object.assign(check, { trusted: [...exact, ...trustedOrigins.filter((origin) => origin.includes("*"))] });
}

/** Whether an Origin names the request's Host (host and port; the scheme is the proxy's business). */
function isSameOrigin(origin: string, host: string | undefined): boolean {
  const parsed = parseOrigin(origin);
  const ports = parsed === null ? null : originPorts(parsed);
  if (ports === null || host === undefined) return false;
  return hostPort(host, ports.defaultPort) === ports.port && hostNameIs(host, hostFormOf(parsed!));
}
