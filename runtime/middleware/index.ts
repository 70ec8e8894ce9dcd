export { AllowedHostsOriginValidator, OriginValidator } from "./origin.js";
export { AllowedHostsMiddleware } from "./hosts.js";
export { ALLOWED_HOSTS_ENV, CHECK_HOST_ENV, DEBUG_ENV } from "../security/hosts.js";
export { createOriginCheck } from "../security/origins.js";
export { CSRF_TRUSTED_ORIGINS_ENV } from "../security/csrf.js";
export { CookieMiddleware, cookiesOf } from "./cookies.js";
export {
  MemorySessionStore,
  COOKIE_SECURE_ENV,
  SECRET_KEY_ENV,
  SessionMiddleware,
  SessionMiddlewareStack,
  SioSession,
  type SessionData,
  type SessionOptions,
  type SessionStore,
} from "./session.js";
export {
  AnonymousUser,
  AuthMiddleware,
  AuthMiddlewareStack,
  configureAuth,
  login,
  logout,
  SESSION_USER,
  SESSION_USER_ID,
  sessionUser,
  type AuthOptions,
  type UserResolver,
} from "./auth.js";
