/**
 * Real parts for the scale-out tests, started by the tests themselves: a
 * redis-server on a free port with a temporary folder, and sio servers as
 * child processes (tests/scale/child.ts). Everything they start, they stop.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io, type Socket as ClientSocket, type ManagerOptions, type SocketOptions } from "socket.io-client";
import { within } from "../harness.js";
import type { ChildReport } from "./child.js";

const CHILD = fileURLToPath(new URL("./child.ts", import.meta.url));

/** A port nothing listens on right now (for a server that must be restarted on the same port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port. */
async function accepting(port: number, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not accept connections on port ${port} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface RunningRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL: an outage, not a shutdown). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RunningRedis> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "sio-redis-"));
  let child: ChildProcess | undefined;
  const exited = (process: ChildProcess) => new Promise<void>((resolve) => (process.exitCode !== null || process.signalCode !== null ? resolve() : process.once("exit", () => resolve())));
  const redis: RunningRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir], { stdio: "ignore" });
      await accepting(port, 10_000, "redis-server");
    },
    async kill() {
      if (child === undefined) return;
      const killed = child;
      child = undefined;
      killed.kill("SIGKILL");
      await exited(killed);
    },
    async stop() {
      await redis.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await redis.start();
  return redis;
}

export interface RunningSioProcess {
  url: string;
  pid: number;
  /** Everything it wrote to stdout and stderr. */
  readonly output: string;
  /** SIGTERM, and resolves with its exit code once it has exited. */
  stop(): Promise<number | null>;
  /** A cluster's worker processes, by slot. */
  workers(): Promise<(number | null)[]>;
  readonly exited: Promise<number | null>;
}

/** Starts tests/scale/child.ts: one server (`single`) or the primary of `workers` workers. */
export async function startSioProcess(env: Record<string, string>, workers?: number): Promise<RunningSioProcess> {
  const args = workers === undefined ? ["single"] : ["cluster", String(workers)];
  const child = fork(CHILD, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const report = await within(
    new Promise<ChildReport & { type: "listening" }>((resolve, reject) => {
      child.once("message", (message: ChildReport & { type: "listening" }) => resolve(message));
      void exited.then((code) => reject(new Error(`the sio process exited (${code}) before listening:\n${output}`)));
    }),
    // Generous: on a loaded machine starting several TypeScript processes at once takes a while.
    90_000,
    "a sio process to listen",
  );
  return {
    url: report.url,
    pid: child.pid!,
    get output() {
      return output;
    },
    exited,
    workers: () =>
      within(
        new Promise<(number | null)[]>((resolve) => {
          const listener = (message: ChildReport) => {
            if (message.type !== "workers") return;
            child.off("message", listener);
            resolve(message.pids);
          };
          child.on("message", listener);
          child.send({ type: "workers" });
        }),
        5_000,
        "the cluster's worker pids",
      ),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

export type Client = ClientSocket;

/** A Socket.IO client of the demo chat that does not reconnect by itself unless told. */
export function client(url: string, options: Partial<ManagerOptions & SocketOptions> = {}): ClientSocket {
  return io(url, { reconnection: false, forceNew: true, ...options });
}

/** Resolves with the next `event` the socket gets. */
export function next<T = unknown>(socket: ClientSocket, event: string, what = `"${event}"`): Promise<T> {
  return within(new Promise<T>((resolve) => socket.once(event, (value: T) => resolve(value))), 10_000, what);
}

export async function connected(socket: ClientSocket): Promise<void> {
  if (socket.connected) return;
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    }),
    10_000,
    "a Socket.IO client to connect",
  );
}

/** An emit with an acknowledgement. */
export function ask<T = unknown>(socket: ClientSocket, event: string, ...args: unknown[]): Promise<T> {
  return within(socket.timeout(10_000).emitWithAck(event, ...args) as Promise<T>, 11_000, `the ack of "${event}"`);
}

export { io };
