/**
 * Channels' ProtocolTypeRouter: dispatch on `scope.type`. A type without an
 * entry is refused (HTTP 404, or the upgrade answered 404 and destroyed) and
 * logged, never a crash.
 */
import { refuse } from "../http/respond.js";
import { loggerOf } from "../lifecycle.js";
import type { Application } from "../types.js";
import { linkInner } from "./tree.js";

export function ProtocolTypeRouter(apps: Readonly<Record<string, Application>>): Application {
  if (typeof apps !== "object" || apps === null || Array.isArray(apps)) {
    throw new TypeError('ProtocolTypeRouter: expects an object of scope type → application, e.g. { http: app, websocket: app }');
  }
  const table = new Map<string, Application>();
  for (const [type, app] of Object.entries(apps)) {
    if (typeof app !== "function") throw new TypeError(`ProtocolTypeRouter: the "${type}" entry must be an application function`);
    table.set(type, app);
  }
  const router: Application = (scope, conn) => {
    const app = table.get(scope.type);
    if (app !== undefined) return app(scope, conn);
    loggerOf(conn.req).warn(`No application configured for scope type ${JSON.stringify(scope.type)} (path ${JSON.stringify(scope.path)})`);
    refuse(conn, 404);
    return true;
  };
  return linkInner(router, [...table.values()]);
}
