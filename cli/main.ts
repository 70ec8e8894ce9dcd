#!/usr/bin/env node
/** The `sio` executable. */
import { processIo } from "./io.js";
import { report, run } from "./run.js";

const io = processIo();
// A failure outside a command's own promise chain (a server callback in `serve`) is still one line and exit 2.
const fail = (error: unknown) => process.exit(report(error, io));
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);
process.exitCode = await run(process.argv.slice(2), io);
