/**
 * Validates a Socket.IO endpoint's options, applies the environment's
 * overrides, and splits them between the two objects that read them: the
 * Engine.IO server (transport-level options, which an unattached socket.io
 * `Server` silently ignores) and the socket.io `Server`.
 */
import type { ServerOptions as EngineOptions } from "engine.io";
import type { ServerOptions as IOOptions } from "socket.io";
import { SioOptionError } from "../errors.js";
import { SOCKETIO_OPTIONS, type SocketIOOptionName, type SocketIOOptions } from "./options.js";

function optionError(message: string): SioOptionError {
  return new SioOptionError(message);
}

export interface ResolvedSocketIOOptions {
  /** The options after environment overrides, as validated. */
  options: SocketIOOptions;
  engine: EngineOptions;
  server: Partial<IOOptions>;
}

type Transport = NonNullable<SocketIOOptions["transports"]>[number];
const TRANSPORTS: readonly Transport[] = ["polling", "websocket", "webtransport"];

/** The environment variable that overrides a spec option: `ping_interval` → `SIO_PING_INTERVAL`. */
export function environmentVariableOf(name: SocketIOOptionName): string {
  return `SIO_${name.toUpperCase()}`;
}

export function resolveSocketIOOptions(
  options: SocketIOOptions = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): ResolvedSocketIOOptions {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!RUNTIME_NAMES.has(key)) {
      throw optionError(`unknown Socket.IO option "${key}"`);
    }
    if (value !== undefined) merged[key] = value;
  }
  for (const specName of Object.keys(SOCKETIO_OPTIONS) as SocketIOOptionName[]) {
    const variable = environmentVariableOf(specName);
    const raw = env[variable];
    if (raw === undefined || raw.trim() === "") continue;
    const runtimeName = SOCKETIO_OPTIONS[specName].name;
    const value = parseEnvironmentValue(runtimeName, raw.trim(), variable);
    if (value === undefined) delete merged[runtimeName];
    else merged[runtimeName] = value;
  }
  const validated = validate(merged);
  return { options: validated, engine: engineOptionsOf(validated), server: serverOptionsOf(validated) };
}

const RUNTIME_NAMES: ReadonlySet<string> = new Set(Object.values(SOCKETIO_OPTIONS).map((option) => option.name));

function parseEnvironmentValue(name: keyof SocketIOOptions, raw: string, variable: string): unknown {
  const fail = (expected: string): never => {
    throw optionError(`${variable}=${JSON.stringify(raw)}: expected ${expected}`);
  };
  switch (name) {
    case "pingInterval":
    case "pingTimeout":
    case "maxPayload":
    case "connectTimeout":
    case "upgradeTimeout":
      return /^\d+$/.test(raw) ? Number(raw) : fail("a whole number");
    case "allowUpgrades":
    case "perMessageDeflate":
    case "httpCompression":
    case "allowEIO3":
    case "cleanupEmptyChildNamespaces":
    case "jsonp":
      return parseBoolean(raw) ?? fail("true or false");
    case "transports":
      return raw.split(",").map((item) => item.trim());
    case "cors": {
      // `true`/`false`, a JSON object of the cors package's options, or a comma-separated list of origins.
      const flag = parseBoolean(raw);
      if (flag !== undefined) return flag;
      if (raw.startsWith("{")) return parseJson(raw) ?? fail("a JSON object");
      const origins = raw.split(",").map((item) => item.trim());
      return { origin: origins.length === 1 ? origins[0] : origins };
    }
    case "cookie":
      return parseBoolean(raw) ?? raw;
    case "connectionStateRecovery": {
      // `false` turns recovery off, `true` turns it on with socket.io's defaults.
      const flag = parseBoolean(raw);
      if (flag === false) return undefined;
      if (flag === true) return {};
      return parseJson(raw) ?? fail("true, false or a JSON object");
    }
  }
}

