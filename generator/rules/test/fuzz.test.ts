/**
 * Bad input never crashes lint: seeded mutations, truncations and random
 * texts built from the fixtures, plus the extremes (empty, binary, a 1 MB
 * line, 10,000 levels of nesting). Every run returns diagnostics whose code,
 * severity and spans are sound, and their fixes apply.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import type { Diagnostic, Span } from "../../../grammar/diagnostics.js";
import { analyzeText } from "../../analyze.js";
import { applyFixes } from "../fix.js";

const root = fileURLToPath(new URL("../../../fixtures/lint/", import.meta.url));
const corpus = readdirSync(root)
  .sort()
  .flatMap((code) => ["bad.sio", "good.sio"].map((name) => readFileSync(join(root, code, name), "utf8")));
corpus.push(readFileSync(fileURLToPath(new URL("../../../routes.sio", import.meta.url)), "utf8"));

const SEED = 20240611;
const SEVERITIES = new Set(["error", "warning", "info"]);

function checkSpan(span: Span, length: number, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: integer offsets`);
  assert.ok(0 <= span.start && span.start <= span.end && span.end <= length, `${what}: ${span.start}..${span.end} within 0..${length}`);
}

function checkDiagnostics(text: string, diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) {
    assert.match(d.code, /^SIO1\d\d$/);
    assert.ok(SEVERITIES.has(d.severity), d.severity);
    assert.ok(typeof d.message === "string" && d.message.length > 0, "a message");
    checkSpan(d.span, text.length, d.code);
    for (const r of d.related) checkSpan(r.span, text.length, `${d.code} related`);
    for (const e of d.fix?.edits ?? []) checkSpan(e.span, text.length, `${d.code} fix`);
  }
}

/** Lint a text: must not throw, must be sound; its fixes must apply and the result lint soundly too. */
function lintSoundly(text: string): Diagnostic[] {
  const { diagnostics } = analyzeText("fuzz.sio", text);
  checkDiagnostics(text, diagnostics);
  const fixed = applyFixes(text, diagnostics);
  if (fixed !== text) checkDiagnostics(fixed, analyzeText("fuzz.sio", fixed).diagnostics);
  return diagnostics;
}

/** Pieces that matter to the grammar, so mutations hit the interesting paths. */
const PIECES = ["(", ")", "[", "]", "{", "}", ",", '"', "'", 'r"', "\\", "+", "=", ":", ".", "#", "//", "\n", "^", "$", "?", "(?P<", "(?P=", "re_path(", "path(", "URLRouter(", ".as_asgi()", "application", "import", " "];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), other: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case "truncate":
      return text.slice(0, at);
    case "delete":
      return text.slice(0, at) + text.slice(at + m.length);
    case "insert":
      return text.slice(0, at) + m.text + text.slice(at);
    case "duplicate":
      return text.slice(0, at) + text.slice(at, at + m.length) + text.slice(at);
    case "swap": {
      const other = text.length === 0 ? 0 : m.other % text.length;
      const chars = [...text];
      if (chars[at] !== undefined && chars[other] !== undefined) [chars[at], chars[other]] = [chars[other]!, chars[at]!];
      return chars.join("");
    }
  }
}

test("mutated and truncated fixtures lint without throwing, with sound diagnostics", () => {
  fc.assert(
    fc.property(fc.nat(corpus.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }), (which, mutations) => {
      lintSoundly(mutations.reduce(mutate, corpus[which]!));
    }),
    { seed: SEED, numRuns: 600 },
  );
});

test("random texts of grammar pieces lint without throwing", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES, "djangoApp", "ChatConsumer", "ProtocolTypeRouter(", '"http"', "socket\\.io"), { maxLength: 60 }), (pieces) => {
      lintSoundly(pieces.join(""));
    }),
    { seed: SEED, numRuns: 300 },
  );
});

test("arbitrary unicode strings lint without throwing", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
      lintSoundly(text);
    }),
    { seed: SEED, numRuns: 200 },
  );
});

test("an empty file is a diagnostic (no application), not a crash", () => {
  const diagnostics = lintSoundly("");
  assert.ok(diagnostics.some((d) => d.code === "SIO110"));
});

test("binary garbage ends in diagnostics", () => {
  let state = SEED;
  const bytes = Buffer.from(
    Array.from({ length: 4096 }, () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state & 0xff;
    }),
  );
  assert.ok(lintSoundly(bytes.toString("latin1")).length > 0);
  assert.ok(lintSoundly(bytes.toString("utf8")).length > 0);
});

test("a 1 MB single line ends in diagnostics", () => {
  const line = `application = URLRouter([${'re_path(r"^a/$", app), '.repeat(Math.ceil(1_000_000 / 23))}])`;
  assert.ok(line.length >= 1_000_000 && !line.includes("\n"));
  assert.ok(lintSoundly(line).length > 0);
  const junk = "x".repeat(1_000_000);
  assert.ok(lintSoundly(junk).length > 0);
});

test("10,000 levels of nesting end in diagnostics", () => {
  const depth = 10_000;
  const calls = `application = ${"AuthMiddlewareStack(".repeat(depth)}URLRouter([])${")".repeat(depth)}`;
  assert.ok(lintSoundly(calls).length > 0);
  const lists = `application = URLRouter(${"[".repeat(depth)}${"]".repeat(depth)})`;
  assert.ok(lintSoundly(lists).length > 0);
  const sums = `a = [] ${"+ [] ".repeat(depth)}\napplication = URLRouter(a)`;
  lintSoundly(sums);
});

test.run();
