/**
 * `@sio-router/runtime/testing`: drive an Application in-process, without a
 * port, as Channels' communicators do — but over real protocols: each
 * connection is an in-memory socket pair between Node's own http client
 * (`ws`, socket.io-client) and the http.Server serve() uses, so requests,
 * upgrades, WebSocket frames and Engine.IO's polling and WebSocket transports
 * are what they are on a network, and nothing of socket.io is mocked.
 *
 * - `TestServer`: the application behind an `http.Agent`; hand `agent` (or
 *   `socketIOOptions()`) to any Node client, including a generated Socket.IO
 *   client.
 * - `HttpCommunicator`, `WebsocketCommunicator`: one request, one WebSocket.
 * - `forceLogin(user)`: a session cookie for `user`, made by `login()` itself.
 */
import { Agent, request, type IncomingHttpHeaders } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket } from "ws";
import { login } from "../middleware/auth.js";
import { AuthMiddlewareStack, type AuthOptions } from "../middleware/index.js";
import { quietLogger, type Logger } from "../logger.js";
import { createRoutingServer, type RoutingServer } from "../serve.js";
import type { Application, User } from "../types.js";
import { MemorySocket } from "./memory-socket.js";

export { MemorySocket };

export interface TestServerOptions {
  /** As serve()'s: the mount point; requests outside it get 404. */
  root_path?: string;
  /** Default: quiet (refusals and 404s are what tests provoke). */
  logger?: Logger;
}

/** Milliseconds a communicator waits for an answer by default. */
const DEFAULT_TIMEOUT = 10_000;

/** An application served in-process: connections are made by `agent`, in memory. */
export class TestServer {
  /** The base URL clients are given; nothing listens there, `agent` carries the connections. */
  readonly url = "http://testserver";
  /** An http.Agent whose connections reach this server in memory. */
  readonly agent: Agent;
  readonly #routing: RoutingServer;

  constructor(application: Application, options: TestServerOptions = {}) {
    this.#routing = createRoutingServer(application, { root_path: options.root_path ?? "", logger: options.logger ?? quietLogger, closeTimeout: DEFAULT_TIMEOUT });
    const { server } = this.#routing;
    const agent = new Agent();
    agent.createConnection = (): Duplex => {
      const [client, served] = MemorySocket.pair();
      server.emit("connection", served);
      return client;
    };
    this.agent = agent;
  }

  /**
   * socket.io-client options that connect through this server: its agent (engine.io-client
   * hands it to both Node transports), no reconnection, a new connection per socket, an
   * Origin the usual AllowedHostsOriginValidator accepts for `testserver` and an optional
   * session cookie (from `forceLogin`). Spread them into a generated client's options.
   */
  socketIOOptions(options: { cookie?: string; origin?: string } = {}) {
    const headers: Record<string, string> = { origin: options.origin ?? this.url };
    if (options.cookie !== undefined) headers["cookie"] = options.cookie;
    return {
      // socket.io-client types `agent` as string | boolean; at run time it takes an http.Agent.
      agent: this.agent as unknown as boolean,
      forceNew: true,
      reconnection: false,
      extraHeaders: headers,
    };
  }

  /** serve()'s graceful close: every endpoint that served it, then in-flight requests. */
  close(): Promise<void> {
    this.agent.destroy();
    return this.#routing.close();
  }
}

/** Who a communicator talks to: a TestServer (kept open), or an application (served for this one exchange). */
type Target = Application | TestServer;

function serverFor(target: Target): { server: TestServer; owned: boolean } {
  return target instanceof TestServer ? { server: target, owned: false } : { server: new TestServer(target), owned: true };
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  json(): unknown;
}

