/**
 * `@sio-router/runtime/security`: the origin and host rules the runtime
 * enforces, for the toolchain's lint rules (one definition of what a
 * validator admits).
 */
export { createOriginCheck, serializedOrigin } from "./origins.js";
export { resolveAllowedHosts } from "./hosts.js";
