/**
 * Human output: `file:line:col severity CODE message`, a code frame, related
 * locations indented beneath, and a summary line. Colours only when asked
 * (main.ts asks when stdout is a TTY and NO_COLOR is unset).
 */
import pc from "picocolors";
import type { Severity } from "../../grammar/diagnostics.js";
import { codeFrame, splitLines } from "./code-frame.js";
import { countBySeverity, type Counts, type LocatedDiagnostic, type Report } from "./located.js";

export interface HumanOptions {
  color: boolean;
  /** Mention `--fix` in the summary when some diagnostics carry a fix (`lint` only). */
  fixHint?: boolean;
}

export function formatHuman(report: Report, options: HumanOptions): string {
  const colors = pc.createColors(options.color);
  const lines = new Map<string, string[]>();
  const linesOf = (file: string) => {
    let cached = lines.get(file);
    if (!cached) {
      const text = report.sources.get(file);
      cached = text === undefined ? [] : splitLines(text);
      lines.set(file, cached);
    }
    return cached;
  };
  const blocks = report.diagnostics.map((diagnostic) => formatOne(diagnostic, linesOf(diagnostic.file), options, colors));
  const summary = summarize(report.diagnostics, options, colors);
  return [...blocks, summary].join("\n\n") + "\n";
}

type Colors = ReturnType<typeof pc.createColors>;

function formatOne(diagnostic: LocatedDiagnostic, lines: string[], options: HumanOptions, colors: Colors): string {
  const head = [
    colors.bold(`${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`),
    paintSeverity(diagnostic.severity, colors),
    colors.dim(diagnostic.code),
    diagnostic.message,
  ].join(" ");
  const parts = [head];
  if (lines.length > 0) parts.push(codeFrame(lines, diagnostic, options.color));
  for (const related of diagnostic.related) {
    parts.push(`  ${colors.cyan(`${related.file}:${related.line}:${related.column}`)} ${related.message}`);
  }
  if (diagnostic.fix) parts.push(`  ${colors.green("fix:")} ${diagnostic.fix.description}`);
  return parts.join("\n");
}

function paintSeverity(severity: Severity, colors: Colors): string {
  if (severity === "error") return colors.red(severity);
  if (severity === "warning") return colors.yellow(severity);
  return colors.blue(severity);
}

/** "2 errors, 1 warning" (infos only when there are some); "no problems" when empty. */
export function summaryLine(counts: Counts): string {
  if (counts.errors + counts.warnings + counts.infos === 0) return "no problems";
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const parts = [plural(counts.errors, "error"), plural(counts.warnings, "warning")];
  if (counts.infos > 0) parts.push(`${counts.infos} info`);
  return parts.join(", ");
}

function summarize(diagnostics: readonly LocatedDiagnostic[], options: HumanOptions, colors: Colors): string {
  const counts = countBySeverity(diagnostics);
  let line = summaryLine(counts);
  const fixable = diagnostics.filter((diagnostic) => diagnostic.fix).length;
  if (options.fixHint && fixable > 0) line += ` (${fixable} fixable with --fix)`;
  if (counts.errors > 0) return colors.red(colors.bold(line));
  if (counts.warnings > 0) return colors.yellow(colors.bold(line));
  return colors.green(line);
}
