/**
 * Session stores shared between processes: on Redis (what a configured
 * Redis gives the session middleware), and any express-session store
 * (connect-redis, connect-mongo, ...) through an adapter.
 *
 * Shared stores keep session data as JSON, as Django's JSON serializer
 * does: values read back are what JSON.parse gives (a Date comes back as
 * its ISO string).
 */
import { checkOption, checkOptionsObject } from "../errors.js";
import type { SessionData, SessionStore } from "../middleware/session.js";

/** The commands RedisSessionStore sends: a `redis` (node-redis v4 or later) client has them. */
export interface RedisSessionCommands {
  get(key: string): Promise<string | null | undefined>;
  set(key: string, value: string, options: { EX: number }): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/** Where RedisSessionStore keeps sessions by default: `sio:session:<key>`. */
export const REDIS_SESSION_PREFIX = "sio:session:";

/** Sessions in Redis, one string key per session that expires with it (SET … EX). */
export class RedisSessionStore implements SessionStore {
  readonly #client: RedisSessionCommands;
  readonly #prefix: string;

  constructor(client: RedisSessionCommands, options: { prefix?: string } = {}) {
    checkOptionsObject("RedisSessionStore", options);
    checkOption("RedisSessionStore", "prefix", options.prefix, "a string", (v) => typeof v === "string");
    this.#client = client;
    this.#prefix = options.prefix ?? REDIS_SESSION_PREFIX;
  }

  async load(key: string): Promise<SessionData | undefined> {
    const text = await this.#client.get(this.#prefix + key);
    return text === null || text === undefined ? undefined : parseSession(text);
  }

  async save(key: string, data: SessionData, maxAge: number): Promise<void> {
    await this.#client.set(this.#prefix + key, JSON.stringify(data), { EX: maxAge });
  }

  async destroy(key: string): Promise<void> {
    await this.#client.del(this.#prefix + key);
  }
}

/** Stored text that is not a JSON object (another program's key, a truncated write) reads as no session. */
function parseSession(text: string): SessionData | undefined {
  try {
    const data = JSON.parse(text) as unknown;
    return data !== null && typeof data === "object" && !Array.isArray(data) ? (data as SessionData) : undefined;
  } catch {
    return undefined;
  }
}

type Callback<T = void> = (error?: unknown, result?: T) => void;

/** A session as express-session stores keep it: the data, and the cookie they take the expiry from. */
export interface ExpressSession {
  cookie: { originalMaxAge: number | null; expires?: Date | null };
}

/** What expressSessionStore needs of an express-session store. */
export interface ExpressStoreLike {
  get(sid: string, callback: Callback<ExpressSession | null>): void;
  set(sid: string, session: ExpressSession, callback?: Callback): void;
  destroy(sid: string, callback?: Callback): void;
}

/**
 * A SessionStore over an express-session store (connect-redis, connect-mongo,
 * ...). express-session stores keep a `cookie` object in each session, from
 * which they take the expiry: the adapter writes one with the session's
 * max age and drops it when loading, so `cookie` is not a session key sio
 * can keep.
 */
export function expressSessionStore(store: ExpressStoreLike): SessionStore {
  const call = <T>(run: (callback: Callback<T>) => void): Promise<T | undefined> =>
    new Promise((resolve, reject) => run((error, result) => (error ? reject(error) : resolve(result))));
  return {
    async load(key) {
      const stored = await call<ExpressSession | null>((callback) => store.get(key, callback));
      if (stored === null || stored === undefined) return undefined;
      const { cookie: _cookie, ...data } = stored as ExpressSession & SessionData;
      return data;
    },
    async save(key, data, maxAge) {
      const cookie = { originalMaxAge: maxAge * 1000, expires: new Date(Date.now() + maxAge * 1000), httpOnly: true, path: "/" };
      await call((callback) => store.set(key, { ...data, cookie }, callback));
    },
    async destroy(key) {
      await call((callback) => store.destroy(key, callback));
    },
  };
}
