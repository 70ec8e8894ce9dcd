/**
 * Type resolution (ts-morph) for the language server, in a child process
 * (`resolve-worker.ts`): loading TypeScript and resolving a spec's imports
 * never holds up diagnostics as you type. A process rather than a worker
 * thread: it runs from the sources under tsx as well as built (tsx's hooks do
 * not reach worker threads on Node 20), and one stuck past its budget is
 * killed outright. The resolution abandoned is reported as skipped.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ImportedName } from "../generator/model/model.js";
import type { Resolution } from "../generator/resolve/resolve-imports.js";
import type { ResolveRequest } from "./resolve-worker.js";

export const RESOLVE_BUDGET_MS = 30_000;

/** The child's file beside this one: `.ts` when running from the sources (it inherits tsx through execArgv). */
const WORKER = fileURLToPath(new URL(`./resolve-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url));

type Reply = { id: number; resolution: Resolution } | { id: number; error: string };

interface Pending {
  resolve(resolution: Resolution): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class ImportResolver {
  private worker: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  resolve(specFile: string, imports: readonly ImportedName[]): Promise<Resolution> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<Resolution>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`type resolution skipped: it took more than ${RESOLVE_BUDGET_MS / 1000} s`));
      }, RESOLVE_BUDGET_MS);
      this.pending.set(id, { resolve, reject, timer });
      const request: ResolveRequest = { id, specFile, imports: [...imports] };
      worker.send(request);
    });
  }

  close(): void {
    this.fail(new Error("the language server is shutting down"));
  }

  private start(): ChildProcess {
    if (this.worker) return this.worker;
    // Maps cross the channel with "advanced" serialization; the child's stdout must not reach the protocol's.
    const worker = fork(WORKER, [], { serialization: "advanced", stdio: ["ignore", "pipe", "inherit", "ipc"] });
    worker.stdout!.pipe(process.stderr);
    worker.on("message", (reply: Reply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      clearTimeout(pending.timer);
      if ("error" in reply) pending.reject(new Error(`type resolution failed: ${reply.error}`));
      else pending.resolve(reply.resolution);
    });
    worker.on("error", (error) => {
      if (this.worker === worker) this.fail(error);
    });
    worker.on("exit", () => {
      if (this.worker === worker) this.fail(new Error("type resolution stopped"));
    });
    this.worker = worker;
    return worker;
  }

  /** Rejects everything pending and ends the child; the next request starts a fresh one. */
  private fail(error: Error): void {
    const worker = this.worker;
    this.worker = null;
    worker?.kill();
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }
}
