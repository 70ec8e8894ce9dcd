/**
 * Channels' SessionMiddlewareStack: a session, keyed by a signed cookie, on
 * `scope.session`. Storage is pluggable (in-memory by default). A session is
 * created lazily: the first change gives it a key, saves it, and — on an
 * http scope whose response has not started — sets the cookie. Changes are
 * saved at the end of the turn they were made in; `save()` saves at once.
 *
 * The cookie is `<key>.<HMAC-SHA256(secret, key)>`, so a client cannot forge
 * or guess another session's cookie. The secret comes from the options, else
 * `SIO_SECRET_KEY`, else a random per-process one (sessions then do not
 * survive a restart nor work across processes; a warning says so).
 *
 * The middleware also refuses cross-site unsafe requests (CSRF, see
 * security/csrf.ts): a session is ambient authority a page elsewhere must
 * not be able to use, or replace with the attacker's by logging them in.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { serialize } from "cookie";
import { checkOption, checkOptionsObject } from "../errors.js";
import { refuseRequest } from "../http/respond.js";
import { loggerOf } from "../lifecycle.js";
import { getDefaultLogger } from "../logger.js";
import { isPromiseLike } from "../promise-like.js";
import { inheritPathRouting } from "../routing/mark.js";
import { callWith } from "../scope.js";
import { createCsrfCheck, CSRF_TRUSTED_ORIGINS_ENV } from "../security/csrf.js";
import { policiesBelow } from "../security/policy.js";
import { RefusalLog } from "../security/refusals.js";
import type { Application, Connection, Scope, Session } from "../types.js";
import { CookieMiddleware, cookiesOf } from "./cookies.js";

export type SessionData = Record<string, unknown>;

/** Where sessions live. Methods may answer synchronously (no Promise on the hot path) or asynchronously. */
export interface SessionStore {
  load(key: string): SessionData | undefined | Promise<SessionData | undefined>;
  /** `maxAge` in seconds. */
  save(key: string, data: SessionData, maxAge: number): void | Promise<void>;
  destroy(key: string): void | Promise<void>;
}

/** How stale `coarseNow()` may be; sessions live for seconds at the least. */
const CLOCK_RESOLUTION_MS = 100;
let clockReading: number | undefined;

function forgetClockReading(): void {
  clockReading = undefined;
}

/**
 * Date.now(), read at most once per CLOCK_RESOLUTION_MS: on some virtual
 * machines reading the clock costs ~100 ns, as much as the rest of loading
 * a session, and expiry does not need better than a tenth of a second.
 */
function coarseNow(): number {
  if (clockReading === undefined) {
    clockReading = Date.now();
    setTimeout(forgetClockReading, CLOCK_RESOLUTION_MS).unref();
  }
  return clockReading;
}

/** The default store: one process's memory, expiring entries lazily (at most CLOCK_RESOLUTION_MS late). */
export class MemorySessionStore implements SessionStore {
  readonly #entries = new Map<string, { data: SessionData; expires: number }>();
  #writes = 0;

