/**
 * The rule tests' small harness: diagnostics as plain, comparable records
 * with 1-based positions (the shape of `expected.json`), and a way to lint a
 * spec given inline.
 */
import type { Analysis } from "../../analyze.js";
import { analyzeText } from "../../analyze.js";

export interface ExpectedRelated {
  line: number;
  column: number;
  message: string;
}

export interface ExpectedDiagnostic {
  code: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related: ExpectedRelated[];
}

export function toExpected(analysis: Analysis): ExpectedDiagnostic[] {
  const { source } = analysis;
  return analysis.diagnostics.map((d) => {
    const start = source.locate(d.span.start);
    const end = source.locate(d.span.end);
    return {
      code: d.code,
      severity: d.severity,
      message: d.message,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      related: d.related.map((r) => ({ ...source.locate(r.span.start), message: r.message })),
    };
  });
}

/** Lint an inline spec; the diagnostics as `code@line:column` plus the records. */
export function lint(text: string): ExpectedDiagnostic[] {
  return toExpected(analyzeText("inline.sio", text));
}

/** Just the codes, in order. */
export function codes(text: string): string[] {
  return lint(text).map((d) => d.code);
}
