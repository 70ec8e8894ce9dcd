/**
 * Reading specs and printing diagnostics the way every command does:
 * `check`, `lint` and `generate` share one report format and one exit-code
 * policy.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { rules } from "../generator/rules/index.js";
import type { Diagnostic } from "../grammar/diagnostics.js";
import { SourceText } from "../grammar/source.js";
import { STDIN, type OutputFormat } from "./args.js";
import { describeFsError } from "./errors.js";
import { formatHuman } from "./format/human.js";
import { formatJson } from "./format/json.js";
import { countBySeverity, locateDiagnostics, type LocatedDiagnostic, type Report } from "./format/located.js";
import { formatSarif } from "./format/sarif.js";
import type { Io } from "./io.js";
import { homepage, ruleDocUrl, version } from "./version.js";

export async function readSpec(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw describeFsError("read", file, error);
  }
}

/** A FILE argument's name in messages and its text: `-` is standard input, named `stdinFilename` (default `<stdin>`). */
export async function readInput(file: string, io: Io, stdinFilename: string | undefined): Promise<{ name: string; text: string }> {
  if (file !== STDIN) return { name: file, text: await readSpec(file, io.cwd) };
  return { name: stdinFilename ?? "<stdin>", text: await io.stdin() };
}

/** How a file is named in output: relative to the working directory when it is inside it. */
export function displayName(file: string, cwd: string): string {
  if (!path.isAbsolute(file)) return file;
  const relative = path.relative(cwd, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

/** Collects the located diagnostics of several files into one report. */
export class ReportBuilder {
  private readonly diagnostics: LocatedDiagnostic[] = [];
  private readonly sources = new Map<string, string>();
  private readonly others = new Map<string, SourceText | undefined>();

  constructor(private readonly cwd: string) {}

  /** A spec's diagnostics; `source.path` is the name printed. */
  add(source: SourceText, diagnostics: readonly Diagnostic[]): void {
    this.sources.set(source.path, source.text);
    this.diagnostics.push(...locateDiagnostics(source.path, source, diagnostics, (file) => this.otherSource(file)));
  }

  /** A file related information points into (a TypeScript module), read once; undefined when unreadable. */
  private otherSource(file: string): SourceText | undefined {
    if (!this.others.has(file)) {
      let source: SourceText | undefined;
      try {
        source = new SourceText(displayName(file, this.cwd), readFileSync(path.resolve(this.cwd, file), "utf8"));
      } catch {
        source = undefined;
      }
      this.others.set(file, source);
    }
    return this.others.get(file);
  }

  build(): Report {
    return { diagnostics: this.diagnostics, sources: this.sources };
  }
}

export interface PrintOptions {
  format: OutputFormat;
  /** Mention `--fix` in the human summary. */
  fixHint?: boolean;
}

export function printReport(io: Io, report: Report, options: PrintOptions): void {
  switch (options.format) {
    case "json":
      io.stdout(formatJson(report));
      return;
    case "sarif": {
      const home = homepage();
      io.stdout(
        formatSarif(report, {
          toolVersion: version(),
          ...(home ? { informationUri: home, helpUri: (code: string) => ruleDocUrl(code)! } : {}),
          rules: rules.map((rule) => ({ code: rule.code, name: rule.name, severity: rule.severity, summary: rule.summary })),
          cwd: io.cwd,
        }),
      );
      return;
    }
    case "human":
      io.stdout(formatHuman(report, { color: io.color, fixHint: options.fixHint ?? false }));
  }
}

/**
 * 0 clean or only warnings/info, 1 when an error stands or warnings exceed
 * `--max-warnings` (which gets a line on stderr saying so).
 */
export function exitCodeOf(io: Io, report: Report, maxWarnings: number | undefined): number {
  const counts = countBySeverity(report.diagnostics);
  if (counts.errors > 0) return 1;
  if (maxWarnings !== undefined && counts.warnings > maxWarnings) {
    io.stderr(`sio: ${counts.warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
