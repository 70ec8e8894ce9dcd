/**
 * The Redis packages are optional peer dependencies: a deployment that
 * names no Redis never loads (nor needs to install) them. They are CommonJS,
 * so they load synchronously, when the configuration first asks for them;
 * a missing one is an error that says what to install.
 */
import { createRequire } from "node:module";
import { SioError } from "../errors.js";

const require = createRequire(import.meta.url);

/** The packages a Redis backplane needs, by the adapter it uses. */
export const REDIS_PACKAGES = {
  "redis-streams": ["redis", "@socket.io/redis-streams-adapter"],
  redis: ["redis", "@socket.io/redis-adapter"],
} as const;

/** `require(name)`, or an SioError naming every package of `needed` to install. */
export function loadOptional<T>(name: string, needed: readonly string[], why: string): T {
  try {
    return require(name) as T;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // Only the package itself missing; a broken install of it is its own error.
    if (code !== "MODULE_NOT_FOUND" || !message.includes(`'${name}'`)) throw error;
    throw new SioError("SIO_ERR_MISSING_PACKAGE", `${why} needs the package ${name}, which is not installed: npm install ${needed.join(" ")}`, {
      cause: error,
    });
  }
}
