/**
 * Channels' WebsocketConsumer and AsyncWebsocketConsumer on `ws`
 * (`noServer: true` + `handleUpgrade`, one WebSocketServer per `as_asgi()`).
 *
 * The handshake waits for the consumer: `connect()` runs first, with
 * `this.scope`; `accept()` completes the handshake, `close()` before it
 * refuses the connection with HTTP 403 (as Channels does). Messages arrive
 * in `receive(text | bytes)`, the end in `disconnect(code)`.
 *
 * WebsocketConsumer calls its handlers as they come; AsyncWebsocketConsumer
 * awaits each before the next (messages stay in order across awaits).
 *
 * Groups, as Channels has them: `this.channel_layer.group_add(group,
 * this.channel_name)`, `group_send(group, { type: "chat.message", ... })`
 * runs `chat_message(event)` on every member, on every process the
 * backplane links (see scale/channel-layer.ts). A consumer leaves its
 * groups when it ends.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { checkOption, checkOptionsObject, SioError } from "../errors.js";
import { refuseRequest, refuseUpgrade } from "../http/respond.js";
import { isClosing, loggerOf, onServerClose, serverOf } from "../lifecycle.js";
import { isPromiseLike } from "../promise-like.js";
import { backplane } from "../scale/backplane.js";
import type { ChannelLayer, ChannelMessage, ProcessChannelLayer } from "../scale/channel-layer.js";
import type { Application, Scope } from "../types.js";

export interface WebsocketConsumerOptions {
  /** Largest message in bytes; default 1 MiB. */
  maxPayload?: number;
  perMessageDeflate?: boolean;
}

/** Close code sent to clients when the server shuts down. */
const GOING_AWAY = 1001;
const INTERNAL_ERROR = 1011;

type ConsumerClass<C extends BaseWebsocketConsumer> = new () => C;

interface Handshake {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  endpoint: Endpoint;
}

/** One `as_asgi()` call: its ws server and the consumers it has live. */
interface Endpoint {
  wss: WebSocketServer;
  consumers: Set<BaseWebsocketConsumer>;
  /** Subprotocol each pending handshake accepted, read by ws's handleProtocols. */
  subprotocols: WeakMap<IncomingMessage, string>;
}

abstract class BaseWebsocketConsumer {
  /** Groups every consumer of the class joins before connect() (Channels' `groups`). */
  static groups: readonly string[] = [];

  /** The routed scope (url_route, user, session, ...), set before connect(). */
  scope!: Scope;
  /** The ws socket, once accepted. */
  socket: WebSocket | null = null;
  /** This consumer's channel, to add to groups; set before connect(). */
  channel_name = "";

  #layer: ProcessChannelLayer | null = null;

  #handshake: Handshake | null = null;
  /** The upgrade request, for the server's logger. */
  #req: IncomingMessage | null = null;
  #state: "connecting" | "open" | "closed" = "connecting";

  /** Queue of an async consumer's handler calls, so they run one at a time. */
  #queue: Promise<void> = Promise.resolve();

  protected abstract readonly sequential: boolean;

