/**
 * Socket.IO endpoint options as a spec writes them (`ping_interval=…` on
 * `SocketIO(...)` or `X.as_asgi(...)`) and as the runtime takes them. The
 * binder validates spec option names against this table; the generator maps
 * them; the endpoint splits them between the Engine.IO server and socket.io.
 */
export interface SocketIOOptions {
  /** Milliseconds between Engine.IO pings. */
  pingInterval?: number;
  /** Milliseconds to wait for a pong before closing. */
  pingTimeout?: number;
  /** Largest message or polling payload, in bytes (Engine.IO maxHttpBufferSize). */
  maxPayload?: number;
  /** Milliseconds a client has to join a namespace after the handshake. */
  connectTimeout?: number;
  /** Milliseconds an upgrade may take. */
  upgradeTimeout?: number;
  /** Allowed transports, in order of preference. */
  transports?: readonly ("polling" | "websocket" | "webtransport")[];
  allowUpgrades?: boolean;
  /**
   * CORS for polling requests (the `cors` package's options). Its origins
   * are also admitted by the endpoint's origin policy, on every transport.
   */
  cors?: boolean | { origin?: string | boolean | readonly string[]; credentials?: boolean; methods?: readonly string[] };
  /** Serve JSONP polling (`j=` in the query), for browsers without XHR; off by default. */
  jsonp?: boolean;
  perMessageDeflate?: boolean;
  httpCompression?: boolean;
  /** Name of the sticky-session cookie set on the handshake, or false. */
  cookie?: boolean | string;
  /** Socket.IO connection state recovery. */
  connectionStateRecovery?: { maxDisconnectionDuration?: number; skipMiddlewares?: boolean };
  allowEIO3?: boolean;
  cleanupEmptyChildNamespaces?: boolean;
}

/** Spec name → runtime name, and the kind of value each accepts. */
export const SOCKETIO_OPTIONS = {
  ping_interval: { name: "pingInterval", type: "number" },
  ping_timeout: { name: "pingTimeout", type: "number" },
  max_payload: { name: "maxPayload", type: "number" },
  connect_timeout: { name: "connectTimeout", type: "number" },
  upgrade_timeout: { name: "upgradeTimeout", type: "number" },
  transports: { name: "transports", type: "list" },
  allow_upgrades: { name: "allowUpgrades", type: "boolean" },
  cors: { name: "cors", type: "any" },
  jsonp: { name: "jsonp", type: "boolean" },
  per_message_deflate: { name: "perMessageDeflate", type: "boolean" },
  http_compression: { name: "httpCompression", type: "boolean" },
  cookie: { name: "cookie", type: "any" },
  connection_state_recovery: { name: "connectionStateRecovery", type: "dict" },
  allow_eio3: { name: "allowEIO3", type: "boolean" },
  cleanup_empty_child_namespaces: { name: "cleanupEmptyChildNamespaces", type: "boolean" },
} as const satisfies Record<string, { name: keyof SocketIOOptions; type: "number" | "boolean" | "list" | "dict" | "any" }>;

export type SocketIOOptionName = keyof typeof SOCKETIO_OPTIONS;

/** The origins an endpoint's `cors` option admits: every one, or a list (as configured, not normalized). */
export interface CorsOrigins {
  all: boolean;
  origins: readonly string[];
  credentials: boolean;
}

/**
 * What `cors` admits, read as the `cors` package reads it: `true`, an
 * object without `origin`, `origin: true` (reflect) or `"*"` admit every
 * origin; a string or a list admits those; `false` none.
 */
export function corsOriginsOf(cors: SocketIOOptions["cors"]): CorsOrigins {
  if (cors === undefined || cors === false) return { all: false, origins: [], credentials: false };
  if (cors === true) return { all: true, origins: [], credentials: false };
  const credentials = cors.credentials === true;
  const { origin } = cors;
  if (origin === undefined || origin === true || origin === "*") return { all: true, origins: [], credentials };
  if (origin === false) return { all: false, origins: [], credentials };
  const origins = typeof origin === "string" ? [origin] : [...origin];
  return { all: origins.includes("*"), origins: origins.filter((item) => item !== "*"), credentials };
}
