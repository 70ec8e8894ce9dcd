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
  ProtocolTypeRouter,
  re_path,
  scopeOf,
  SocketIOConsumer,
  URLRouter,
  type Application,
  type SocketIOEndpoint,
} from "sio/runtime";

export const ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
/** The Origin header benchmark clients send, allowed by ALLOWED_HOSTS. */
export const CLIENT_ORIGIN = "http://127.0.0.1";

/** What both peers of the Socket.IO benchmark put on a socket when it connects (as ChatConsumer does). */
export interface Member {
  name: string;
  authenticated: boolean;
}

/** ChatConsumer's shape, reduced to an echo: connect() reads the routed user, `echo` acknowledges its payload. */
export class EchoConsumer extends SocketIOConsumer {
  static override namespace = "/";

  override connect(socket: Socket): boolean {
    const user = this.scope(socket).user;
    socket.data = memberOf(socket, user?.isAuthenticated === true ? user.username : undefined);
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

/**
 * The tiny fallback handler every HTTP peer serves. `POST /login` logs a
 * benchmark user in when the request went through the sio stack (it is how
 * the benchmark gets a real session cookie); the path comparison is the
 * same on every peer, so it costs them all alike.
 */
export function countingListener(): CountingListener {
  let requests = 0;
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === "/login") {
      logIn(req, res);
      return;
    }
    requests++;
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok");
  };
  return Object.assign(listener, { count: () => requests });
}

function logIn(req: IncomingMessage, res: ServerResponse): void {
  const scope = scopeOf(req);
  if (scope === undefined) {
    res.writeHead(404).end();
    return;
  }
  login(scope, { id: "bench", username: "bench", isAuthenticated: true }).then(
    () => res.end(JSON.stringify(scope.user)),
    (error: unknown) => res.writeHead(500).end(String(error)),
  );
}

export function seedApplication(endpoint: SocketIOEndpoint, fallback: Application): Application {
  const socketio_urlpatterns = [re_path(String.raw`^socket\.io/?$`, endpoint)];
  return ProtocolTypeRouter({
    websocket: AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(socketio_urlpatterns)), { allowed_hosts: ALLOWED_HOSTS }),
    http: AuthMiddlewareStack(URLRouter([...socketio_urlpatterns, re_path("", fallback)])),
  });
}

/** A real session: POST /login through the sio stack, keep the cookie it sets. */
export async function sessionCookie(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/login`, { method: "POST" });
  const user = (await response.json()) as { isAuthenticated?: boolean };
  const cookie = response.headers.getSetCookie()[0]?.split(";")[0];
  if (!response.ok || user.isAuthenticated !== true || cookie === undefined) throw new Error("could not log in through the sio stack");
  return cookie;
}
