/**
 * The `.sio` lexical grammar: one token type per terminal, in the order the
 * lexer tries them (`allTokens`). Keywords come before `Identifier` and name
 * it as their `longer_alt`, so `as_asgi` or `settings_x` lex as identifiers.
 */
import { createToken, Lexer, type TokenType } from "./chevrotain.js";

/**
 * Tokens that cannot begin a statement. The parser consumes a run of them at
 * statement level as one "unexpected" error instead of giving up on the rest
 * of the file.
 */
export const Stray = createToken({ name: "Stray", pattern: Lexer.NA });

/** Everything usable as a property name after `.`: identifiers and keywords. */
export const Word = createToken({ name: "Word", pattern: Lexer.NA });

export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\f\v\r\n\u00a0\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

export const Comment = createToken({
  name: "Comment",
  pattern: /(?:#|\/\/)[^\r\n]*/,
  group: Lexer.SKIPPED,
});

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: "a name",
  categories: [Word],
});

function keyword(
  name: string,
  text: string,
  categories: TokenType[] = [],
): TokenType {
  return createToken({
    name,
    pattern: new RegExp(text),
    label: `'${text}'`,
    longer_alt: Identifier,
    categories: [Word, ...categories],
  });
}

export const Import = keyword("Import", "import");
export const From = keyword("From", "from", [Stray]);
export const As = keyword("As", "as", [Stray]);
export const Settings = keyword("Settings", "settings");
export const True = keyword("True", "[Tt]rue", [Stray]);
export const False = keyword("False", "[Ff]alse", [Stray]);

/** Any complete or unterminated string; the parser consumes this category. */
export const StringToken = createToken({
  name: "StringToken",
  pattern: Lexer.NA,
  label: "a string",
  categories: [Stray],
});

/*
 * A string body: any character but the quote, a backslash or a line break,
 * or a backslash followed by anything but a line break. Raw strings share it:
 * in Python `r"\""` is a two-character string, the quote does not end it.
 */
export const RawString = createToken({
  name: "RawString",
  pattern: /[rR](?:"(?:[^"\\\r\n]|\\[^\r\n])*"|'(?:[^'\\\r\n]|\\[^\r\n])*')/,
  label: "a string",
  categories: [StringToken],
});

export const PlainString = createToken({
  name: "PlainString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"|'(?:[^'\\\r\n]|\\[^\r\n])*'/,
  label: "a string",
  categories: [StringToken],
});

/**
 * A string whose line ends before its closing quote. It reaches the parser
 * like a complete string, so one missing quote is one diagnostic, not a
 * cascade; the AST builder reports it.
 */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /[rR]?(?:"(?:[^"\\\r\n]|\\[^\r\n])*|'(?:[^'\\\r\n]|\\[^\r\n])*)\\?/,
  label: "a string",
  categories: [StringToken],
});

export const NumberToken = createToken({
  name: "NumberToken",
  pattern:
    /-?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?/,
  label: "a number",
  categories: [Stray],
});

function punctuation(name: string, text: string, stray = true): TokenType {
  return createToken({
    name,
    pattern: text,
    label: `'${text}'`,
    categories: stray ? [Stray] : [],
  });
}

export const LParen = punctuation("LParen", "(");
export const RParen = punctuation("RParen", ")");
export const LBracket = punctuation("LBracket", "[");
export const RBracket = punctuation("RBracket", "]");
export const LCurly = punctuation("LCurly", "{");
export const RCurly = punctuation("RCurly", "}");
export const Comma = punctuation("Comma", ",");
export const Colon = punctuation("Colon", ":");
export const Equals = punctuation("Equals", "=");
export const Plus = punctuation("Plus", "+");
export const Dot = punctuation("Dot", ".");

/**
 * A run of characters no token can start with. The lexer's own recovery
 * drops such characters one at a time, trying every pattern at each, which
 * took half a second for 1 MB of garbage; this token takes the run in one
 * match and reports it as the lexer would (one error per run). Kept in its
 * own group, it never reaches the parser. `/` starts a token only as `//`,
 * `-` only before a digit or `.digit`; every other character listed starts
 * no token.
 */
export const Unknown = createToken({
  name: "Unknown",
  pattern:
    /(?:[\x00-\x08\x0e-\x1f!$%&*;<>?@\\^`|~\x7f-\x9f\xa1-\ufefe\uff00-\uffff]|\/(?!\/)|-(?!\.?\d))+/,
  group: "unknown",
});

export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Stray,
  Word,
  StringToken,
  RawString,
  PlainString,
  UnterminatedString,
  Import,
  From,
  As,
  Settings,
  True,
  False,
  Identifier,
  NumberToken,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  Comma,
  Colon,
  Equals,
  Plus,
  Dot,
  Unknown,
];
