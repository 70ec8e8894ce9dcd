/**
 * Channels' `channels.security.websocket`: OriginValidator and
 * AllowedHostsOriginValidator, with its matching rules kept exactly (see
 * security/origins.ts).
 *
 * Like Channels, the validator itself checks WebSocket scopes only; http
 * scopes pass through untouched (Channels raises on them; a spec that wraps
 * an http table in it — e.g. a shared stack — should not break HTTP). A
 * refused WebSocket gets HTTP 403 before any handshake, and the refusal is
 * logged once per Origin. A Socket.IO endpoint the validator routes to
 * applies the validator's origins to all its transports, polling included
 * (security/policy.ts): the validator registers with it when it is built.
 */
import { checkOption, checkOptionsObject, SioOptionError } from "../errors.js";
import { refuseUpgrade } from "../http/respond.js";
import { loggerOf } from "../lifecycle.js";
import { inheritPathRouting } from "../routing/mark.js";
import { createHostCheck, HOST_ADVICE, hostCheckEnabled, resolveAllowedHosts } from "../security/hosts.js";
import { createOriginCheck } from "../security/origins.js";
import { guardEndpointsBelow, type OriginGuard } from "../security/policy.js";
import { RefusalLog } from "../security/refusals.js";
import type { Application, Settings } from "../types.js";

export function OriginValidator(app: Application, allowedOrigins: readonly string[]): Application {
  if (!isStringList(allowedOrigins)) throw new SioOptionError("OriginValidator: allowed_origins must be a list of strings");
  return validator("OriginValidator", app, { name: "OriginValidator", allowedOrigins: allowedOrigins.slice(), hostCheck: null });
}

/**
 * OriginValidator over the allowed hosts (`settings.allowed_hosts`, or the
 * `SIO_ALLOWED_HOSTS` environment variable; with debug on and no hosts,
 * localhost/127.0.0.1/[::1], Django's DEBUG default). It also checks the
 * `Host` of the WebSocket scopes it guards against the same hosts (400),
 * Django's ALLOWED_HOSTS check, unless `check_host` is false.
 */
export function AllowedHostsOriginValidator(app: Application, settings: Settings = {}): Application {
  checkSettings("AllowedHostsOriginValidator", settings);
  const hosts = resolveAllowedHosts(settings);
  const hostCheck = hostCheckEnabled(settings) ? createHostCheck(hosts) : null;
  return validator("AllowedHostsOriginValidator", app, { name: "AllowedHostsOriginValidator", allowedOrigins: hosts, hostCheck });
}

function validator(name: string, app: Application, guard: OriginGuard): Application {
  if (typeof app !== "function") throw new TypeError(`${name}: app must be an application function`);
  const allowed = createOriginCheck(guard.allowedOrigins);
  const { hostCheck } = guard;
  const refusedHosts = new RefusalLog();
  const refusedOrigins = new RefusalLog();
  const middleware: Application = (scope, conn) => {
    if (conn.type !== "websocket") return app(scope, conn);
    const { host, origin } = scope.headers;
    if (hostCheck !== null && !hostCheck(host)) {
      refusedHosts.log(loggerOf(conn.req), host ?? "", () => `${name}: refused a WebSocket with Host ${JSON.stringify(host ?? "")} (400): ${HOST_ADVICE}`);
      refuseUpgrade(conn.socket, 400);
      return true;
    }
    if (allowed(origin)) return app(scope, conn);
    refusedOrigins.log(
      loggerOf(conn.req),
      origin ?? "",
      () =>
        `${name}: refused a WebSocket from Origin ${origin === undefined ? "(none)" : JSON.stringify(origin)} (403); allowed: ${JSON.stringify(guard.allowedOrigins)}. ` +
        (name === "OriginValidator"
          ? "Add the origin (or its host) to the validator's list."
          : "Add its host to the spec's allowed_hosts (or SIO_ALLOWED_HOSTS)."),
    );
    refuseUpgrade(conn.socket, 403);
    return true;
  };
  guardEndpointsBelow(app, guard);
  return inheritPathRouting(middleware, app);
}

/** Validates a Settings object as the spec's `settings { ... }` may give it. */
export function checkSettings(owner: string, settings: Settings): void {
  checkOptionsObject(owner, settings);
  checkOption(owner, "allowed_hosts", settings.allowed_hosts, "a list of strings", isStringList);
  checkOption(owner, "debug", settings.debug, "a boolean", (v) => typeof v === "boolean");
  checkOption(owner, "check_host", settings.check_host, "a boolean", (v) => typeof v === "boolean");
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}
