/**
 * Channels' `channels.security.websocket`: OriginValidator and
 * AllowedHostsOriginValidator, with its matching rules kept exactly,
 * including the parts of Python's `urlparse` they rely on.
 *
 * Like Channels, the validator guards WebSocket scopes only; http scopes pass
 * through untouched (Channels raises on them; a spec that wraps an http table
 * in it — e.g. a shared stack — should not break HTTP). A refused WebSocket
 * gets HTTP 403 before any handshake.
 */
import { checkOption, checkOptionsObject, SioOptionError } from "../errors.js";
import { refuseUpgrade } from "../http/respond.js";
import { inheritPathRouting } from "../routing/mark.js";
import type { Application, Settings } from "../types.js";

/** The parts of Python's `urllib.parse.urlparse` result that the rules read. */
interface ParsedUrl {
  scheme: string | null;
  hostname: string | null;
  /** null when absent; NaN when present but not a valid port (Python raises ValueError). */
  port: number | null;
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*$/;
const DIGITS = /^[0-9]+$/;

/** Python's urlsplit + hostname/port, for the one use here. `defaultScheme` is urlparse's `scheme` argument. */
function urlparse(url: string, defaultScheme: string | null): ParsedUrl {
  let rest = url.replace(/^[\x00-\x20]+/, "").replace(/[\t\r\n]/g, "");
  let scheme = defaultScheme;
  const colon = rest.indexOf(":");
  if (colon > 0 && SCHEME.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  if (!rest.startsWith("//")) return { scheme, hostname: null, port: null };
  const end = rest.slice(2).search(/[/?#]/);
  const netloc = end === -1 ? rest.slice(2) : rest.slice(2, 2 + end);
  const hostinfo = netloc.slice(netloc.lastIndexOf("@") + 1);
  let hostname: string;
  let port: string;
  const bracket = hostinfo.indexOf("[");
  if (bracket !== -1) {
    const bracketed = hostinfo.slice(bracket + 1);
    const close = bracketed.indexOf("]");
    hostname = close === -1 ? bracketed : bracketed.slice(0, close);
    const after = close === -1 ? "" : bracketed.slice(close + 1);
    const portColon = after.indexOf(":");
    port = portColon === -1 ? "" : after.slice(portColon + 1);
  } else {
    const portColon = hostinfo.indexOf(":");
    hostname = portColon === -1 ? hostinfo : hostinfo.slice(0, portColon);
    port = portColon === -1 ? "" : hostinfo.slice(portColon + 1);
  }
  let portNumber: number | null = null;
  if (port !== "") {
    portNumber = DIGITS.test(port) ? Number(port) : Number.NaN;
    if (portNumber > 65535) portNumber = Number.NaN;
  }
  return { scheme, hostname: hostname === "" ? null : hostname.toLowerCase(), port: portNumber };
}

/** Django's `is_same_domain`: a leading "." matches the domain and its subdomains; else exact. */
function isSameDomain(host: string, pattern: string | null): boolean {
  if (!pattern) return false;
  const lower = pattern.toLowerCase();
  return (lower.startsWith(".") && (host.endsWith(lower) || host === lower.slice(1))) || lower === host;
}

function portOf(url: ParsedUrl): number | null {
  if (url.port !== null) return url.port;
  if (url.scheme === "http" || url.scheme === "ws") return 80;
  if (url.scheme === "https" || url.scheme === "wss") return 443;
  return null;
}

/** One allowed-origin pattern, parsed once at construction. */
type OriginMatcher = (origin: ParsedUrl & { hostname: string }) => boolean;

function compileOriginPattern(pattern: string): OriginMatcher {
  const parsed = urlparse(pattern.toLowerCase(), null);
  if (parsed.scheme === null) {
    const hostname = urlparse(`//${pattern}`, null).hostname ?? pattern;
    return (origin) => isSameDomain(origin.hostname, hostname);
  }
  const patternPort = portOf(parsed);
  return (origin) => {
    const originPort = portOf(origin);
    // A malformed port raises in Python (and fails the connection); refuse.
    if (Number.isNaN(originPort) || Number.isNaN(patternPort)) return false;
    return parsed.scheme === origin.scheme && originPort === patternPort && isSameDomain(origin.hostname, parsed.hostname);
  };
}

/**
 * Whether an Origin header value (undefined when absent) is allowed by
 * `allowedOrigins`, by Channels' rules. Exposed for tests and for endpoints
 * that check origins themselves.
 */
export function createOriginCheck(allowedOrigins: readonly string[]): (origin: string | undefined) => boolean {
  const allowAll = allowedOrigins.includes("*");
  const matchers = allowedOrigins.filter((pattern) => pattern !== "*").map(compileOriginPattern);
  return (origin) => {
    if (allowAll) return true;
    if (origin === undefined) return false;
    const parsed = urlparse(origin, "");
    if (parsed.hostname === null) return false;
    const withHost = parsed as ParsedUrl & { hostname: string };
    return matchers.some((match) => match(withHost));
  };
}

export function OriginValidator(app: Application, allowedOrigins: readonly string[]): Application {
  if (typeof app !== "function") throw new TypeError("OriginValidator: app must be an application function");
  if (!isStringList(allowedOrigins)) throw new SioOptionError("OriginValidator: allowed_origins must be a list of strings");
  const allowed = createOriginCheck(allowedOrigins);
  const validator: Application = (scope, conn) => {
    if (conn.type !== "websocket") return app(scope, conn);
    const origin = scope.headers.origin;
    if (allowed(origin)) return app(scope, conn);
    refuseUpgrade(conn.socket, 403);
    return true;
  };
  return inheritPathRouting(validator, app);
}

/** Comma-separated hosts overriding `settings.allowed_hosts` at start. */
export const ALLOWED_HOSTS_ENV = "SIO_ALLOWED_HOSTS";
/** "1"/"true" turns debug on (empty allowed hosts then mean localhost only). */
export const DEBUG_ENV = "SIO_DEBUG";

/**
 * OriginValidator over the allowed hosts: `settings.allowed_hosts`, or the
 * `SIO_ALLOWED_HOSTS` environment variable when set; with debug on and no
 * hosts, localhost/127.0.0.1/[::1] (Django's DEBUG default).
 */
export function AllowedHostsOriginValidator(app: Application, settings: Settings = {}): Application {
  checkOptionsObject("AllowedHostsOriginValidator", settings);
  checkOption("AllowedHostsOriginValidator", "allowed_hosts", settings.allowed_hosts, "a list of strings", isStringList);
  checkOption("AllowedHostsOriginValidator", "debug", settings.debug, "a boolean", (v) => typeof v === "boolean");
  const fromEnv = process.env[ALLOWED_HOSTS_ENV];
  let hosts: readonly string[] =
    fromEnv === undefined
      ? (settings.allowed_hosts ?? [])
      : fromEnv
          .split(",")
          .map((host) => host.trim())
          .filter((host) => host !== "");
  const debugEnv = process.env[DEBUG_ENV];
  const debug = debugEnv === undefined ? settings.debug === true : /^(1|true|yes|on)$/i.test(debugEnv);
  if (debug && hosts.length === 0) hosts = ["localhost", "127.0.0.1", "[::1]"];
  return OriginValidator(app, hosts);
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
