/**
 * `--fix`: the edits rules offer, and applyFixes putting them together.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import type { Diagnostic } from "../../../grammar/diagnostics.js";
import { analyzeText } from "../../analyze.js";
import { applyFixes } from "../fix.js";
import { codes } from "./harness.js";

const seedFile = fileURLToPath(new URL("../../../routes.sio", import.meta.url));
const seed = readFileSync(seedFile, "utf8");

function fixOnce(text: string): string {
  return applyFixes(text, analyzeText("spec.sio", text).diagnostics);
}

const edit = (start: number, end: number, text: string) => ({ span: { start, end }, text });
const withFix = (...edits: ReturnType<typeof edit>[]): Diagnostic => ({
  code: "SIO999",
  severity: "error",
  message: "m",
  span: { start: 0, end: 0 },
  related: [],
  fix: { description: "d", edits },
});

test("the seed lints clean, so nothing to fix", () => {
  assert.equal(fixOnce(seed), seed);
});

test("SIO101 on the seed with the fallback concatenated first: the fix swaps the operands and the result lints clean", () => {
  const misordered = seed.replace(
    /URLRouter\(socketio_urlpatterns \+ \[\n\s*re_path\("", djangoApp\),\n\s*\]\)/,
    'URLRouter([re_path("", djangoApp)] + socketio_urlpatterns)',
  );
  assert.ok(misordered !== seed);
  assert.equal(codes(misordered), ["SIO101"]);
  const fixed = fixOnce(misordered);
  assert.ok(fixed.includes('URLRouter(socketio_urlpatterns + [re_path("", djangoApp)])'));
  assert.equal(codes(fixed), []);
});

test("SIO101 on the seed with the fallback written first in one list: the fix moves the Socket.IO route up and the result lints clean", () => {
  const misordered = seed.replace(
    /URLRouter\(socketio_urlpatterns \+ \[\n\s*re_path\("", djangoApp\),\n\s*\]\)/,
    'URLRouter([\n      re_path("", djangoApp),\n      re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),\n    ])',
  );
  assert.equal(codes(misordered), ["SIO101"]);
  const fixed = fixOnce(misordered);
  assert.ok(
    fixed.includes('URLRouter([\n      re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),\n      re_path("", djangoApp),\n    ])'),
    fixed,
  );
  assert.equal(codes(fixed), []);
});

test("SIO101: a move keeps the moved element's separator, also from the middle of a one-line list", () => {
  const spec = `import { C } from "./c"
import app from "./app"
application = URLRouter([re_path("", app), re_path(r"^x/$", app), re_path(r"^socket\\.io/?$", C.as_asgi()), re_path(r"^y/$", app)])
`;
  const fixed = fixOnce(spec);
  assert.ok(fixed.includes('URLRouter([re_path(r"^socket\\.io/?$", C.as_asgi()), re_path("", app), re_path(r"^x/$", app), re_path(r"^y/$", app)])'), fixed);
  assert.not.ok(codes(fixed).includes("SIO101"));
});

test("SIO101: no swap is offered when the right operand holds other routes too", () => {
  const spec = `import { C } from "./c"
import app from "./app"
tail = [re_path(r"^socket\\.io/?$", C.as_asgi()), re_path(r"^about/$", app)]
application = URLRouter([re_path("", app)] + tail)
`;
  const diagnostics = analyzeText("spec.sio", spec).diagnostics.filter((d) => d.code === "SIO101");
  assert.is(diagnostics.length, 1);
  assert.is(diagnostics[0]!.fix, undefined);
});

test("every fix in the bad fixtures applies cleanly: its diagnostic is gone and no syntax error appears", () => {
  const root = fileURLToPath(new URL("../../../fixtures/lint/", import.meta.url));
  for (const code of readdirSync(root)) {
    const text = readFileSync(join(root, code, "bad.sio"), "utf8");
    const before = analyzeText("bad.sio", text).diagnostics;
    let fixed = text;
    // Fixes that overlap wait for the next round, as with repeated `--fix`.
    for (let round = 0; round < 5; round++) fixed = fixOnce(fixed);
    const after = analyzeText("bad.sio", fixed).diagnostics;
    assert.equal(after.filter((d) => d.fix && d.code !== "SIO100"), [], `${code}: fixes left over`);
    const syntax = (ds: Diagnostic[]) => ds.filter((d) => d.code === "SIO100").length;
    assert.ok(syntax(after) <= syntax(before), `${code}: the fixes broke the syntax`);
  }
});

test("applyFixes applies back to front, skips a fix overlapping one already taken, and applies a repeated fix once", () => {
  const text = "abcdef";
  assert.is(applyFixes(text, [withFix(edit(0, 1, "A")), withFix(edit(4, 6, "EF"))]), "AbcdEF");
  assert.is(applyFixes(text, [withFix(edit(1, 3, "X")), withFix(edit(2, 4, "Y"))]), "aXdef");
  assert.is(applyFixes(text, [withFix(edit(2, 2, "+")), withFix(edit(2, 2, "+"))]), "ab+cdef");
  assert.is(applyFixes(text, [withFix(edit(2, 2, "+")), withFix(edit(2, 2, "-"))]), "ab+cdef");
  // All or nothing: the second fix's other edit would have applied alone.
  assert.is(applyFixes(text, [withFix(edit(0, 2, "X")), withFix(edit(1, 1, "!"), edit(5, 5, "?"))]), "Xcdef");
  assert.is(applyFixes(text, [withFix(edit(3, 3, "<"), edit(3, 4, "D"))]), "abc<Def");
});

test.run();
