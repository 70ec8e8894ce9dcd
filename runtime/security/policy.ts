/**
 * The origin policy of a Socket.IO endpoint: ONE policy for every request
 * that reaches it — polling handshakes, polls and posts through the http
 * table, WebSocket connections and upgrades through the websocket table.
 *
 * It is made of what guards the endpoint's websocket route and what the
 * endpoint allows itself:
 * - the origin validators above the endpoint (`AllowedHostsOriginValidator`,
 *   `OriginValidator`): each one, when it is built, registers with every
 *   endpoint it routes to (see `guardEndpointsBelow`). Their patterns apply
 *   to every transport. A host-only pattern (an `allowed_hosts` entry) admits
 *   an Origin on that host *and on the port the request came to* (the port of
 *   its Host): a page on another port of an allowed host is another origin,
 *   as in python-engineio, not the same one, as in Channels' WebSocket check.
 *   `AllowedHostsOriginValidator` brings its Host check too (400).
 * - the endpoint's explicit `cors` origins, admitted as they are.
 * - with no validator registered: the same origin only (Origin host and port
 *   equal to the Host's), python-engineio's default.
 *
 * A request without an `Origin` header is not a browser's cross-origin
 * request (non-browser clients, same-origin GETs) and is allowed — unless the
 * browser says otherwise in `Sec-Fetch-Site` (a `<script>`, `<img>` or
 * navigation from another site: JSONP's way in). Everything else gets 403
 * before any Engine.IO work. Verdicts are computed once per distinct Origin.
 */
import { loggerOf } from "../lifecycle.js";
import type { Application, Connection, Scope } from "../types.js";
import type { CorsOrigins } from "../socketio/options.js";
import { appsBelow } from "../routing/tree.js";
import {
  compileOriginPattern,
  hostFormOf,
  hostNameIs,
  hostPort,
  originPorts,
  parseOrigin,
  serializedOrigin,
  type OriginPattern,
} from "./origins.js";
import { HOST_ADVICE } from "./hosts.js";
import { RefusalLog } from "./refusals.js";

/** What an origin validator tells the endpoints it routes to. */
export interface OriginGuard {
  /** "AllowedHostsOriginValidator" or "OriginValidator", for messages. */
  readonly name: string;
  /** Channels patterns: hosts (`example.com`, `.example.com`), origins (`https://example.com:8443`), `*`. */
  readonly allowedOrigins: readonly string[];
  /** The Host check that comes with the validator (AllowedHostsOriginValidator), or null. */
  readonly hostCheck: ((host: string | undefined) => boolean) | null;
}

/** What an Origin needs of the request to be admitted. */
interface Verdict {
  readonly admitted: "always" | "never" | "same-port" | "same-origin";
  /** The Origin's port; a Host without one means the Origin scheme's default. */
  readonly port: number;
  readonly defaultPort: number;
  /** For "same-origin": the Origin's host as a Host header writes it. */
  readonly host: string;
}

const ALWAYS: Verdict = { admitted: "always", port: 0, defaultPort: 0, host: "" };
const NEVER: Verdict = { admitted: "never", port: 0, defaultPort: 0, host: "" };

/** Distinct Origins whose verdict is kept; the cache starts over when full, so no client can grow it. */
const VERDICT_CACHE_SIZE = 512;

export type PolicyAnswer = 0 | 400 | 403;

export class OriginPolicy {
  readonly #owner: string;
  readonly #corsOrigins: ReadonlySet<string>;
  readonly #guards: { guard: OriginGuard; patterns: OriginPattern[] }[] = [];
  #allowAll: boolean;
  #hostCheck: ((host: string | undefined) => boolean) | null = null;
  readonly #verdicts = new Map<string, Verdict>();
  readonly #refusedOrigins = new RefusalLog();
  readonly #refusedHosts = new RefusalLog();

  /** `owner` names the endpoint in log lines. */
  constructor(owner: string, cors: CorsOrigins) {
    this.#owner = owner;
    this.#corsOrigins = new Set(cors.origins.map((origin) => serializedOrigin(origin) ?? origin));
    this.#allowAll = cors.all;
  }