  /** Completes the handshake, optionally choosing one of the client's subprotocols. */
  protected acceptHandshake(subprotocol?: string): void {
    const handshake = this.#handshake;
    if (this.#state !== "connecting" || handshake === null) return;
    this.#handshake = null;
    const { req, socket, head, endpoint } = handshake;
    socket.off("close", this.#lostDuringHandshake);
    if (subprotocol !== undefined) endpoint.subprotocols.set(req, subprotocol);
    endpoint.wss.handleUpgrade(req, socket, head, (ws) => {
      this.socket = ws;
      this.#state = "open";
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        if (this.#state === "open") this.#dispatch(() => this.receive(isBinary ? data : data.toString("utf8")));
      });
      ws.on("error", (error: Error) => loggerOf(req).warn(`websocket error on ${JSON.stringify(this.scope.path)}: ${error.message}`));
      ws.once("close", (code: number) => {
        this.#state = "closed";
        endpoint.consumers.delete(this);
        this.#dispatch(() => this.disconnect(code));
        this.#leaveGroups();
      });
    });
    // ws completes a valid handshake synchronously; otherwise it answered 400
    // (bad headers) or found the socket gone, and this connection is over.
    if (this.#state === "connecting") {
      this.#state = "closed";
      endpoint.consumers.delete(this);
      this.#dispatch(() => this.disconnect(1006));
      this.#leaveGroups();
    }
  }

  /** Closes the connection; before accept() this refuses the handshake with HTTP 403. */
  protected closeConnection(code = 1000, reason?: string): void {
    if (this.#state === "connecting") this.#refuseHandshake(403);
    else if (this.#state === "open") this.socket?.close(code, reason);
  }

  /** Ends a pending handshake with an HTTP status. */
  #refuseHandshake(status: number): void {
    const handshake = this.#handshake;
    this.#state = "closed";
    this.#handshake = null;
    if (handshake === null) return;
    handshake.socket.off("close", this.#lostDuringHandshake);
    handshake.endpoint.consumers.delete(this);
    refuseUpgrade(handshake.socket, status);
    this.#leaveGroups();
  }

  protected sendData(data: string | Buffer | ArrayBuffer | ArrayBufferView, callback?: (error?: Error) => void): void {
    if (this.socket === null || this.#state !== "open") {
      throw new SioError("SIO_ERR_NOT_ACCEPTED", "send(): the WebSocket is not open (accept() it first; it may have closed)");
    }
    this.socket.send(data, { binary: typeof data !== "string" }, callback);
  }

  abstract connect(): void | Promise<void>;
  abstract receive(data: string | Buffer): void | Promise<void>;
  abstract disconnect(code: number): void | Promise<void>;

  /** Channels' channel_layer: groups shared by every process the backplane links. */
  get channel_layer(): ChannelLayer {
    return this.#layer ?? backplane().layer;
  }

  /** @internal Starts this consumer on a routed upgrade. */
  start(scope: Scope, handshake: Handshake): void {
    this.scope = scope;
    this.#req = handshake.req;
    this.#handshake = handshake;
    handshake.endpoint.consumers.add(this);
    handshake.socket.once("close", this.#lostDuringHandshake);
    const layer = backplane().layer;
    this.#layer = layer;
    this.channel_name = layer.local.register((message) => this.#dispatch(() => this.#onGroupMessage(message)));
    const { groups } = this.constructor as typeof BaseWebsocketConsumer;
    if (groups.length === 0) {
      this.#dispatch(() => this.connect());
      return;
    }
    // As Channels does: in every group before connect() runs, so a message sent once it accepts reaches it.
    const joined = Promise.all(groups.map((group) => layer.group_add(group, this.channel_name)));
    this.#dispatch(() => joined.then(() => this.connect()));
  }

  /** Runs the handler a group message's type names: "chat.message" → chat_message(message). */
  #onGroupMessage(message: ChannelMessage): void | Promise<void> {
    const name = message.type.replace(/\./g, "_");
    const handler = (this as unknown as Record<string, unknown>)[name];
    if (name.startsWith("_") || typeof handler !== "function" || baseMethods().has(name)) {
      throw new SioError("SIO_ERR_CHANNEL_LAYER", `${this.constructor.name} has no handler for message type ${JSON.stringify(message.type)} (a method ${name}(event))`);
    }
    return (handler as (event: ChannelMessage) => void | Promise<void>).call(this, message);
  }

  /** The consumer ended: its channel leaves every group. */
  #leaveGroups(): void {
    if (this.#layer === null) return;
    this.#layer.release(this.channel_name);
    this.#layer = null;
  }

  /** @internal The upgrade request this consumer was started on. */
  get request(): IncomingMessage | null {
    return this.#req;
  }

  /**
   * @internal The server is shutting down: a pending handshake is refused
   * with 503, an open connection closed with 1001; resolves once it is closed.
   */
  shutDown(): Promise<void> {
    if (this.#state === "connecting") this.#refuseHandshake(503);
    const ws = this.socket;
    if (this.#state !== "open" || ws === null) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once("close", () => resolve());
      ws.close(GOING_AWAY, "server shutting down");
    });
  }

  /**
   * The socket closed before the handshake finished (reset, or destroyed by
   * the server): Channels still delivers a disconnect. A client's orderly
   * close is seen once accept() reads the socket, and ends in disconnect(1006).
   */
  #lostDuringHandshake = (): void => {
    if (this.#state !== "connecting") return;
    this.#state = "closed";
    this.#handshake?.endpoint.consumers.delete(this);
    this.#handshake = null;
    this.#dispatch(() => this.disconnect(1006));
    this.#leaveGroups();
  };

  #dispatch(handler: () => void | Promise<void>): void {
    if (this.sequential) {
      this.#queue = this.#queue.then(handler).catch((error: unknown) => this.#failed(error));
      return;
    }
    try {
      const result = handler();
      if (isPromiseLike(result)) Promise.resolve(result).catch((error: unknown) => this.#failed(error));
    } catch (error) {
      this.#failed(error);
    }
  }

  #failed(error: unknown): void {
    loggerOf(this.#req as IncomingMessage).error(`consumer ${this.constructor.name} failed on ${JSON.stringify(this.scope?.path)}`, error);
    if (this.#state === "connecting") this.#refuseHandshake(500);
    else if (this.#state === "open") this.socket?.close(INTERNAL_ERROR);
  }

  /**
   * The application for this consumer class: one ws server, one consumer
   * instance per connection. An http scope is answered 426 Upgrade Required.
   */
  static as_asgi<C extends BaseWebsocketConsumer>(this: ConsumerClass<C>, options: WebsocketConsumerOptions = {}): Application {
    const owner = `${this.name}.as_asgi()`;
    checkOptionsObject(owner, options);
    checkOption(owner, "maxPayload", options.maxPayload, "a positive integer", (v) => Number.isInteger(v) && (v as number) > 0);
    checkOption(owner, "perMessageDeflate", options.perMessageDeflate, "a boolean", (v) => typeof v === "boolean");
    const subprotocols = new WeakMap<IncomingMessage, string>();
    const endpoint: Endpoint = {
      wss: new WebSocketServer({
        noServer: true,
        maxPayload: options.maxPayload ?? 1024 * 1024,
        perMessageDeflate: options.perMessageDeflate ?? false,
        handleProtocols: (_protocols, req) => subprotocols.get(req) ?? false,
      }),
      consumers: new Set(),
      subprotocols,
    };
    const Consumer = this;
    return (scope, conn) => {
      if (conn.type !== "websocket") {
        conn.res.setHeader("upgrade", "websocket");
        refuseRequest(conn.res, 426);
        return true;
      }
      if (isClosing(conn.req)) {
        refuseUpgrade(conn.socket, 503);
        return true;
      }
      const server = serverOf(conn.req);
      onServerClose(conn.req, endpoint, () => closeEndpoint(endpoint, server));
      new Consumer().start(scope, { req: conn.req, socket: conn.socket, head: conn.head, endpoint });
      return true;
    };
  }
}

/** Shuts down the consumers of an endpoint whose connections came through `server`. */
async function closeEndpoint(endpoint: Endpoint, server: Server | undefined): Promise<void> {
  const mine = [...endpoint.consumers].filter((consumer) => consumer.request !== null && serverOf(consumer.request) === server);
  await Promise.all(mine.map((consumer) => consumer.shutDown()));
}

/** Channels' WebsocketConsumer: handlers run as messages arrive. */
export class WebsocketConsumer extends BaseWebsocketConsumer {
  protected readonly sequential = false;

  /** Default: accept every connection. */
  connect(): void {
    this.accept();
  }

  /** Text frames arrive as strings, binary frames as Buffers. */
  receive(_data: string | Buffer): void {}

  disconnect(_code: number): void {}

  accept(subprotocol?: string): void {
    this.acceptHandshake(subprotocol);
  }

  close(code?: number, reason?: string): void {
    this.closeConnection(code, reason);
  }

  send(data: string | Buffer | ArrayBuffer | ArrayBufferView): void {
    this.sendData(data);
  }
}

/** Channels' AsyncWebsocketConsumer: each handler is awaited before the next runs. */
export class AsyncWebsocketConsumer extends BaseWebsocketConsumer {
  protected readonly sequential = true;

  async connect(): Promise<void> {
    await this.accept();
  }

  async receive(_data: string | Buffer): Promise<void> {}

  async disconnect(_code: number): Promise<void> {}

  async accept(subprotocol?: string): Promise<void> {
    this.acceptHandshake(subprotocol);
  }

  async close(code?: number, reason?: string): Promise<void> {
    this.closeConnection(code, reason);
  }

  /** Resolves once the frame is written. */
  send(data: string | Buffer | ArrayBuffer | ArrayBufferView): Promise<void> {
    return new Promise((resolve, reject) => this.sendData(data, (error) => (error ? reject(error) : resolve())));
  }
}

let methods: ReadonlySet<string> | undefined;

/** The consumers' own methods: a group message cannot call them (a type "close" must not close the socket). */
function baseMethods(): ReadonlySet<string> {
  methods ??= new Set(
    [BaseWebsocketConsumer, WebsocketConsumer, AsyncWebsocketConsumer].flatMap((Consumer) => Object.getOwnPropertyNames(Consumer.prototype)),
  );
  return methods;
}

export type { BaseWebsocketConsumer };
