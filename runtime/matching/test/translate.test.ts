import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { translatePythonRegex } from "../index.js";

const W = "[\\p{L}\\p{N}_]";

/** Python pattern → JavaScript source and flags. */
const TRANSLATIONS: ReadonlyArray<[python: string, js: string, flags?: string]> = [
  ["^socket\\.io/?$", "^socket\\.io\\/?$"],
  ["(?P<name>\\w+)", `(?<name>${W}+)`],
  ["(?P<a>x)(?P=a)", "(?<a>x)\\k<a>"],
  ["(a)\\1", "(a)(?:\\1)"],
  ["(a)\\1(?#sep)0", "(a)(?:\\1)0"],
  ["\\Aab\\Z", "^ab$"],
  ["(?i)abc", "abc", "iu"],
  ["(?s)a.b", "a.b", "su"],
  ["(?si)(?u)x", "x", "isu"],
  ["(?#first)(?i)x", "x", "iu"],
  ["a.b", "a[^\\n]b"],
  ["\\d\\D", "\\p{Nd}\\P{Nd}"],
  ["\\W", "[^\\p{L}\\p{N}_]"],
  ["\\-\\/\\@\\#\\ \\é", "-\\/@# é"],
  ["[\\w\\-]", "[\\p{L}\\p{N}_\\-]"],
  ["[a\\W]", "(?:[a]|[^\\p{L}\\p{N}_])"],
  ["[\\W]", "[^\\p{L}\\p{N}_]"],
  ["[^\\W]", W],
  ["[^\\W\\d_]", `(?:(?![\\p{Nd}_])${W})`],
  ["[\\b]", "[\\x08]"],
  ["[]a]", "[\\]a]"],
  ["[^]a-]", "[^\\]a\\-]"],
  ["[.^$|()]", "[\\.\\^\\$\\|\\(\\)]"],
  ["a{,3}", "a{0,3}"],
  ["a{,}", "a{0,}"],
  ["a{2}", "a{2}"],
  ["a{2,}?", "a{2,}?"],
  ["a{}", "a\\{\\}"],
  ["a{x}", "a\\{x\\}"],
  ["a{1,2", "a\\{1,2"],
  ["{]}", "\\{\\]\\}"],
  ["a(?#note)b", "ab"],
  ["a*?b+?c??d{1,2}?", "a*?b+?c??d{1,2}?"],
  ["\\x41\\u00e9\\U0001F600\\101\\0", "Aé😀A\\x00"],
  ["\\n\\t\\\\", "\\x0a\\x09\\\\"],
  ["(?m)^a$", "(?<![^\\n])a(?![^\\n])"],
  ["(?a)\\w\\d\\s", "[0-9A-Z_a-z][0-9][\\x09-\\x0d ]"],
  ["(?a)[^\\W]", "[^\\x00-\\/:-@\\[-\\^`\\{-\\u{10ffff}]"],
  ["\\b", `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`],
  ["\\B", `(?:(?<=${W})(?=${W})|(?<!${W})(?!${W}))`],
  ["(?<=ab|cd)x(?<!y)(?=z)(?!w)", "(?<=ab|cd)x(?<!y)(?=z)(?!w)"],
  ["(?:a|b)|", "(?:a|b)|"],
  ["", ""],
  ["\u00a0\u2028", "\\xa0\\u{2028}"],
];

for (const [python, js, flags = "u"] of TRANSLATIONS) {
  test(`translates ${JSON.stringify(python)}`, () => {
    const result = translatePythonRegex(python);
    if (!result.ok) throw new assert.Assertion({ message: result.error.message, actual: result.error, expects: js, operator: "translate" });
    assert.is(result.translation.regexSource, js);
    assert.is(result.translation.flags, flags);
  });
}

