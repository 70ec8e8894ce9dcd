/**
 * A benchmark child: Socket.IO clients (the official socket.io-client), for
 * the orchestrator to drive step by step so that the server's CPU time can be
 * sampled around exactly the measured part:
 *   open      connect N clients to a server on one transport, wait until all are connected
 *   loop      each client open to that server emits `echo` and waits for its ack, again and again, for S seconds
 *   paced     the clients open to that server send R acks per second in all, for S seconds (see pacedLoop)
 *   close     disconnect every client open to that server
 *   connects  for S seconds, K at a time: connect (polling), upgrade to websocket, one ack, disconnect
 *
 * Clients stay open between loops: a benchmark opens them on every peer
 * once and then measures the peers in turn, so that no measured second pays
 * for sessions set up or torn down around it.
 */
import { Agent } from "node:http";
import { io, type Socket } from "socket.io-client";
import { cpuMicros, serveParent } from "./child.js";

export interface OpenRequest {
  url: string;
  clients: number;
  transport: "websocket" | "polling";
  headers: Record<string, string>;
  /** Connections being opened at once. */
  concurrency: number;
}

export interface LoopResult {
  /** Acknowledged round trips. */
  ops: number;
  seconds: number;
  /** This process's CPU time during the loop, in microseconds. */
  cpu: number;
}

/** What `loop` and `paced` ask of the clients open to one server. */
export interface LoopRequest {
  url: string;
  seconds: number;
}

const PAYLOAD = { text: "hello", at: 0 };
/** The open clients, by server URL. */
const open = new Map<string, Socket[]>();

function clientsOf(url: string): Socket[] {
  const clients = open.get(url);
  if (clients === undefined || clients.length === 0) throw new Error(`no clients are open to ${url}`);
  return clients;
}
/** Keep-alive, as browsers do: long-polling reuses its connections. */
const agent = new Agent({ keepAlive: true });

function connectOne(url: string, transports: string[], headers: Record<string, string>): Socket {
  return io(url, {
    transports,
    extraHeaders: headers,
    forceNew: true,
    reconnection: false,
    agent: agent as unknown as string,
  });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(new Error(`connect_error: ${error.message}`)));
  });
}

async function openClients(request: OpenRequest): Promise<number> {
  let next = 0;
  const started: Socket[] = [];
  const worker = async (): Promise<void> => {
    while (next < request.clients) {
      next++;
      const socket = connectOne(request.url, [request.transport], request.headers);
      started.push(socket);
      await connected(socket);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(request.concurrency, request.clients) }, worker));
  } catch (error) {
    for (const socket of started) socket.disconnect();
    throw error;
  }
  const clients = open.get(request.url) ?? [];
  clients.push(...started);
  open.set(request.url, clients);
  return clients.length;
}

async function loop({ url, seconds }: LoopRequest): Promise<LoopResult> {
  const clients = clientsOf(url);
  const cpu0 = cpuMicros();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let ops = 0;
  await Promise.all(
    clients.map(
      (socket) =>
        new Promise<void>((resolve) => {
          const send = (): void => {
            if (performance.now() >= deadline) {
              resolve();
              return;
            }
            socket.emit("echo", PAYLOAD, () => {
              ops++;
              send();
            });
          };
          send();
        }),
    ),
  );
  return { ops, seconds: (performance.now() - started) / 1000, cpu: cpuMicros() - cpu0 };
}

const PACE_TICK_MS = 5;

/**
 * R ack round trips per second in all, for S seconds: every 5 ms the idle
 * clients (those not waiting for an ack) send the tick's share. Below the
 * server's capacity this gives every server the same arrival pattern, so
 * their CPU time per round trip compares like for like — at saturation it
 * moves with how fast the clients happen to be. Returns once the last ack
 * sent is back, so ops and the server's CPU time cover the same work.
 */
async function pacedLoop({ url, seconds, rate }: LoopRequest & { rate: number }): Promise<LoopResult> {
  const clients = clientsOf(url);
  const cpu0 = cpuMicros();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const perTick = (rate * PACE_TICK_MS) / 1000;
  const idle = [...clients];
  let budget = 0;
  let ops = 0;
  let outstanding = 0;
  await new Promise<void>((resolve) => {
    const finish = (): void => {
      if (outstanding === 0) resolve();
    };
    const timer = setInterval(() => {
      if (performance.now() >= deadline) {
        clearInterval(timer);
        finish();
        return;
      }
      // Never more than two ticks' worth at once: a late tick does not become a burst.
      budget = Math.min(budget + perTick, 2 * perTick);
      while (budget >= 1 && idle.length > 0) {
        budget--;
        const socket = idle.pop()!;
        outstanding++;
        socket.emit("echo", PAYLOAD, () => {
          ops++;
          outstanding--;
          idle.push(socket);
          if (performance.now() >= deadline) finish();
        });
      }
    }, PACE_TICK_MS);
  });
  return { ops, seconds: (performance.now() - started) / 1000, cpu: cpuMicros() - cpu0 };
}

function closeClients(url: string): number {
  const clients = open.get(url) ?? [];
  for (const socket of clients) socket.disconnect();
  open.delete(url);
  return clients.length;
}

/** Polling handshake, namespace connect, then the upgrade to websocket: what a default client does on page load. */
function connectAndUpgrade(url: string, headers: Record<string, string>): Promise<void> {
  const socket = connectOne(url, ["polling", "websocket"], headers);
  return new Promise<void>((resolve, reject) => {
    // One ack over the new transport before leaving: disconnecting the
    // moment the client has upgraded can race the server's side of the
    // upgrade and leave the session to the ping timeout.
    socket.io.engine.once("upgrade", () => {
      socket.emit("echo", PAYLOAD, () => {
        socket.disconnect();
        resolve();
      });
    });
    socket.once("connect_error", (error) => reject(new Error(`connect_error: ${error.message}`)));
  });
}

async function connects(request: { url: string; headers: Record<string, string>; concurrency: number; seconds: number }): Promise<LoopResult> {
  const cpu0 = cpuMicros();
  const started = performance.now();
  const deadline = started + request.seconds * 1000;
  let ops = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await connectAndUpgrade(request.url, request.headers);
      ops++;
    }
  };
  await Promise.all(Array.from({ length: request.concurrency }, worker));
  return { ops, seconds: (performance.now() - started) / 1000, cpu: cpuMicros() - cpu0 };
}

serveParent(
  {
    open: (request: OpenRequest) => openClients(request),
    loop: (request: LoopRequest) => loop(request),
    paced: (request: LoopRequest & { rate: number }) => pacedLoop(request),
    close: (url: string) => closeClients(url),
    connects: (request: { url: string; headers: Record<string, string>; concurrency: number; seconds: number }) => connects(request),
  },
  {},
);
