/**
 * A code frame for one range of a source text, by @babel/code-frame, fed only
 * the lines it shows: very long lines (a minified or generated spec) are cut
 * to a window around the range, and line numbering stays SourceText's (Babel
 * would also break lines at U+2028/U+2029, shifting every line after one).
 */
import { codeFrameColumns, type BabelCodeFrameOptions } from "@babel/code-frame";
import type { LocatedRange } from "./located.js";

const LINES_ABOVE = 2;
const LINES_BELOW = 2;
/** Longest line shown whole; longer ones are cut to this many characters around the range. */
const MAX_WIDTH = 160;
const LEAD = 40;

interface Window {
  text: string;
  /** Subtract from a 1-based column of the original line to get its column in `text`. */
  shift: number;
}

function windowOf(line: string, focusColumn: number): Window {
  if (line.length <= MAX_WIDTH) return { text: line, shift: 0 };
  const start = Math.max(0, Math.min(focusColumn - 1 - LEAD, line.length - MAX_WIDTH));
  const head = start > 0 ? "…" : "";
  const tail = start + MAX_WIDTH < line.length ? "…" : "";
  return { text: head + line.slice(start, start + MAX_WIDTH) + tail, shift: start - head.length };
}

/** A text's lines as SourceText counts them (split once per file, not per diagnostic). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function codeFrame(lines: readonly string[], range: LocatedRange, color: boolean): string {
  const first = Math.max(1, range.line - LINES_ABOVE);
  const last = Math.min(lines.length, range.endLine + LINES_BELOW);
  const shown: string[] = [];
  let startShift = 0;
  let endShift = 0;
  for (let number = first; number <= last; number++) {
    const focus = number === range.endLine && number !== range.line ? range.endColumn : range.column;
    const window = windowOf((lines[number - 1] ?? "").replace(/[\u2028\u2029]/g, " "), focus);
    if (number === range.line) startShift = window.shift;
    if (number === range.endLine) endShift = window.shift;
    shown.push(window.text);
  }
  const clamp = (column: number, line: number) =>
    Math.max(1, Math.min(column, (shown[line - first]?.length ?? 0) + 1));
  // Lines in file numbering: Babel subtracts `startLine - 1` itself.
  const location = {
    start: { line: range.line, column: clamp(range.column - startShift, range.line) },
    end: { line: range.endLine, column: clamp(range.endColumn - endShift, range.endLine) },
  };
  // `startLine` numbers the gutter from the first line shown; the published types omit it.
  const options: BabelCodeFrameOptions & { startLine: number } = {
    highlightCode: color,
    forceColor: color,
    linesAbove: LINES_ABOVE,
    linesBelow: LINES_BELOW,
    startLine: first,
  };
  return codeFrameColumns(shown.join("\n"), location, options);
}
