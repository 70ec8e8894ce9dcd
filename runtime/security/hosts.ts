/**
 * Django's ALLOWED_HOSTS: which `Host` headers a server answers, against DNS
 * rebinding (a page on `evil.example` whose name the attacker points at
 * 127.0.0.1 reaches a server bound to localhost, same-origin). The rules are
 * Django's `split_domain_port` and `validate_host`: the port is ignored, a
 * trailing dot is dropped, a leading "." allows the domain and its
 * subdomains, "*" allows any host, and a Host that is not a valid host name
 * or IP literal is refused.
 */
import type { Settings } from "../types.js";

/** Comma-separated hosts overriding `settings.allowed_hosts` at start. */
export const ALLOWED_HOSTS_ENV = "SIO_ALLOWED_HOSTS";
/** "1"/"true" turns debug on (empty allowed hosts then mean localhost only). */
export const DEBUG_ENV = "SIO_DEBUG";
/** "0"/"false" turns the Host check off (e.g. behind a proxy that rewrites Host); overrides `settings.check_host`. */
export const CHECK_HOST_ENV = "SIO_CHECK_HOST";

/** How to allow a refused Host, for log lines. */
export const HOST_ADVICE =
  "the Host is not in allowed_hosts; add it to the spec's allowed_hosts (or SIO_ALLOWED_HOSTS), or, behind a proxy that rewrites Host, " +
  "have it forward the client's (nginx: proxy_set_header Host $http_host) or turn the check off (check_host = false, SIO_CHECK_HOST=false)";

/** The hosts Django's DEBUG allows when none are set. */
const DEBUG_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/**
 * The allowed hosts in force: `SIO_ALLOWED_HOSTS` when set, else
 * `settings.allowed_hosts`; with debug on (`SIO_DEBUG`, else
 * `settings.debug`) and no hosts, localhost/127.0.0.1/[::1].
 */
export function resolveAllowedHosts(settings: Settings, env: Readonly<Record<string, string | undefined>> = process.env): readonly string[] {
  const fromEnv = env[ALLOWED_HOSTS_ENV];
  const hosts =
    fromEnv === undefined
      ? (settings.allowed_hosts ?? [])
      : fromEnv
          .split(",")
          .map((host) => host.trim())
          .filter((host) => host !== "");
  const debugEnv = env[DEBUG_ENV];
  const debug = debugEnv === undefined ? settings.debug === true : TRUE.test(debugEnv);
  return debug && hosts.length === 0 ? DEBUG_HOSTS : hosts;
}

/** Whether the Host check is on: `SIO_CHECK_HOST` when set, else `settings.check_host` (default true). */
export function hostCheckEnabled(settings: Settings, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const fromEnv = env[CHECK_HOST_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return !FALSE.test(fromEnv.trim());
  return settings.check_host !== false;
}

/** Django's host_validation_re: a host name or a bracketed IPv6 literal, and an optional port (lower-cased input). */
const HOST_VALIDATION = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:[0-9]+)?$/;

/** Django's split_domain_port: [domain, port], or ["", ""] for a Host that is not one. */
function splitDomainPort(host: string): [domain: string, port: string] {
  const lower = host.toLowerCase();
  if (!HOST_VALIDATION.test(lower)) return ["", ""];
  if (lower.endsWith("]")) return [lower, ""];
  const colon = lower.lastIndexOf(":");
  let domain = colon === -1 ? lower : lower.slice(0, colon);
  const port = colon === -1 ? "" : lower.slice(colon + 1);
  if (domain.endsWith(".")) domain = domain.slice(0, -1);
  return [domain, port];
}

/** Django's is_same_domain: a leading "." matches the domain and its subdomains; else exact (case-insensitive). */
export function isSameDomain(host: string, pattern: string | null): boolean {
  if (!pattern) return false;
  const lower = pattern.toLowerCase();
  return (lower.startsWith(".") && (host.endsWith(lower) || host === lower.slice(1))) || lower === host;
}

/** Django's validate_host: `domain` (from splitDomainPort) against the allowed patterns. */
function validateHost(domain: string, allowedHosts: readonly string[]): boolean {
  return domain !== "" && allowedHosts.some((pattern) => pattern === "*" || isSameDomain(domain, pattern));
}

/** How many distinct Host values a check remembers before it starts over. */
const HOST_CACHE_SIZE = 256;

/**
 * A Host header check for `allowedHosts`, with its answers cached per header
 * value (a server sees a handful of distinct ones; the cache starts over when
 * full, so a client sending many cannot grow it). An absent Host, or one that
 * is not a host name or IP literal, is refused, even with "*" (as Django).
 */
export function createHostCheck(allowedHosts: readonly string[]): (host: string | undefined) => boolean {
  const patterns = allowedHosts.slice();
  const known = new Map<string, boolean>();
  let last = "";
  return (host) => {
    if (host === undefined) return false;
    if (host === last) return true;
    let allowed = known.get(host);
    if (allowed === undefined) {
      allowed = validateHost(splitDomainPort(host)[0], patterns);
      if (known.size >= HOST_CACHE_SIZE) known.clear();
      known.set(host, allowed);
    }
    if (allowed) last = host;
    return allowed;
  };
}
