/**
 * A request or an upgrade → the ASGI-style Scope Channels builds.
 *
 * One scope object per connection, built with every field routers and
 * middleware set (undefined until then), so all scopes share one hidden
 * class and setting a field is a plain store.
 * Channels copies the scope at each router and middleware (`dict(scope,
 * ...)`); copying a JavaScript object with spread costs microseconds, so
 * instead each layer sets its field and puts the previous value back when
 * the app it called did not take the connection (an inner router fell
 * through) — what the outer router sees next is exactly what it had.
 */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import { httpConnection, localAddress, remoteAddress, type Address } from "./connection.js";
import type { Application, Connection, Scope } from "./types.js";

/**
 * The scope of a request, or undefined when its target cannot be one (bad
 * percent-encoding or UTF-8, a target that is not a path) — a 400.
 * `local`: the server's address when it is the same for every connection
 * (a server listening on one address, not a wildcard one), so no request
 * has to ask its socket.
 */
export function buildScope(type: "http" | "websocket", req: IncomingMessage, root_path: string, local?: Address): Scope | undefined {
  const target = req.url ?? "";
  const query = target.indexOf("?");
  let raw_path = query === -1 ? target : target.slice(0, query);
  if (raw_path.charCodeAt(0) !== 47 /* "/" */) {
    raw_path = pathOfAbsoluteForm(raw_path);
    if (raw_path === "") return undefined;
  }
  const path = raw_path.includes("%") ? decodePath(raw_path) : raw_path;
  if (path === undefined) return undefined;
  const socket = req.socket;
  const secure = (socket as Partial<TLSSocket>).encrypted === true;
  let client: Address | null;
  let server: Address | null;
  if (type === "http") {
    const connection = httpConnection(socket, local);
    client = connection.client;
    server = connection.server;
  } else {
    client = remoteAddress(socket);
    server = local ?? localAddress(socket);
  }
  return new ScopeObject(
    type,
    path,
    raw_path,
    query === -1 ? "" : target.slice(query + 1),
    req.headers,
    req.method ?? "GET",
    root_path,
    type === "http" ? (secure ? "https" : "http") : secure ? "wss" : "ws",
    client,
    server,
  );
}

/**
 * Scopes are made with `new`, not as an object literal. V8 gives every
 * object literal an allocation site, and once most objects of a site have
 * outlived a young-generation collection it allocates all later ones
 * straight in the old generation ("allocation-site pretenuring"), for the
 * rest of the process's life. Socket.IO and WebSocket connections keep their
 * scope while they are open, so a burst of connections (100 clients
 * connecting at once) could tip the site — after which every request's scope,
 * garbage microseconds later, was an old-generation object that kept what it
 * references (headers, session, request, response) alive through young
 * collections until the next full one: on the long-polling benchmark, young
 * collections took 10–13 ms instead of ~1.2 ms, a mark-compact ran every
 * ~4 s instead of about once a minute, and a round trip cost 15–25 % more
 * CPU. Objects made by a constructor have no allocation site. The prototype
 * is Object.prototype, so a scope is still a plain object.
 */
function initScope(
  this: Scope,
  type: string,
  path: string,
  raw_path: string,
  query_string: string,
  headers: Scope["headers"],
  method: string,
  root_path: string,
  scheme: Scope["scheme"],
  client: Address | null,
  server: Address | null,
): void {
  this.type = type;
  this.path = path;
  this.raw_path = raw_path;
  this.query_string = query_string;
  this.headers = headers;
  this.method = method;
  this.root_path = root_path;
  this.scheme = scheme;
  this.client = client;
  this.server = server;
  this.path_remaining = undefined;
  this.url_route = undefined;
  this.cookies = undefined;
  this.session = undefined;
  this.user = undefined;
}
initScope.prototype = Object.prototype;
const ScopeObject = initScope as unknown as new (...fields: Parameters<typeof initScope>) => Scope;

/** Fields a layer sets on the scope for the app it calls. */
type LayerField = "cookies" | "session" | "user";

/**
 * Calls `app` with `scope[field] = value`; if the app does not take the
 * connection, the field gets its previous value back (see above).
 */
export function callWith<K extends LayerField>(app: Application, scope: Scope, conn: Connection, field: K, value: Scope[K]): boolean | Promise<boolean> {
  const saved = swapField(scope, field, value);
  const handled = app(scope, conn);
  if (handled === true) return true;
  if (handled === false) {
    swapField(scope, field, saved);
    return false;
  }
  return handled.then((taken) => {
    if (!taken) swapField(scope, field, saved);
    return taken;
  });
}

/**
 * Sets `scope[field]` and returns its previous value, with named loads and
 * stores: one keyed access shared by the three layers sees three keys and
 * goes megamorphic, a generic lookup on every request (~10 % of the
 * stack's time in a profile, ~40 ns).
 */
function swapField<K extends LayerField>(scope: Scope, field: K, value: Scope[K]): Scope[K] {
  let previous: Scope[LayerField];
  if (field === "cookies") {
    previous = scope.cookies;
    scope.cookies = value as Scope["cookies"];
  } else if (field === "session") {
    previous = scope.session;
    scope.session = value as Scope["session"];
  } else {
    previous = scope.user;
    scope.user = value as Scope["user"];
  }
  return previous as Scope[K];
}

/** `http://host:port/path` (a proxy-style request target) → "/path"; anything else → "". */
function pathOfAbsoluteForm(target: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(target);
  if (scheme === null) return "";
  const rest = target.slice(scheme[0].length);
  return rest === "" ? "/" : rest;
}

function decodePath(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
