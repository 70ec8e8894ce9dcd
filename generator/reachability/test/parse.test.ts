/** The fast regex translation gives refa's parser's tree exactly, or defers to it. */
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { JS, type Node, type NoParent } from "refa";
import { compilePattern } from "@sio-router/runtime/matching";
import { parseRegex } from "../parse.js";
import { random, segments } from "./random-patterns.js";

/** A canonical text of a tree: structure and character ranges, without refa's `source`/`parent` fields. */
function shape(node: NoParent<Node>): string {
  switch (node.type) {
    case "CharacterClass":
      return `[${node.characters.toRangesString()}]`;
    case "Unknown":
      return `?${node.id}`;
    case "Concatenation":
      return `(${node.elements.map(shape).join(" ")})`;
    case "Expression":
      return `E{${node.alternatives.map(shape).join("|")}}`;
    case "Alternation":
      return `A{${node.alternatives.map(shape).join("|")}}`;
    case "Quantifier":
      return `Q${node.min},${node.max}${node.lazy ? "?" : ""}{${node.alternatives.map(shape).join("|")}}`;
    case "Assertion":
      return `${node.kind}${node.negate ? "!" : "="}{${node.alternatives.map(shape).join("|")}}`;
  }
}

function refaShape(source: string, flags: string): string {
  const parsed = JS.Parser.fromLiteral({ source, flags }).parse({ backreferences: "unknown", maxBackreferenceWords: 0 });
  return shape(parsed.expression);
}

function assertSame(source: string, flags: string): void {
  const fast = parseRegex(source, flags);
  assert.is(shape(fast.expression), refaShape(source, flags), `/${source}/${flags}`);
  assert.is(fast.unresolved, null);
}

test("hand-picked shapes, flags and simplifications", () => {
  const cases: Array<[string, string]> = [
    ["", "u"],
    ["^(?:^socket\\.io/?$)$", "u"],
    ["^api/v1/users/(?<id>\\p{Nd}+)/posts/(?<p>\\p{Nd}+)/?$", "u"],
    ["^orgs/(?<org>[\\p{L}\\p{N}_-]+)/repos/(?<r>[\\p{L}\\p{N}_.-]+)/?$", "u"],
    ["^static/(?<path>.+)$", "su"],
    ["(?:^|/)room/(?<id>[0-9]+)$", "u"],
    ["\\bchat\\B", "u"],
    ["a|b$|", "u"],
    ["^(?:a|(?:b|c))d", "u"],
    ["x{0}y{1}z{1,1}(?:){3}(?:w){2,}[]?q", "u"],
    ["a[]b|c", "u"],
    ["(?:a[])*b", "u"],
    ["(?:a[])+b", "u"],
    ["^Chat/[a-z]\\d\\w\\s.", "iu"],
    ["^Chat/[a-z]\\d\\w\\s.", ""],
    ["^n/\\uD835\\uDFCE$", ""],
    ["^[\\p{L}--[a-z]]+$", "v"],
    ["a*?b+?c??d{2,5}?", "u"],
    ["^a$", "mu"],
  ];
  for (const [source, flags] of cases) assertSame(source, flags);
});

test("lookarounds, backreferences and string sets go to refa's parser", () => {
  for (const [source, flags] of [
    ["^(?!api/).*$", "u"],
    ["(?<!no)chat", "u"],
    ["^(a)b\\1$", "u"],
    ["^[\\q{ab|c}]$", "v"],
  ] as const) {
    // Backreferences are resolved where refa can (a single-word group), as the engine asks it to.
    const options: JS.ParseOptions = source.includes("\\1")
      ? { backreferences: "unknown" }
      : { backreferences: "unknown", maxBackreferenceWords: 0 };
    const expected = JS.Parser.fromLiteral({ source, flags }).parse(options);
    assert.is(shape(parseRegex(source, flags).expression), shape(expected.expression), source);
  }
  assert.is(parseRegex("^(\\w+)/\\1$", "u").unresolved, "\\1");
});

test("invalid regexes throw a SyntaxError, as refa's parser does", () => {
  assert.throws(() => parseRegex("(", "u"), (error: unknown) => error instanceof SyntaxError);
});

test("random route patterns from the benchmark table's segments, compiled by the matching module", () => {
  const next = random(20240611);
  const parts = segments();
  let checked = 0;
  for (let i = 0; i < 400; i++) {
    const count = 1 + Math.floor(next() * 5);
    let source = next() < 0.8 ? "^" : "";
    for (let k = 0; k < count; k++) source += parts[Math.floor(next() * parts.length)]!;
    if (next() < 0.6) source += "$";
    if (next() < 0.1) source = `(?i)${source}`;
    const compiled = compilePattern("re_path", source, { endpoint: next() < 0.8 });
    if (!compiled.ok) continue;
    assertSame(compiled.pattern.regexSource, compiled.pattern.flags);
    checked++;
  }
  assert.ok(checked > 300, `only ${checked} patterns compiled`);
});

test.run();
