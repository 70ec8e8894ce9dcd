/**
 * HTTP apps as route targets: a Node request listener (Express, Koa's
 * `callback()`, Fastify's `routing`, a bare `(req, res) => {}`), or a WHATWG
 * fetch handler `(request) => Response` (Hono's `app.fetch`, ...). The app
 * reads the routed scope (url_route, user, session) with `scopeOf(req)`.
 *
 * `req.url` is left as received: an app mounted under a prefix route sees
 * the full path, as it would on a bare http.Server.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { loggerOf } from "../lifecycle.js";
import { isPromiseLike } from "../promise-like.js";
import type { Application, Connection, Scope } from "../types.js";
import { refuseRequest, refuseUpgrade } from "./respond.js";

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;
/** A WHATWG fetch handler; it also receives the routed scope (Hono sees it as `c.env`). */
export type FetchHandler = (request: Request, scope: Scope) => Response | Promise<Response>;

const SCOPE = Symbol("sio.scope");
type ScopedRequest = IncomingMessage & { [SCOPE]?: Scope };
const fetchRequestScopes = new WeakMap<Request, Scope>();

/** The scope a request was routed with, for HTTP apps behind a router; undefined elsewhere. */
export function scopeOf(req: IncomingMessage | Request): Scope | undefined {
  if (req instanceof Request) return fetchRequestScopes.get(req);
  return (req as ScopedRequest)[SCOPE];
}

/** An HTTP app cannot take a WebSocket upgrade: refused with 404, as an unrouted one. */
function refuseWebsocket(scope: Scope, conn: Connection & { type: "websocket" }): true {
  loggerOf(conn.req).warn(`an HTTP app cannot take the websocket connection at path ${JSON.stringify(scope.path)}`);
  refuseUpgrade(conn.socket, 404);
  return true;
}

function failed(res: ServerResponse, req: IncomingMessage, error: unknown): void {
  loggerOf(req).error(`HTTP app failed on ${JSON.stringify(req.url)}`, error);
  refuseRequest(res, 500);
}

export function nodeApp(listener: RequestListener): Application {
  if (typeof listener !== "function") throw new TypeError("nodeApp: listener must be a function (req, res)");
  return (scope, conn) => {
    if (conn.type !== "http") return refuseWebsocket(scope, conn);
    const { req, res } = conn;
    (req as ScopedRequest)[SCOPE] = scope;
    const result = listener(req, res);
    // Koa-style listeners return a Promise; a rejection must not go unhandled.
    if (isPromiseLike(result)) result.then(undefined, (error: unknown) => failed(res, req, error));
    return true;
  };
}

export function fetchApp(handler: FetchHandler): Application {
  if (typeof handler !== "function") throw new TypeError("fetchApp: handler must be a function (request) => Response");
  return (scope, conn) => {
    if (conn.type !== "http") return refuseWebsocket(scope, conn);
    const { req, res } = conn;
    respond(handler, scope, req, res).catch((error: unknown) => {
      if (!res.destroyed) failed(res, req, error);
    });
    return true;
  };
}

/**
 * A Node listener or a fetch handler, told apart by arity: listeners declare
 * (req, res[, next]), fetch handlers one parameter (request) — as Hono's
 * `app.fetch` does. A fetch handler that declares `(request, scope)` must go
 * through fetchApp (or read `scopeOf(request)`). The generator, which knows
 * the type, calls nodeApp/fetchApp directly.
 */
export function httpApp(handler: RequestListener | FetchHandler): Application {
  if (typeof handler !== "function") throw new TypeError("httpApp: handler must be a request listener or a fetch handler");
  return handler.length >= 2 ? nodeApp(handler as RequestListener) : fetchApp(handler as FetchHandler);
}

async function respond(handler: FetchHandler, scope: Scope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const host = req.headers.host ?? (scope.server === null ? "localhost" : `${scope.server[0]}:${scope.server[1]}`);
  const method = req.method ?? "GET";
  let request: Request;
  try {
    request = new Request(`${scope.scheme}://${host}${req.url ?? "/"}`, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? null : (Readable.toWeb(req) as ReadableStream<Uint8Array>),
      duplex: "half",
      signal: controller.signal,
    } as RequestInit);
  } catch {
    // An unusable Host header or target: the client's fault.
    refuseRequest(res, 400);
    return;
  }
  fetchRequestScopes.set(request, scope);
  const response = await handler(request, scope);
  if (!(response instanceof Response)) throw new TypeError("fetch handler must return a Response");
  res.statusCode = response.status;
  if (response.statusText !== "") res.statusMessage = response.statusText;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) res.appendHeader("set-cookie", cookie);
  if (response.body === null || method === "HEAD") {
    res.end();
    return;
  }
  try {
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
  } catch (error) {
    // The client went away mid-body: nothing left to answer.
    if (!res.destroyed) throw error;
  }
}
