/**
 * `sio check FILE...` (syntax and binding) and `sio lint FILE...` (every
 * rule, with `--fix` for the mechanical fixes).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { analyzeText, type Analysis } from "../../generator/analyze.js";
import { applyFixes } from "../../generator/rules/fix.js";
import { checkStdin, parseCommandArgs, parseCount, parseFormat } from "../args.js";
import { describeFsError, IoError, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { exitCodeOf, printReport, readInput, ReportBuilder } from "../report.js";

const FORMATS = ["human", "json", "sarif"] as const;
/** Fixes can uncover further fixable problems (two captured Socket.IO routes); bounded so a fix that does not converge cannot loop. */
const MAX_FIX_PASSES = 10;

export const runCheck = (args: readonly string[], io: Io) => runAnalysis("check", args, io);
export const runLint = (args: readonly string[], io: Io) => runAnalysis("lint", args, io);

async function runAnalysis(command: "check" | "lint", args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(command, args, {
    format: { type: "string" },
    "max-warnings": { type: "string" },
    fix: { type: "boolean" },
    "stdin-filename": { type: "string" },
  });
  if (command === "check" && values.fix) throw new UsageError("--fix is a lint option", command);
  const format = parseFormat(command, values.format, FORMATS);
  const maxWarnings =
    values["max-warnings"] === undefined ? undefined : parseCount(command, "max-warnings", values["max-warnings"]);
  if (positionals.length === 0) throw new UsageError("expected at least one FILE", command);
  const stdinFilename = values["stdin-filename"];
  if (checkStdin(command, positionals, stdinFilename) && values.fix) {
    throw new UsageError("--fix writes files: it cannot fix standard input", command);
  }

  const report = new ReportBuilder(io.cwd);
  let ioFailed = false;
  for (const file of positionals) {
    let analysis: Analysis;
    try {
      const { name, text } = await readInput(file, io, stdinFilename);
      analysis = values.fix ? await fixFile(name, text, io, format === "human") : analyzeText(name, text, { lint: command === "lint" });
    } catch (error) {
      if (!(error instanceof IoError)) throw error;
      io.stderr(`sio: ${error.message}\n`);
      ioFailed = true;
      continue;
    }
    report.add(analysis.source, analysis.diagnostics);
  }
  const built = report.build();
  printReport(io, built, { format, fixHint: command === "lint" && !values.fix });
  const code = exitCodeOf(io, built, maxWarnings);
  return ioFailed ? 2 : code;
}

/**
 * Apply fixes until none remain (or the passes run out), write the file once
 * if it changed, and print the unified diff: on stdout for human output, on
 * stderr when stdout carries JSON or SARIF. Returns the analysis of the fixed text.
 */
async function fixFile(file: string, original: string, io: Io, diffOnStdout: boolean): Promise<Analysis> {
  let text = original;
  let analysis = analyzeText(file, text);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixable = analysis.diagnostics.filter((diagnostic) => diagnostic.fix);
    if (fixable.length === 0) break;
    const fixed = applyFixes(text, fixable);
    if (fixed === text) break;
    text = fixed;
    analysis = analyzeText(file, text);
  }
  if (text === original) return analysis;
  try {
    await writeFile(path.resolve(io.cwd, file), text, "utf8");
  } catch (error) {
    throw describeFsError("write", file, error);
  }
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, original, text, undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
  (diffOnStdout ? io.stdout : io.stderr)(patch + "\n");
  return analysis;
}
