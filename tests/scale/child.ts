/**
 * One sio server of the scale-out tests, as its own process: `single` serves
 * tests/scale/app.ts on a free port; `cluster N` is the primary of N workers
 * on one port (each worker runs this module again). The parent learns the
 * URL over IPC; SIGTERM (or the parent going away) closes gracefully.
 */
import cluster from "node:cluster";
import { fileURLToPath } from "node:url";
import { configureScaleOut, serve, type SioServer } from "@sio-router/runtime";
import { serveClusterWorker, startPrimary } from "@sio-router/runtime/cluster";

export type ChildReport = { type: "listening"; url: string; port: number } | { type: "workers"; pids: (number | null)[] };

const [mode = "single", count = "1"] = process.argv.slice(2);

async function main(): Promise<void> {
  if (mode === "cluster" && cluster.isPrimary) {
    const primary = await startPrimary({ workers: Number(count), exec: fileURLToPath(import.meta.url), args: [mode, count] });
    const stop = () => void primary.close().then(() => process.exit(0));
    process.once("SIGTERM", stop);
    process.once("disconnect", stop);
    // The tests kill a worker by its slot.
    process.on("message", (message: { type?: string }) => {
      if (message?.type === "workers") process.send!({ type: "workers", pids: primary.workers.map((worker) => worker?.process.pid ?? null) } satisfies ChildReport);
    });
    report(primary.address.port);
    return;
  }
  // As a spec's settings { socketio_adapter = "redis" } would, before the endpoints exist.
  const adapter = process.env.SIO_TEST_ADAPTER;
  if (adapter === "redis" || adapter === "redis-streams") configureScaleOut({ socketio_adapter: adapter });
  const { application } = await import("./app.js");
  let server: SioServer;
  if (cluster.isWorker) {
    server = await serveClusterWorker(application);
  } else {
    server = await serve(application, { port: 0 });
    process.once("disconnect", () => void server.close().then(() => process.exit(0)));
    report(server.port);
  }
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
}

function report(port: number): void {
  process.send!({ type: "listening", url: `http://127.0.0.1:${port}`, port } satisfies ChildReport);
}

await main();
