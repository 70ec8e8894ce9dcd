/**
 * A pluggable logger. `serve({ logger })` sets the logger of one server (the
 * endpoints and middleware find it through the lifecycle registry); the
 * process-wide default writes to the console and can be replaced with
 * `setDefaultLogger`, e.g. `setDefaultLogger(quietLogger)` in tests.
 */

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (message) => console.log(`sio: ${message}`),
  warn: (message) => console.warn(`sio: ${message}`),
  error: (message, error) => (error === undefined ? console.error(`sio: ${message}`) : console.error(`sio: ${message}`, error)),
};

export const quietLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};

let defaultLogger: Logger = consoleLogger;

export function setDefaultLogger(logger: Logger): void {
  defaultLogger = logger;
}

export function getDefaultLogger(): Logger {
  return defaultLogger;
}