function parseBoolean(raw: string): boolean | undefined {
  const lower = raw.toLowerCase();
  if (["true", "1", "yes", "on"].includes(lower)) return true;
  if (["false", "0", "no", "off"].includes(lower)) return false;
  return undefined;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function validate(values: Record<string, unknown>): SocketIOOptions {
  const fail = (name: string, expected: string): never => {
    throw optionError(`Socket.IO option ${name}=${JSON.stringify(values[name])}: expected ${expected}`);
  };
  for (const [name, value] of Object.entries(values)) {
    switch (name as keyof SocketIOOptions) {
      case "pingInterval":
      case "pingTimeout":
      case "maxPayload":
      case "connectTimeout":
      case "upgradeTimeout":
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) fail(name, "a positive whole number");
        break;
      case "allowUpgrades":
      case "perMessageDeflate":
      case "httpCompression":
      case "allowEIO3":
      case "cleanupEmptyChildNamespaces":
      case "jsonp":
        if (typeof value !== "boolean") fail(name, "true or false");
        break;
      case "transports":
        if (
          !Array.isArray(value) ||
          value.length === 0 ||
          !value.every((item) => TRANSPORTS.includes(item as Transport))
        ) {
          fail(name, `a non-empty list of ${TRANSPORTS.join(", ")}`);
        }
        break;
      case "cors":
        if (
          typeof value !== "boolean" &&
          (!isRecord(value) ||
            !(value.origin === undefined || typeof value.origin === "boolean" || typeof value.origin === "string" || isStringList(value.origin)) ||
            !(value.credentials === undefined || typeof value.credentials === "boolean"))
        ) {
          fail(name, "true, false or the cors package's options (origin: a boolean, an origin or a list of origins; credentials: a boolean)");
        }
        break;
      case "cookie":
        if (typeof value !== "boolean" && (typeof value !== "string" || value === "")) fail(name, "true, false or a cookie name");
        break;
      case "connectionStateRecovery":
        if (
          !isRecord(value) ||
          (value.maxDisconnectionDuration !== undefined &&
            (typeof value.maxDisconnectionDuration !== "number" || value.maxDisconnectionDuration <= 0)) ||
          (value.skipMiddlewares !== undefined && typeof value.skipMiddlewares !== "boolean")
        ) {
          fail(name, "{ maxDisconnectionDuration?: positive number, skipMiddlewares?: boolean }");
        }
        break;
    }
  }
  return values as SocketIOOptions;
}

function engineOptionsOf(options: SocketIOOptions): EngineOptions {
  const engine: EngineOptions = {};
  if (options.pingInterval !== undefined) engine.pingInterval = options.pingInterval;
  if (options.pingTimeout !== undefined) engine.pingTimeout = options.pingTimeout;
  // The handshake advertises maxHttpBufferSize as its maxPayload.
  if (options.maxPayload !== undefined) engine.maxHttpBufferSize = options.maxPayload;
  if (options.upgradeTimeout !== undefined) engine.upgradeTimeout = options.upgradeTimeout;
  if (options.transports !== undefined) engine.transports = [...options.transports];
  if (options.allowUpgrades !== undefined) engine.allowUpgrades = options.allowUpgrades;
  if (options.perMessageDeflate !== undefined) engine.perMessageDeflate = options.perMessageDeflate;
  if (options.httpCompression !== undefined) engine.httpCompression = options.httpCompression;
  if (options.allowEIO3 !== undefined) engine.allowEIO3 = options.allowEIO3;
  if (options.cors === true) engine.cors = {};
  else if (isRecord(options.cors)) {
    const { origin, methods, ...rest } = options.cors;
    engine.cors = {
      ...rest,
      ...(origin !== undefined && { origin: Array.isArray(origin) ? [...origin] : (origin as string | boolean) }),
      ...(methods !== undefined && { methods: [...methods] }),
    };
  }
  if (options.cookie === true) engine.cookie = { name: "io" };
  else if (typeof options.cookie === "string") engine.cookie = { name: options.cookie };
  return engine;
}

function serverOptionsOf(options: SocketIOOptions): Partial<IOOptions> {
  // The router serves the endpoint, so socket.io never serves its client bundle.
  const server: Partial<IOOptions> = { serveClient: false };
  if (options.connectTimeout !== undefined) server.connectTimeout = options.connectTimeout;
  if (options.connectionStateRecovery !== undefined) server.connectionStateRecovery = { ...options.connectionStateRecovery };
  if (options.cleanupEmptyChildNamespaces !== undefined) {
    server.cleanupEmptyChildNamespaces = options.cleanupEmptyChildNamespaces;
  }
  return server;
}