  load(key: string): SessionData | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= coarseNow()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.data;
  }

  save(key: string, data: SessionData, maxAge: number): void {
    this.#entries.set(key, { data, expires: coarseNow() + maxAge * 1000 });
    if (++this.#writes % 1024 === 0) this.#sweep();
  }

  destroy(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  #sweep(): void {
    const now = coarseNow();
    for (const [key, entry] of this.#entries) if (entry.expires <= now) this.#entries.delete(key);
  }
}

export interface SessionOptions {
  store?: SessionStore;
  /** HMAC key for the cookie; default `SIO_SECRET_KEY`, else random per process. */
  secret?: string;
  /** Cookie name; default "sessionid" (Django's). */
  cookieName?: string;
  /** Whole seconds (the cookie's Max-Age); default two weeks (Django's). */
  maxAge?: number;
  cookiePath?: string;
  cookieDomain?: string;
  /** Default: true when the scope's scheme is https. */
  cookieSecure?: boolean;
  cookieSameSite?: "lax" | "strict" | "none";
  /** Refuse cross-site unsafe requests with 403 (CSRF); default true. */
  csrf?: boolean;
  /** Origins trusted by the CSRF check (`https://app.example.com`, `https://*.example.com`), besides `SIO_CSRF_TRUSTED_ORIGINS`. */
  csrfTrustedOrigins?: readonly string[];
}

export const SECRET_KEY_ENV = "SIO_SECRET_KEY";

interface ResolvedSessionOptions {
  store: SessionStore;
  secret: string;
  cookieName: string;
  maxAge: number;
  cookiePath: string;
  cookieDomain: string | undefined;
  cookieSecure: boolean | undefined;
  cookieSameSite: "lax" | "strict" | "none";
  csrf: boolean;
  csrfTrustedOrigins: readonly string[];
  /** Verified cookie value → session key, so a known cookie costs a Map lookup, not an HMAC. */
  verified: Map<string, string>;
}

const VERIFIED_CACHE_SIZE = 10_000;
let processSecret: string | undefined;
const defaultStore = new MemorySessionStore();

function resolveSecret(secret: string | undefined): string {
  if (secret !== undefined) return secret;
  const fromEnv = process.env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (processSecret === undefined) {
    processSecret = randomBytes(32).toString("base64url");
    getDefaultLogger().warn(
      `${SECRET_KEY_ENV} is not set: session cookies are signed with a random per-process key (sessions end on restart and are not shared between processes)`,
    );
  }
  return processSecret;
}

/** Comma-separated origins from SIO_CSRF_TRUSTED_ORIGINS. */
function trustedOriginsFromEnv(): string[] {
  return (process.env[CSRF_TRUSTED_ORIGINS_ENV] ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
}

export function resolveSessionOptions(options: SessionOptions = {}): ResolvedSessionOptions {
  const owner = "SessionMiddlewareStack";
  checkOptionsObject(owner, options);
  checkOption(owner, "store", options.store, "an object with load, save and destroy methods", isStore);
  checkOption(owner, "secret", options.secret, "a non-empty string", (v) => typeof v === "string" && v !== "");
  checkOption(owner, "cookieName", options.cookieName, "a cookie name", (v) => typeof v === "string" && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(v));
  checkOption(owner, "maxAge", options.maxAge, "a positive whole number of seconds", (v) => Number.isInteger(v) && (v as number) > 0);
  checkOption(owner, "cookiePath", options.cookiePath, "a string", (v) => typeof v === "string");
  checkOption(owner, "cookieDomain", options.cookieDomain, "a string", (v) => typeof v === "string");
  checkOption(owner, "cookieSecure", options.cookieSecure, "a boolean", (v) => typeof v === "boolean");
  checkOption(owner, "cookieSameSite", options.cookieSameSite, '"lax", "strict" or "none"', (v) => v === "lax" || v === "strict" || v === "none");
  checkOption(owner, "csrf", options.csrf, "a boolean", (v) => typeof v === "boolean");
  checkOption(owner, "csrfTrustedOrigins", options.csrfTrustedOrigins, "a list of origins", (v) => Array.isArray(v) && v.every((item) => typeof item === "string"));
  return {
    store: options.store ?? defaultStore,
    secret: resolveSecret(options.secret),
    cookieName: options.cookieName ?? "sessionid",
    maxAge: options.maxAge ?? 14 * 24 * 60 * 60,
    cookiePath: options.cookiePath ?? "/",
    cookieDomain: options.cookieDomain,
    cookieSecure: options.cookieSecure,
    cookieSameSite: options.cookieSameSite ?? "lax",
    csrf: options.csrf ?? true,
    csrfTrustedOrigins: [...(options.csrfTrustedOrigins ?? []), ...trustedOriginsFromEnv()],
    verified: new Map(),
  };
}

function isStore(value: unknown): boolean {
  const store = value as Partial<SessionStore> | null;
  return typeof store === "object" && store !== null && typeof store.load === "function" && typeof store.save === "function" && typeof store.destroy === "function";
}

function sign(key: string, secret: string): string {
  return createHmac("sha256", secret).update(key).digest("base64url");
}

/** The signed cookie value of a session key. */
export function signSessionKey(key: string, options: ResolvedSessionOptions): string {
  return `${key}.${sign(key, options.secret)}`;
}

/** The session key in a cookie value, or undefined when it is not ours (unsigned, forged, malformed). */
export function verifySessionCookie(value: string, options: ResolvedSessionOptions): string | undefined {
  const cached = options.verified.get(value);
  if (cached !== undefined) return cached;
  const dot = value.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const key = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(key, options.secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  if (options.verified.size >= VERIFIED_CACHE_SIZE) {
    // Evict the oldest entry (Maps iterate in insertion order).
    options.verified.delete(options.verified.keys().next().value as string);
  }
  options.verified.set(value, key);
  return key;
}

function newSessionKey(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * A session of one connection. Values are stored as given (the in-memory
 * store keeps references): replace a value with `set` rather than mutating it.
 */
export class SioSession implements Session {
  #key: string | undefined;
  #data: SessionData;
  #dirty = false;
  /** Whether #data may be the store's object, shared with other connections. */
  #shared = true;
  #saving: Promise<void> | undefined;
  /** Whether a cookie for the current key must still reach the client. */
  #cookiePending: boolean;
  readonly #options: ResolvedSessionOptions;
  readonly #res: ServerResponse | undefined;
  /** For the server's logger. */
  readonly #req: IncomingMessage;
  readonly #secure: boolean;

  constructor(key: string | undefined, data: SessionData | undefined, options: ResolvedSessionOptions, scope: Scope, conn: Connection) {
    this.#key = key;
    this.#data = data ?? {};
    this.#cookiePending = false;
    this.#options = options;
    this.#res = conn.type === "http" ? conn.res : undefined;
    this.#req = conn.req;
    this.#secure = scope.scheme === "https" || scope.scheme === "wss";
  }

  /** The session key; a new session gets one on its first change. */
  get key(): string {
    return this.#key ?? "";
  }

  /** Whether the session is stored (has a key). */
  get exists(): boolean {
    return this.#key !== undefined;
  }

  get<T = unknown>(name: string): T | undefined {
    return this.#data[name] as T | undefined;
  }

  has(name: string): boolean {
    return Object.hasOwn(this.#data, name);
  }

  set(name: string, value: unknown): void {
    this.#copyOnWrite();
    this.#data[name] = value;
    this.#changed();
  }

  delete(name: string): void {
    if (!Object.hasOwn(this.#data, name)) return;
    this.#copyOnWrite();
    delete this.#data[name];
    this.#changed();
  }

  keys(): string[] {
    return Object.keys(this.#data);
  }

  /** Persists the session now (creating it if new). */
  save(): Promise<void> {
    this.#ensureKey();
    this.#dirty = false;
    const key = this.#key as string;
    return (this.#saving = Promise.resolve(this.#options.store.save(key, this.#data, this.#options.maxAge)));
  }

  /** A new key for the same data (Django's cycle_key, against session fixation); the old entry is destroyed. */
  async cycleKey(): Promise<void> {
    const old = this.#key;
    this.#key = undefined;
    this.#copyOnWrite();
    await this.save();
    if (old !== undefined) await this.#options.store.destroy(old);
  }

  /** Empties the session and forgets its key (Django's flush, used by logout). */
  async flush(): Promise<void> {
    const old = this.#key;
    this.#key = undefined;
    this.#data = {};
    this.#dirty = false;
    if (old !== undefined) await this.#options.store.destroy(old);
    if (this.#res !== undefined && !this.#res.headersSent) {
      setCookieHeader(this.#res, this.#options, serialize(this.#options.cookieName, "", { ...this.#cookieAttributes(), maxAge: 0 }));
    }
  }

  /** Stored data may be shared with other connections' sessions: copy before the first write. */
  #copyOnWrite(): void {
    if (this.#shared) {
      this.#data = { ...this.#data };
      this.#shared = false;
    }
  }

  #changed(): void {
    this.#ensureKey();
    if (this.#dirty) return;
    this.#dirty = true;
    queueMicrotask(() => {
      if (!this.#dirty) return;
      this.save().catch((error: unknown) => loggerOf(this.#req).error("session save failed", error));
    });
  }

  #ensureKey(): void {
    if (this.#key !== undefined) return;
    this.#key = newSessionKey();
    this.#cookiePending = true;
    this.#sendCookie();
  }

  #sendCookie(): void {
    const res = this.#res;
    if (!this.#cookiePending || res === undefined || res.headersSent) return;
    this.#cookiePending = false;
    setCookieHeader(res, this.#options, serialize(this.#options.cookieName, signSessionKey(this.#key as string, this.#options), this.#cookieAttributes()));
  }

  #cookieAttributes() {
    const options = this.#options;
    return {
      path: options.cookiePath,
      domain: options.cookieDomain,
      maxAge: options.maxAge,
      httpOnly: true,
      secure: options.cookieSecure ?? this.#secure,
      sameSite: options.cookieSameSite,
    } as const;
  }

  /** Settles when the last save has (for tests and explicit flushing). */
  get saved(): Promise<void> {
    return this.#saving ?? Promise.resolve();
  }
}

/** Replaces this session cookie in the response's Set-Cookie list, keeping the app's own cookies. */
function setCookieHeader(res: ServerResponse, options: ResolvedSessionOptions, cookie: string): void {
  const prefix = `${options.cookieName}=`;
  const existing = res.getHeader("set-cookie");
  const others = (existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)]).filter((c) => !c.startsWith(prefix));
  res.setHeader("set-cookie", [...others, cookie]);
}

/** Loads the session of a scope: sync when the store is, else a Promise. */
export function loadSession(scope: Scope, conn: Connection, options: ResolvedSessionOptions): SioSession | Promise<SioSession> {
  const cookie = cookiesOf(scope, conn)[options.cookieName];
  const key = cookie === undefined ? undefined : verifySessionCookie(cookie, options);
  if (key === undefined) return new SioSession(undefined, undefined, options, scope, conn);
  const data = options.store.load(key);
  if (isPromiseLike(data)) {
    return Promise.resolve(data).then((loaded) => new SioSession(loaded === undefined ? undefined : key, loaded, options, scope, conn));
  }
  return new SioSession(data === undefined ? undefined : key, data, options, scope, conn);
}

/** SessionMiddleware alone (expects cookies parsed by an outer CookieMiddleware, or parses them). */
export function SessionMiddleware(app: Application, options?: SessionOptions): Application {
  if (typeof app !== "function") throw new TypeError("SessionMiddleware: app must be an application function");
  const resolved = resolveSessionOptions(options);
  const csrf = resolved.csrf ? createCsrfCheck(resolved.csrfTrustedOrigins, policiesBelow(app)) : null;
  const refused = new RefusalLog();
  const middleware: Application = (scope, conn) => {
    if (csrf !== null && conn.type === "http") {
      const refusal = csrf(scope);
      if (refusal !== undefined) {
        const from = refusal.origin === undefined ? `no Origin, Sec-Fetch-Site: ${refusal.site}` : `Origin ${JSON.stringify(refusal.origin)}`;
        refused.log(
          loggerOf(conn.req),
          refusal.origin ?? `Sec-Fetch-Site: ${refusal.site}`,
          () =>
            `SessionMiddleware: refused a cross-origin ${scope.method} to ${JSON.stringify(scope.path)} (${from}; 403, CSRF); trusted: the same origin, ` +
            `${JSON.stringify(csrf.trusted)} and the origins the Socket.IO endpoints behind it admit; to trust another origin, add it to csrfTrustedOrigins (or ${CSRF_TRUSTED_ORIGINS_ENV})`,
        );
        refuseRequest(conn.res, 403);
        return true;
      }
    }
    const session = loadSession(scope, conn, resolved);
    if (session instanceof Promise) return session.then((loaded) => callWith(app, scope, conn, "session", loaded));
    return callWith(app, scope, conn, "session", session);
  };
  return inheritPathRouting(middleware, app);
}

/** Channels' SessionMiddlewareStack: CookieMiddleware(SessionMiddleware(app)). */
export function SessionMiddlewareStack(app: Application, options?: SessionOptions): Application {
  return CookieMiddleware(SessionMiddleware(app, options));
}

