/**
 * `sio serve SPEC [--host H] [--port P] [--watch]`. This process only
 * supervises, and loads none of the toolchain: it generates the spec's router
 * in a child process into a cache folder (never beside the spec), runs it in
 * a server process that holds only the runtime and the user's modules, and on
 * SIGINT, SIGTERM or SIGHUP stops them and removes what it wrote. With
 * --watch it regenerates and restarts whenever the spec or a module it
 * imports changes; while a change does not generate or load, the last good
 * version keeps serving.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { watchRuns, type Watcher } from "../../generator/watch.js";
import { parseCommandArgs, parseCount } from "../args.js";
import { describeFsError, IoError, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { createServeCache, type ServeCache } from "../serve/cache.js";
import { generateInChild, ServerProcess } from "../serve/children.js";
import type { GenerateReply } from "../serve/protocol.js";
import { untilSignal } from "../signals.js";

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = 8000;
const NEVER = new Promise<never>(() => {});

export async function runServe(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("serve", args, {
    host: { type: "string" },
    port: { type: "string" },
    watch: { type: "boolean" },
  });
  if (positionals.length !== 1) throw new UsageError("expected one SPEC", "serve");
  const spec = positionals[0]!;
  const host = values.host ?? (io.env.HOST || DEFAULT_HOST);
  const port =
    values.port !== undefined
      ? parseCount("serve", "port", values.port, 65535)
      : io.env.PORT
        ? parsePortVariable(io.env.PORT)
        : DEFAULT_PORT;
  const specFile = path.resolve(io.cwd, spec);
  // A missing spec fails at once, under --watch too: a typo should not wait forever.
  await readFile(specFile).catch((error: unknown) => {
    throw describeFsError("read", spec, error);
  });

  const stopped = untilSignal();
  const cache = createServeCache(specFile);
  const supervisor = new Supervisor(io, spec, specFile, host, port, cache);
  // Whatever ends this process (an internal error, a second Ctrl+C) leaves no server and no generated file behind.
  const onExit = () => supervisor.kill();
  process.once("exit", onExit);
  const shutdown = stopped.then(async (signal) => {
    io.stdout(`\n${signal}: shutting down\n`);
    await supervisor.stop();
    return 0;
  });
  const work = (values.watch ? supervisor.watch() : supervisor.serveOnce()).catch((error: unknown) => {
    // Stopping aborts the generation or the start under way; that is not a failure.
    if (supervisor.stopping) return NEVER;
    throw error;
  });
  try {
    return await Promise.race([shutdown, work]);
  } finally {
    await supervisor.stop();
    process.off("exit", onExit);
  }
}

function parsePortVariable(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`PORT must be an integer from 0 to 65535, got '${value}'`, "serve");
  }
  return Number(value);
}

class Supervisor {
  readonly #abort = new AbortController();
  readonly #servers = new Set<ServerProcess>();
  #current: ServerProcess | undefined;
  /** The next server process, started while the router is generated. */
  #spare: ServerProcess | undefined;
  #watcher: Watcher | undefined;
  #watching = false;

  constructor(
    private readonly io: Io,
    private readonly spec: string,
    private readonly specFile: string,
    private readonly host: string,
    /** The port asked for; once bound, the port bound, so that a restart keeps the URL under --port 0 too. */
    private port: number,
    private readonly cache: ServeCache,
  ) {}

  get stopping(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Generate, start, serve until stopped: 1 when the spec has errors or the server process dies. */
  async serveOnce(): Promise<number> {
    const reply = await this.#generate();
    if (reply.status === "refused") {
      this.io.stderr(`sio: not serving ${this.spec}: fix the errors first\n`);
      return 1;
    }
    if (reply.status === "failed") throw new IoError(reply.error ?? `cannot generate ${this.spec}`);
    const server = await this.#start(reply);
    const code = await server.exited;
    if (this.stopping) return NEVER;
    this.io.stderr(`sio: the server process exited with code ${code}\n`);
    return 1;
  }

  /** Generate and restart on every change, until stopped; never resolves. */
  watch(): Promise<never> {
    this.#watching = true;
    let first = true;
    this.#watcher = watchRuns(async (depends) => {
      if (!first) this.io.stdout(`\nsio: a file changed: regenerating ${this.spec}\n`);
      first = false;
      let reply: GenerateReply;
      try {
        reply = await this.#generate();
      } catch (error) {
        if (this.stopping) return;
        depends({ files: [this.specFile] });
        this.io.stderr(`sio: ${(error as Error).message}\n`);
        return;
      }
      depends({ files: reply.files });
      if (reply.status === "refused" || reply.status === "failed") {
        if (reply.error) this.io.stderr(`sio: ${reply.error}\n`);
        this.io.stderr(this.#current ? `sio: still serving the last good version: fix ${this.spec}\n` : `sio: not serving ${this.spec} yet: fix the errors first\n`);
        return;
      }
      try {
        await this.#start(reply);
      } catch (error) {
        if (!(error instanceof IoError) || this.stopping) throw error;
        this.io.stderr(`sio: ${error.message}${this.#current ? "; still serving the last good version" : ""}\n`);
      }
    });
    return NEVER;
  }

  /** Stops watching, aborts a generation under way, stops every server process and removes the cache folder. Idempotent. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#watcher?.close();
    await Promise.all([...this.#servers].map((server) => server.stop()));
    this.cache.remove();
  }

  /** `stop()` for an `exit` handler: synchronous, so servers are killed rather than closed. */
  kill(): void {
    this.#abort.abort();
    for (const server of this.#servers) server.kill();
    this.cache.remove();
  }

  async #generate(): Promise<GenerateReply> {
    if (!this.#spare?.running && !this.stopping) this.#spare = this.#track(ServerProcess.spawn(this.cache.outFile));
    const reply = await generateInChild(
      { spec: this.spec, specFile: this.specFile, outFile: this.cache.outFile, cwd: this.io.cwd, color: this.io.color },
      this.#abort.signal,
    );
    this.io.stdout(reply.report);
    return reply;
  }

  #track(server: ServerProcess): ServerProcess {
    this.#servers.add(server);
    void server.exited.then((code) => {
      this.#servers.delete(server);
      if (this.#current !== server) return;
      this.#current = undefined;
      if (this.#watching && !this.stopping) this.io.stderr(`sio: the server process exited with code ${code}; waiting for a change to restart\n`);
    });
    return server;
  }

  /** Loads the new version in the spare server process, then swaps it in: the current one serves until the new one has loaded. */
  async #start(reply: GenerateReply): Promise<ServerProcess> {
    const next = this.#spare!;
    this.#spare = undefined;
    await next.load().catch((error: unknown) => {
      if (error instanceof IoError && !this.cache.esm) throw new IoError(`${error.message} (sio needs "type": "module" in package.json)`);
      throw error;
    });
    if (this.stopping) {
      await next.stop();
      return next;
    }
    const previous = this.#current;
    this.#current = next;
    await previous?.stop();
    const { url, port } = await next.listen(this.host, this.port);
    this.port = port;
    const footer = this.#watching
      ? `Restarts when ${this.spec} or a module it imports changes. Press Ctrl+C to stop.`
      : "Press Ctrl+C to stop.";
    this.io.stdout(`sio serving ${this.spec} on ${url}\n\n${reply.table ?? ""}\n${footer}\n`);
    return next;
  }
}
