/**
 * Diagnostics with their spans turned into 1-based lines and columns: the
 * one place offsets become positions, shared by every formatter. Columns
 * count UTF-16 code units; an end position is exclusive (the column just
 * after the last character), as SARIF's regions are.
 */
import type { Diagnostic, Severity, Span } from "../../grammar/diagnostics.js";
import type { SourceText } from "../../grammar/source.js";

export interface LocatedRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LocatedRelated extends LocatedRange {
  file: string;
  message: string;
}

export interface LocatedEdit extends LocatedRange {
  text: string;
}

export interface LocatedFix {
  description: string;
  edits: LocatedEdit[];
}

/** The `--format json` record. */
export interface LocatedDiagnostic extends LocatedRange {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  related: LocatedRelated[];
  fix?: LocatedFix;
}

/** What formatters print: located diagnostics, and the texts their code frames quote. */
export interface Report {
  diagnostics: LocatedDiagnostic[];
  /** File name (as printed) → its text. */
  sources: ReadonlyMap<string, string>;
}

export function locateSpan(source: SourceText, span: Span): LocatedRange {
  const start = source.locate(span.start);
  const end = source.locate(Math.max(span.start, span.end));
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/**
 * Locate a file's diagnostics. `file` is the name printed for `source`;
 * `sourceOf` supplies other files that related locations point into (a
 * TypeScript declaration), as SourceTexts whose `path` is the name to print.
 */
export function locateDiagnostics(
  file: string,
  source: SourceText,
  diagnostics: readonly Diagnostic[],
  sourceOf: (file: string) => SourceText | undefined = () => undefined,
): LocatedDiagnostic[] {
  return diagnostics.map((diagnostic) => ({
    code: diagnostic.code,
    severity: diagnostic.severity,
    message: diagnostic.message,
    file,
    ...locateSpan(source, diagnostic.span),
    related: diagnostic.related.map((related) => {
      const relatedSource = related.file === undefined ? source : sourceOf(related.file);
      const range = relatedSource
        ? locateSpan(relatedSource, related.span)
        : { line: 1, column: 1, endLine: 1, endColumn: 1 };
      return { file: related.file === undefined ? file : (relatedSource?.path ?? related.file), ...range, message: related.message };
    }),
    ...(diagnostic.fix
      ? {
          fix: {
            description: diagnostic.fix.description,
            edits: diagnostic.fix.edits.map((edit) => ({ ...locateSpan(source, edit.span), text: edit.text })),
          },
        }
      : {}),
  }));
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countBySeverity(diagnostics: readonly { severity: Severity }[]): Counts {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const { severity } of diagnostics) {
    if (severity === "error") counts.errors++;
    else if (severity === "warning") counts.warnings++;
    else counts.infos++;
  }
  return counts;
}
