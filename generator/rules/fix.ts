/**
 * `--fix`: apply the fixes of a set of diagnostics to a text. A fix is all or
 * nothing: when any of its edits overlaps an edit already taken (or two fixes
 * would touch the same place), the later fix is skipped — running lint again
 * offers it anew on the fixed text.
 */
import type { Diagnostic, TextEdit } from "../../grammar/diagnostics.js";

function overlaps(a: TextEdit, b: TextEdit): boolean {
  const aInserts = a.span.start === a.span.end;
  const bInserts = b.span.start === b.span.end;
  // Ranges sharing characters.
  if (a.span.start < b.span.end && b.span.start < a.span.end) return true;
  // Two insertions at one offset would apply in an arbitrary order.
  if (aInserts && bInserts) return a.span.start === b.span.start;
  // An insertion strictly inside a replaced range.
  if (aInserts) return b.span.start < a.span.start && a.span.start < b.span.end;
  if (bInserts) return a.span.start < b.span.start && b.span.start < a.span.end;
  return false;
}

const sameEdit = (a: TextEdit, b: TextEdit): boolean =>
  a.span.start === b.span.start && a.span.end === b.span.end && a.text === b.text;

/** The edits of the fixes that can be applied together, in diagnostic order, deduplicated. */
export function collectEdits(diagnostics: readonly Diagnostic[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const diagnostic of diagnostics) {
    const fix = diagnostic.fix;
    if (!fix || fix.edits.length === 0) continue;
    // A fix already taken (the same fix reported twice) applies once; a partly taken one not at all.
    if (fix.edits.some((edit) => taken.some((t) => sameEdit(t, edit)))) continue;
    const edits = fix.edits;
    if (edits.some((edit, i) => taken.some((t) => overlaps(t, edit)) || edits.some((other, j) => j !== i && overlaps(other, edit)))) continue;
    taken.push(...edits);
  }
  return taken;
}

/** Apply every applicable fix of `diagnostics` to `text`, back to front so spans stay valid. */
export function applyFixes(text: string, diagnostics: readonly Diagnostic[]): string {
  const edits = collectEdits(diagnostics).sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.span.start) + edit.text + result.slice(edit.span.end);
  return result;
}
