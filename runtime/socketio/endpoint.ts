/**
 * A Socket.IO endpoint: ONE official socket.io `Server` bound to ONE
 * Engine.IO server that is not attached to any http server. The router hands
 * it http scopes (polling handshakes, GETs and POSTs) and websocket scopes
 * (direct WebSocket connections and polling → websocket upgrades), so a
 * session opened on one table upgrades through the other.
 */
import type { IncomingMessage } from "node:http";
import { Server as EngineServer } from "engine.io";
import { Server, type Namespace, type Socket } from "socket.io";
import { refuse } from "../http/respond.js";
import { isClosing, loggerOf, onServerClose } from "../lifecycle.js";
import { getDefaultLogger } from "../logger.js";
import { backplane } from "../scale/backplane.js";
import { sessionIdPrefix } from "../scale/cluster-protocol.js";
import { clusterSlot, forwardToOwner } from "../scale/cluster-worker.js";
import { attachPolicy, OriginPolicy } from "../security/policy.js";
import { RefusalLog } from "../security/refusals.js";
import type { Application, Connection, Scope } from "../types.js";
import type { SocketIOConsumer, SocketIOConsumerClass } from "./consumer.js";
import { SocketIOError } from "./errors.js";
import type { ConsumerNamespace } from "./events.js";
import { corsOriginsOf, type SocketIOOptions } from "./options.js";
import { resolveSocketIOOptions } from "./resolve-options.js";
import { RESERVED_EVENTS } from "./reserved.js";
import { rememberScope } from "./socket-scope.js";

export interface SocketIOEndpoint extends Application {
  readonly io: Server;
  readonly engine: EngineServer;
  /** The options in force, after environment overrides. */
  readonly options: SocketIOOptions;
  /**
   * Closes every session; the endpoint serves again when the next connection
   * reaches it. serve().close() calls it (the endpoint registers with each
   * server it serves, see lifecycle.ts); call it yourself on other servers.
   */
  close(): Promise<void>;
  /**
   * The namespace a consumer of this endpoint serves, typed with its event
   * maps: emit to its clients from anywhere (an HTTP app, a background job).
   * It is socket.io's own namespace, so with an adapter configured its
   * broadcasts and `fetchSockets()` reach every process.
   */
  namespaceOf<C extends SocketIOConsumerClass>(Consumer: C): ConsumerNamespace<InstanceType<C>>;
}

const REFUSED = "Connection rejected by server";
const JSONP_ADVICE =
  "JSONP is off; set jsonp=True on the endpoint (or SIO_JSONP=true) to serve browsers without XHR — " +
  "in browsers that do not send Sec-Fetch-Site, any page can then read the endpoint as the user with a <script> tag";

/** What Engine.IO reads from a request (it parses `req.url` itself unless `_query` is set). */
type EngineRequest = IncomingMessage & { _query?: Record<string, string> };

/**
 * The query Engine.IO reads, from the routed scope: Engine.IO's own parse
 * (`new URL(req.url, base)`) throws on targets the router accepts, e.g.
 * `//socket.io%2F` (taken for a protocol-relative URL with an invalid
 * host), and would answer 500. Same parse of the query otherwise: form
 * decoding, the last of repeated names wins, no fragment.
 */
function engineQuery(scope: Scope): Record<string, string> {
  const query = scope.query_string;
  const fragment = query.indexOf("#");
  return Object.fromEntries(new URLSearchParams(fragment === -1 ? query : query.slice(0, fragment)));
}

type EngineTransport = ReturnType<EngineServer["createTransport"]>;
/** Polling's pending close: set while a closed transport waits for the client's next poll (Polling#doClose). */
type PollingTransport = EngineTransport & { shouldClose?: (() => void) | null };

/** The transport set is swept of closed transports whenever it has doubled, so it stays bounded by live sessions. */
const MIN_SWEEP = 64;

class ReopenableEngine extends EngineServer {
  /**
   * A session id starts with the tags that route its later requests to
   * this process: the proxy's node, the cluster worker's slot (see
   * scale/cluster-protocol.ts); none on a lone process without a proxy.
   */
  override generateId(req: IncomingMessage): string {
    return sessionIdPrefix(req, clusterSlot()) + (super.generateId(req) as string);
  }

