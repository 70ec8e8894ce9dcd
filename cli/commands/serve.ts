/**
 * `sio serve SPEC [--host H] [--port P]`: generate the spec's router to a
 * temporary module beside it, load it (and the user's TypeScript modules)
 * through tsx's loader, serve it until SIGINT/SIGTERM, then shut down
 * gracefully.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { analyzeText } from "../../generator/analyze.js";
import { generate } from "../../generator/generate.js";
import type { Application } from "@sio-router/runtime";
import { SourceText } from "../../grammar/source.js";
import { parseCommandArgs, parseCount } from "../args.js";
import { IoError, UsageError } from "../errors.js";
import { formatRoutingTable } from "../format/routing-table.js";
import type { Io } from "../io.js";
import { displayName, printReport, ReportBuilder } from "../report.js";
import { untilSignal } from "../signals.js";

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = 8000;

export async function runServe(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("serve", args, {
    host: { type: "string" },
    port: { type: "string" },
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
  // Beside the spec, so the spec's relative imports resolve from the generated module as they do from the spec.
  const outFile = path.join(path.dirname(specFile), `.sio-serve-${process.pid}.generated.ts`);
  const removeOut = () => rmSync(outFile, { force: true });
  process.once("exit", removeOut);
  try {
    const result = await generate({ spec: specFile, out: outFile });
    if (result.status === "failed") throw new IoError(result.error ?? `cannot generate ${spec}`);
    if (result.status === "refused" && result.source) {
      const report = new ReportBuilder(io.cwd);
      report.add(new SourceText(spec, result.source.text), result.diagnostics);
      printReport(io, report.build(), { format: "human" });
      io.stderr(`sio: not serving ${spec}: fix the errors first\n`);
      return 1;
    }
    const application = await loadApplication(outFile);
    removeOut();
    const { serve } = await import("@sio-router/runtime");
    const server = await serve(application, { host, port }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") throw new IoError(`cannot listen on ${host}:${port}: address already in use`);
      if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND" || error.code === "EACCES") {
        throw new IoError(`cannot listen on ${host}:${port}: ${error.code}`);
      }
      throw error;
    });
    const analysis = analyzeText(spec, result.source?.text ?? "", { lint: false });
    io.stdout(`sio serving ${spec} on ${server.url}\n\n${formatRoutingTable(analysis.source, analysis.spec, io.color)}\nPress Ctrl+C to stop.\n`);
    const signal = await untilSignal();
    io.stdout(`\n${signal}: shutting down\n`);
    await server.close();
    return 0;
  } finally {
    removeOut();
    process.off("exit", removeOut);
  }
}

function parsePortVariable(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`PORT must be an integer from 0 to 65535, got '${value}'`, "serve");
  }
  return Number(value);
}

/** Imports the generated module through tsx, so it and the user's TypeScript modules load as they are. */
async function loadApplication(file: string): Promise<Application> {
  const { register } = await import("tsx/esm/api");
  register();
  let module: { application?: Application };
  try {
    module = (await import(pathToFileURL(file).href)) as { application?: Application };
  } catch (error) {
    // The user's modules threw while loading: their error, not sio's.
    const message = error instanceof Error ? error.message : String(error);
    throw new IoError(`cannot load the application: ${message.split("\n")[0]}`);
  }
  if (typeof module.application !== "function") {
    throw new IoError(`${displayName(file, process.cwd())} exports no application`);
  }
  return module.application;
}
