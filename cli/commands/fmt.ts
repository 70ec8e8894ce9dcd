/** `sio fmt FILE...`: print, check or rewrite `.sio` files in the canonical layout. */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { SourceText } from "../../grammar/source.js";
import { checkStdin, parseCommandArgs } from "../args.js";
import { describeFsError, IoError, UsageError } from "../errors.js";
import { formatSpec } from "../fmt/format-spec.js";
import type { Io } from "../io.js";
import { printReport, readInput, ReportBuilder } from "../report.js";

export async function runFmt(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("fmt", args, {
    check: { type: "boolean" },
    write: { type: "boolean", short: "w" },
    "stdin-filename": { type: "string" },
  });
  if (values.check && values.write) throw new UsageError("--check and --write cannot be combined", "fmt");
  if (positionals.length === 0) throw new UsageError("expected at least one FILE", "fmt");
  const stdinFilename = values["stdin-filename"];
  if (checkStdin("fmt", positionals, stdinFilename) && values.write) {
    throw new UsageError("--write rewrites files: it cannot rewrite standard input", "fmt");
  }
  if (!values.check && !values.write && positionals.length > 1) {
    throw new UsageError("printing to stdout takes one FILE; use --write or --check for several", "fmt");
  }
  // When stdout carries the formatted text, diagnostics go to stderr.
  const diagnosticsIo = values.check || values.write ? io : { ...io, stdout: io.stderr, color: false };
  let code = 0;
  for (const argument of positionals) {
    let file: string;
    let text: string;
    try {
      ({ name: file, text } = await readInput(argument, io, stdinFilename));
    } catch (error) {
      if (!(error instanceof IoError)) throw error;
      io.stderr(`sio: ${error.message}\n`);
      code = 2;
      continue;
    }
    const result = formatSpec(text);
    if (!result.ok) {
      const source = new SourceText(file, text);
      if (result.unplaced) {
        const { line, column } = source.locate(result.unplaced.start);
        io.stderr(`${file}:${line}:${column} cannot format: fmt keeps comments between items and at line ends; move this one\n`);
      } else {
        const report = new ReportBuilder(io.cwd);
        report.add(source, result.diagnostics);
        printReport(diagnosticsIo, report.build(), { format: "human" });
        io.stderr(`sio: not formatting ${file}: fix the syntax errors first\n`);
      }
      code = Math.max(code, 1);
      continue;
    }
    if (values.check) {
      if (result.text !== text) {
        io.stdout(`${file} is not formatted\n`);
        code = Math.max(code, 1);
      }
    } else if (values.write) {
      if (result.text === text) continue;
      try {
        await writeFile(path.resolve(io.cwd, file), result.text, "utf8");
      } catch (error) {
        throw describeFsError("write", file, error);
      }
      io.stdout(`formatted ${file}\n`);
    } else {
      io.stdout(result.text);
    }
  }
  return code;
}