  /**
   * Every polling transport not yet seen closed. When a session ends while
   * its client is not polling (a ping timeout of an abandoned tab), Engine.IO
   * keeps its polling transport for up to 30 s with a timer, waiting for a
   * poll to take the close packet; the session is gone from `clients`, so
   * only this set still reaches it when the endpoint closes.
   */
  readonly #polling = new Set<PollingTransport>();
  #sweepAt = MIN_SWEEP;

  protected override createTransport(name: Parameters<EngineServer["createTransport"]>[0], req: IncomingMessage): EngineTransport {
    const transport = super.createTransport(name, req);
    if (name === "polling") {
      this.#polling.add(transport);
      if (this.#polling.size >= this.#sweepAt) {
        for (const known of this.#polling) if (known.readyState === "closed") this.#polling.delete(known);
        this.#sweepAt = Math.max(MIN_SWEEP, 2 * this.#polling.size);
      }
    }
    return transport;
  }

  /** Ends the polling transports still waiting to deliver a close (their timers would keep the process alive). */
  finishClosing(): void {
    for (const transport of this.#polling) {
      const finish = transport.shouldClose;
      if (typeof finish === "function") {
        transport.shouldClose = null;
        finish();
      }
    }
    this.#polling.clear();
    this.#sweepAt = MIN_SWEEP;
  }

  /** io.close() closes Engine.IO's WebSocket server; an endpoint served again needs a new one. */
  reopen(): void {
    this.init();
  }
}

/** How many endpoints of each consumer list this process made: the n-th of the same list gets its own key. */
const endpointKeys = new Map<string, number>();

/** The endpoint's name on the backplane: the same in every process that runs the same application. */
function endpointKey(consumers: readonly SocketIOConsumerClass[]): string {
  const names = consumers.map((Consumer) => Consumer.name).join(",");
  const count = (endpointKeys.get(names) ?? 0) + 1;
  endpointKeys.set(names, count);
  return count === 1 ? names : `${names}#${count}`;
}

export function SocketIO(consumers: readonly SocketIOConsumerClass[], options?: SocketIOOptions): SocketIOEndpoint {
  const resolved = resolveSocketIOOptions(options);
  const engine = new ReopenableEngine(resolved.engine);
  const io = new Server(resolved.server);
  if (!Array.isArray(consumers) || consumers.length === 0) {
    throw new TypeError("SocketIO: consumers must be a non-empty list of SocketIOConsumer classes");
  }
  const key = endpointKey(consumers);
  // The backplane's adapter before any namespace exists: broadcasts (and emits from outside a consumer) reach every process.
  const useBackplane = (): void => {
    const adapter = backplane().socketIOAdapter(key);
    if (adapter !== undefined) io.adapter(adapter);
  };
  useBackplane();
  io.bind(engine);
  const mounted = new Set<string>();
  const namespaces = new Map<SocketIOConsumerClass, Namespace>();
  for (const Consumer of consumers) {
    checkConsumer(Consumer);
    const key = String(Consumer.namespace);
    if (mounted.has(key)) {
      throw new SocketIOError(
        "SIO_ERR_SOCKETIO_CONSUMER",
        `${Consumer.name}: namespace ${key} is already served by another consumer of this endpoint`,
      );
    }
    mounted.add(key);
    namespaces.set(Consumer, mountConsumer(io, Consumer));
  }

  const owner = `Socket.IO endpoint of ${consumers.map((Consumer) => Consumer.name).join(", ")}`;
  if (resolved.options.connectionStateRecovery !== undefined && !backplane().recovers) {
    getDefaultLogger().warn(
      `${owner}: connection_state_recovery cannot recover sessions across processes on ${backplane().description}: ` +
        `a client that reconnects to another process starts a new session; use Redis with the Redis Streams adapter`,
    );
  }
  const policy = new OriginPolicy(owner, corsOriginsOf(resolved.options.cors));
  const jsonp = resolved.options.jsonp === true;
  const refusedJsonp = new RefusalLog();
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await io.close();
    engine.finishClosing();
  };
  const endpoint = (scope: Scope, conn: Connection): boolean => {
    // A server shutting down must drain: no new sessions, no reopening.
    // (Registering is one lookup per request; only when it fails — a server
    // not started by serve(), or one closing — does it take a second.)
    if (!onServerClose(conn.req, endpoint, close) && isClosing(conn.req)) {
      refuse(conn, 503);
      return true;
    }
    const refusal = policy.check(scope, conn);
    if (refusal !== 0) {
      refuse(conn, refusal);
      return true;
    }
    const query = engineQuery(scope);
    if (query.j !== undefined && !jsonp && conn.type === "http") {
      refusedJsonp.log(loggerOf(conn.req), "jsonp", () => `${owner}: refused a JSONP polling request (j= in the query, 400): ${JSONP_ADVICE}`);
      refuse(conn, 400);
      return true;
    }
    if (closed) {
      engine.reopen();
      // io.close() closed the adapters: the endpoint needs new ones, on the backplane in force now.
      useBackplane();
      closed = false;
    }
    // Another worker of this cluster owns the session: the request goes there.
    if (query.sid !== undefined && forwardToOwner(query.sid, conn)) return true;
    (conn.req as EngineRequest)._query = query;
    // Only a request that opens an Engine.IO session (no `sid` yet) becomes a
    // socket's `request`; polls, posts and upgrades of a session need no entry.
    if (!query.sid) rememberScope(conn.req, scope);
    if (conn.type === "http") engine.handleRequest(conn.req, conn.res);
    else engine.handleUpgrade(conn.req, conn.socket, conn.head);
    return true;
  };
  const namespaceOf = <C extends SocketIOConsumerClass>(Consumer: C): ConsumerNamespace<InstanceType<C>> => {
    const nsp = namespaces.get(Consumer);
    if (nsp === undefined) throw new SocketIOError("SIO_ERR_SOCKETIO_CONSUMER", `${Consumer.name} is not a consumer of this endpoint`);
    // The consumer's own namespace, typed by its class (socket.io's are untyped at run time).
    return nsp as unknown as ConsumerNamespace<InstanceType<C>>;
  };
  return attachPolicy(Object.assign(endpoint, { io, engine, options: resolved.options, close, namespaceOf }), policy);
}