/** Python pattern → error offset, length and message (start). */
const ERRORS: ReadonlyArray<[python: string, offset: number, length: number, message: string]> = [
  // Python rejects these too (CPython 3.11 messages).
  ["\\q", 0, 2, "bad escape \\q"],
  ["a\\z", 1, 2, "bad escape \\z"],
  ["\\p{L}", 0, 2, "bad escape \\p"],
  ["x\\", 1, 1, "bad escape (end of pattern)"],
  ["[\\A]", 1, 2, "bad escape \\A"],
  ["[\\8]", 1, 2, "bad escape \\8"],
  ["\\x4", 0, 3, "incomplete escape \\x4"],
  ["\\U00110000", 0, 10, "bad escape \\U00110000"],
  ["\\400", 0, 4, "octal escape value \\400 outside of range 0-0o377"],
  ["(?P=b)", 4, 1, "unknown group name 'b'"],
  ["(?P<a>x)(?P<a>y)", 12, 1, "redefinition of group name 'a' as group 2; was group 1"],
  ["(?P<1a>x)", 4, 2, "bad character in group name '1a'"],
  ["(?P<>x)", 4, 1, "missing group name"],
  ["(?P<a", 4, 1, "missing >, unterminated name"],
  ["(?P>a)", 0, 4, "unknown extension ?P>"],
  ["(?<n>a)", 0, 4, "unknown extension ?<n"],
  ["(?", 0, 2, "unexpected end of pattern"],
  ["(a", 0, 1, "missing ), unterminated subpattern"],
  ["a(?#x", 1, 4, "missing ), unterminated comment"],
  ["a)", 1, 1, "unbalanced parenthesis"],
  ["*a", 0, 1, "nothing to repeat"],
  ["^*", 1, 1, "nothing to repeat"],
  ["\\b+", 2, 1, "nothing to repeat"],
  ["(?#x)*", 5, 1, "nothing to repeat"],
  ["(?i)*", 4, 1, "nothing to repeat"],
  ["a**", 2, 1, "multiple repeat"],
  ["a{2}*", 4, 1, "multiple repeat"],
  ["a*(?#c)?", 7, 1, "multiple repeat"],
  ["a{3,1}", 1, 5, "min repeat greater than max repeat"],
  ["a{4294967295}", 1, 12, "the repetition number is too large"],
  ["[a", 0, 1, "unterminated character set"],
  ["[z-a]", 1, 3, "bad character range z-a"],
  ["[a-\\d]", 1, 4, "bad character range a-\\d"],
  ["[\\w-z]", 1, 4, "bad character range \\w-z"],
  ["\\1", 0, 2, "invalid group reference 1"],
  ["(a)\\2", 3, 2, "invalid group reference 2"],
  ["(a\\1)", 2, 2, "cannot refer to an open group"],
  ["(?<=(a)\\1)", 7, 2, "cannot refer to group defined in the same lookbehind subpattern"],
  ["(?<=a+)", 0, 7, "look-behind requires fixed-width pattern"],
  ["(?<!ab|c)", 0, 9, "look-behind requires fixed-width pattern"],
  ["a|(?i)b", 2, 4, "global flags not at the start of the expression"],
  ["a(?i)", 1, 4, "global flags not at the start of the expression"],
  ["(?L)a", 0, 3, "bad inline flags: cannot use 'L' flag with a str pattern"],
  ["(?au)a", 0, 4, "bad inline flags: flags 'a', 'u' and 'L' are incompatible"],
  ["(?iq)a", 3, 1, "unknown flag"],
  ["(?i", 0, 3, "missing -, : or )"],
  ["(?-i)a", 4, 1, "missing :"],
  // Python accepts these; JavaScript cannot express them.
  ["(?i:a)", 0, 4, "scoped inline flags"],
  ["(?-i:a)", 0, 5, "scoped inline flags"],
  ["(?x)a b", 0, 4, "verbose mode (?x) is not supported"],
  ["(a)(?(1)a|b)", 3, 5, "conditional groups"],
  ["(?>a)", 0, 3, "atomic groups"],
  ["a*+", 2, 1, "possessive quantifiers"],
  ["a{1,2}+", 6, 1, "possessive quantifiers"],
  ["(?=a)*", 5, 1, "a repeated lookaround assertion"],
  ["\\N{DIGIT ONE}", 0, 13, "named Unicode escapes"],
  // Offsets are UTF-16 indices into the string, like every span in sio.
  ["😀\\q", 2, 2, "bad escape \\q"],
];

for (const [python, offset, length, message] of ERRORS) {
  test(`refuses ${JSON.stringify(python)} at ${offset}+${length}`, () => {
    const result = translatePythonRegex(python);
    if (result.ok)
      throw new assert.Assertion({
        message: "expected an error",
        actual: result.translation.regexSource,
        expects: message,
        operator: "refuse",
      });
    assert.ok(result.error.message.startsWith(message), `message: ${result.error.message}`);
    assert.equal([result.error.offset, result.error.length], [offset, length]);
  });
}

test("groups are counted and named in order", () => {
  const result = translatePythonRegex("(a)(?P<x>b)(?:c)(?P<y>d)(?=(e))");
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.is(result.translation.groupCount, 4);
  assert.equal(result.translation.groupNames, ["x", "y"]);
});

test("sourceOffsets map the JavaScript source back to the Python source", () => {
  const python = "^a(?P<n>\\d)\\.$";
  const result = translatePythonRegex(python);
  assert.ok(result.ok);
  if (!result.ok) return;
  const { regexSource, sourceOffsets } = result.translation;
  assert.is(sourceOffsets.length, regexSource.length + 1);
  assert.is(sourceOffsets[regexSource.indexOf("\\p{Nd}")], python.indexOf("\\d"));
  assert.is(sourceOffsets[regexSource.indexOf("\\.")], python.indexOf("\\."));
  assert.is(sourceOffsets[regexSource.indexOf("(?<n>")], python.indexOf("(?P<n>"));
  assert.is(sourceOffsets[regexSource.length], python.length);
});

test("a pattern nested deeper than any real one is an error, not a stack overflow", () => {
  const result = translatePythonRegex("(".repeat(10000) + ")".repeat(10000));
  assert.is(result.ok, false);
});

test.run();
