/**
 * Origin rules: Channels' `channels.security.websocket` matching, kept
 * exactly (including the parts of Python's `urlparse` it relies on), and the
 * pieces of an Origin the other checks compare with a request's Host.
 */
import { isSameDomain } from "./hosts.js";

/** The parts of Python's `urllib.parse.urlparse` result that the rules read. */
export interface ParsedUrl {
  scheme: string | null;
  hostname: string | null;
  /** null when absent; NaN when present but not a valid port (Python raises ValueError). */
  port: number | null;
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*$/;
const DIGITS = /^[0-9]+$/;

/** Python's urlsplit + hostname/port, for the one use here. `defaultScheme` is urlparse's `scheme` argument. */
export function urlparse(url: string, defaultScheme: string | null): ParsedUrl {
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

/** The port a URL means: its own, else its scheme's default; null when neither. */
export function portOf(url: ParsedUrl): number | null {
  if (url.port !== null) return url.port;
  if (url.scheme === "http" || url.scheme === "ws") return 80;
  if (url.scheme === "https" || url.scheme === "wss") return 443;
  return null;
}

/** An Origin with a host, parsed once. */
export type ParsedOrigin = ParsedUrl & { hostname: string };

/** The port an Origin names (its own, else its scheme's) and its scheme's default; null for an Origin without either. */
export function originPorts(origin: ParsedOrigin): { port: number; defaultPort: number } | null {
  const port = portOf(origin);
  const defaultPort = portOf({ ...origin, port: null });
  return port === null || Number.isNaN(port) || defaultPort === null ? null : { port, defaultPort };
}

/**
 * One allowed-origin pattern, parsed once. `hostOnly` patterns (no scheme:
 * `example.com`, `.example.com`) compare the host alone, as Channels does.
 */
export interface OriginPattern {
  readonly source: string;
  readonly hostOnly: boolean;
  matches(origin: ParsedOrigin): boolean;
}

export function compileOriginPattern(pattern: string): OriginPattern {
  const parsed = urlparse(pattern.toLowerCase(), null);
  if (parsed.scheme === null) {
    const hostname = urlparse(`//${pattern}`, null).hostname ?? pattern;
    return { source: pattern, hostOnly: true, matches: (origin) => isSameDomain(origin.hostname, hostname) };
  }
  const patternPort = portOf(parsed);
  return {
    source: pattern,
    hostOnly: false,
    matches(origin) {
      const originPort = portOf(origin);
      // A malformed port raises in Python (and fails the connection); refuse.
      if (Number.isNaN(originPort) || Number.isNaN(patternPort)) return false;
      return parsed.scheme === origin.scheme && originPort === patternPort && isSameDomain(origin.hostname, parsed.hostname);
    },
  };
}

/** An Origin header value parsed as Channels parses it; null when it has no host (`null`, garbage). */
export function parseOrigin(origin: string): ParsedOrigin | null {
  const parsed = urlparse(origin, "");
  return parsed.hostname === null ? null : (parsed as ParsedOrigin);
}

/**
 * Whether an Origin header value (undefined when absent) is allowed by
 * `allowedOrigins`, by Channels' rules — except that an absent Origin is
 * allowed: browsers send one with every WebSocket handshake, so its absence
 * means a client that is not a browser (socket.io-client in Node), which
 * cross-site WebSocket hijacking cannot use; python-engineio and Go's
 * CrossOriginProtection admit it too. Channels refuses it.
 */
export function createOriginCheck(allowedOrigins: readonly string[]): (origin: string | undefined) => boolean {
  const allowAll = allowedOrigins.includes("*");
  const patterns = allowedOrigins.filter((pattern) => pattern !== "*").map(compileOriginPattern);
  return (origin) => {
    if (allowAll || origin === undefined) return true;
    const parsed = parseOrigin(origin);
    return parsed !== null && patterns.some((pattern) => pattern.matches(parsed));
  };
}

/**
 * An Origin in the form browsers serialize it (`scheme://host[:port]`,
 * lower-case, no default port, no path), or null when it is not one:
 * explicit origins in configuration are compared in this form.
 */
export function serializedOrigin(origin: string): string | null {
  const parsed = parseOrigin(origin.trim());
  if (parsed === null || parsed.scheme === null || parsed.scheme === "" || Number.isNaN(parsed.port)) return null;
  const defaultPort = portOf({ ...parsed, port: null });
  const host = hostFormOf(parsed);
  return parsed.port === null || parsed.port === defaultPort ? `${parsed.scheme}://${host}` : `${parsed.scheme}://${host}:${parsed.port}`;
}

const ZERO = 48;
const NINE = 57;
const COLON = 58;
const CLOSE_BRACKET = 93;

/**
 * The port in a Host header (`example.com:8000`, `[::1]:8000`), or
 * `defaultPort` when it names none; NaN when what follows the colon is not
 * a port. No allocation: this runs on requests.
 */
export function hostPort(host: string, defaultPort: number): number {
  let colon = -1;
  for (let i = host.length - 1; i >= 0; i--) {
    const code = host.charCodeAt(i);
    if (code === COLON) {
      colon = i;
      break;
    }
    if (code === CLOSE_BRACKET) break;
  }
  if (colon === -1) return defaultPort;
  if (colon === host.length - 1 || host.length - colon > 6) return Number.NaN;
  let port = 0;
  for (let i = colon + 1; i < host.length; i++) {
    const code = host.charCodeAt(i);
    if (code < ZERO || code > NINE) return Number.NaN;
    port = port * 10 + (code - ZERO);
  }
  return port;
}

/**
 * Whether a Host header names `name` (lower-case, IPv6 literals in brackets
 * as in a Host header), whatever its port. Allocates only for a Host that is
 * not lower-case.
 */
export function hostNameIs(host: string, name: string): boolean {
  return startsWithHost(host, name) || startsWithHost(host.toLowerCase(), name);
}

function startsWithHost(host: string, name: string): boolean {
  return host.startsWith(name) && (host.length === name.length || host.charCodeAt(name.length) === COLON);
}

/** An Origin's host name as a Host header writes it (IPv6 literals in brackets). */
export function hostFormOf(origin: ParsedOrigin): string {
  return origin.hostname.includes(":") ? `[${origin.hostname}]` : origin.hostname;
}
