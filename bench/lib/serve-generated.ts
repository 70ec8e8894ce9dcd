/**
 * The peer of `sio serve` in bench/serve-memory.ts: a generated router
 * (argv[2]) served by the runtime alone, loaded through tsx as `sio serve`'s
 * server process loads it. Prints its URL; SIGTERM closes it.
 */
import { pathToFileURL } from "node:url";
import { serve, type Application } from "@sio-router/runtime";

const { application } = (await import(pathToFileURL(process.argv[2]!).href)) as { application: Application };
const server = await serve(application, { port: 0 });
console.log(`serving on ${server.url}`);
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
