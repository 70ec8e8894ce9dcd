/**
 * The supervisor's side of `sio serve`'s child processes: a generation in a
 * process of its own, and the server process that runs the generated router.
 */
import { fork, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { IoError } from "../errors.js";
import type { FromServer, GenerateReply, GenerateRequest, ToServer } from "./protocol.js";

/** How long a server process may take to close gracefully (its own close timeout is 10 s) before it is killed. */
const STOP_TIMEOUT_MS = 15_000;

/** A module beside this one, to fork: `.ts` when sio runs from its sources (through tsx, as in the tests), `.js` when built. */
function entry(name: string): string {
  const self = fileURLToPath(import.meta.url);
  return path.join(path.dirname(self), `${name}${path.extname(self)}`);
}

/** The last non-empty line of a child's stderr, to say why it died. */
function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}

function collectStderr(child: ChildProcess): () => string {
  let text = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    // Only the end says why it died; keep the buffer bounded.
    text = (text + chunk).slice(-8192);
  });
  return () => text;
}

/** Generates in a child process; rejects when it dies without a reply or `signal` aborts it (an AbortError). */
export function generateInChild(request: GenerateRequest, signal: AbortSignal): Promise<GenerateReply> {
  const child = fork(entry("generate-entry"), [JSON.stringify(request)], { stdio: ["ignore", "ignore", "pipe", "ipc"], signal });
  const stderr = collectStderr(child);
  return new Promise((resolve, reject) => {
    let reply: GenerateReply | undefined;
    child.once("message", (message: GenerateReply) => (reply = message));
    child.once("error", reject);
    child.once("exit", (code, killed) => {
      if (reply) resolve(reply);
      else if (!signal.aborted) reject(new Error(`the generator process exited (${killed ?? code}) without a result: ${lastLine(stderr())}`));
    });
  });
}

/**
 * The process that serves the generated router: forked before the router is
 * written (it loads the runtime meanwhile), then told to load it, then to
 * listen. `exited` resolves with its exit code whenever it ends, asked to or not.
 */
export class ServerProcess {
  readonly exited: Promise<number | null>;
  #messages: FromServer[] = [];
  #wake: (() => void) | undefined;
  #exitCode: number | null | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (message: FromServer) => {
      this.#messages.push(message);
      this.#wake?.();
    });
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.#exitCode = code ?? (signal ? 128 + constants.signals[signal] : null);
        this.#wake?.();
        resolve(this.#exitCode);
      });
    });
  }

  /** Forks a server process for the router that will be written to `moduleFile`. */
  static spawn(moduleFile: string): ServerProcess {
    // The user's modules are TypeScript: the server process loads them through tsx, as the generated module.
    const execArgv = [...process.execArgv, "--import", import.meta.resolve("tsx")];
    return new ServerProcess(fork(entry("server-entry"), [moduleFile], { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv }));
  }

  get running(): boolean {
    return this.#exitCode === undefined;
  }

  /** Tells it the router is written; resolves once it has loaded it and the user's modules (an IoError says why it could not). */
  async load(): Promise<void> {
    this.#send({ type: "load" });
    await this.#next("loaded");
  }

  /** Tells it to listen; resolves with the URL and port it serves on. */
  async listen(host: string, port: number): Promise<{ url: string; port: number }> {
    this.#send({ type: "listen", host, port });
    const listening = await this.#next("listening");
    return { url: listening.url, port: listening.port };
  }

  /** Closes it gracefully (kills it if it takes too long); resolves once it has exited. */
  async stop(): Promise<void> {
    this.#send({ type: "stop" });
    const timer = setTimeout(() => this.child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills it at once, from an `exit` handler. */
  kill(): void {
    if (this.running) this.child.kill("SIGKILL");
  }

  #send(message: ToServer): void {
    if (this.child.connected) this.child.send(message);
  }

  /** The next message, which must be of `type`: a `failed` one or the process's end rejects with an IoError. */
  async #next<T extends FromServer["type"]>(type: T): Promise<Extract<FromServer, { type: T }>> {
    for (;;) {
      const message = this.#messages.shift();
      if (message?.type === type) return message as Extract<FromServer, { type: T }>;
      if (message?.type === "failed") throw new IoError(message.message);
      if (message === undefined && this.#exitCode !== undefined) {
        throw new IoError(`the server process exited with code ${this.#exitCode} while starting`);
      }
      if (message === undefined) await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}
