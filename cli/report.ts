/**
 * Reading specs and printing diagnostics the way every command does:
 * `check`, `lint` and `generate` share one report format and one exit-code
 * policy.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { rules } from "../generator/rules/index.js";
import type { Diagnostic } from "../grammar/diagnostics.js";
import { SourceText } from "../grammar/source.js";
import type { OutputFormat } from "./args.js";
import { describeFsError } from "./errors.js";
import { formatHuman } from "./format/human.js";
import { formatJson } from "./format/json.js";
import { countBySeverity, locateDiagnostics, type LocatedDiagnostic, type Report } from "./format/located.js";
import { formatSarif } from "./format/sarif.js";
import type { Io } from "./io.js";
import { homepage, version } from "./version.js";

export async function readSpec(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw describeFsError("read", file, error);
  }
}

/** Collects the located diagnostics of several files into one report. */
export class ReportBuilder {
  private readonly diagnostics: LocatedDiagnostic[] = [];
  private readonly sources = new Map<string, string>();

  add(source: SourceText, diagnostics: readonly Diagnostic[]): void {
    this.sources.set(source.path, source.text);
    this.diagnostics.push(...locateDiagnostics(source.path, source, diagnostics));
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
    case "sarif":
      io.stdout(
        formatSarif(report, {
          toolVersion: version(),
          informationUri: homepage(),
          helpUri: (code) => `${homepage()}/blob/main/docs/rules.md#${code.toLowerCase()}`,
          rules: rules.map((rule) => ({ code: rule.code, name: rule.name, severity: rule.severity, summary: rule.summary })),
          cwd: io.cwd,
        }),
      );
      return;
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
