/**
 * Runs the real `sio` command line as a child process (the TypeScript
 * sources through tsx), on real files in a temporary folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pLimit from "p-limit";
import { waitingFor } from "../../tests/harness.js";
import { collectingIo } from "../io.js";
import { run } from "../run.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = path.join(ROOT, "cli", "main.ts");
const TSX = import.meta.resolve("tsx");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Written to standard input, which is then closed; without it stdin is /dev/null. */
  input?: string;
}

/** The environment a user's shell would give: no colour forcing, no debug. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.SIO_DEBUG;
  return env;
}

export function sioArgs(args: readonly string[]): string[] {
  return ["--conditions=@sio-router/source", "--import", TSX, MAIN, ...args];
}

/**
 * Runs `sio` to completion. At most one such process per core runs at once:
 * each compiles the sources through tsx, and a test that starts a dozen at
 * once on two busy cores would spend its time budget on scheduling.
 */
export function sio(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return waitingFor(`sio ${args.join(" ")} to exit`, slots(() => startSio(args, options).exited));
}

const slots = pLimit(availableParallelism());

/** Children still running when the test process exits (a test that timed out) are killed with it. */
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/**
 * Runs the command line in this process, as main.ts does but for the process
 * itself: for tables of argument lists, where a process each would cost
 * seconds apiece. What main.ts adds (the exit code, the streams) is tested on
 * real processes.
 */
export async function sioInProcess(args: readonly string[], options: RunOptions): Promise<RunResult> {
  const io = collectingIo({ cwd: options.cwd, env: { ...baseEnv(), ...options.env } });
  io.stdin = () => Promise.resolve(options.input ?? "");
  const code = await waitingFor(`sio ${args.join(" ")} (in this process) to return`, run(args, io));
  return { code, stdout: io.out, stderr: io.err };
}

/** A fresh temporary folder holding `files` (relative path → content). */
export async function tempDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "sio-cli-"));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Gives a temporary folder this repository's node_modules (a symlink), so that generated routers there resolve the runtime. */
export function linkNodeModules(dir: string): Promise<void> {
  return symlink(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
}

/** Where `sio serve` (process `pid`) generates for a spec under this repository or a folder linked to its node_modules. */
export function serveCacheFolder(pid: number): string {
  return path.join(ROOT, "node_modules", ".cache", "sio", `serve-${pid}`);
}

/** The processes (Linux /proc) whose command line mentions `text`: a child left behind shows up here. */
export async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir("/proc")).filter((name) => /^\d+$/.test(name))) {
    const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (commandLine.includes(text)) found.push(commandLine.replaceAll("\0", " "));
  }
  return found;
}

/** The seed's complete example (the project's own routes.sio). */
export const SEED = `# routes.sio
import { ChatConsumer } from "./fixtures/chat/consumers"
import djangoApp from "./fixtures/chat/app"

settings {
  allowed_hosts = ["localhost", "127.0.0.1", "[::1]"]
}

socketio_urlpatterns = [
  re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),
]

application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(
    AuthMiddlewareStack(URLRouter(socketio_urlpatterns))
  ),
  "http": AuthMiddlewareStack(
    URLRouter(socketio_urlpatterns + [
      re_path("", djangoApp),
    ])
  ),
})
`;

/** The seed with the fallback placed first: the Socket.IO route is captured (SIO101). */
export const SHADOWED = `import { ChatConsumer } from "./consumers"
import app from "./app"

application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(
    URLRouter([re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())])
  ),
  "http": URLRouter([
    re_path("", app),
    re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),
  ]),
})
`;

/** Clean but for one warning: no Origin validator on the websocket table (SIO108). */
export const WARNING_ONLY = `import { ChatConsumer } from "./consumers"
import app from "./app"

application = ProtocolTypeRouter({
  "websocket": URLRouter([re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())]),
  "http": URLRouter([
    re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),
    re_path("", app),
  ]),
})
`;

/** A long-running `sio` (serve, generate --watch) whose output can be awaited. */
export interface RunningSio {
  /**
   * Resolves with the output seen so far (stdout unless `stream` says stderr) once its part from
   * offset `from` on matches; rejects if the process ends first.
   */
  waitFor(pattern: RegExp, options?: { from?: number; stream?: "stdout" | "stderr" }): Promise<string>;
  /** Sends a signal and resolves with the exit of the process. */
  stop(signal?: NodeJS.Signals): Promise<RunResult>;
  /** Resolves when the process has exited (rejects if it could not start). */
  readonly exited: Promise<RunResult>;
  readonly stdout: string;
  readonly stderr: string;
  readonly pid: number;
}

export function startSio(args: readonly string[], options: RunOptions): RunningSio {
  const child = spawn(process.execPath, sioArgs(args), {
    cwd: options.cwd,
    env: { ...baseEnv(), ...options.env },
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  live.add(child);
  let stdout = "";
  let stderr = "";
  let exit: RunResult | undefined;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    notify();
  });
  const exited = new Promise<RunResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      live.delete(child);
      exit = { code, stdout, stderr };
      notify();
      resolve(exit);
    });
  });
  return {
    pid: child.pid!,
    exited,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitFor(pattern, { from = 0, stream = "stdout" } = {}) {
      const printed = new Promise<string>((resolve, reject) => {
        const check = () => {
          const text = stream === "stdout" ? stdout : stderr;
          if (pattern.test(text.slice(from))) {
            listeners.delete(check);
            resolve(text);
          } else if (exit) {
            listeners.delete(check);
            reject(new Error(`sio exited (${exit.code}) before printing ${pattern}:\n${stdout}\n${stderr}`));
          }
        };
        listeners.add(check);
        check();
      });
      return waitingFor(`sio ${args.join(" ")} to print ${pattern} on ${stream}`, printed);
    },
    stop(signal = "SIGTERM") {
      if (!exit) child.kill(signal);
      return waitingFor(`sio ${args.join(" ")} to exit after ${signal}`, exited);
    },
  };
}
