/**
 * `serve(application, options)`: one Node http.Server whose `request` and
 * `upgrade` events each become a Scope routed through the application.
 * No route → HTTP 404, or for an upgrade a raw `HTTP/1.1 404` and the socket
 * destroyed (once an `upgrade` listener exists Node no longer does that).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { checkOption, checkOptionsObject } from "./errors.js";
import { refuseRequest, refuseUpgrade } from "./http/respond.js";
import type { Address } from "./connection.js";
import { attachSocket, manageServer, runClosers } from "./lifecycle.js";
import { getDefaultLogger, type Logger } from "./logger.js";
import { serverStarting, serverStopped } from "./scale/backplane.js";
import { buildScope } from "./scope.js";
import type { Application, Connection, Scope } from "./types.js";

export interface ServeOptions {
  /** Interface to listen on; default "127.0.0.1". */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** The mount point, stripped by the outermost URLRouter; default "". */
  root_path?: string;
  /** Where 404s, refusals and failures are logged; default: the process-wide logger. */
  logger?: Logger;
  /** Milliseconds close() waits for endpoints and in-flight requests before cutting connections; default 10000. */
  closeTimeout?: number;
  /** In a node:cluster worker: listen on a port of this worker's own instead of sharing the primary's (Node's `listen({ exclusive })`). */
  exclusive?: boolean;
}

/** The started http.Server, with its bound address and a graceful, awaitable close(). */
export type SioServer = Omit<Server, "close"> & {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * Stops accepting connections, closes every registered endpoint (Socket.IO
   * sessions, WebSocket consumers), lets in-flight requests finish, then
   * resolves. Idempotent.
   */
  close(): Promise<void>;
};

const OWNER = "serve()";
/** Addresses on which connections arrive at different local addresses. */
const WILDCARD_ADDRESSES: ReadonlySet<string> = new Set(["0.0.0.0", "::"]);

export async function serve(application: Application, options: ServeOptions = {}): Promise<SioServer> {
  if (typeof application !== "function") {
    throw new TypeError(`${OWNER}: application must be a function (scope, connection) => boolean | Promise<boolean>`);
  }
  checkOptionsObject(OWNER, options);
  const { host = "127.0.0.1", port = 0, root_path = "", logger = getDefaultLogger(), closeTimeout = 10_000, exclusive = false } = options;
  checkOption(OWNER, "host", host, "a string", (v) => typeof v === "string" && v !== "");
  checkOption(OWNER, "port", port, "an integer from 0 to 65535", (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535);
  checkOption(OWNER, "root_path", root_path, 'a string that is empty or starts with "/"', (v) => typeof v === "string" && (v === "" || v.startsWith("/")));
  checkOption(OWNER, "closeTimeout", closeTimeout, "a non-negative number", (v) => typeof v === "number" && v >= 0);
  checkOption(OWNER, "logger", logger, "an object with info, warn and error methods", isLogger);
  checkOption(OWNER, "exclusive", exclusive, "a boolean", (v) => typeof v === "boolean");

  const routing = createRoutingServer(application, { root_path, logger, closeTimeout });
  const { server } = routing;

  // The backplane (Redis, when configured) must carry messages before the first connection arrives.
  await serverStarting();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port, host, exclusive }, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await serverStopped();
    throw error;
  }
  server.on("error", (error) => logger.error("server error", error));
  let closed: Promise<void> | undefined;

  const address = server.address() as AddressInfo;
  if (!WILDCARD_ADDRESSES.has(address.address)) routing.setLocalAddress(Object.freeze([address.address, address.port] as const));
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return Object.assign(server, {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    // The last server of the process to close takes the backplane (its Redis connections) with it.
    close: () => (closed ??= routing.close().finally(serverStopped)),
  }) as unknown as SioServer;
}

/** An http.Server that routes, not yet listening (see createRoutingServer). */
export interface RoutingServer {
  readonly server: Server;
  /** The server's own address, when every connection shares it (saves asking each socket). */
  setLocalAddress(address: Address): void;
  /** serve()'s graceful close: endpoints, then in-flight requests, cut after closeTimeout. Idempotent. */
  close(): Promise<void>;
}

/**
 * The http.Server behind serve(), before it listens: every request and
 * upgrade becomes a scope routed through `application`, and close() shuts
 * down gracefully. serve() listens with it; the testing module hands it
 * in-memory connections (`server.emit("connection", socket)`). Options are
 * taken as checked.
 */
