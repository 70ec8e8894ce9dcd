/**
 * The `.sio` parser: a Chevrotain CST parser with error recovery. Lists of
 * items (arguments, elements, entries, import names) are parsed as any
 * sequence of items and commas, so a missing or doubled comma costs one
 * precise diagnostic from the AST builder instead of derailing the parse.
 */
import {
  CstParser,
  EOF,
  tokenMatcher,
  type IOrAlt,
  type IParserErrorMessageProvider,
  type OrMethodOpts,
  type IToken,
  type TokenType,
} from "chevrotain";
import { quoteForMessage } from "./strings.js";
import {
  allTokens,
  As,
  Colon,
  Comma,
  Dot,
  Equals,
  False,
  From,
  Identifier,
  Import,
  LBracket,
  LCurly,
  LParen,
  NumberToken,
  Plus,
  RBracket,
  RCurly,
  RParen,
  Settings,
  Stray,
  StringToken,
  True,
  Word,
} from "./tokens.js";

/** What a missing terminal is called, per rule, so messages say what was meant. */
const expectations: Record<string, Partial<Record<string, string>>> = {
  importDeclaration: {
    From: "'from' after the imported names",
    StringToken: "a module path string after 'from'",
  },
  namedImports: { RCurly: "'}' to close the import list" },
  importSpecifier: { Identifier: "a name after 'as'" },
  settingsBlock: {
    LCurly: "'{' after 'settings'",
    RCurly: "'}' to close the settings block",
  },
  settingEntry: { Equals: "'=' after the setting name" },
  binding: { Equals: "'=' after the name" },
  keywordArgument: { Equals: "'=' after the keyword argument name" },
  postfixOperation: { Word: "a property name after '.'" },
  argumentList: { RParen: "')' to close the call" },
  list: { RBracket: "']' to close the list" },
  dict: { RCurly: "'}' to close the dict" },
  dictEntry: { Colon: "':' after the dict key" },
  parenthesized: { RParen: "')' to close the parenthesis" },
};

