/**
 * Runtime errors carry a stable machine code beside their message, as `ws`
 * does with `WS_ERR_*`: callers branch on `code`, people read `message`.
 */

export const SIO_ERROR_CODES = {
  /** A route pattern that cannot be compiled (thrown at start-up). */
  SIO_ERR_PATTERN: "SIO_ERR_PATTERN",
  /** An option with a wrong type or value (thrown at start-up, as a TypeError). */
  SIO_ERR_INVALID_OPTION: "SIO_ERR_INVALID_OPTION",
  /** A WebSocket consumer sent before its handshake was accepted. */
  SIO_ERR_NOT_ACCEPTED: "SIO_ERR_NOT_ACCEPTED",
  /** A named route's kwargs asked of a scope that was not routed through that route (`routeOf`). */
  SIO_ERR_ROUTE: "SIO_ERR_ROUTE",
  /** A package the configuration needs (Redis client, Socket.IO adapter) is not installed. */
  SIO_ERR_MISSING_PACKAGE: "SIO_ERR_MISSING_PACKAGE",
  /** Scale-out misconfigured (a Redis adapter without a Redis URL), or Redis unreachable at start. */
  SIO_ERR_SCALE_OUT: "SIO_ERR_SCALE_OUT",
  /** A group name or message the channel layer refuses (Channels' rules). */
  SIO_ERR_CHANNEL_LAYER: "SIO_ERR_CHANNEL_LAYER",
} as const;

export type SioErrorCode = keyof typeof SIO_ERROR_CODES;

export class SioError extends Error {
  override name = "SioError";
  readonly code: SioErrorCode;

  constructor(code: SioErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A bad option: a TypeError, so it reads like Node's and `ws`'s own option errors. */
export class SioOptionError extends TypeError {
  override name = "SioOptionError";
  readonly code = SIO_ERROR_CODES.SIO_ERR_INVALID_OPTION;
}

/** Throws SioOptionError unless `value` is undefined or passes `check`. */
export function checkOption(
  owner: string,
  name: string,
  value: unknown,
  expected: string,
  check: (value: unknown) => boolean,
): void {
  if (value !== undefined && !check(value)) {
    throw new SioOptionError(`${owner}: option "${name}" must be ${expected}, got ${describe(value)}`);
  }
}

/** Throws SioOptionError when `options` is neither undefined nor a plain object. */
export function checkOptionsObject(owner: string, options: unknown): void {
  if (options !== undefined && (options === null || typeof options !== "object" || Array.isArray(options))) {
    throw new SioOptionError(`${owner}: options must be an object, got ${describe(options)}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}
