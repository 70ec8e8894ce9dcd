/**
 * Nothing a user writes may crash the parser: every input ends in a tree and
 * diagnostics with valid spans. Timings are measured by hand, not asserted.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import {
  MAX_EXPRESSION_DEPTH,
  MAX_NESTING,
  MAX_SYNTAX_DIAGNOSTICS,
  parseSpec,
  type Node,
  type Span,
} from "../index.js";

const seed = readFileSync(new URL("../../routes.sio", import.meta.url), "utf8");

function assertValidSpan(span: Span, length: number, what: string): void {
  assert.ok(
    Number.isInteger(span.start) &&
      Number.isInteger(span.end) &&
      0 <= span.start &&
      span.start <= span.end &&
      span.end <= length,
    `${what}: invalid span ${JSON.stringify(span)} in a text of ${length}`,
  );
}

/** Every node's span, walked without recursion. */
function assertTreeSpans(root: Node, length: number): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (value && typeof value === "object") {
      if ("kind" in value && "span" in value)
        assertValidSpan(value.span as Span, length, String(value.kind));
      for (const child of Object.values(value))
        if (child && typeof child === "object") stack.push(child);
    }
  }
}

/** Parse, and check the result is well-formed whatever the input. */
function parseChecked(text: string): ReturnType<typeof parseSpec> {
  const result = parseSpec(text);
  assert.ok(result.diagnostics.length <= MAX_SYNTAX_DIAGNOSTICS + 1);
  for (const d of result.diagnostics) {
    assert.is(d.code, "SIO100");
    assert.is(d.severity, "error");
    assert.ok(d.message.length > 0);
    assertValidSpan(d.span, text.length, d.message);
  }
  assertTreeSpans(result.program, text.length);
  return result;
}

test("binary garbage ends in diagnostics", () => {
  let state = 42;
  const random = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
  const bytes = Array.from({ length: 64 * 1024 }, () =>
    String.fromCharCode(random() & 0xff),
  ).join("");
  const result = parseChecked(bytes);
  assert.ok(result.diagnostics.length > 0);
  assert.ok(
    parseChecked("\u0000\uffff\ud800(\u{1F600}").diagnostics.length > 0,
  );
});

test("1 MB on a single line: a list, a string, garbage, stray brackets", () => {
  const list = parseChecked(`a = [${'"x", '.repeat(200_000)}]`);
  assert.equal(list.diagnostics, []);
  assert.equal(parseChecked(`a = "${"x".repeat(1_000_000)}"`).diagnostics, []);
  assert.equal(parseChecked("@".repeat(1_000_000)).diagnostics.length, 1);
  assert.equal(parseChecked(")".repeat(1_000_000)).diagnostics.length, 1);
});

test("10,000 levels of nested calls, lists or dicts: one diagnostic, no stack overflow", () => {
  for (const [open, close] of [
    ["f(", ")"],
    ["[", "]"],
    ['{"k": ', "}"],
    ["(", ")"],
  ]) {
    const text = `a = ${open!.repeat(10_000)}1${close!.repeat(10_000)}`;
    const { diagnostics } = parseChecked(text);
    assert.equal(
      diagnostics.map((d) => d.message),
      [`nesting deeper than ${MAX_NESTING} levels`],
    );
  }
});

test(`${MAX_NESTING} levels of brackets parse, whole or broken at the deepest level`, () => {
  const n = MAX_NESTING;
  for (const [open, close] of [
    ["f(", ")"],
    ["f(k=", ")"],
    ["x.y(", ")"],
    ["[", "]"],
    ['{"k": ', "}"],
    ["(", ")"],
  ]) {
    const whole = `a = ${open!.repeat(n)}1${close!.repeat(n)}`;
    assert.equal(parseChecked(whole).diagnostics, [], open);
    for (const broken of [
      `a = ${open!.repeat(n)}`,
      `a = ${open!.repeat(n)} : ,, = ${close!.repeat(n)}\nb = 1`,
    ])
      assert.ok(
        parseChecked(broken).diagnostics.length > 0,
        broken.slice(0, 9),
      );
  }
});

test("long chains of '+' or '.x' stay within the expression depth limit", () => {
  for (const text of [
    `a = x${" + x".repeat(100_000)}`,
    `a = x${".y".repeat(100_000)}`,
    `a = f${"()".repeat(5_000)}`,
  ]) {
    const { diagnostics } = parseChecked(text);
    assert.ok(diagnostics.length === 1, text.slice(0, 20));
  }
  assert.equal(
    parseChecked(
      `a = x${" + x".repeat(MAX_EXPRESSION_DEPTH + 10)}`,
    ).diagnostics.map((d) => d.message),
    [`expression nested deeper than ${MAX_EXPRESSION_DEPTH} levels`],
  );
  assert.equal(
    parseChecked(`a = x${" + x".repeat(MAX_EXPRESSION_DEPTH - 1)}`).diagnostics,
    [],
  );
});

test("every truncation of the seed example parses without throwing", () => {
  for (let end = 0; end <= seed.length; end++) parseChecked(seed.slice(0, end));
});

test("random mutations of the seed example never throw and keep every span valid (seeded)", () => {
  const pieces = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ",,",
    "=",
    "+",
    ".",
    ":",
    '"',
    "'",
    "r'",
    "\\",
    "#",
    "//",
    "\n",
    " ",
    "import",
    "settings",
    "from",
    "as",
    "true",
    "x",
    "-1",
    "1.5e3",
    "@",
    "\u0000",
    "é",
  ];
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant("delete" as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 12 }),
    }),
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(),
      text: fc.constantFrom(...pieces),
    }),
    fc.record({
      kind: fc.constant("duplicate" as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 40 }),
    }),
  );
  fc.assert(
    fc.property(
      fc.array(mutation, { minLength: 1, maxLength: 8 }),
      (mutations) => {
        let text = seed;
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          if (m.kind === "delete")
            text = text.slice(0, at) + text.slice(at + m.length);
          else if (m.kind === "insert")
            text = text.slice(0, at) + m.text + text.slice(at);
          else
            text =
              text.slice(0, at) +
              text.slice(at, at + m.length) +
              text.slice(at);
        }
        parseChecked(text);
      },
    ),
    { seed: 20240611, numRuns: 300 },
  );
});

test("the parser instance is reused: a broken parse leaves no trace on the next", () => {
  parseChecked("a = f(1,, [\n)");
  assert.equal(parseSpec(seed).diagnostics, []);
});

test.run();
