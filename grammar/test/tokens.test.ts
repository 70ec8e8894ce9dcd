/**
 * The `Unknown` token must take exactly the characters Chevrotain's lexer
 * recovery would drop, so a run of garbage is one token where it was one
 * lexer error, and everything else lexes as before.
 */
import { Lexer, type ILexingResult } from "../chevrotain.js";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { allTokens, Unknown } from "../tokens.js";

const withUnknown = new Lexer(allTokens, { positionTracking: "onlyOffset" });
const withoutUnknown = new Lexer(
  allTokens.filter((type) => type !== Unknown),
  { positionTracking: "onlyOffset" },
);

interface Lexed {
  tokens: string[];
  runs: string[];
}

const tokensOf = (result: ILexingResult): string[] =>
  result.tokens.map(
    (token) => `${token.tokenType.name}@${token.startOffset}:${token.image}`,
  );

function lexWithUnknown(text: string): Lexed {
  const result = withUnknown.tokenize(text);
  assert.equal(result.errors, []);
  return {
    tokens: tokensOf(result),
    runs: (result.groups.unknown ?? []).map(
      (token) => `${token.startOffset}+${token.image.length}`,
    ),
  };
}

function lexWithRecovery(text: string): Lexed {
  const result = withoutUnknown.tokenize(text);
  return {
    tokens: tokensOf(result),
    runs: result.errors.map((error) => `${error.offset}+${error.length}`),
  };
}

test("every UTF-16 code unit, before each kind of next character, lexes as the lexer's recovery would", () => {
  // Each case is a code unit, a context character and a space; the space
  // ends any run, so cases do not run into each other.
  for (const next of [
    "",
    "/",
    "//",
    "1",
    ".1",
    ".",
    "-",
    "-1",
    "-.1",
    "a",
    "@",
    "\u00e9",
  ]) {
    const cases: string[] = [];
    for (let code = 0; code <= 0xffff; code++)
      cases.push(String.fromCharCode(code) + next + " ");
    const text = cases.join("");
    assert.equal(lexWithUnknown(text), lexWithRecovery(text), `next: ${next}`);
  }
});

test("runs of unknown characters around tokens, comments and numbers", () => {
  for (const text of [
    "@@@",
    "a = @@ 1",
    "x = 1 / 2 // c\n-y -1 -.5 -. @-@ @-.5 @-1 /@/ @// ~~\u2028\u00a0\ufeff",
    "\u0000\uffff\ud800(\u{1F600}é",
    "r'a' @r\"b\" '@",
  ])
    assert.equal(lexWithUnknown(text), lexWithRecovery(text), text);
});

test.run();
