/**
 * Benchmark processes: the server under test and the load generator each run
 * in their own child process, talking to the orchestrator over IPC, and on a
 * machine with two or more cores each pinned to its own core with `taskset`
 * so they do not steal each other's CPU time.
 *
 * A child exits when the orchestrator goes away (its IPC channel closes) or
 * after WATCHDOG_MS at the latest: a benchmark never leaves processes behind.
 */
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, renameSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const WATCHDOG_MS = 15 * 60_000;
const NODE_FLAGS = ["--conditions=@sio-router/source", "--import", "tsx"];

/**
 * BENCH_CPU_PROF=folder: every child writes a V8 CPU profile there when it
 * exits (open it in Chrome DevTools). BENCH_NODE_FLAGS="--flag ...": extra
 * Node/V8 flags for every child (e.g. V8 tracing while investigating).
 * BENCH_CHILD_OUTPUT=folder: every child's stdout and stderr go to a file of
 * its own there, `<script>-<args>-<pid>.log` (V8's traces name no process).
 */
function extraFlags(): string[] {
  const folder = process.env["BENCH_CPU_PROF"];
  const profile = folder === undefined || folder === "" ? [] : ["--cpu-prof", `--cpu-prof-dir=${folder}`];
  const extra = (process.env["BENCH_NODE_FLAGS"] ?? "").split(/\s+/).filter((flag) => flag !== "");
  return [...profile, ...extra];
}

export interface Placement {
  /** The CPU list for the server process, or undefined when not pinned. */
  server: string | undefined;
  /** The CPU list for the load generator. */
  client: string | undefined;
  /** One line for the report. */
  description: string;
}

/** Server on CPU 0, load generator on CPU 1, when there are two cores and taskset exists. */
export function placeProcesses(): Placement {
  const cores = availableParallelism();
  const taskset = spawnSync("taskset", ["--version"], { stdio: "ignore" }).status === 0;
  if (cores >= 2 && taskset) {
    return { server: "0", client: "1", description: `server pinned to CPU 0, load generator to CPU 1 (taskset; ${cores} cores)` };
  }
  const why = taskset ? `only ${cores} core` : "taskset not found";
  return { server: undefined, client: undefined, description: `not pinned (${why}): server and load generator share the cores` };
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface Child<Ready> {
  readonly process: ChildProcess;
  /** What the child announced once set up (its port, ...). */
  readonly ready: Promise<Ready>;
  /** Sends a request; resolves with the child's answer. */
  request<T>(type: string, payload?: unknown): Promise<T>;
  /** Ends the child and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `script` (a TypeScript file beside the benchmarks) in a child Node
 * process under tsx, pinned to `cpus` when given.
 */
export function startChild<Ready = unknown>(script: URL, args: readonly string[], options: { cpus?: string | undefined; nodeFlags?: readonly string[] } = {}): Child<Ready> {
  const modulePath = fileURLToPath(script);
  const flags = [...(options.nodeFlags ?? []), ...extraFlags(), ...NODE_FLAGS];
  // A fixed secret: sessions need one, and the runtime warns about a random or a short one.
  const env = { ...process.env, SIO_SECRET_KEY: process.env["SIO_SECRET_KEY"] ?? "bench-secret-long-enough-not-to-be-warned-about" };
  const outputFolder = process.env["BENCH_CHILD_OUTPUT"];
  const output = outputFolder === undefined || outputFolder === "" ? undefined : join(outputFolder, [basename(modulePath, ".ts"), ...args].join("-"));
  let fd: number | "inherit" = "inherit";
  if (output !== undefined) {
    mkdirSync(outputFolder!, { recursive: true });
    fd = openSync(`${output}.log`, "w");
  }
  const stdio: ["ignore", number | "inherit", number | "inherit", "ipc"] = ["ignore", fd, fd, "ipc"];
  const child =
    options.cpus === undefined
      ? fork(modulePath, args, { execArgv: flags, env, stdio })
      : // fork() runs execPath with execArgv before the module: taskset then execs Node, which inherits the IPC channel.
        fork(modulePath, args, { execPath: "taskset", execArgv: ["-c", options.cpus, process.execPath, ...flags], env, stdio });
  if (typeof fd === "number") {
    closeSync(fd);
    if (child.pid !== undefined) renameSync(`${output}.log`, `${output}-${child.pid}.log`);
  }
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<Ready>((resolve, reject) => {
    child.once("exit", (code, signal) => {
      const error = new Error(`${modulePath} ${args.join(" ")} exited (${signal ?? code})`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    child.on("message", (message: { ready?: Ready } | Reply) => {
      if ("ready" in message) {
        resolve(message.ready as Ready);
        return;
      }
      const reply = message as Reply;
      const waiter = pending.get(reply.id);
      if (waiter === undefined) return;
      pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.error));
    });
  });
  ready.catch(() => undefined);
  return {
    process: child,
    ready,
    request<T>(type: string, payload?: unknown): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, type, payload });
      });
    },
    async stop(): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      const forced = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

export type Handler = (payload: never) => unknown;

/**
 * In a child: answers the orchestrator's requests with `handlers[type]`,
 * then announces `ready`. Exits when the orchestrator disconnects.
 */
export function serveParent(handlers: Record<string, Handler>, ready: unknown): void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error("this script is a benchmark child: run it through its benchmark");
  process.on("message", (message: { id: number; type: string; payload: never }) => {
    const handler = handlers[message.type];
    Promise.resolve()
      .then(() => {
        if (handler === undefined) throw new Error(`unknown request ${message.type}`);
        return handler(message.payload);
      })
      .then(
        (value) => send({ id: message.id, ok: true, value: value ?? null }),
        (error: unknown) => send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  process.on("disconnect", () => process.exit(0));
  setTimeout(() => process.exit(3), WATCHDOG_MS).unref();
  send({ ready });
}

/** The process's user + system CPU time in microseconds. */
export function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}
