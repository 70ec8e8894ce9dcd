/**
 * The class API of a Socket.IO consumer, as django-sio has it: one instance
 * per endpoint serves its namespace; `connect` decides whether a socket may
 * join, `event_<name>` methods handle events, `disconnect` cleans up.
 *
 * ```ts
 * class ChatConsumer extends SocketIOConsumer {
 *   static override namespace = "/chat";
 *   override connect(socket: Socket) { return this.scope(socket).user?.isAuthenticated ?? false; }
 *   event_message(socket: Socket, text: string, ack?: (reply: unknown) => void) { ack?.({ ok: true }); }
 *   "event_message-with-ack"(socket: Socket, data: unknown, ack: (reply: unknown) => void) { ack(data); }
 * }
 * ```
 */
import type { DisconnectReason, Namespace, Server, Socket } from "socket.io";
import type { Scope } from "../types.js";
import { SocketIO, type SocketIOEndpoint } from "./endpoint.js";
import type { SocketIOOptions } from "./options.js";
import { scopeOfSocket } from "./socket-scope.js";

/** A consumer class as `SocketIO(...)` takes it. */
export interface SocketIOConsumerClass {
  new (io: Server, nsp: Namespace): SocketIOConsumer;
  /** The namespace it serves; a RegExp serves matching dynamic namespaces. */
  readonly namespace: string | RegExp;
  readonly name: string;
}

export class SocketIOConsumer {
  static namespace: string | RegExp = "/";

  /** An endpoint serving this consumer alone (`X.as_asgi(ping_interval=…)` in a spec). */
  static as_asgi(this: SocketIOConsumerClass, options?: SocketIOOptions): SocketIOEndpoint {
    return SocketIO([this], options);
  }

  /**
   * @param io the endpoint's socket.io server (broadcasts to other namespaces, `io.close()`)
   * @param nsp this consumer's namespace (`this.nsp.to(room).emit(...)`)
   */
  constructor(
    readonly io: Server,
    readonly nsp: Namespace,
  ) {}

  /**
   * A socket asks to join the namespace; `auth` is the client's `auth` option.
   * Return false (or a Promise of false) to refuse: the client gets
   * connect_error. Emits made here reach the client after it has connected.
   */
  connect(socket: Socket, auth: Record<string, unknown>): boolean | void | Promise<boolean | void> {
    return true;
  }

  /** The socket left (client disconnect, transport close, ping timeout, server shutdown). */
  disconnect(socket: Socket, reason: DisconnectReason): void | Promise<void> {}

  /** The routed scope of a socket: user, session, url_route, headers. */
  scope(socket: Socket): Scope {
    return scopeOfSocket(socket);
  }
}
