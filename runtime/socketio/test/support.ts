/**
 * Test support: the seed example's router, built as `sio generate` builds it
 * (ONE endpoint const referenced from both tables), around the demo chat's
 * Express app, served on 127.0.0.1:0 by the real serve().
 */
import { request } from "node:http";
import { waitingFor } from "../../../tests/harness.js";
import { io as connectClient, type ManagerOptions, type Socket as ClientSocket, type SocketOptions } from "socket.io-client";
import chatApp from "../../../fixtures/chat/app.js";
import {
  AllowedHostsOriginValidator,
  AuthMiddlewareStack,
  ProtocolTypeRouter,
  URLRouter,
  httpApp,
  re_path,
  serve,
  type SioServer,
} from "../../index.js";
import { quietLogger, type Logger } from "../../logger.js";
import type { SocketIOConsumerClass } from "../consumer.js";
import { SocketIO, type SocketIOEndpoint } from "../endpoint.js";
import type { SocketIOOptions } from "../options.js";

export const SETTINGS = { allowed_hosts: ["localhost", "127.0.0.1", "[::1]"] };

export interface Running {
  server: SioServer;
  endpoint: SocketIOEndpoint;
  url: string;
  /** An Origin the AllowedHostsOriginValidator accepts. */
  origin: string;
  close(): Promise<void>;
}

/** Serves `SocketIO(consumers, options)`, or an endpoint built otherwise (`X.as_asgi(...)`), in the seed's tables. */
export async function start(
  served: readonly SocketIOConsumerClass[] | SocketIOEndpoint,
  options?: SocketIOOptions,
  logger: Logger = quietLogger,
): Promise<Running> {
  const endpoint = typeof served === "function" ? served : SocketIO(served, options);
  const socketioUrlpatterns = [re_path(String.raw`^socket\.io/?$`, endpoint)];
  const application = ProtocolTypeRouter({
    websocket: AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(socketioUrlpatterns)), SETTINGS),
    http: AuthMiddlewareStack(URLRouter([...socketioUrlpatterns, re_path("", httpApp(chatApp))])),
  });
  const server = await serve(application, { host: "127.0.0.1", port: 0, logger });
  return { server, endpoint, url: server.url, origin: server.url, close: () => server.close() };
}

export type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/** A socket.io-client socket with an allowed Origin (Node clients send none by default) and no reconnection. */
export function client(running: Running, namespace = "/", options: ClientOptions = {}): ClientSocket {
  const { extraHeaders, ...rest } = options;
  return connectClient(running.url + namespace, {
    forceNew: true,
    reconnection: false,
    ...rest,
    extraHeaders: { origin: running.origin, ...extraHeaders },
  });
}

export async function connected(socket: ClientSocket): Promise<ClientSocket> {
  if (socket.connected) return socket;
  await waitingFor(
    "the client to connect",
    new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    }),
  );
  return socket;
}

/** Resolves once the polling transport has been upgraded to websocket. */
export async function upgraded(socket: ClientSocket): Promise<void> {
  const engine = socket.io.engine;
  if (engine.transport.name === "websocket") return;
  await waitingFor("the client's upgrade to websocket", new Promise((resolve) => engine.once("upgrade", resolve)));
}

/** Logs in through the chat app's form; returns the session cookie. */
export async function logIn(running: Running, username: string): Promise<string> {
  const response = await fetch(`${running.url}/login`, {
    method: "POST",
    body: new URLSearchParams({ username }),
    redirect: "manual",
  });
  if (response.status !== 303) throw new Error(`login answered ${response.status}`);
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  if (cookies.length === 0) throw new Error("login set no cookie");
  return cookies.join("; ");
}

/** The next occurrence of a client event, as the list of its arguments. */
export function next<T extends unknown[] = unknown[]>(socket: ClientSocket, event: string): Promise<T> {
  return waitingFor(
    `the event "${event}" on the client`,
    new Promise((resolve) => socket.once(event, (...args: unknown[]) => resolve(args as T))),
  );
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A raw request to the server (any Host, Origin or Sec-Fetch-Site header, as
 * a browser or an attacker sends it); with `upgrade`, a bare WebSocket
 * upgrade, whose socket is closed once the status is known.
 */
export function send(
  url: string,
  path: string,
  { method = "GET", headers = {}, body, upgrade = false }: { method?: string; headers?: Record<string, string>; body?: string; upgrade?: boolean } = {},
): Promise<Answer> {
  const answer = new Promise<Answer>((resolve, reject) => {
    const upgradeHeaders = upgrade
      ? { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": Buffer.from("0123456789abcdef").toString("base64") }
      : {};
    const req = request(`${url}${path}`, { method, headers: { ...upgradeHeaders, ...headers } });
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: "" });
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
  return waitingFor(`an answer to ${method} ${path}`, answer);
}
