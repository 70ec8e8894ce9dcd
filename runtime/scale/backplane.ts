/**
 * The backplane: what links the processes serving one application. Every
 * Socket.IO endpoint takes its socket.io adapter from it, the session
 * middleware its default store, WebSocket consumers their channel layer.
 *
 * Which one is declared, never hand-wired: a Redis URL (`SIO_REDIS_URL`, else
 * the spec's `redis_url`) gives the Redis backplane; a worker of
 * `sio serve --workers N` without Redis gets the cluster backplane (IPC
 * through the primary); otherwise everything stays in this process's memory,
 * as before scale-out existed. The backplane is made on first use, and
 * `serve()` waits for it to be ready before it listens.
 */
import type { ServerOptions } from "socket.io";
import { SioError, SioOptionError } from "../errors.js";
import { MemorySessionStore, type SessionData, type SessionStore } from "../middleware/session.js";
import { LocalGroups, memoryTransport, ProcessChannelLayer, type ChannelLayer } from "./channel-layer.js";
import { clusterBackplane, clusterSlot } from "./cluster-worker.js";
import { redisBackplane } from "./redis.js";

export type SocketIOAdapterName = "redis-streams" | "redis";
export const SOCKETIO_ADAPTERS: readonly SocketIOAdapterName[] = ["redis-streams", "redis"];

/** The spec's settings that choose the backplane (the generated code passes its `settings`). */
export interface ScaleOutSettings {
  readonly redis_url?: string;
  readonly socketio_adapter?: SocketIOAdapterName;
}

/** Names the Redis of every process; overrides the spec's `redis_url`. */
export const REDIS_URL_ENV = "SIO_REDIS_URL";

/** A socket.io adapter, as `io.adapter()` takes it. */
export type AdapterConstructor = NonNullable<ServerOptions["adapter"]>;

export interface Backplane {
  readonly kind: "memory" | "cluster" | "redis";
  /** For logs: "Redis at redis://…:6379 (Redis Streams adapter)". */
  readonly description: string;
  /** Whether Socket.IO connection state recovery works across the processes it links. */
  readonly recovers: boolean;
  readonly sessions: SessionStore;
  readonly layer: ProcessChannelLayer;
  /**
   * The socket.io adapter of the endpoint `key` (stable across processes:
   * endpoints with the same key share broadcasts); undefined for socket.io's
   * in-memory adapter.
   */
  socketIOAdapter(key: string): AdapterConstructor | undefined;
  /** Resolves once the backplane can carry messages; rejects when it cannot start. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface ResolvedScaleOut {
  redisUrl: string | undefined;
  adapter: SocketIOAdapterName;
}

let configured: ScaleOutSettings = {};
let current: Backplane | undefined;

/**
 * Declares the backplane from a spec's settings (`redis_url`,
 * `socketio_adapter`); the generated router calls it before it creates
 * its endpoints. `SIO_REDIS_URL` still overrides the URL.
 */
export function configureScaleOut(settings: ScaleOutSettings): void {
  if (settings === null || typeof settings !== "object") throw new SioOptionError("configureScaleOut: settings must be an object");
  const { redis_url, socketio_adapter } = settings;
  if (redis_url !== undefined && (typeof redis_url !== "string" || !/^rediss?:\/\//.test(redis_url))) {
    throw new SioOptionError(`configureScaleOut: redis_url must be a redis:// or rediss:// URL, got ${JSON.stringify(redis_url)}`);
  }
  if (socketio_adapter !== undefined && !SOCKETIO_ADAPTERS.includes(socketio_adapter)) {
    throw new SioOptionError(`configureScaleOut: socketio_adapter must be "redis-streams" or "redis", got ${JSON.stringify(socketio_adapter)}`);
  }
  if (current !== undefined) {
    throw new SioError("SIO_ERR_SCALE_OUT", "configureScaleOut() must run before the first endpoint, session or consumer uses the backplane");
  }
  configured = { redis_url, socketio_adapter };
}

export function resolveScaleOut(env: Readonly<Record<string, string | undefined>> = process.env): ResolvedScaleOut {
  const fromEnv = env[REDIS_URL_ENV]?.trim();
  const redisUrl = fromEnv ? fromEnv : configured.redis_url;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new SioOptionError(`${REDIS_URL_ENV}=${JSON.stringify(redisUrl)}: expected a redis:// or rediss:// URL`);
  }
  if (redisUrl === undefined && configured.socketio_adapter !== undefined) {
    throw new SioError(
      "SIO_ERR_SCALE_OUT",
      `socketio_adapter = "${configured.socketio_adapter}" needs a Redis: set ${REDIS_URL_ENV} (or redis_url in the spec's settings)`,
    );
  }
  return { redisUrl, adapter: configured.socketio_adapter ?? "redis-streams" };
}

/** This process's backplane, made on first use. */
export function backplane(): Backplane {
  if (current !== undefined) return current;
  const resolved = resolveScaleOut();
  if (resolved.redisUrl !== undefined) current = redisBackplane(resolved.redisUrl, resolved.adapter);
  else if (clusterSlot() !== undefined) current = clusterBackplane();
  else current = memoryBackplane();
  return current;
}

/** Closes the backplane (its Redis connections); the next use makes a new one. */
export async function closeScaleOut(): Promise<void> {
  const closing = current;
  current = undefined;
  await closing?.close();
}

let servers = 0;

/** serve() before it listens: the backplane must be ready (Redis connected) before the first connection. */
export async function serverStarting(): Promise<void> {
  servers++;
  try {
    await backplane().ready();
  } catch (error) {
    await serverStopped();
    throw error;
  }
}

/** serve().close(): the last server of the process closes the backplane. */
export async function serverStopped(): Promise<void> {
  if (--servers === 0) await closeScaleOut();
}

/** Sessions outlive a backplane closed and made again, as they did the server that closed. */
let processStore: MemorySessionStore | undefined;

function memoryBackplane(): Backplane {
  const local = new LocalGroups();
  return {
    kind: "memory",
    description: "this process's memory",
    recovers: true,
    sessions: (processStore ??= new MemorySessionStore()),
    layer: new ProcessChannelLayer(local, memoryTransport(local)),
    socketIOAdapter: () => undefined,
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/**
 * The session middleware's default store: the backplane's, looked up on
 * each call (the backplane is made on first use, and again after a close).
 * Answers synchronously when the backplane's store does.
 */
export const backplaneSessionStore: SessionStore = {
  load: (key: string) => backplane().sessions.load(key),
  save: (key: string, data: SessionData, maxAge: number) => backplane().sessions.save(key, data, maxAge),
  destroy: (key: string) => backplane().sessions.destroy(key),
};

/** Channels' get_channel_layer(): this process's channel layer, to send to groups from outside consumers. */
export function get_channel_layer(): ChannelLayer {
  return backplane().layer;
}