function checkConsumer(Consumer: SocketIOConsumerClass): void {
  // Duck-typed: consumer.ts imports this module for as_asgi().
  if (typeof Consumer !== "function" || typeof (Consumer.prototype as Partial<SocketIOConsumer> | undefined)?.connect !== "function") {
    throw new TypeError(`SocketIO: ${String(Consumer)} is not a SocketIOConsumer class`);
  }
  const { namespace } = Consumer;
  if (!(namespace instanceof RegExp) && (typeof namespace !== "string" || !namespace.startsWith("/"))) {
    throw new SocketIOError(
      "SIO_ERR_SOCKETIO_CONSUMER",
      `${Consumer.name}: namespace must be a string starting with "/" or a RegExp, got ${JSON.stringify(namespace)}`,
    );
  }
}

function mountConsumer(io: Server, Consumer: SocketIOConsumerClass): Namespace {
  const nsp = io.of(Consumer.namespace);
  const consumer = new Consumer(io, nsp);
  const handlers = eventHandlersOf(consumer, Consumer.name);
  const report = (socket: Socket, what: string, error: unknown): void => {
    loggerOf(socket.request).error(`${Consumer.name}.${what} failed`, error);
  };

  // connect() runs as namespace middleware, which socket.io runs before it
  // sends CONNECT, so refusing it gives the client connect_error.
  nsp.use((socket, next) => {
    const release = holdPacketsUntilConnected(socket);
    const refuse = (): void => {
      release();
      next(new Error(REFUSED));
    };
    let result: ReturnType<SocketIOConsumer["connect"]>;
    try {
      result = consumer.connect(socket, socket.handshake.auth);
    } catch (error) {
      report(socket, "connect", error);
      refuse();
      return;
    }
    // A synchronous connect() answers at once: no Promise, no extra microtasks per connection.
    if (typeof result === "boolean" || result === undefined) {
      if (result === false) refuse();
      else next();
      return;
    }
    Promise.resolve(result).then(
      (accepted) => (accepted === false ? refuse() : next()),
      (error: unknown) => {
        report(socket, "connect", error);
        refuse();
      },
    );
  });

  // One listener per event for the whole consumer, not closures per socket:
  // socket.io calls listeners with the socket as `this`.
  const listeners = [...handlers].map(([event, method]) => {
    const what = `event_${event}`;
    return [
      event,
      function (this: Socket, ...args: unknown[]): void {
        invoke(this, consumer, method, args, what, report);
      },
    ] as const;
  });
  function onDisconnect(this: Socket, reason: unknown): void {
    invoke(this, consumer, consumer.disconnect as EventHandler, [reason], "disconnect", report);
  }

  nsp.on("connection", (socket: Socket) => {
    for (const [event, listener] of listeners) socket.on(event, listener);
    socket.on("disconnect", onDisconnect);
  });
  return nsp;
}

