/** The formatters as pure functions, tested on their text. */
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import type { Diagnostic } from "../../grammar/diagnostics.js";
import { SourceText } from "../../grammar/source.js";
import { codeFrame, splitLines } from "../format/code-frame.js";
import { formatHuman, summaryLine } from "../format/human.js";
import { formatJson } from "../format/json.js";
import { locateDiagnostics, type Report } from "../format/located.js";

const TEXT = 'application = URLRouter([\n  re_path("", app),\n])\n';

function reportOf(text: string, diagnostics: Diagnostic[], file = "a.sio"): Report {
  const source = new SourceText(file, text);
  return { diagnostics: locateDiagnostics(file, source, diagnostics), sources: new Map([[file, text]]) };
}

const unknownApp: Diagnostic = {
  code: "SIO110",
  severity: "error",
  message: "unknown name 'app'",
  span: { start: 40, end: 43 },
  related: [{ span: { start: 14, end: 23 }, message: "the router" }],
};

test("human: head line, code frame, related location, summary; no escape codes without colour", () => {
  const text = formatHuman(reportOf(TEXT, [unknownApp]), { color: false });
  assert.is(
    text,
    [
      "a.sio:2:15 error SIO110 unknown name 'app'",
      "  1 | application = URLRouter([",
      '> 2 |   re_path("", app),',
      "    |               ^^^",
      "  3 | ])",
      "  4 |",
      "  a.sio:1:15 the router",
      "",
      "1 error, 0 warnings",
      "",
    ].join("\n"),
  );
});

test("human: colours only when asked", () => {
  const text = formatHuman(reportOf(TEXT, [unknownApp]), { color: true });
  assert.match(text, /\u001b\[31merror\u001b\[39m/);
  assert.match(text, /\u001b\[1ma\.sio:2:15\u001b\[22m/);
});

test("human: fix hint and infos in the summary", () => {
  const fixable: Diagnostic = {
    code: "SIO111",
    severity: "info",
    message: "path(\"\") matches only the root",
    span: { start: 28, end: 44 },
    related: [],
    fix: { description: "use re_path(\"\")", edits: [{ span: { start: 28, end: 32 }, text: "re_path" }] },
  };
  const text = formatHuman(reportOf(TEXT, [fixable]), { color: false, fixHint: true });
  assert.match(text, /  fix: use re_path\(""\)\n\n0 errors, 0 warnings, 1 info \(1 fixable with --fix\)\n$/);
});

test("summary line wording", () => {
  assert.is(summaryLine({ errors: 0, warnings: 0, infos: 0 }), "no problems");
  assert.is(summaryLine({ errors: 2, warnings: 1, infos: 0 }), "2 errors, 1 warning");
  assert.is(summaryLine({ errors: 1, warnings: 0, infos: 3 }), "1 error, 0 warnings, 3 info");
  assert.is(formatHuman(reportOf(TEXT, []), { color: false }), "no problems\n");
});

test("code frame: a very long line is cut to a window around the range", () => {
  const line = `${"x".repeat(5000)}BAD${"y".repeat(5000)}`;
  const frame = codeFrame(splitLines(line), { line: 1, column: 5001, endLine: 1, endColumn: 5004 }, false);
  const [code, marker] = frame.split("\n");
  assert.ok(code!.length < 200, `${code!.length} characters`);
  assert.match(code!, /^> 1 \| …x+BADy+…$/);
  // The marker line is the code line's gutter blanked, then carets under exactly BAD.
  assert.is(marker, `    | ${" ".repeat(code!.indexOf("BAD") - "> 1 | ".length)}^^^`);
});

test("code frame: lines separated by U+2028 inside a string stay one line, as SourceText counts them", () => {
  const text = 'a = "x\u2028y"\nbad\n';
  const source = new SourceText("a.sio", text);
  const [located] = locateDiagnostics("a.sio", source, [{ ...unknownApp, span: { start: 10, end: 13 } }]);
  assert.is(located!.line, 2);
  const frame = codeFrame(splitLines(text), located!, false);
  assert.match(frame, /^> 2 \| bad\n {4}\| \^\^\^$/m);
});

test("json: located records with exclusive ends, related always present", () => {
  const parsed = JSON.parse(formatJson(reportOf(TEXT, [unknownApp]))) as unknown[];
  assert.equal(parsed, [
    {
      code: "SIO110",
      severity: "error",
      message: "unknown name 'app'",
      file: "a.sio",
      line: 2,
      column: 15,
      endLine: 2,
      endColumn: 18,
      related: [{ file: "a.sio", line: 1, column: 15, endLine: 1, endColumn: 24, message: "the router" }],
    },
  ]);
});

test.run();
