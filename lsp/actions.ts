/**
 * Code actions: each diagnostic's own fix (the rule's, as `sio lint --fix`
 * applies it), "suppress SIOnnn on this line" for the lint rules, and
 * "fix all" (every fix that applies together, as `--fix` takes them).
 */
import { CodeActionKind, type CodeAction, type Range, type TextEdit as LspTextEdit } from "vscode-languageserver";
import { rules } from "../generator/rules/index.js";
import { collectEdits } from "../generator/rules/fix.js";
import type { Diagnostic, TextEdit } from "../grammar/diagnostics.js";
import { offsetOf, rangeOf, toLspDiagnostic } from "./convert.js";
import type { DocumentAnalysis } from "./workspace.js";

export const FIX_ALL = `${CodeActionKind.SourceFixAll}.sio`;

/** The reason a suppression comment starts with; the suppression syntax requires one, the user writes it. */
export const SUPPRESSION_REASON = "<reason>";

const SUPPRESSIBLE = new Set(rules.filter((rule) => rule.stage === "check").map((rule) => rule.code));

export function codeActions(document: DocumentAnalysis, range: Range, only: readonly string[] | undefined): CodeAction[] {
  const { source, uri } = document;
  const start = offsetOf(source, range.start);
  const end = offsetOf(source, range.end);
  const wanted = (kind: string) => !only || only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`));
  const edit = (edits: readonly TextEdit[]) => ({ changes: { [uri]: edits.map((e): LspTextEdit => ({ range: rangeOf(source, e.span), newText: e.text })) } });
  const actions: CodeAction[] = [];
  const touched = document.diagnostics.filter((d) => d.span.start <= end && start <= d.span.end);
  if (wanted(CodeActionKind.QuickFix)) {
    for (const diagnostic of touched) {
      if (!diagnostic.fix) continue;
      actions.push({
        title: diagnostic.fix.description,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(source, uri, diagnostic)],
        isPreferred: true,
        edit: edit(diagnostic.fix.edits),
      });
    }
    for (const diagnostic of touched) {
      if (!SUPPRESSIBLE.has(diagnostic.code)) continue;
      actions.push({
        title: `Suppress ${diagnostic.code} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(source, uri, diagnostic)],
        edit: edit([suppression(document, diagnostic)]),
      });
    }
  }
  const fixable = document.diagnostics.filter((d) => d.fix);
  if (wanted(FIX_ALL) && fixable.length > 0) {
    actions.push({ title: "Fix all sio problems that have a fix", kind: FIX_ALL, edit: edit(collectEdits(fixable)) });
  }
  return actions;
}

/** `# sio-ignore: SIOnnn <reason>` on a line of its own above the diagnostic's line, indented alike. */
function suppression(document: DocumentAnalysis, diagnostic: Diagnostic): TextEdit {
  const { source } = document;
  const lineStart = source.lineStart(source.locate(diagnostic.span.start).line);
  const indent = /^[ \t]*/.exec(source.text.slice(lineStart))![0];
  const newline = /\r\n|\r|\n/.exec(source.text)?.[0] ?? "\n";
  return { span: { start: lineStart, end: lineStart }, text: `${indent}# sio-ignore: ${diagnostic.code} ${SUPPRESSION_REASON}${newline}` };
}
