/**
 * The primary of a sio cluster: N workers behind one port, with no sticky
 * load balancer in front. The primary accepts each TCP connection, reads its
 * first request line, and hands the connection to the worker whose slot
 * the request's `sid` names (a new handshake, without one, to the next
 * worker in turn). The connection then belongs to that worker; the primary
 * reads nothing more of it, so its cost is one read and one handle transfer
 * per connection, not per request.
 *
 * It also relays what the workers share without Redis: socket.io's cluster
 * adapter (its own `setupPrimary`), sessions (kept here, in one
 * MemorySessionStore) and channel layer groups. A worker that dies is
 * started again in its slot, unless it died before it was ever listening.
 */
import { randomBytes } from "node:crypto";
import cluster, { type Worker } from "node:cluster";
import { createRequire } from "node:module";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { getDefaultLogger, type Logger } from "../logger.js";
import { MemorySessionStore, SECRET_KEY_ENV } from "../middleware/session.js";
import {
  CONTROL,
  GROUPS,
  SESSIONS,
  SLOT_ENV,
  sessionIdOfRequestLine,
  slotOfSessionId,
  type ControlMessage,
  type GroupMessage,
  type SessionReply,
  type SessionRequest,
} from "./cluster-protocol.js";

type ClusterAdapterModule = typeof import("@socket.io/cluster-adapter");

const require = createRequire(import.meta.url);

/** A request line longer than this is not an Engine.IO request: the connection goes to the next worker in turn. */
const MAX_REQUEST_LINE = 8192;
/** A connection that has not sent its request line by then goes to the next worker in turn, whose server times it out. */
const REQUEST_LINE_TIMEOUT_MS = 5_000;
/** A worker that dies is started again after this long (not in a tight loop). */
const RESTART_DELAY_MS = 500;
/** How long close() lets a worker close gracefully (its server's own close timeout is 10 s) before killing it. */
const STOP_TIMEOUT_MS = 15_000;

export interface ClusterPrimaryOptions {
  /** How many workers; at least 1. */
  workers: number;
  /** The module each worker runs (default: this process's main module), with its arguments and Node flags. */
  exec?: string;
  args?: readonly string[];
  execArgv?: readonly string[];
  /** Added to each worker's environment. */
  env?: Readonly<Record<string, string>>;
  logger?: Logger;
  /** Called each time a worker process starts in a slot, at first and after a restart. */
  onWorker?: (worker: Worker, slot: number) => void;
}

interface Slot {
  worker: Worker | undefined;
  /** The worker's loopback port, once it listens. */
  port: number | undefined;
  /** Whether a worker of this slot ever listened (one that never did is not restarted). */
  listened: boolean;
}

let relaying = false;
const sessions = new MemorySessionStore();

/** The relays of what workers share, registered once per process whatever the number of primaries. */
function relay(): void {
  if (relaying) return;
  relaying = true;
  (require("@socket.io/cluster-adapter") as ClusterAdapterModule).setupPrimary();
  cluster.on("message", (worker: Worker, message: SessionRequest | GroupMessage) => {
    if (message?.source === SESSIONS) void answerSession(worker, message);
    else if (message?.source === GROUPS) for (const each of Object.values(cluster.workers ?? {})) if (each?.isConnected()) each.send(message);
  });
}

async function answerSession(worker: Worker, request: SessionRequest): Promise<void> {
  const reply: SessionReply = { source: SESSIONS, id: request.id };
  try {
    if (request.op === "load") {
      const data = sessions.load(request.key);
      if (data !== undefined) reply.data = data;
    } else if (request.op === "save") {
      sessions.save(request.key, request.data, request.maxAge);
    } else {
      sessions.destroy(request.key);
    }
  } catch (error) {
    reply.error = (error as Error).message;
  }
  if (worker.isConnected()) worker.send(reply);
}