export interface HttpRequestOptions {
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One HTTP request through the application (Channels' HttpCommunicator). */
export class HttpCommunicator {
  constructor(
    private readonly target: Target,
    private readonly method: string,
    private readonly path: string,
    private readonly options: HttpRequestOptions = {},
  ) {}

  async getResponse(timeout = DEFAULT_TIMEOUT): Promise<HttpResponse> {
    const { server, owned } = serverFor(this.target);
    try {
      return await bounded(this.#send(server), timeout, `${this.method} ${this.path}`);
    } finally {
      if (owned) await server.close();
    }
  }

  #send(server: TestServer): Promise<HttpResponse> {
    const { body, headers = {} } = this.options;
    return new Promise((resolve, reject) => {
      const req = request(new URL(this.path, server.url), { method: this.method, agent: server.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const data = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, text: () => data.toString("utf8"), json: () => JSON.parse(data.toString("utf8")) as unknown });
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  }
}

export type WebsocketConnection = { connected: true; subprotocol: string } | { connected: false; status: number };

/** One WebSocket through the application (Channels' WebsocketCommunicator): connect, send, receive, disconnect. */
export class WebsocketCommunicator {
  readonly #target: Target;
  readonly #path: string;
  readonly #options: { headers?: Record<string, string>; subprotocols?: string[] };
  #server: { server: TestServer; owned: boolean } | undefined;
  #socket: WebSocket | undefined;
  readonly #received: Array<string | Buffer> = [];
  #waiting: ((message: string | Buffer) => void) | undefined;
  #closed: Promise<{ code: number; reason: string }> | undefined;

  constructor(target: Target, path: string, options: { headers?: Record<string, string>; subprotocols?: string[] } = {}) {
    this.#target = target;
    this.#path = path;
    this.#options = options;
  }

  /** Opens the WebSocket; a refused handshake is `{ connected: false, status }` (403 from an Origin validator, 404 without a route). */
  async connect(timeout = DEFAULT_TIMEOUT): Promise<WebsocketConnection> {
    this.#server = serverFor(this.#target);
    const { server } = this.#server;
    const url = new URL(this.#path, server.url.replace(/^http/, "ws"));
    const socket = new WebSocket(url, this.#options.subprotocols ?? [], { agent: server.agent, headers: { origin: server.url, ...this.#options.headers } });
    this.#socket = socket;
    socket.on("message", (data: Buffer, isBinary: boolean) => {
      const message = isBinary ? data : data.toString("utf8");
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (waiting) waiting(message);
      else this.#received.push(message);
    });
    this.#closed = new Promise((resolve) => socket.once("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString("utf8") })));
    const opened = new Promise<WebsocketConnection>((resolve, reject) => {
      socket.once("open", () => resolve({ connected: true, subprotocol: socket.protocol }));
      socket.once("unexpected-response", (_req, res) => {
        resolve({ connected: false, status: res.statusCode ?? 0 });
        res.resume();
      });
      socket.once("error", reject);
    });
    const result = await bounded(opened, timeout, `WebSocket ${this.#path}`);
    if (!result.connected) await this.#release();
    return result;
  }

  async sendTo(data: string | Buffer): Promise<void> {
    const socket = this.#open();
    await new Promise<void>((resolve, reject) => socket.send(data, (error) => (error ? reject(error) : resolve())));
  }

  sendJsonTo(value: unknown): Promise<void> {
    return this.sendTo(JSON.stringify(value));
  }

  /** The next message: text as a string, binary as a Buffer. */
  receiveFrom(timeout = DEFAULT_TIMEOUT): Promise<string | Buffer> {
    this.#open();
    const queued = this.#received.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return bounded(new Promise((resolve) => (this.#waiting = resolve)), timeout, `a message on ${this.#path}`);
  }

  async receiveJsonFrom(timeout = DEFAULT_TIMEOUT): Promise<unknown> {
    const message = await this.receiveFrom(timeout);
    return JSON.parse(typeof message === "string" ? message : message.toString("utf8"));
  }

  /** Resolves with the close code and reason once the server closed the connection. */
  closed(timeout = DEFAULT_TIMEOUT): Promise<{ code: number; reason: string }> {
    if (!this.#closed) throw new Error("connect() first");
    return bounded(this.#closed, timeout, `close of ${this.#path}`).finally(() => this.#release());
  }

  /** Closes the WebSocket (with `code`) and waits for the closing handshake. */
  async disconnect(code = 1000, timeout = DEFAULT_TIMEOUT): Promise<{ code: number; reason: string }> {
    this.#open().close(code);
    return this.closed(timeout);
  }

  #open(): WebSocket {
    if (!this.#socket) throw new Error("connect() first");
    return this.#socket;
  }

  async #release(): Promise<void> {
    const owned = this.#server?.owned ? this.#server.server : undefined;
    this.#server = undefined;
    if (owned) await owned.close();
  }
}

/**
 * A session cookie for `user` (the `Cookie` header's value), made by `login()`
 * itself through `AuthMiddlewareStack` — so it is valid wherever the
 * application's AuthMiddlewareStack has the same session options (the default
 * store and secret, or the `options` given here).
 */
export async function forceLogin(user: User, options: AuthOptions = {}): Promise<string> {
  const application = AuthMiddlewareStack(
    async (scope, conn) => {
      if (conn.type !== "http") return false;
      await login(scope, user);
      conn.res.writeHead(204).end();
      return true;
    },
    options,
  );
  const response = await new HttpCommunicator(application, "POST", "/").getResponse();
  const cookies = [response.headers["set-cookie"] ?? []].flat().map((cookie) => cookie.split(";")[0]!);
  if (response.status !== 204 || cookies.length === 0) throw new Error(`forceLogin: no session cookie (status ${response.status})`);
  return cookies.join("; ");
}
