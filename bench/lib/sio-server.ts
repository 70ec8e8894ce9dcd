/**
 * A benchmark child: one Socket.IO peer (run with --expose-gc).
 *   bare  new Server(httpServer) on http.createServer, the echo handler on "connection"
 *   sio   serve() with the seed example's stacks and EchoConsumer
 * Answers `sample` (CPU time, open Engine.IO sessions), `memory` (heap
 * and RSS after full garbage collections) and, the sio peer, `cookie` (a
 * logged-in session's cookie, see seed-app.ts).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Server as IoServer } from "socket.io";
import { httpApp, quietLogger, serve } from "@sio-router/runtime";
import { cpuMicros, serveParent } from "./child.js";
import { authenticatedCount, countingListener, EchoConsumer, cookieOf, memberOf, seedApplication } from "./seed-app.js";

export type SioPeer = "bare" | "sio";
export interface SioSample {
  cpu: number;
  sessions: number;
  /** Connections the consumer saw with the logged-in user (sio peer). */
  authenticated: number;
  /** HTTP requests the server has received (long-polling GETs and POSTs, handshakes). */
  requests: number;
}
export interface MemorySample {
  heap: number;
  rss: number;
}

const peer = process.argv[2] as SioPeer;
const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error("run the Socket.IO server child with --expose-gc");

let io: IoServer;
let port: number;
let requests = 0;
const countRequest = (): void => {
  requests++;
};
if (peer === "bare") {
  const httpServer = createServer();
  io = new Server(httpServer);
  // After attaching: Engine.IO replaces the request listeners there were.
  httpServer.on("request", countRequest);
  io.on("connection", (socket) => {
    socket.data = memberOf(socket, undefined);
    socket.on("echo", (data: unknown, ack?: (reply: unknown) => void) => ack?.(data));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  port = (httpServer.address() as AddressInfo).port;
} else if (peer === "sio") {
  const endpoint = EchoConsumer.as_asgi();
  io = endpoint.io;
  const server = await serve(seedApplication(endpoint, httpApp(countingListener())), { logger: quietLogger });
  server.on("request", countRequest);
  port = server.port;
} else {
  throw new Error(`unknown Socket.IO peer ${peer}`);
}

/** Full collections until the heap stops shrinking (weak maps and finalizers settle over a few). */
async function settledMemory(): Promise<MemorySample> {
  let heap = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 6; round++) {
    collect!();
    await new Promise((resolve) => setImmediate(resolve));
    const used = process.memoryUsage().heapUsed;
    if (used >= heap * 0.999) break;
    heap = used;
  }
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, rss: usage.rss };
}

serveParent(
  {
    sample: (): SioSample => ({ cpu: cpuMicros(), sessions: io.engine.clientsCount, authenticated: authenticatedCount(), requests }),
    memory: settledMemory,
    cookie: () => cookieOf(peer),
  },
  { port },
);
