/**
 * The one shape every stage reports problems in. Spans are offsets into the
 * source text; line/column appear only in formatters. Messages are stable
 * text without positions.
 */
export type Severity = "error" | "warning" | "info";

/** Half-open range of offsets `[start, end)` into a source text. */
export interface Span {
  start: number;
  end: number;
}

export interface RelatedInformation {
  span: Span;
  message: string;
  /** Another file, when the related place is not in the diagnostic's own file. */
  file?: string;
}

export interface TextEdit {
  span: Span;
  text: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related: RelatedInformation[];
  fix?: Fix;
}

export function spanOf(start: number, end: number): Span {
  return { start, end };
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** Sort by position, then code; the order every formatter prints in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.span.start - b.span.start ||
    a.span.end - b.span.end ||
    a.code.localeCompare(b.code)
  );
}
