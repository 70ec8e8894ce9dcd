/**
 * The `.sio` front end: text in, syntax tree and SIO100 diagnostics out.
 * It knows nothing of files; callers wrap the text in a `SourceText` to
 * print positions.
 */
import { Lexer, type IRecognitionException, type IToken } from "./chevrotain.js";
import type { Program } from "./ast.js";
import {
  compareDiagnostics,
  type Diagnostic,
  type Span,
} from "./diagnostics.js";
import { parser } from "./parser.js";
import { quoteForMessage } from "./strings.js";
import type { SyntaxDiagnostic } from "./to-ast.js";
import {
  allTokens,
  LBracket,
  LCurly,
  LParen,
  RBracket,
  RCurly,
  RParen,
  UnterminatedString,
} from "./tokens.js";

export * from "./ast.js";
export * from "./diagnostics.js";
export * from "./source.js";
export { MAX_EXPRESSION_DEPTH } from "./to-ast.js";

/**
 * Brackets nested deeper than this are refused before parsing, so the
 * recursive parser cannot overflow the stack. On Node's default stack a
 * fresh process overflowed at about 185 levels of `f(k=` (five rules a
 * level), with or without error recovery; 128 keeps room for callers'
 * frames and is far beyond any routing table.
 */
export const MAX_NESTING = 128;
/** Syntax diagnostics reported before a final "too many syntax errors". */
export const MAX_SYNTAX_DIAGNOSTICS = 100;

export interface ParseResult {
  program: Program;
  diagnostics: Diagnostic[];
}

/* Spans are offsets; SourceText computes lines and columns when printing. */
const lexer = new Lexer(allTokens, {
  positionTracking: "onlyOffset",
  ensureOptimizations: true,
});

/** The tokens of a text as the parser receives them (no whitespace, no comments): for editors. */
export function lexSpec(text: string): IToken[] {
  return lexer.tokenize(text).tokens;
}

function syntaxError(span: Span, message: string): SyntaxDiagnostic {
  return { code: "SIO100", severity: "error", message, span, related: [] };
}

const isReal = (token: IToken | undefined): token is IToken =>
  token !== undefined && Number.isFinite(token.startOffset);

/** The first bracket that opens a level past `MAX_NESTING`, found without recursion. */
function findTooDeep(tokens: IToken[]): IToken | undefined {
  let depth = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === LParen || type === LBracket || type === LCurly) {
      depth++;
      if (depth > MAX_NESTING) return token;
    } else if (type === RParen || type === RBracket || type === RCurly) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/**
 * Where a parse error points: at the offending token when it is on the line
 * of what came before; otherwise (end of file, or the next line) just after
 * the last real token, where the missing piece belongs.
 */
function anchorParseError(error: IRecognitionException, text: string): Span {
  const token = error.token;
  const previous = (error as IRecognitionException & { previousToken?: IToken })
    .previousToken;
  const previousEnd = isReal(previous)
    ? previous.startOffset + previous.image.length
    : undefined;
  if (isReal(token)) {
    const tokenSpan = {
      start: token.startOffset,
      end: token.startOffset + token.image.length,
    };
    if (
      previousEnd === undefined ||
      !/[\r\n]/.test(text.slice(previousEnd, token.startOffset))
    )
      return tokenSpan;
  }
  const at = previousEnd ?? text.length;
  return { start: at, end: at };
}

/** Keep derived diagnostics only where no primary error already explains the problem; sort; cap. */
function finish(diagnostics: SyntaxDiagnostic[]): Diagnostic[] {
  const primaries = diagnostics.filter((d) => !d.secondaryIn);
  const seen = new Set<string>();
  const kept: Diagnostic[] = [];
  for (const { secondaryIn, ...diagnostic } of diagnostics) {
    if (
      secondaryIn &&
      primaries.some(
        (p) =>
          p.span.start >= secondaryIn.start && p.span.start <= secondaryIn.end,
      )
    ) {
      continue;
    }
    const key = `${diagnostic.span.start}:${diagnostic.span.end}:${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(diagnostic);
  }
  kept.sort(compareDiagnostics);
  if (kept.length <= MAX_SYNTAX_DIAGNOSTICS) return kept;
  const next = kept[MAX_SYNTAX_DIAGNOSTICS]!;
  return [
    ...kept.slice(0, MAX_SYNTAX_DIAGNOSTICS),
    syntaxError(
      next.span,
      `too many syntax errors; stopped after ${MAX_SYNTAX_DIAGNOSTICS}`,
    ),
  ];
}

/** Lex and parse a `.sio` text. Never throws: every problem is an SIO100 diagnostic. */
export function parseSpec(text: string): ParseResult {
  const lexed = lexer.tokenize(text);
  // Characters no token starts with come as `Unknown` tokens, one per run;
  // the lexer reports errors only for what that pattern might miss.
  const unknown = [
    ...lexed.errors.map((error) => ({
      start: error.offset,
      length: error.length,
    })),
    ...(lexed.groups.unknown ?? []).map((token) => ({
      start: token.startOffset,
      length: token.image.length,
    })),
  ];
  const diagnostics: SyntaxDiagnostic[] = unknown.map(({ start, length }) => {
    const span = { start, end: start + length };
    const characters = text.slice(span.start, span.end);
    const single =
      length === 1 || (length === 2 && characters.codePointAt(0)! > 0xffff);
    const noun = single ? "character" : "characters";
    return syntaxError(
      span,
      `unexpected ${noun} ${quoteForMessage(characters)}`,
    );
  });

  for (const token of lexed.tokens) {
    if (token.tokenType === UnterminatedString) {
      const span = {
        start: token.startOffset,
        end: token.startOffset + token.image.length,
      };
      diagnostics.push(
        syntaxError(span, "unterminated string: the closing quote is missing"),
      );
    }
  }

  const tooDeep = findTooDeep(lexed.tokens);
  if (tooDeep) {
    const span = {
      start: tooDeep.startOffset,
      end: tooDeep.startOffset + tooDeep.image.length,
    };
    diagnostics.push(
      syntaxError(span, `nesting deeper than ${MAX_NESTING} levels`),
    );
    return {
      program: {
        kind: "Program",
        span: { start: 0, end: text.length },
        statements: [],
      },
      diagnostics: finish(diagnostics),
    };
  }

  const parsed = parser.parseProgram(lexed.tokens, text);
  for (const error of parsed.errors)
    diagnostics.push(syntaxError(anchorParseError(error, text), error.message));
  return {
    program: parsed.program,
    diagnostics: finish([...diagnostics, ...parsed.diagnostics]),
  };
}
