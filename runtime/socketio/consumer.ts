/**
 * The class API of a Socket.IO consumer, as django-sio has it: one instance
 * per endpoint serves its namespace; `connect` decides whether a socket may
 * join, `event_<name>` methods handle events, `disconnect` cleans up.
 *
 * The generic parameters declare what it sends and what `socket.data` holds;
 * handlers that take `ConsumerSocket<Emits, Data>` have their emits checked.
 * Both default to untyped (any event, `unknown` data), so a plain
 * `extends SocketIOConsumer` keeps compiling.
 *
 * ```ts
 * interface ChatEmits { said: (text: string) => void }
 * type ChatSocket = ConsumerSocket<ChatEmits>;
 * class ChatConsumer extends SocketIOConsumer<ChatEmits> {
 *   static override namespace = "/chat";
 *   override connect(socket: ChatSocket) { return this.scope(socket).user?.isAuthenticated ?? false; }
 *   event_message(socket: ChatSocket, text: string, ack?: (reply: { ok: boolean }) => void) {
 *     this.nsp.emit("said", text);
 *     ack?.({ ok: true });
 *   }
 * }
 * ```
 */
import type { IncomingMessage } from "node:http";
import type { DisconnectReason, Namespace, Server } from "socket.io";
import type { Scope } from "../types.js";
import { SocketIO, type SocketIOEndpoint } from "./endpoint.js";
import type { ConsumerSocket, UntypedEvents } from "./events.js";
import type { SocketIOOptions } from "./options.js";
import { scopeOfSocket } from "./socket-scope.js";

/** A consumer class as `SocketIO(...)` takes it. */
export interface SocketIOConsumerClass {
  new (io: Server, nsp: Namespace): SocketIOConsumer;
  /** The namespace it serves; a RegExp serves matching dynamic namespaces. */
  readonly namespace: string | RegExp;
  readonly name: string;
}

export class SocketIOConsumer<Emits extends object = UntypedEvents, Data = unknown> {
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
    readonly nsp: Namespace<UntypedEvents, Emits, UntypedEvents, Data>,
  ) {}

  /**
   * A socket asks to join the namespace; `auth` is the client's `auth` option.
   * Return false (or a Promise of false) to refuse: the client gets
   * connect_error. Emits made here reach the client after it has connected.
   */
  connect(socket: ConsumerSocket<Emits, Data>, auth: Record<string, unknown>): boolean | void | Promise<boolean | void> {
    return true;
  }

  /** The socket left (client disconnect, transport close, ping timeout, server shutdown). */
  disconnect(socket: ConsumerSocket<Emits, Data>, reason: DisconnectReason): void | Promise<void> {}

  /** The routed scope of a socket: user, session, url_route, headers. */
  scope(socket: { readonly request: IncomingMessage }): Scope {
    return scopeOfSocket(socket);
  }
}
