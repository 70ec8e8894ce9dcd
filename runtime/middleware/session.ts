/**
 * Channels' SessionMiddlewareStack: a session, keyed by a signed cookie, on
 * `scope.session`. Storage is pluggable (by default the backplane's: this
 * process's memory, the cluster's primary, or Redis; see scale/). A session
 * is created lazily: the first change gives it a key, saves it, and — on an
 * http scope whose response has not started — sets the cookie. Changes are
 * saved at the end of the turn they were made in; `save()` saves at once.
 *
 * The cookie is `<key>.<HMAC-SHA256(secret, key)>`, so a client cannot forge
 * or guess another session's cookie. The secret comes from the options, else
 * `SIO_SECRET_KEY`, else a random per-process one (sessions then do not
 * survive a restart nor work across processes; a warning says so, as it does
 * for a secret too short to resist guessing).
 *
 * The middleware also refuses cross-site unsafe requests (CSRF, see
 * security/csrf.ts): a session is ambient authority a page elsewhere must
 * not be able to use, or replace with the attacker's by logging them in.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { serialize } from "cookie";
import { checkOption, checkOptionsObject, SioOptionError } from "../errors.js";
import { refuseRequest } from "../http/respond.js";
import { loggerOf } from "../lifecycle.js";
import { getDefaultLogger } from "../logger.js";
import { isPromiseLike } from "../promise-like.js";
import { inheritPathRouting } from "../routing/mark.js";
import { backplaneSessionStore } from "../scale/backplane.js";
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

/** How many sessions MemorySessionStore keeps by default. */
const MEMORY_STORE_MAX_ENTRIES = 10_000;
/** A session read again within this long keeps its place in the recency order (moving it costs a Map delete and set). */
const RECENCY_GRANULARITY_MS = 60_000;

interface MemoryEntry {
  data: SessionData;
  expires: number;
  /** When the entry last took its place at the young end of the Map. */
  touched: number;
}

/**
 * The default store, for development and single-process deployments: one
 * process's memory, at most `maxEntries` sessions (the least recently used
 * go first, so a flood of new sessions — every anonymous POST to a login
 * form makes one — cannot grow the heap without bound), expired lazily (at
 * most CLOCK_RESOLUTION_MS late) and swept every 1024 writes.
 */
export class MemorySessionStore implements SessionStore {
  readonly #entries = new Map<string, MemoryEntry>();
  readonly #maxEntries: number;
  readonly #now: () => number;
  #writes = 0;

  /** `now` is the clock expiry reads (milliseconds, Date.now by default): a test can move it instead of waiting. */
  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    checkOptionsObject("MemorySessionStore", options);
    checkOption("MemorySessionStore", "maxEntries", options.maxEntries, "a positive whole number", (v) => Number.isInteger(v) && (v as number) > 0);
    checkOption("MemorySessionStore", "now", options.now, "a function returning milliseconds", (v) => typeof v === "function");
    this.#maxEntries = options.maxEntries ?? MEMORY_STORE_MAX_ENTRIES;
    this.#now = options.now ?? coarseNow;
  }

  load(key: string): SessionData | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    const now = this.#now();
    if (entry.expires <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    if (now - entry.touched >= RECENCY_GRANULARITY_MS) {
      // Maps iterate in insertion order: re-inserting makes the entry the youngest.
      this.#entries.delete(key);
      entry.touched = now;
      this.#entries.set(key, entry);
    }
    return entry.data;
  }

  save(key: string, data: SessionData, maxAge: number): void {
    const now = this.#now();
    this.#entries.delete(key);
    this.#entries.set(key, { data, expires: now + maxAge * 1000, touched: now });
    if (++this.#writes % 1024 === 0) this.#sweep();
    // The least recently used first: Maps iterate in insertion order.
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  destroy(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  #sweep(): void {
    const now = this.#now();
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
  /** Default: `SIO_SESSION_COOKIE_SECURE` when set (behind a TLS-terminating proxy), else true when the scope's scheme is https. */
  cookieSecure?: boolean;
  cookieSameSite?: "lax" | "strict" | "none";
  /** Refuse cross-site unsafe requests with 403 (CSRF); default true. */
  csrf?: boolean;
  /** Origins trusted by the CSRF check (`https://app.example.com`, `https://*.example.com`), besides `SIO_CSRF_TRUSTED_ORIGINS`. */
  csrfTrustedOrigins?: readonly string[];
}

export const SECRET_KEY_ENV = "SIO_SECRET_KEY";
/** `true`/`false`: the session cookie's Secure flag when the options do not set it. */
export const COOKIE_SECURE_ENV = "SIO_SESSION_COOKIE_SECURE";
/** Below this many characters (or 5 distinct ones) a secret is warned about, as Django's check W009 does. */
const MIN_SECRET_LENGTH = 32;

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

const warnedSecrets = new Set<string>();

function resolveSecret(secret: string | undefined): string {
  if (secret !== undefined) return checkedSecret(secret, "the session secret");
  const fromEnv = process.env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return checkedSecret(fromEnv, SECRET_KEY_ENV);
  if (processSecret === undefined) {
    processSecret = randomBytes(32).toString("base64url");
    getDefaultLogger().warn(
      `${SECRET_KEY_ENV} is not set: session cookies are signed with a random per-process key (sessions end on restart and are not shared between processes)`,
    );
  }
  return processSecret;
}

/** Warns (once per secret) about a secret short or repetitive enough to be guessed offline from one signed cookie. */
function checkedSecret(secret: string, what: string): string {
  if ((secret.length < MIN_SECRET_LENGTH || new Set(secret).size < 5) && !warnedSecrets.has(secret)) {
    warnedSecrets.add(secret);
    getDefaultLogger().warn(
      `${what} is weak (${secret.length} characters, ${new Set(secret).size} distinct): anyone holding one session cookie can try to guess it offline and then forge any session; ` +
        `use at least ${MIN_SECRET_LENGTH} random characters, e.g. node -e "console.log(crypto.randomBytes(32).toString('base64url'))"`,
    );
  }
  return secret;
}

/** The Secure flag from SIO_SESSION_COOKIE_SECURE, or undefined when it is not set. */
function cookieSecureFromEnv(): boolean | undefined {
  const raw = process.env[COOKIE_SECURE_ENV]?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new SioOptionError(`${COOKIE_SECURE_ENV}=${JSON.stringify(raw)}: expected true or false`);
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
    // Default: the backplane's store (this process's memory, the cluster's primary, or Redis).
    store: options.store ?? backplaneSessionStore,
    secret: resolveSecret(options.secret),
    cookieName: options.cookieName ?? "sessionid",
    maxAge: options.maxAge ?? 14 * 24 * 60 * 60,
    cookiePath: options.cookiePath ?? "/",
    cookieDomain: options.cookieDomain,
    cookieSecure: options.cookieSecure ?? cookieSecureFromEnv(),
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

