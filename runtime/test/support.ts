/**
 * Test helpers: real servers on 127.0.0.1:0, real sockets.
 */
import { connect } from "node:net";
import WebSocket from "ws";
import { waitingFor } from "../../tests/harness.js";
import { serve, type Application, type Logger, type ServeOptions, type SioServer } from "@sio-router/runtime";

export interface Captured extends Logger {
  messages: string[];
}

/** A logger that keeps what it is told, for assertions (and keeps test output quiet). */
export function captureLogger(): Captured {
  const messages: string[] = [];
  return {
    messages,
    info: (message) => void messages.push(`info: ${message}`),
    warn: (message) => void messages.push(`warn: ${message}`),
    error: (message) => void messages.push(`error: ${message}`),
  };
}

export async function start(application: Application, options: ServeOptions = {}): Promise<SioServer & { logs: Captured }> {
  const logs = captureLogger();
  const server = await serve(application, { logger: logs, ...options });
  return Object.assign(server, { logs });
}

export function wsUrl(server: SioServer, path: string): string {
  return `ws://127.0.0.1:${server.port}${path}`;
}

/**
 * Sends raw bytes on a new TCP connection and resolves with everything the
 * server wrote until it closed the connection, and whether it did close it.
 */
export function rawExchange(server: SioServer, request: string): Promise<{ response: string; closed: boolean }> {
  const exchange = new Promise<{ response: string; closed: boolean }>((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let response = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (response += chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve({ response, closed: true }));
    socket.write(request);
  });
  return waitingFor(`the server to answer ${JSON.stringify(request.slice(0, 60))} and close the connection`, exchange);
}

/** The status line's code of a raw HTTP response. */
export function statusOf(response: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
}

/** Opens a WebSocket; resolves with the socket once open, or with the HTTP status it was refused with. */
export function openWebSocket(
  url: string,
  options: WebSocket.ClientOptions & { protocols?: string[] } = {},
): Promise<{ ws: WebSocket; status: 101 } | { ws: WebSocket; status: number }> {
  const opened = new Promise<{ ws: WebSocket; status: number }>((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], options);
    queueMessages(ws);
    ws.once("open", () => resolve({ ws, status: 101 }));
    ws.once("unexpected-response", (_req, res) => {
      resolve({ ws, status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once("error", reject);
  });
  return waitingFor(`the WebSocket handshake with ${url}`, opened);
}

type Message = { data: string | Buffer; isBinary: boolean };
const inboxes = new WeakMap<WebSocket, { queued: Message[]; waiting: Array<(message: Message) => void> }>();

/** Buffers messages from the start: one may arrive in the same chunk as the handshake, before a test listens. */
function queueMessages(ws: WebSocket): void {
  const inbox = { queued: [] as Message[], waiting: [] as Array<(message: Message) => void> };
  inboxes.set(ws, inbox);
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    const message = { data: isBinary ? data : data.toString(), isBinary };
    const waiter = inbox.waiting.shift();
    if (waiter === undefined) inbox.queued.push(message);
    else waiter(message);
  });
}

/** The next message on a socket opened with openWebSocket. */
export function nextMessage(ws: WebSocket): Promise<Message> {
  const inbox = inboxes.get(ws);
  if (inbox === undefined) throw new Error("nextMessage: open the socket with openWebSocket");
  const queued = inbox.queued.shift();
  return queued === undefined
    ? waitingFor(`a message on the WebSocket to ${ws.url}`, new Promise((resolve) => inbox.waiting.push(resolve)))
    : Promise.resolve(queued);
}

export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return waitingFor(
    `the WebSocket to ${ws.url} to close`,
    new Promise((resolve) => ws.once("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() }))),
  );
}

/** A promise with its resolve function, for events a test waits on. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