export function createRoutingServer(
  application: Application,
  { root_path, logger, closeTimeout }: { root_path: string; logger: Logger; closeTimeout: number },
): RoutingServer {
  const server = createServer();
  manageServer(server, logger);
  // The server's address, shared by every scope once known, unless it is a wildcard one.
  let local: Address | undefined;
  const upgrades = new PendingUpgrades();

  server.on("connection", (socket: Socket) => attachSocket(server, socket));
  function notFound(scope: Scope, conn: Connection): void {
    logger.warn(`No route found for ${scope.type} path ${JSON.stringify(scope.path)}`);
    if (conn.type === "http") refuseRequest(conn.res, 404);
    else refuseUpgrade(conn.socket, 404);
  }

  function failed(scope: Scope, conn: Connection, error: unknown): void {
    logger.error(`application failed on ${scope.type} path ${JSON.stringify(scope.path)}`, error);
    if (conn.type === "http") refuseRequest(conn.res, 500);
    // Only answer an upgrade nothing has written to yet; a handshake in progress is cut.
    else if (conn.socket.writable && (conn.socket as Socket).bytesWritten === 0) refuseUpgrade(conn.socket, 500);
    else conn.socket.destroy();
  }

  // The hot path: a synchronous application (routers and the built-in
  // middleware are, when their stores are) costs no Promise here.
  function dispatch(scope: Scope, conn: Connection): void {
    let handled: boolean | Promise<boolean>;
    try {
      handled = application(scope, conn);
    } catch (error) {
      failed(scope, conn, error);
      return;
    }
    if (handled === true) {
      if (conn.type === "websocket") upgrades.settle(conn.socket);
      return;
    }
    if (handled === false) {
      notFound(scope, conn);
      return;
    }
    handled.then(
      (taken) => {
        if (!taken) notFound(scope, conn);
        else if (conn.type === "websocket") upgrades.settle(conn.socket);
      },
      (error: unknown) => failed(scope, conn, error),
    );
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const scope = buildScope("http", req, root_path, local);
    if (scope === undefined) {
      logger.warn(`Bad request target ${JSON.stringify(req.url)}`);
      refuseRequest(res, 400);
      return;
    }
    dispatch(scope, { type: "http", req, res });
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrades.add(socket);
    if (req.headers.upgrade?.toLowerCase() !== "websocket") {
      logger.warn(`Unsupported upgrade ${JSON.stringify(req.headers.upgrade)} on ${JSON.stringify(req.url)}`);
      refuseUpgrade(socket, 400);
      return;
    }
    const scope = buildScope("websocket", req, root_path, local);
    if (scope === undefined) {
      logger.warn(`Bad request target ${JSON.stringify(req.url)}`);
      refuseUpgrade(socket, 400);
      return;
    }
    dispatch(scope, { type: "websocket", req, socket, head });
  });

  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Node's default answer, minus the noise for clients that just went away.
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    refuseUpgrade(socket, status);
  });

  const closeHttpServer = server.close.bind(server);
  let closing: Promise<void> | undefined;

  async function close(): Promise<void> {
    const stopped = new Promise<void>((resolve) => closeHttpServer(() => resolve()));
    // Node closes idle keep-alive connections when close() starts; connections
    // busy with a request become idle later, so sweep until all are gone.
    const sweep = setInterval(() => server.closeIdleConnections(), 25);
    const deadline = setTimeout(() => {
      logger.warn(`close(): cutting the connections still open after ${closeTimeout} ms`);
      server.closeAllConnections();
      upgrades.destroyAll();
    }, closeTimeout);
    deadline.unref();
    try {
      await runClosers(server);
      server.closeIdleConnections();
      await stopped;
    } finally {
      clearInterval(sweep);
      clearTimeout(deadline);
    }
  }

  return {
    server,
    setLocalAddress: (address) => {
      local = address;
    },
    close: () => (closing ??= close()),
  };
}

function ignoreSocketError(): void {
  // A reset during or after the handshake; the socket's close handlers clean up.
}

/**
 * Upgraded sockets that no WebSocket library owns yet. Node's http server
 * lets go of a socket when it emits `upgrade` (its listeners, including the
 * error listener, are removed, and closeAllConnections() no longer reaches
 * it), so until an endpoint's WebSocket server takes it, serve() guards it:
 * an error listener, so that a client vanishing mid-handshake cannot crash
 * the process, and a place in this set, so that close() can cut it.
 *
 * Once the application took the socket and something else listens for its
 * errors (ws does, from the handshake on), the endpoint owns it — and closes
 * it when the server closes (see lifecycle.ts) — so serve() lets go: no
 * per-connection listener or entry is left for the socket's lifetime (a
 * third `close` listener alone would cost ~150 bytes per connection, the
 * listener array's growth). Sockets that close before that are dropped from
 * the set by a sweep whenever it has doubled, so it stays bounded without a
 * close listener per socket.
 */
const MIN_SWEEP = 64;

class PendingUpgrades {
  readonly #sockets = new Set<Duplex>();
  #sweepAt = MIN_SWEEP;

  add(socket: Duplex): void {
    // Before anything async: the socket has no error listener left.
    socket.on("error", ignoreSocketError);
    this.#sockets.add(socket);
    if (this.#sockets.size >= this.#sweepAt) {
      for (const pending of this.#sockets) if (pending.destroyed) this.#sockets.delete(pending);
      this.#sweepAt = Math.max(MIN_SWEEP, 2 * this.#sockets.size);
    }
  }

  /** The application took the socket: let go of it once a WebSocket library guards it. */
  settle(socket: Duplex): void {
    if (socket.destroyed) {
      this.#sockets.delete(socket);
    } else if (socket.listenerCount("error") > 1) {
      socket.off("error", ignoreSocketError);
      this.#sockets.delete(socket);
    }
  }

  destroyAll(): void {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }
}

function isLogger(value: unknown): boolean {
  const logger = value as Partial<Logger> | null;
  return (
    typeof logger === "object" &&
    logger !== null &&
    typeof logger.info === "function" &&
    typeof logger.warn === "function" &&
    typeof logger.error === "function"
  );
}
