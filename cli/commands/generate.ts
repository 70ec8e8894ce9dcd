/** `sio generate SPEC [-o OUT] [--client FILE | --no-client] [--check] [--watch]`: the typed router (and Socket.IO client), written for a build. */
import path from "node:path";
import { generate, watchGenerate, type GenerateResult } from "../../generator/generate.js";
import { SourceText } from "../../grammar/source.js";
import { parseCommandArgs, parseFormat, type OutputFormat } from "../args.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { displayName, printReport, readSpec, ReportBuilder } from "../report.js";
import { untilSignal } from "../signals.js";

export async function runGenerate(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("generate", args, {
    out: { type: "string", short: "o" },
    client: { type: "string" },
    "no-client": { type: "boolean" },
    check: { type: "boolean" },
    watch: { type: "boolean" },
    format: { type: "string" },
  });
  const format = parseFormat("generate", values.format, ["human", "json", "sarif"]);
  if (positionals.length !== 1) throw new UsageError("expected one SPEC", "generate");
  if (values.check && values.watch) throw new UsageError("--check and --watch cannot be combined", "generate");
  if (values.client !== undefined && values["no-client"]) throw new UsageError("--client and --no-client cannot be combined", "generate");
  const spec = positionals[0]!;
  // An unreadable spec fails the way it does for every command (under --watch too: a typo should not wait forever).
  await readSpec(spec, io.cwd);
  const options = {
    spec: path.resolve(io.cwd, spec),
    ...(values.out === undefined ? {} : { out: path.resolve(io.cwd, values.out) }),
    ...(values["no-client"] ? { client: false as const } : values.client === undefined ? {} : { client: path.resolve(io.cwd, values.client) }),
  };

  if (values.watch) {
    const watcher = watchGenerate(options, (result) => {
      // Keep running after errors: each run reports and waits for the next change.
      printResult(io, result, spec, format);
    });
    io.stderr(`sio: watching ${spec} and the modules it imports (Ctrl+C to stop)\n`);
    await untilSignal();
    await watcher.close();
    return 0;
  }
  return printResult(io, await generate({ ...options, ...(values.check ? { check: true } : {}) }), spec, format);
}

/**
 * Diagnostics as `lint` prints them, then one status line (on stderr when
 * stdout carries JSON or SARIF). Returns the exit code: 1 refused or stale,
 * 2 an I/O failure, 0 otherwise.
 */
function printResult(io: Io, result: GenerateResult, spec: string, format: OutputFormat): number {
  const out = displayName(result.outFile, io.cwd);
  const changed = result.changed.map((file) => displayName(file, io.cwd)).join(", ");
  if (result.source && (result.diagnostics.length > 0 || format !== "human")) {
    const report = new ReportBuilder(io.cwd);
    report.add(new SourceText(spec, result.source.text), result.diagnostics);
    printReport(io, report.build(), { format });
  }
  const status = (line: string) => (format === "human" ? io.stdout : io.stderr)(`${line}\n`);
  switch (result.status) {
    case "written":
      status(`wrote ${changed}`);
      return 0;
    case "unchanged":
    case "fresh":
      status(`${result.client ? `${out} and ${displayName(result.client.file, io.cwd)} are` : `${out} is`} up to date`);
      return 0;
    case "stale":
      status(`${changed} ${result.changed.length > 1 ? "are" : "is"} stale: run 'sio generate ${spec}' to update ${result.changed.length > 1 ? "them" : "it"}`);
      return 1;
    case "refused":
      status(`not written: fix the errors in ${spec} first`);
      return 1;
    case "failed":
      // Under --watch this is not the end: the spec may be mid-save; the next change runs again.
      io.stderr(`sio: ${result.error ?? `cannot write ${out}`}\n`);
      return 2;
  }
}