type EventHandler = (this: SocketIOConsumer, socket: Socket, ...args: unknown[]) => unknown;

/** `event_<name>` methods (inherited ones and instance fields too), by event name; the most derived wins. */
function eventHandlersOf(consumer: SocketIOConsumer, className: string): Map<string, EventHandler> {
  const handlers = new Map<string, EventHandler>();
  const members = consumer as unknown as Record<string, unknown>;
  for (let holder: object | null = consumer; holder !== null && holder !== Object.prototype; holder = Object.getPrototypeOf(holder)) {
    for (const name of Object.getOwnPropertyNames(holder)) {
      const event = name.slice("event_".length);
      if (!name.startsWith("event_") || handlers.has(event)) continue;
      const member = members[name];
      if (typeof member !== "function") continue;
      if (event === "" || RESERVED_EVENTS.has(event)) {
        throw new SocketIOError(
          "SIO_ERR_SOCKETIO_CONSUMER",
          `${className}.${name}: "${event}" is not an event clients can send (use connect()/disconnect())`,
        );
      }
      handlers.set(event, member as EventHandler);
    }
  }
  return handlers;
}

/** Runs a handler; a throw or a rejected promise is reported, never an unhandled rejection. */
function invoke(
  socket: Socket,
  consumer: SocketIOConsumer,
  method: EventHandler,
  args: unknown[],
  what: string,
  report: (socket: Socket, what: string, error: unknown) => void,
): void {
  try {
    const result = method.call(consumer, socket, ...args);
    if (result instanceof Promise) result.catch((error: unknown) => report(socket, what, error));
  } catch (error) {
    report(socket, what, error);
  }
}

interface PacketWriter {
  packet(packet: { type: number }, opts?: unknown): void;
}

/**
 * Queues the socket's outgoing packets until socket.io writes its CONNECT
 * acknowledgement, then writes them after it: emits made inside connect()
 * reach the client once it has joined the namespace. Returns a function that
 * drops the queue (the socket was refused).
 */
function holdPacketsUntilConnected(socket: Socket): () => void {
  // Socket#packet is socket.io's single writer for a socket's packets (private in its typings).
  const writer = socket as unknown as PacketWriter;
  const write = writer.packet;
  const queued: Parameters<PacketWriter["packet"]>[] = [];
  const restore = (): void => {
    delete (writer as Partial<PacketWriter>).packet;
  };
  Object.defineProperty(writer, "packet", {
    configurable: true,
    writable: true,
    value(packet: { type: number }, opts?: unknown): void {
      // Type 0 is CONNECT in the socket.io protocol (v4 and v5).
      if (packet.type !== 0) {
        queued.push([packet, opts]);
        return;
      }
      restore();
      write.call(writer, packet, opts);
      for (const [held, heldOpts] of queued.splice(0)) write.call(writer, held, heldOpts);
    },
  });
  return restore;
}
