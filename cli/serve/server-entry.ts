/**
 * The server process of `sio serve`: the generated router (argv[2]) and the
 * user's modules, loaded through tsx, served by the runtime. It holds nothing
 * of the toolchain. It starts while the router is being generated (the
 * runtime loads meanwhile), loads the router when told that it is written,
 * and listens only when told, so that under --watch the previous version
 * keeps serving until this one has loaded. It closes gracefully when told,
 * on SIGINT/SIGTERM/SIGHUP, or when the supervisor is gone.
 */
import { pathToFileURL } from "node:url";
import { serve, type Application, type SioServer } from "@sio-router/runtime";
import type { FromServer, ToServer } from "./protocol.js";

const send = (message: FromServer, then: () => void = () => {}) => process.send!(message, undefined, undefined, then);
const fail = (message: string) => send({ type: "failed", message }, () => process.exit(1));

let application: Application | undefined;
let server: SioServer | undefined;
let stopping = false;
let signalled = false;

function stop(): void {
  if (stopping) return;
  stopping = true;
  void (server ? server.close() : Promise.resolve()).then(() => process.exit(0));
}

// Ctrl+C reaches this process as well as the supervisor (one process group), and the
// supervisor then says stop too: only a second signal means "do not wait".
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (signalled) process.exit(130);
    signalled = true;
    stop();
  });
}
process.on("disconnect", stop);
process.on("message", (message: ToServer) => {
  if (message.type === "stop") stop();
  else if (message.type === "load") void load(process.argv[2]!);
  else if (application && !stopping) void listen(application, message.host, message.port);
});

async function listen(application: Application, host: string, port: number): Promise<void> {
  try {
    server = await serve(application, { host, port });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    fail(`cannot listen on ${host}:${port}: ${code === "EADDRINUSE" ? "address already in use" : (code ?? message)}`);
    return;
  }
  send({ type: "listening", url: server.url, port: server.port });
}

/** Imports the generated module; tells the supervisor it is loaded, or why it cannot be. */
async function load(file: string): Promise<void> {
  let module: { application?: Application };
  try {
    module = (await import(pathToFileURL(file).href)) as { application?: Application };
  } catch (error) {
    // The user's modules threw while loading: their error, not sio's.
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
    const hint = message.includes("'@sio-router/runtime'") ? " (add it to the project: npm install @sio-router/runtime socket.io)" : "";
    fail(`cannot load the application: ${message}${hint}`);
    return;
  }
  if (typeof module.application !== "function") {
    fail("the generated module exports no application");
    return;
  }
  application = module.application;
  send({ type: "loaded" });
}
