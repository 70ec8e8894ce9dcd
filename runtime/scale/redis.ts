/**
 * The Redis backplane: Socket.IO endpoints on a Redis adapter (Redis
 * Streams by default, pub/sub when the spec says `socketio_adapter =
 * "redis"`), sessions in Redis, groups over Redis pub/sub. Each process
 * holds one client for commands and one subscriber; the adapters add their
 * own readers.
 *
 * A Redis outage must not stall local traffic. The command client fails
 * fast while disconnected (no offline queue): a broadcast still reaches this
 * process's clients at once, its copy for the other processes is dropped,
 * and delivery resumes when Redis is back. Readers and subscribers queue
 * instead (an XREAD retried at once on a failing client would spin), and
 * node-redis subscribes them again on reconnection. The adapters publish
 * some messages without awaiting them; those calls get a rejection handler,
 * so a failed one is logged, never an unhandled rejection.
 */
import type { RedisClientType } from "redis";
import { SioError } from "../errors.js";
import { getDefaultLogger } from "../logger.js";
import type { AdapterConstructor, Backplane, SocketIOAdapterName } from "./backplane.js";
import { decodeMessage, LocalGroups, ProcessChannelLayer, type GroupTransport } from "./channel-layer.js";
import { loadOptional, REDIS_PACKAGES } from "./optional.js";
import { RedisSessionStore } from "./session-stores.js";

/** How long serve() waits for Redis at start before it gives up. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long an idle Redis Streams read blocks: bounds how long a closed endpoint's reader lingers. */
const STREAM_BLOCK_MS = 2_000;
const GROUP_PREFIX = "sio:group:";

type RedisModule = typeof import("redis");
type StreamsAdapterModule = typeof import("@socket.io/redis-streams-adapter");
type PubSubAdapterModule = typeof import("@socket.io/redis-adapter");
type Client = RedisClientType;

/** The URL with its password hidden, for logs. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.href;
  } catch {
    return "(an invalid URL)";
  }
}

export function redisBackplane(url: string, adapter: SocketIOAdapterName): Backplane {
  const needed = REDIS_PACKAGES[adapter];
  const why = `Scale-out on Redis (SIO_REDIS_URL or redis_url)`;
  const redis = loadOptional<RedisModule>("redis", needed, why);
  const createAdapter =
    adapter === "redis-streams"
      ? loadOptional<StreamsAdapterModule>("@socket.io/redis-streams-adapter", needed, why).createAdapter
      : loadOptional<PubSubAdapterModule>("@socket.io/redis-adapter", needed, why).createAdapter;
  const shown = shownUrl(url);
  const logger = getDefaultLogger();

  const client = redis.createClient({ url, disableOfflineQueue: true }) as Client;
  const subscriber = client.duplicate({ disableOfflineQueue: false });
  watchOutages(client, shown);
  subscriber.on("error", ignore);
  const forAdapters = adapterFacing(client);
  const local = new LocalGroups();
  const layer = new ProcessChannelLayer(local, groupTransport(client, subscriber, local));

  let connecting: Promise<void> | undefined;
  const ready = (): Promise<void> =>
    (connecting ??= new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new SioError("SIO_ERR_SCALE_OUT", `cannot reach Redis at ${shown} within ${CONNECT_TIMEOUT_MS / 1000} s (${lastError ?? "no answer"})`));
        client.destroy();
        subscriber.destroy();
      }, CONNECT_TIMEOUT_MS);
      let lastError: string | undefined;
      const remember = (error: Error): void => void (lastError = error.message);
      client.on("error", remember);
      Promise.all([client.connect(), subscriber.connect()]).then(
        () => {
          clearTimeout(timer);
          client.off("error", remember);
          logger.info(`scale-out: Redis at ${shown} (${adapter === "redis-streams" ? "Redis Streams" : "Redis pub/sub"} adapter)`);
          resolve();
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    }));
  // Endpoints made before serve() waits for it use the clients at once: they must be connecting.
  void ready().catch(ignore);

  const store = new RedisSessionStore(client);
  return {
    kind: "redis",
    description: `Redis at ${shown}`,
    recovers: adapter === "redis-streams",
    sessions: {
      // During an outage a request reads as having no session (anonymous), rather than failing: polls of
      // Socket.IO sessions, which carry the cookie but do not use the session, keep working.
      load: (key) => (client.isReady ? store.load(key) : Promise.resolve(undefined)),
      save: (key, data, maxAge) => store.save(key, data, maxAge),
      destroy: (key) => store.destroy(key),
    },
    layer,
    ready,
    socketIOAdapter(key: string): AdapterConstructor {
      if (adapter === "redis-streams") {
        return (createAdapter as StreamsAdapterModule["createAdapter"])(forAdapters, {
          streamName: `sio:stream:${key}`,
          channelPrefix: `sio:${key}`,
          sessionKeyPrefix: `sio:recovery:${key}:`,
          blockTimeInMs: STREAM_BLOCK_MS,
        }) as unknown as AdapterConstructor;
      }
      return (createAdapter as PubSubAdapterModule["createAdapter"])(forAdapters, subscriber, { key: `sio:${key}` }) as unknown as AdapterConstructor;
    },
    async close() {
      await Promise.all([client, subscriber].map((each) => (each.isOpen ? each.close().catch(ignore) : each.destroy())));
    },
  };
}

function ignore(): void {
  // Reported elsewhere: the command client's outage log, or the caller's rejection.
}

/** Logs an outage once when it starts and once when it ends, not every reconnection attempt. */
function watchOutages(client: Client, shown: string): void {
  let wasReady = false;
  let down = false;
  client.on("ready", () => {
    if (down) getDefaultLogger().info(`scale-out: Redis at ${shown} is back; cross-process delivery resumes`);
    wasReady = true;
    down = false;
  });
  client.on("error", (error: Error) => {
    if (!wasReady || down) return;
    down = true;
    getDefaultLogger().warn(`scale-out: lost Redis at ${shown} (${error.message}); serving this process's clients, reconnecting`);
  });
}

/**
 * The client as the adapters see it: their duplicates (readers, subscribers)
 * queue commands while disconnected, and what they publish or store without
 * awaiting (PUBLISH, SPUBLISH, SET) cannot reject unhandled.
 */
function adapterFacing(client: Client): Client {
  const unawaited = new Set<PropertyKey>(["publish", "sPublish", "set"]);
  return new Proxy(client, {
    get(target, property) {
      if (property === "duplicate") {
        return (overrides?: object) => {
          const copy = target.duplicate({ ...overrides, disableOfflineQueue: false });
          copy.on("error", ignore);
          return copy;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (!unawaited.has(property)) return method;
      return (...args: unknown[]) => Promise.resolve(method(...args)).catch(ignore);
    },
  });
}

/** Groups over Redis pub/sub: one channel per group, subscribed while the group has a local member. */
function groupTransport(client: Client, subscriber: Client, local: LocalGroups): GroupTransport {
  const listeners = new Map<string, (payload: Buffer) => void>();
  return {
    async subscribe(group) {
      const listener = (payload: Buffer): void => local.deliver(group, () => decodeMessage(payload));
      listeners.set(group, listener);
      await subscriber.subscribe(GROUP_PREFIX + group, listener, true);
    },
    async unsubscribe(group) {
      const listener = listeners.get(group);
      if (listener === undefined || local.has(group)) return;
      listeners.delete(group);
      await subscriber.unsubscribe(GROUP_PREFIX + group, listener, true);
    },
    async publish(group, payload) {
      await client.publish(GROUP_PREFIX + group, payload);
    },
  };
}