  /** A validator above the endpoint registers (once per validator, when it is built). */
  addGuard(guard: OriginGuard): void {
    if (this.#guards.some((known) => known.guard === guard)) return;
    this.#guards.push({ guard, patterns: guard.allowedOrigins.filter((pattern) => pattern !== "*").map(compileOriginPattern) });
    if (guard.allowedOrigins.includes("*")) this.#allowAll = true;
    const checks = this.#guards.map((known) => known.guard.hostCheck).filter((check) => check !== null);
    this.#hostCheck = checks.length === 0 ? null : checks.length === 1 ? checks[0]! : (host) => checks.some((check) => check(host));
    this.#verdicts.clear();
  }

  /** 0 when the request may reach the endpoint, else the status to refuse it with (logged once per value). */
  check(scope: Scope, conn: Connection): PolicyAnswer {
    const headers = scope.headers;
    const hostCheck = this.#hostCheck;
    if (hostCheck !== null && !hostCheck(headers.host)) {
      const host = headers.host ?? "";
      this.#refusedHosts.log(loggerOf(conn.req), host, () => `${this.#owner}: refused Host ${JSON.stringify(host)} (400): ${HOST_ADVICE}`);
      return 400;
    }
    if (this.#allowAll) return 0;
    const origin = headers.origin;
    if (origin === undefined) {
      const site = headers["sec-fetch-site"];
      if (site !== "cross-site" && site !== "same-site") return 0;
      this.#refusedOrigins.log(
        loggerOf(conn.req),
        `Sec-Fetch-Site: ${site}`,
        () =>
          `${this.#owner}: refused a ${site} request without an Origin (403): a <script>, <img> or navigation from another page (JSONP polling is one), never an Engine.IO client's request`,
      );
      return 403;
    }
    if (this.admits(origin, headers.host)) return 0;
    this.#refusedOrigins.log(loggerOf(conn.req), origin, () => `${this.#owner}: refused Origin ${JSON.stringify(origin)} (403): ${this.#describe()}`);
    return 403;
  }

  /** Whether a request with this Origin (and this Host) is admitted (also asked by the CSRF check). */
  admits(origin: string, host: string | undefined): boolean {
    if (this.#allowAll) return true;
    let verdict = this.#verdicts.get(origin);
    if (verdict === undefined) {
      verdict = this.#verdictOf(origin);
      if (this.#verdicts.size >= VERDICT_CACHE_SIZE) this.#verdicts.clear();
      this.#verdicts.set(origin, verdict);
    }
    switch (verdict.admitted) {
      case "always":
        return true;
      case "never":
        return false;
      case "same-port":
        return host !== undefined && hostPort(host, verdict.defaultPort) === verdict.port;
      case "same-origin":
        return host !== undefined && hostPort(host, verdict.defaultPort) === verdict.port && hostNameIs(host, verdict.host);
    }
  }

  #verdictOf(origin: string): Verdict {
    const parsed = parseOrigin(origin);
    if (parsed === null || parsed.scheme === "" || parsed.scheme === null) return NEVER;
    const serialized = serializedOrigin(origin);
    if (serialized !== null && this.#corsOrigins.has(serialized)) return ALWAYS;
    const ports = originPorts(parsed);
    if (ports === null) return NEVER;
    const { port, defaultPort } = ports;
    if (this.#guards.length === 0) return { admitted: "same-origin", port, defaultPort, host: hostFormOf(parsed) };
    let hostOnly = false;
    for (const { patterns } of this.#guards) {
      for (const pattern of patterns) {
        if (!pattern.matches(parsed)) continue;
        if (!pattern.hostOnly) return ALWAYS;
        hostOnly = true;
      }
    }
    return hostOnly ? { admitted: "same-port", port, defaultPort, host: "" } : NEVER;
  }

  /** What is allowed, and how to allow more: for refusal messages. */
  #describe(): string {
    const cors = `cors origins ${JSON.stringify([...this.#corsOrigins])}`;
    if (this.#guards.length === 0) {
      return `allowed: the same origin (the Origin's host and port equal to the Host's), ${cors}; to allow another origin, add it to the endpoint's cors origins (cors={"origin": [...]}, or SIO_CORS)`;
    }
    const guards = this.#guards
      .map(({ guard }) => `${guard.name} ${JSON.stringify(guard.allowedOrigins)} (a host alone: on the port the request came to)`)
      .join(", ");
    return `allowed: ${guards}, ${cors}; to allow another origin, add it to the endpoint's cors origins (cors={"origin": [...]}, or SIO_CORS) — or, for a page on the same port, its host to allowed_hosts`;
  }
}

const POLICY = Symbol.for("sio.origin_policy");
type WithPolicy = Application & { [POLICY]?: OriginPolicy };

/** Makes `app` (a Socket.IO endpoint) reachable by the validators and middleware built around it. */
export function attachPolicy<A extends Application>(app: A, policy: OriginPolicy): A {
  Object.defineProperty(app, POLICY, { value: policy });
  return app;
}

/** The policies of the Socket.IO endpoints `app` routes to (itself included). */
export function policiesBelow(app: Application): OriginPolicy[] {
  const policies: OriginPolicy[] = [];
  for (const below of appsBelow(app)) {
    const policy = (below as WithPolicy)[POLICY];
    if (policy !== undefined) policies.push(policy);
  }
  return policies;
}

/** Registers a validator with every Socket.IO endpoint it routes to. */
export function guardEndpointsBelow(app: Application, guard: OriginGuard): void {
  for (const policy of policiesBelow(app)) policy.addGuard(guard);
}
