/**
 * Every golden output compiles under `--strict` (and `noUnusedLocals`: no unused
 * imports), together with a user module per case calling `reverse()` correctly; and a
 * wrong name, a missing kwarg or a kwarg of the wrong type is a compile error in user code.
 * One TypeScript program for all of it; `@sio-router/runtime` resolves to the sources through the
 * `source` condition, as in the project's own tsconfig.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const GOLDEN = path.join(ROOT, "fixtures/generate");
const cases = readdirSync(GOLDEN).filter((name) => existsSync(path.join(GOLDEN, name, "expected.ts")));

/** User code that must not compile: each line one mistake. */
const NEGATIVE = path.join(GOLDEN, "nested", "__wrong_reverse_calls__.ts");
const NEGATIVE_TEXT = [
  `import { reverse } from "./expected.js";`,
  `reverse("room", { room: "7" });`,
  `reverse("room-message", { room: 7 });`,
  `reverse("no-such-route");`,
  `reverse("room");`,
  `reverse("room", { room: 7, extra: "x" });`,
  "",
].join("\n");

function compilerOptions(): ts.CompilerOptions {
  const configFile = path.join(ROOT, "tsconfig.json");
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  const host: ts.ParseConfigHost = { ...ts.sys, readDirectory: () => [] };
  const { options } = ts.parseJsonConfigFileContent(read.config, host, ROOT, undefined, configFile);
  return { ...options, strict: true, noUnusedLocals: true, noEmit: true, customConditions: ["@sio-router/source"] };
}

function check(rootNames: string[]): ts.Diagnostic[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, shouldCreate) =>
    path.resolve(fileName) === NEGATIVE ? ts.createSourceFile(fileName, NEGATIVE_TEXT, language) : getSourceFile(fileName, language, onError, shouldCreate);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => path.resolve(fileName) === NEGATIVE || fileExists(fileName);
  const program = ts.createProgram({ rootNames, options, host });
  return [...ts.getPreEmitDiagnostics(program)];
}

function describe(diagnostic: ts.Diagnostic): string {
  const where = diagnostic.file
    ? `${path.relative(ROOT, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
    : "";
  return `${where} TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
}

test("golden outputs and their users compile strictly; wrong reverse() calls do not", () => {
  const rootNames = cases.flatMap((name) => {
    const usage = path.join(GOLDEN, name, "usage.ts");
    return [path.join(GOLDEN, name, "expected.ts"), ...(existsSync(usage) ? [usage] : [])];
  });
  assert.ok(cases.length >= 5, "all golden cases");
  const diagnostics = check([...rootNames, NEGATIVE]);
  // Only the generated modules and their users are ours to judge (the runtime's own sources are checked by `npm run typecheck`).
  const elsewhere = diagnostics.filter((d) => !d.file || (path.resolve(d.file.fileName).startsWith(GOLDEN + path.sep) && path.resolve(d.file.fileName) !== NEGATIVE));
  assert.equal(elsewhere.map(describe), [], "the generated code and correct calls compile");
  const negative = diagnostics.filter((d) => d.file && path.resolve(d.file.fileName) === NEGATIVE);
  const lines = [...new Set(negative.map((d) => d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1))].sort((a, b) => a - b);
  assert.equal(lines, [2, 3, 4, 5, 6], negative.map(describe).join("\n"));
});

test.run();
