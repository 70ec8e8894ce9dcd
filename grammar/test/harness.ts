/** Test helpers: parse a text and read diagnostics as line/column, like a formatter would. */
import * as assert from "uvu/assert";
import {
  parseSpec,
  SourceText,
  type Diagnostic,
  type Program,
  type Span,
} from "../index.js";

export interface Located {
  line: number;
  column: number;
  message: string;
}

export function locate(text: string, diagnostics: Diagnostic[]): Located[] {
  const source = new SourceText("test.sio", text);
  return diagnostics.map((d) => ({
    ...source.locate(d.span.start),
    message: d.message,
  }));
}

/** Parse and require no diagnostics. */
export function expectValid(text: string): Program {
  const { program, diagnostics } = parseSpec(text);
  assert.equal(locate(text, diagnostics), []);
  return program;
}

/** Parse and require exactly these SIO100 errors, in order. */
export function expectErrors(text: string, expected: Located[]): Program {
  const { program, diagnostics } = parseSpec(text);
  assert.equal(locate(text, diagnostics), expected);
  for (const d of diagnostics) {
    assert.is(d.code, "SIO100");
    assert.is(d.severity, "error");
  }
  return program;
}

/** The 1-based line/column of both ends of a span. */
export function where(text: string, span: Span): string {
  const source = new SourceText("test.sio", text);
  const start = source.locate(span.start);
  const end = source.locate(span.end);
  return `${start.line}:${start.column}-${end.line}:${end.column}`;
}

/** A span's text. */
export function slice(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}
