/**
 * Channels' AuthMiddlewareStack (cookies + session + user) and its
 * `login`/`logout` helpers. Who the user is comes from a function the app
 * provides — per stack (`AuthMiddlewareStack(app, { resolveUser })`) or
 * process-wide (`configureAuth({ resolveUser })`, which a spec-generated
 * stack picks up) — and defaults to the user `login()` stored in the
 * session, else the anonymous user.
 */
import { checkOption, checkOptionsObject } from "../errors.js";
import { isPromiseLike } from "../promise-like.js";
import { inheritPathRouting } from "../routing/mark.js";
import { callWith } from "../scope.js";
import type { Application, Scope, User } from "../types.js";
import { CookieMiddleware } from "./cookies.js";
import { SessionMiddleware, SioSession, type SessionOptions } from "./session.js";

/** Resolves the user of a scope (with its cookies and session); null/undefined → anonymous. */
export type UserResolver = (scope: Scope) => User | null | undefined | Promise<User | null | undefined>;

export interface AuthOptions extends SessionOptions {
  resolveUser?: UserResolver;
}

/** Session keys login() writes (Django's `_auth_user_id`, plus the user itself for the default resolver). */
export const SESSION_USER_ID = "_auth_user_id";
export const SESSION_USER = "_auth_user";

export const AnonymousUser: User = Object.freeze({ id: null, username: "", isAuthenticated: false });

/** The default: the user login() stored in the session. */
export const sessionUser: UserResolver = (scope) => {
  const stored = scope.session?.get<User>(SESSION_USER);
  return stored !== undefined && stored !== null && typeof stored === "object" ? stored : AnonymousUser;
};

let configuredResolver: UserResolver | undefined;

/** Sets the process-wide user resolver used by stacks built without one (e.g. generated code). */
export function configureAuth(options: { resolveUser?: UserResolver }): void {
  checkOptionsObject("configureAuth", options);
  checkOption("configureAuth", "resolveUser", options.resolveUser, "a function", (v) => typeof v === "function");
  configuredResolver = options.resolveUser;
}

/** AuthMiddleware alone: needs `scope.session` from an outer SessionMiddleware. */
export function AuthMiddleware(app: Application, options: { resolveUser?: UserResolver } = {}): Application {
  if (typeof app !== "function") throw new TypeError("AuthMiddleware: app must be an application function");
  checkOption("AuthMiddleware", "resolveUser", options.resolveUser, "a function", (v) => typeof v === "function");
  const own = options.resolveUser;
  const middleware: Application = (scope, conn) => {
    const user = (own ?? configuredResolver ?? sessionUser)(scope);
    if (isPromiseLike(user)) return Promise.resolve(user).then((resolved) => callWith(app, scope, conn, "user", resolved ?? AnonymousUser));
    return callWith(app, scope, conn, "user", user ?? AnonymousUser);
  };
  return inheritPathRouting(middleware, app);
}

/** Channels' AuthMiddlewareStack: CookieMiddleware(SessionMiddleware(AuthMiddleware(app))). */
export function AuthMiddlewareStack(app: Application, options: AuthOptions = {}): Application {
  checkOptionsObject("AuthMiddlewareStack", options);
  const { resolveUser, ...sessionOptions } = options;
  return CookieMiddleware(SessionMiddleware(AuthMiddleware(app, { resolveUser }), sessionOptions));
}

function sessionOf(scope: Scope, helper: string): SioSession {
  const session = scope.session;
  if (!(session instanceof SioSession)) {
    throw new TypeError(`${helper}(): the scope has no session; put the consumer or app behind AuthMiddlewareStack`);
  }
  return session;
}

/**
 * Logs `user` in on this connection (channels.auth.login): rotates the
 * session key against fixation (or empties the session when another user
 * was logged in), stores the user in the session, saves it, and sets
 * `scope.user`. On http the new session cookie goes out with the response.
 */
export async function login(scope: Scope, user: User): Promise<void> {
  const session = sessionOf(scope, "login");
  if (user === null || typeof user !== "object") throw new TypeError("login(): user must be a User object");
  const current = session.get(SESSION_USER_ID);
  if (current !== undefined && current !== user.id) await session.flush();
  else await session.cycleKey();
  session.set(SESSION_USER_ID, user.id);
  session.set(SESSION_USER, { ...user });
  await session.save();
  scope.user = user;
}

/** Logs the user out (channels.auth.logout): empties the session and makes `scope.user` anonymous. */
export async function logout(scope: Scope): Promise<void> {
  await sessionOf(scope, "logout").flush();
  scope.user = AnonymousUser;
}
