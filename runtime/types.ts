/**
 * The runtime's core contract. A request or an upgrade becomes a Scope (the
 * ASGI scope, as Channels builds it) and goes through an Application.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Address } from "./connection.js";
import type { UrlRoute } from "./matching/types.js";

export type { Address, UrlRoute };

export interface Scope {
  /** "http" or "websocket" (others are refused by ProtocolTypeRouter). */
  type: string;
  /** Percent-decoded path, with its leading "/". */
  path: string;
  /** The path as received (still percent-encoded), without the query. */
  raw_path: string;
  /** The query without its "?". */
  query_string: string;
  /** Node's lower-cased request headers. */
  headers: IncomingHttpHeaders;
  /** The HTTP method ("GET" for a WebSocket upgrade). */
  method: string;
  /** The mount point of the application; stripped by the outermost URLRouter. */
  root_path: string;
  scheme: "http" | "https" | "ws" | "wss";
  /** Remote address and port (a frozen tuple). */
  client: Address | null;
  /** Local address and port (a frozen tuple). */
  server: Address | null;
  /** Set by URLRouter for the app it routes to: what is left of the path. */
  path_remaining?: string;
  /** Set by URLRouter: positional and keyword captures, merged down nested routers. */
  url_route?: UrlRoute;
  /** Set by CookieMiddleware. */
  cookies?: Record<string, string>;
  /** Set by SessionMiddlewareStack. */
  session?: Session;
  /** Set by AuthMiddlewareStack. */
  user?: User;
}

/** A session: a mutable record persisted by the session store. */
export interface Session {
  readonly key: string;
  get<T = unknown>(name: string): T | undefined;
  set(name: string, value: unknown): void;
  delete(name: string): void;
  /** Persist changes (the session middleware also saves after the app when modified). */
  save(): Promise<void>;
}

export interface User {
  /** null for the anonymous user. */
  id: string | number | null;
  username: string;
  isAuthenticated: boolean;
  [field: string]: unknown;
}

export type Connection =
  | { type: "http"; req: IncomingMessage; res: ServerResponse }
  | { type: "websocket"; req: IncomingMessage; socket: Duplex; head: Buffer };

/**
 * An application handles a scope. It returns true when it took the
 * connection, false when it has no route for it (an inner URLRouter that
 * matched nothing), so the outer router can try its next route — Channels'
 * fall-through, without exceptions on the hot path.
 */
export type Application = (scope: Scope, conn: Connection) => boolean | Promise<boolean>;

/** `settings { ... }` of a spec, as the generated code exports it. */
export interface Settings {
  readonly allowed_hosts?: readonly string[];
  readonly debug?: boolean;
  /** Whether `Host` is checked against `allowed_hosts` (default true). */
  readonly check_host?: boolean;
}
