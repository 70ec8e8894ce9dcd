/**
 * Django's ALLOWED_HOSTS check as a middleware: every scope, http and
 * websocket, whose `Host` is not an allowed host is refused with 400 before
 * anything else runs — the defence against DNS rebinding (a page whose
 * host name an attacker points at 127.0.0.1 is same-origin with a server
 * bound to localhost). Generated code wraps the application in it when the
 * spec sets `allowed_hosts`.
 */
import { refuse } from "../http/respond.js";
import { loggerOf } from "../lifecycle.js";
import { inheritPathRouting } from "../routing/mark.js";
import { createHostCheck, HOST_ADVICE, hostCheckEnabled, resolveAllowedHosts } from "../security/hosts.js";
import { RefusalLog } from "../security/refusals.js";
import type { Application, Settings } from "../types.js";
import { checkSettings } from "./origin.js";

/**
 * `settings.allowed_hosts` (or `SIO_ALLOWED_HOSTS`; with debug on and no
 * hosts, localhost/127.0.0.1/[::1]) checked against every scope's `Host`;
 * `settings.check_host = false` or `SIO_CHECK_HOST=false` turns it off.
 */
export function AllowedHostsMiddleware(app: Application, settings: Settings = {}): Application {
  if (typeof app !== "function") throw new TypeError("AllowedHostsMiddleware: app must be an application function");
  checkSettings("AllowedHostsMiddleware", settings);
  if (!hostCheckEnabled(settings)) return inheritPathRouting((scope, conn) => app(scope, conn), app);
  const allowed = createHostCheck(resolveAllowedHosts(settings));
  const refused = new RefusalLog();
  const middleware: Application = (scope, conn) => {
    const host = scope.headers.host;
    if (allowed(host)) return app(scope, conn);
    refused.log(loggerOf(conn.req), host ?? "", () => `refused ${scope.type} requests with Host ${JSON.stringify(host ?? "")} (400): ${HOST_ADVICE}`);
    refuse(conn, 400);
    return true;
  };
  return inheritPathRouting(middleware, app);
}