/** "expected X", plus where the file ended too early, since the caret then points past the last token. */
function expected(wanted: string, actual: IToken | undefined): string {
  return actual && tokenMatcher(actual, EOF)
    ? `expected ${wanted}, found end of file`
    : `expected ${wanted}`;
}

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected: type, actual, ruleName }) {
    return expected(
      expectations[ruleName]?.[type.name] ?? type.LABEL ?? type.name,
      actual,
    );
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${quoteForMessage(firstRedundant.image)}`;
  },
  buildNoViableAltMessage({ customUserDescription, actual }) {
    return expected(customUserDescription ?? "something else", actual[0]);
  },
  buildEarlyExitMessage({ customUserDescription, actual }) {
    return expected(customUserDescription ?? "at least one item", actual[0]);
  },
};

export class SioParser extends CstParser {
  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      nodeLocationTracking: "full",
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  /**
   * Each rule's alternatives, built on first use: rules run once per parsed
   * construct, and rebuilding the closures on every call was a measurable
   * part of parsing a large spec.
   */
  private readonly alternatives: Partial<
    Record<string, IOrAlt<unknown>[] | OrMethodOpts<unknown>>
  > = {};

  program = this.RULE("program", () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  statement = this.RULE("statement", () => {
    this.OR(
      (this.alternatives.statement ??= [
        { ALT: () => this.SUBRULE(this.importDeclaration) },
        { ALT: () => this.SUBRULE(this.settingsBlock) },
        { ALT: () => this.SUBRULE(this.binding) },
        // Anything else is consumed one token at a time and reported as
        // unexpected, so parsing resumes at the next statement.
        { ALT: () => this.CONSUME(Stray) },
      ]),
    );
  });

  importDeclaration = this.RULE("importDeclaration", () => {
    this.CONSUME(Import);
    this.OR(
      (this.alternatives.importDeclaration ??= {
        DEF: [
          {
            ALT: () => {
              this.CONSUME(Identifier, { LABEL: "defaultBinding" });
              this.OPTION(() => {
                this.CONSUME(Comma);
                this.SUBRULE(this.namedImports);
              });
            },
          },
          { ALT: () => this.SUBRULE2(this.namedImports) },
        ],
        ERR_MSG: "a name or '{' after 'import'",
      }),
    );
    this.CONSUME(From);
    this.CONSUME(StringToken);
  });

  namedImports = this.RULE("namedImports", () => {
    this.CONSUME(LCurly);
    this.MANY(() =>
      this.OR(
        (this.alternatives.namedImports ??= [
          { ALT: () => this.SUBRULE(this.importSpecifier) },
          { ALT: () => this.CONSUME(Comma) },
        ]),
      ),
    );
    this.CONSUME(RCurly);
  });

  importSpecifier = this.RULE("importSpecifier", () => {
    this.CONSUME(Identifier, { LABEL: "imported" });
    this.OPTION(() => {
      this.CONSUME(As);
      this.CONSUME2(Identifier, { LABEL: "local" });
    });
  });

  settingsBlock = this.RULE("settingsBlock", () => {
    this.CONSUME(Settings);
    this.CONSUME(LCurly);
    this.MANY(() =>
      this.OR(
        (this.alternatives.settingsBlock ??= [
          { ALT: () => this.SUBRULE(this.settingEntry) },
          { ALT: () => this.CONSUME(Comma) },
        ]),
      ),
    );
    this.CONSUME(RCurly);
  });

  settingEntry = this.RULE("settingEntry", () => {
    this.CONSUME(Identifier);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  binding = this.RULE("binding", () => {
    this.CONSUME(Identifier);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  /** `postfix (+ postfix)*`, folded left-associatively by the AST builder. */
  expression = this.RULE("expression", () => {
    this.SUBRULE(this.postfix, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(Plus);
      this.SUBRULE2(this.postfix, { LABEL: "operands" });
    });
  });

  postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.postfixOperation));
  });

  /** `.name` or `(arguments)` after an expression. */
  postfixOperation = this.RULE("postfixOperation", () => {
    this.OR(
      (this.alternatives.postfixOperation ??= [
        {
          ALT: () => {
            this.CONSUME(Dot);
            this.CONSUME(Word);
          },
        },
        { ALT: () => this.SUBRULE(this.argumentList) },
      ]),
    );
  });

  argumentList = this.RULE("argumentList", () => {
    this.CONSUME(LParen);
    this.MANY(() =>
      this.OR(
        (this.alternatives.argumentList ??= [
          { ALT: () => this.SUBRULE(this.keywordArgument) },
          { ALT: () => this.SUBRULE(this.expression) },
          { ALT: () => this.CONSUME(Comma) },
        ]),
      ),
    );
    this.CONSUME(RParen);
  });

  keywordArgument = this.RULE("keywordArgument", () => {
    this.CONSUME(Identifier);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  primary = this.RULE("primary", () => {
    this.OR(
      (this.alternatives.primary ??= {
        DEF: [
          { ALT: () => this.CONSUME(StringToken) },
          { ALT: () => this.CONSUME(NumberToken) },
          { ALT: () => this.CONSUME(True) },
          { ALT: () => this.CONSUME(False) },
          { ALT: () => this.CONSUME(Identifier) },
          { ALT: () => this.SUBRULE(this.list) },
          { ALT: () => this.SUBRULE(this.dict) },
          { ALT: () => this.SUBRULE(this.parenthesized) },
        ],
        ERR_MSG: "an expression",
      }),
    );
  });

  list = this.RULE("list", () => {
    this.CONSUME(LBracket);
    this.MANY(() =>
      this.OR(
        (this.alternatives.list ??= [
          { ALT: () => this.SUBRULE(this.expression) },
          { ALT: () => this.CONSUME(Comma) },
        ]),
      ),
    );
    this.CONSUME(RBracket);
  });

  dict = this.RULE("dict", () => {
    this.CONSUME(LCurly);
    this.MANY(() =>
      this.OR(
        (this.alternatives.dict ??= [
          { ALT: () => this.SUBRULE(this.dictEntry) },
          { ALT: () => this.CONSUME(Comma) },
        ]),
      ),
    );
    this.CONSUME(RCurly);
  });

  dictEntry = this.RULE("dictEntry", () => {
    this.SUBRULE(this.expression, { LABEL: "key" });
    this.CONSUME(Colon);
    this.SUBRULE2(this.expression, { LABEL: "value" });
  });

  parenthesized = this.RULE("parenthesized", () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(RParen);
  });
}

/** The one parser instance; reset per parse with `parser.input = tokens`. */
export const parser = new SioParser();

/** Token types the AST builder and the nesting check tell apart. */
export const openers: readonly TokenType[] = [LParen, LBracket, LCurly];
export const closers: readonly TokenType[] = [RParen, RBracket, RCurly];
