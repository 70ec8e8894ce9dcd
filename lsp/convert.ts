/**
 * Between sio's shapes and the protocol's: spans (offsets) and ranges (0-based
 * lines and UTF-16 characters, the protocol's default encoding, which is also
 * how SourceText counts columns), diagnostics with their codes linked to the
 * rule's documentation.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
} from "vscode-languageserver";
import type { Diagnostic, Severity, Span } from "../grammar/diagnostics.js";
import { SourceText } from "../grammar/source.js";
import { docsPage, ruleDocUrl } from "../cli/version.js";

export function positionOf(source: SourceText, offset: number): Position {
  const { line, column } = source.locate(offset);
  return { line: line - 1, character: column - 1 };
}

export function rangeOf(source: SourceText, span: Span): Range {
  return { start: positionOf(source, span.start), end: positionOf(source, Math.max(span.start, span.end)) };
}

/** The offset of a position; a character past the end of its line clamps to the line's end. */
export function offsetOf(source: SourceText, position: Position): number {
  if (position.line >= source.lineCount) return source.text.length;
  const start = source.lineStart(position.line + 1);
  const next = position.line + 1 < source.lineCount ? source.lineStart(position.line + 2) : source.text.length;
  const lineEnd = next - lineBreakBefore(source.text, next);
  return Math.min(start + Math.max(0, position.character), lineEnd);
}

function lineBreakBefore(text: string, offset: number): number {
  if (text.charCodeAt(offset - 1) !== 10 && text.charCodeAt(offset - 1) !== 13) return 0;
  return text.charCodeAt(offset - 1) === 10 && text.charCodeAt(offset - 2) === 13 ? 2 : 1;
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** The file a `file:` URI names; null for other schemes (an unsaved buffer). */
export function fileOf(uri: string): string | null {
  return uri.startsWith("file:") ? fileURLToPath(uri) : null;
}

/** Another file's text (a TypeScript declaration), for positions in it; undefined when unreadable. */
export function readSource(file: string): SourceText | undefined {
  try {
    return new SourceText(file, readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Where the documentation of a rule is: the published page, else the rules.md shipped with sio. */
export function ruleDocUri(code: string): string | undefined {
  const page = docsPage("rules.md");
  return ruleDocUrl(code) ?? (path.isAbsolute(page) ? `${pathToFileURL(page).href}#${code.toLowerCase()}` : undefined);
}

export function toLspDiagnostic(source: SourceText, uri: string, diagnostic: Diagnostic): LspDiagnostic {
  const others = new Map<string, SourceText | undefined>();
  const related: DiagnosticRelatedInformation[] = diagnostic.related.map((info) => {
    if (info.file === undefined) return { location: { uri, range: rangeOf(source, info.span) }, message: info.message };
    if (!others.has(info.file)) others.set(info.file, readSource(info.file));
    const other = others.get(info.file);
    const range = other ? rangeOf(other, info.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { location: { uri: uriOf(info.file), range }, message: info.message };
  });
  const href = ruleDocUri(diagnostic.code);
  return {
    range: rangeOf(source, diagnostic.span),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: "sio",
    message: diagnostic.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
  };
}