export class ClusterPrimary {
  readonly #options: ClusterPrimaryOptions;
  readonly #slots: Slot[];
  readonly #logger: Logger;
  readonly #env: Record<string, string>;
  #server: Server | undefined;
  #next = 0;
  #closing = false;
  #listening: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  constructor(options: ClusterPrimaryOptions) {
    if (!cluster.isPrimary) throw new Error("ClusterPrimary: this process is a cluster worker");
    if (!Number.isInteger(options.workers) || options.workers < 1) throw new TypeError(`ClusterPrimary: workers must be a whole number of at least 1, got ${options.workers}`);
    this.#options = options;
    this.#logger = options.logger ?? getDefaultLogger();
    this.#slots = Array.from({ length: options.workers }, () => ({ worker: undefined, port: undefined, listened: false }));
    this.#env = { ...options.env };
    // Every worker must sign session cookies with the same key, or a cookie made by one is refused by the others.
    if (!process.env[SECRET_KEY_ENV] && !this.#env[SECRET_KEY_ENV]) {
      this.#env[SECRET_KEY_ENV] = randomBytes(32).toString("base64url");
      this.#logger.warn(`${SECRET_KEY_ENV} is not set: the workers sign session cookies with a key made for this run (sessions end on restart)`);
    }
  }

  /** Forks every worker; they listen on their loopback ports when the module they run says so. */
  start(): this {
    relay();
    for (let slot = 0; slot < this.#slots.length; slot++) this.#fork(slot);
    return this;
  }

  /** The workers, by slot (undefined while one restarts). */
  get workers(): readonly (Worker | undefined)[] {
    return this.#slots.map((slot) => slot.worker);
  }

  /** Resolves once every worker listens on its loopback port; rejects when one exits before it does. */
  workersListening(): Promise<void> {
    if (this.#slots.every((slot) => slot.port !== undefined)) return Promise.resolve();
    return new Promise((resolve, reject) => this.#listening.push({ resolve, reject }));
  }

  /** Opens the public port. */
  listen(host: string, port: number): Promise<AddressInfo> {
    const server = createServer({ pauseOnConnect: true }, (socket) => this.#route(socket));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        server.on("error", (error) => this.#logger.error("cluster primary: server error", error));
        resolve(server.address() as AddressInfo);
      });
    });
  }

  /** Stops accepting connections and stops the workers (each closes its server gracefully, then exits); resolves once they have exited. */
  async close(): Promise<void> {
    this.#closing = true;
    const stopped = new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    const stop: ControlMessage = { source: CONTROL, type: "stop" };
    await Promise.all(
      this.#slots.map(({ worker }) => {
        if (worker === undefined || worker.isDead()) return undefined;
        return new Promise<void>((resolve) => {
          const timer = setTimeout(() => worker.kill("SIGKILL"), STOP_TIMEOUT_MS);
          worker.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          if (worker.isConnected()) worker.send(stop);
          else worker.kill("SIGTERM");
        });
      }),
    );
    await stopped;
  }

  #fork(slot: number): void {
    const { exec, args, execArgv } = this.#options;
    cluster.setupPrimary({
      ...(exec === undefined ? {} : { exec }),
      ...(args === undefined ? {} : { args: [...args] }),
      ...(execArgv === undefined ? {} : { execArgv: [...execArgv] }),
      // Buffers in broadcasts and group messages, and connection handles, travel as they are.
      serialization: "advanced",
    });
    const worker = cluster.fork({ ...this.#env, [SLOT_ENV]: String(slot) });
    const state = this.#slots[slot]!;
    state.worker = worker;
    state.port = undefined;
    worker.on("message", (message: ControlMessage) => {
      if (message?.source !== CONTROL || message.type !== "listening") return;
      state.port = message.port;
      state.listened = true;
      this.#announcePorts();
      if (this.#slots.every((each) => each.port !== undefined)) for (const { resolve } of this.#listening.splice(0)) resolve();
    });
    worker.once("exit", (code, signal) => {
      if (state.worker !== worker) return;
      state.worker = undefined;
      state.port = undefined;
      this.#announcePorts();
      if (this.#closing) return;
      if (!state.listened) {
        const error = new Error(`cluster: worker ${slot} exited (${signal ?? code}) before it was serving`);
        for (const { reject } of this.#listening.splice(0)) reject(error);
        this.#logger.error(`${error.message}; not starting it again`);
        return;
      }
      this.#logger.warn(`cluster: worker ${slot} exited (${signal ?? code}); starting it again (its clients reconnect to the others meanwhile)`);
      setTimeout(() => this.#closing || this.#fork(slot), RESTART_DELAY_MS).unref();
    });
    this.#options.onWorker?.(worker, slot);
  }

  #announcePorts(): void {
    const ports: Record<number, number> = {};
    this.#slots.forEach((slot, index) => {
      if (slot.port !== undefined) ports[index] = slot.port;
    });
    const message: ControlMessage = { source: CONTROL, type: "ports", ports };
    for (const { worker } of this.#slots) if (worker?.isConnected()) worker.send(message);
  }

  /** Reads up to the end of the first request line, then hands the connection over. */
  #route(socket: Socket): void {
    const chunks: Buffer[] = [];
    let length = 0;
    const timer = setTimeout(() => handOver(), REQUEST_LINE_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
      if (chunk.includes(10) || length >= MAX_REQUEST_LINE) handOver();
    };
    const handOver = (): void => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("error", onError);
      // Stop reading at once: what the handle reads after this would be lost with this process's copy of the socket.
      socket.pause();
      (socket as unknown as { _handle?: { readStop?(): void } })._handle?.readStop?.();
      const data = Buffer.concat(chunks, length);
      const lineEnd = data.indexOf(10);
      const sid = lineEnd === -1 ? undefined : sessionIdOfRequestLine(data.toString("latin1", 0, lineEnd));
      this.#handTo(socket, data, sid === undefined ? undefined : slotOfSessionId(sid));
    };
    const onError = (): void => {
      clearTimeout(timer);
      socket.destroy();
    };
    socket.on("data", onData);
    socket.on("error", onError);
    socket.resume();
  }

  #handTo(socket: Socket, data: Buffer, slot: number | undefined): void {
    let target = slot === undefined ? undefined : this.#slots[slot];
    // A new handshake, or a session whose worker is gone (it answers "Session ID unknown", the client starts over): the next worker in turn.
    if (target?.port === undefined || !target.worker?.isConnected()) target = this.#nextListening();
    if (target === undefined) {
      socket.destroy();
      return;
    }
    const message: ControlMessage = { source: CONTROL, type: "connection", data };
    target.worker!.send(message, socket, { keepOpen: false }, (error) => {
      if (error) socket.destroy();
    });
  }

  #nextListening(): Slot | undefined {
    for (let tried = 0; tried < this.#slots.length; tried++) {
      const slot = this.#slots[this.#next]!;
      this.#next = (this.#next + 1) % this.#slots.length;
      if (slot.port !== undefined && slot.worker?.isConnected()) return slot;
    }
    return undefined;
  }
}

/**
 * Starts a cluster by hand: in the primary, `await startPrimary({ workers, host, port })`
 * forks this module N times; in each worker, `serveClusterWorker(application)`.
 */
export async function startPrimary(options: ClusterPrimaryOptions & { host?: string; port?: number }): Promise<ClusterPrimary & { address: AddressInfo }> {
  const primary = new ClusterPrimary(options).start();
  await primary.workersListening();
  const address = await primary.listen(options.host ?? "127.0.0.1", options.port ?? 0);
  return Object.assign(primary, { address });
}
