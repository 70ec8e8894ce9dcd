/**
 * Bad input never crashes lint: seeded mutations, truncations and random
 * texts built from the fixtures, plus the extremes (empty, binary, a 1 MB
 * line, 10,000 levels of nesting) and patterns whose automata explode, each
 * linted in a worker bounded in memory and time. Every run returns
 * diagnostics whose code, severity and spans are sound, and their fixes apply.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import fc from "fast-check";
import { test, within } from "../../../tests/harness.js";
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

/**
 * Route tables whose automata explode or whose regexes backtrack: the two
 * routes that once took 4.8 GB and 66 s, DFAs of 2^21 states, products of
 * them, counted repetitions, backreferences and lookarounds over them.
 */
const PATHOLOGICAL: Record<string, string[]> = {
  "the issue's pair": [String.raw`^(.*a){20}$`, String.raw`^[ab]*b[ab]{20}$`],
  "a 2^21-state DFA needed to decide the next route": [String.raw`^[ab]*b[ab]{20}$`, String.raw`^b{21}$`],
  "two exploding DFAs against each other": [String.raw`^[ab]*a[ab]{18}$`, String.raw`^[ab]*b[ab]{19}$`, String.raw`^[ab]{0,40}$`],
  "a table of them": Array.from({ length: 12 }, (_, i) => String.raw`^[ab]*b[ab]{${10 + i}}x$`),
  "nested quantifiers": [String.raw`^((a+)+)+b$`, String.raw`^(a|aa)*(b|bb)*c{50}$`, String.raw`^(?:(?:a*)*b*)*$`, ""],
  "counted repetitions": [String.raw`^(?:a{1000}){1000}$`, String.raw`^x{1,5000}y{1,5000}$`, ""],
  "backreferences over large groups": [String.raw`^(\w{1,50}){10}$`, String.raw`^(?P<a>[ab]*b[ab]{20})/(?P=a)$`, ""],
  "lookarounds over exploding languages": [String.raw`^(?=(?:a|b)*b(?:a|b){18})(?!.*c)[ab]+$`, String.raw`^(?:a(?=[ab]*b[ab]{18}))+$`, ""],
};

/** One worker for every pathological input, capped at 512 MB of heap; started on first use. */
let worker: Worker | null = null;

/** Lints in the worker; rejects if it crashes, runs out of memory or overruns `ms` (then it is terminated). */
function lintInWorker(text: string, ms: number): Promise<Diagnostic[]> {
  if (worker === null) {
    // Node 20 does not carry `--import tsx` into workers: the worker registers tsx before loading TypeScript.
    const entry = JSON.stringify(new URL("./lint-worker.ts", import.meta.url).href);
    const source = `import("tsx/esm/api").then(({ register }) => { register(); return import(${entry}); })`;
    worker = new Worker(source, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 512 } });
  }
  const current = worker;
  const answer = new Promise<Diagnostic[]>((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    const exit = (code: number) => reject(new Error(`the lint worker exited with code ${code} before answering`));
    current.once("error", fail).once("exit", exit);
    current.once("message", (diagnostics: Diagnostic[]) => {
      current.off("error", fail).off("exit", exit);
      resolve(diagnostics);
    });
  });
  current.postMessage(text);
  return within(answer, ms, "the lint of a pathological table").catch(async (error: unknown) => {
    worker = null;
    await current.terminate();
    throw error;
  });
}

test.after(async () => {
  await worker?.terminate();
});

for (const [name, patterns] of Object.entries(PATHOLOGICAL)) {
  test(`pathological patterns (${name}) end in sound diagnostics, bounded in memory and time`, async () => {
    const routes = patterns.map((p, i) => `  re_path(r"${p}", app${i}),`).join("\n");
    const imports = patterns.map((_, i) => `app${i}`).join(", ");
    const text = `import { ${imports} } from "./apps"\napplication = URLRouter([\n${routes}\n])\n`;
    const diagnostics = await lintInWorker(text, 50_000);
    checkDiagnostics(text, diagnostics);
    // Budgets never turn into verdicts: no error comes from a skipped analysis.
    for (const d of diagnostics.filter((d) => d.code === "SIO114")) assert.is(d.severity, "warning");
  }, { timeout: 60_000 });
}

test.run();
