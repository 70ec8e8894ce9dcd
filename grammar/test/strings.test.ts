import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { offsetInString, type Binding, type StringLiteral } from "../index.js";
import { expectErrors, expectValid, slice } from "./harness.js";

function stringOf(text: string): StringLiteral {
  return (expectValid(text).statements[0] as Binding).value as StringLiteral;
}

test("double and single quotes; content start and span", () => {
  const text = `a = "it's"`;
  const literal = stringOf(text);
  assert.equal(literal, {
    kind: "StringLiteral",
    span: { start: 4, end: 10 },
    value: "it's",
    raw: false,
    contentStart: 5,
    valueOffsets: null,
  });
  assert.is(stringOf(`a = 'say "hi"'`).value, 'say "hi"');
});

test("escapes decode the Python way", () => {
  const cases: [string, string][] = [
    [String.raw`"a\\b"`, "a\\b"],
    [String.raw`"\"q\""`, '"q"'],
    [String.raw`'\''`, "'"],
    [String.raw`"\n\t\r"`, "\n\t\r"],
    [String.raw`"\x41\x7a"`, "Az"],
    [String.raw`"\u00e9\u2603"`, "é☃"],
    [String.raw`"\U0001F600"`, "😀"],
    [String.raw`"\101\0"`, "A\0"],
    [String.raw`"\a\b\f\v"`, "\x07\b\f\v"],
  ];
  for (const [source, value] of cases)
    assert.is(stringOf(`a = ${source}`).value, value, source);
});

test('an unknown escape keeps its backslash, as in Python: "^socket\\.io"', () => {
  const literal = stringOf(String.raw`a = "^socket\.io/?$"`);
  assert.is(literal.value, String.raw`^socket\.io/?$`);
  assert.is(literal.raw, false);
  assert.is(literal.valueOffsets, null);
});

test("raw strings keep backslashes and may contain an escaped quote", () => {
  const text = String.raw`a = r"^socket\.io/\d+\"$"`;
  const literal = stringOf(text);
  assert.is(literal.value, String.raw`^socket\.io/\d+\"$`);
  assert.is(literal.raw, true);
  assert.is(literal.contentStart, 6);
  assert.is(literal.valueOffsets, null);
  assert.is(stringOf(String.raw`a = R'\n'`).value, String.raw`\n`);
});

test("valueOffsets map decoded indices back to the source when escapes shift them", () => {
  const text = String.raw`a = "x\ty\u00e9z"`;
  const literal = stringOf(text);
  assert.is(literal.value, "x\tyéz");
  // Each decoded character points at the start of what produced it.
  assert.equal(literal.valueOffsets, [5, 6, 8, 9, 15, 16]);
  assert.is(
    slice(text, {
      start: offsetInString(literal, 3),
      end: offsetInString(literal, 3) + 6,
    }),
    String.raw`\u00e9`,
  );
  assert.is(text[offsetInString(literal, 4)], "z");
  assert.is(offsetInString(literal, 99), 16);

  const plain = stringOf(`a = "abc"`);
  assert.is(offsetInString(plain, 2), 7);
});

test("malformed escapes are errors at the escape", () => {
  expectErrors(String.raw`a = "ab\x4"`, [
    {
      line: 1,
      column: 8,
      message: "truncated \\x escape: it needs 2 hex digits",
    },
  ]);
  expectErrors(String.raw`a = "\u12"`, [
    {
      line: 1,
      column: 6,
      message: "truncated \\u escape: it needs 4 hex digits",
    },
  ]);
  expectErrors(String.raw`a = "\UFFFFFFFF"`, [
    {
      line: 1,
      column: 6,
      message: "\\U escape beyond the last Unicode code point",
    },
  ]);
  expectErrors(String.raw`a = "\N{BULLET}"`, [
    {
      line: 1,
      column: 6,
      message:
        "named Unicode escapes (\\N{...}) are not supported; use \\u or the character itself",
    },
  ]);
});

test("an unterminated string is one error; the next line parses on", () => {
  const program = expectErrors("a = \"abc\nb = 'x", [
    {
      line: 1,
      column: 5,
      message: "unterminated string: the closing quote is missing",
    },
    {
      line: 2,
      column: 5,
      message: "unterminated string: the closing quote is missing",
    },
  ]);
  assert.equal(
    program.statements.map(
      (s) => ((s as Binding).value as StringLiteral).value,
    ),
    ["abc", "x"],
  );
});

test.run();
