/**
 * How endpoints find the server they serve, so that `serve().close()` reaches
 * them. An application is a tree of closures that cannot be walked, so
 * endpoints register themselves instead: the first time an endpoint handles a
 * connection it calls `onServerClose(conn.req, endpoint, closeFn)`; the
 * server's `close()` then runs every registered closer (close Socket.IO
 * sessions, WebSocket consumers, ...) before it drains the remaining requests.
 *
 * `serve()` calls `manageServer` for each server it starts and `attachSocket`
 * for each TCP connection it accepts (once per connection, never per request).
 */
import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";
import { getDefaultLogger, type Logger } from "./logger.js";

/** Closes an endpoint's connections on one server; may be async. */
export type Closer = () => void | Promise<void>;

interface Registry {
  readonly logger: Logger;
  closing: boolean;
  /** Keyed by the endpoint, so an endpoint registers once per server. */
  readonly closers: Map<object, Closer>;
}

const registries = new WeakMap<Server, Registry>();
const serverOfSocket = new WeakMap<Socket, Server>();

/** Makes `server` known to the registry (serve() does this). */
export function manageServer(server: Server, logger: Logger): void {
  registries.set(server, { logger, closing: false, closers: new Map() });
}

/** Records which server accepted a TCP connection (serve() does this on `connection`). */
export function attachSocket(server: Server, socket: Socket): void {
  serverOfSocket.set(socket, server);
}

function registryOf(target: Server | IncomingMessage): Registry | undefined {
  const server = isRequest(target) ? serverOfSocket.get(target.socket) : target;
  return server === undefined ? undefined : registries.get(server);
}

function isRequest(target: Server | IncomingMessage): target is IncomingMessage {
  return "socket" in target && "headers" in target;
}

/** The server that accepted this request, when it was started by serve(). */
export function serverOf(req: IncomingMessage): Server | undefined {
  return serverOfSocket.get(req.socket);
}

/**
 * Registers `close` to run when the server behind `target` (a server started
 * by serve(), or a request it accepted) closes. Registering the same `key`
 * again is a cheap no-op. Returns false when the server is not managed by
 * serve() (the endpoint is then the caller's to close) or is already closing.
 */
export function onServerClose(target: Server | IncomingMessage, key: object, close: Closer): boolean {
  const registry = registryOf(target);
  if (registry === undefined || registry.closing) return false;
  if (!registry.closers.has(key)) registry.closers.set(key, close);
  return true;
}

/** Removes a closer (an endpoint closed on its own). */
export function offServerClose(target: Server | IncomingMessage, key: object): void {
  registryOf(target)?.closers.delete(key);
}

/** Whether the server behind `target` is shutting down (new connections should be refused). */
export function isClosing(target: Server | IncomingMessage): boolean {
  return registryOf(target)?.closing ?? false;
}

/** The logger of the server behind `target`, or the process-wide default. */
export function loggerOf(target: Server | IncomingMessage): Logger {
  return registryOf(target)?.logger ?? getDefaultLogger();
}

/**
 * Marks the server as closing and runs every registered closer, in parallel;
 * a closer that fails is logged, never rethrown, so the others still run.
 */
export async function runClosers(server: Server): Promise<void> {
  const registry = registries.get(server);
  if (registry === undefined) return;
  registry.closing = true;
  const closers = [...registry.closers.values()];
  registry.closers.clear();
  await Promise.all(
    closers.map(async (close) => {
      try {
        await close();
      } catch (error) {
        registry.logger.error("an endpoint failed to close", error);
      }
    }),
  );
}
