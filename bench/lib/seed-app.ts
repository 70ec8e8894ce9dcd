/**
 * The seed example's application (routes.sio) built by hand with the runtime,
 * around the benchmark's own listener and consumer — what the generated code
 * for that spec builds:
 *
 *   websocket: AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(socketio_urlpatterns)))
 *   http:      AuthMiddlewareStack(URLRouter(socketio_urlpatterns + [re_path("", app)]))
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "socket.io";
import {
  AllowedHostsOriginValidator,
  AuthMiddlewareStack,
  login,
  MemorySessionStore,
  ProtocolTypeRouter,
  re_path,
  SioSession,
  SocketIOConsumer,
  URLRouter,
  type Application,
  type Connection,
  type Scope,
  type SocketIOEndpoint,
} from "@sio-router/runtime";
import { resolveSessionOptions, signSessionKey } from "../../runtime/middleware/session.js";

export const ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
/** The Origin header benchmark clients send: a page served by the sio server itself (an allowed host, on its port). */
export function clientOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** What both peers of the Socket.IO benchmark put on a socket when it connects (as ChatConsumer does). */
export interface Member {
  name: string;
  authenticated: boolean;
}

let authenticatedConnections = 0;

/** Connections whose routed user was the logged-in benchmark user (the benchmark checks the session really reached the consumer). */
export function authenticatedCount(): number {
  return authenticatedConnections;
}

/** ChatConsumer's shape, reduced to an echo: connect() reads the routed user, `echo` acknowledges its payload. */
export class EchoConsumer extends SocketIOConsumer {
  static override namespace = "/";

  override connect(socket: Socket): boolean {
    const user = this.scope(socket).user;
    const authenticated = user?.isAuthenticated === true;
    if (authenticated) authenticatedConnections++;
    socket.data = memberOf(socket, authenticated ? user.username : undefined);
    return true;
  }

  event_echo(_socket: Socket, data: unknown, ack?: (reply: unknown) => void): void {
    ack?.(data);
  }
}

export function memberOf(socket: Socket, username: string | undefined): Member {
  return username === undefined ? { name: `guest-${socket.id.slice(0, 4)}`, authenticated: false } : { name: username, authenticated: true };
}

export interface CountingListener {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Requests answered by the tiny handler so far. */
  readonly count: () => number;
}

/** The tiny handler every HTTP peer serves. */
export function countingListener(): CountingListener {
  let requests = 0;
  const listener = (_req: IncomingMessage, res: ServerResponse): void => {
    requests++;
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
  };
  return Object.assign(listener, { count: () => requests });
}

/** Where the seed stacks of a benchmark server keep their sessions. */
const sessions = new MemorySessionStore();

/**
 * A logged-in session of the benchmark user — login() run on a new session
 * of the benchmark's store — and its signed cookie (`sessionid=...`),
 * created inside the server process and handed to the orchestrator over
 * IPC. Logging in over HTTP instead would make the sio server answer a
 * request that the bare one does not, before anything is measured, and that
 * alone changes how V8 compiles Node's own process.nextTick in that process
 * for the rest of its life (docs/performance.md, "The nextTick effect").
 */
export async function loggedInCookie(): Promise<string> {
  const options = resolveSessionOptions({ store: sessions });
  // There is no request: a session reads only the scope's scheme (the cookie's Secure flag) and keeps a websocket connection's request for its logger.
  const session = new SioSession(undefined, undefined, options, { scheme: "ws" } as Scope, { type: "websocket" } as Connection);
  await login({ session } as Partial<Scope> as Scope, { id: "bench", username: "bench", isAuthenticated: true });
  return `${options.cookieName}=${signSessionKey(session.key, options)}`;
}

export function seedApplication(endpoint: SocketIOEndpoint, fallback: Application): Application {
  const socketio_urlpatterns = [re_path(String.raw`^socket\.io/?$`, endpoint)];
  return ProtocolTypeRouter({
    websocket: AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(socketio_urlpatterns), { store: sessions }), { allowed_hosts: ALLOWED_HOSTS }),
    http: AuthMiddlewareStack(URLRouter([...socketio_urlpatterns, re_path("", fallback)]), { store: sessions }),
  });
}

/** The `cookie` request of a benchmark server child: only the sio peer has sessions. */
export function cookieOf(peer: string): Promise<string> {
  if (peer !== "sio") throw new Error(`cookie: only the sio peer has sessions (this is ${peer})`);
  return loggedInCookie();
}
