/**
 * The `.sio` parser: a Chevrotain parser with error recovery whose embedded
 * actions build the syntax tree directly (a CST and a visitor over it cost
 * ten times the parse itself, mostly in garbage collection). Lists of items
 * (arguments, elements, entries, import names) are parsed as any sequence of
 * items and commas, so a missing or doubled comma costs one precise
 * diagnostic from the AST builder instead of derailing the parse.
 *
 * Two conventions keep the actions exact under error recovery:
 * - Spans come from the real tokens each rule consumed (`take`), as
 *   Chevrotain's node locations would; a rule that consumed none sits at
 *   `after`, which the caller sets right before `SUBRULE`.
 * - A rule cut short by a recognition error builds what it has and leaves it
 *   in `partial` before the error propagates (`cutShort`). The caller adds
 *   that partial child to its own partial result, and the rule that finally
 *   recovers returns it (`recoveryValueFunc`), so a recovered subtree keeps
 *   every piece parsed before the error.
 */
import {
  EmbeddedActionsParser,
  EOF,
  isRecognitionException,
  tokenMatcher,
  type IOrAlt,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IRuleConfig,
  type IToken,
  type ITokenGrammarPath,
  type OrMethodOpts,
  type TokenType,
} from "./chevrotain.js";
import type {
  Argument,
  Expression,
  ImportDeclaration,
  ImportSpecifier,
  KeywordArgument,
  Program,
  SettingEntry,
  SettingsBlock,
  Statement,
} from "./ast.js";
import type { Span } from "./diagnostics.js";
import { quoteForMessage } from "./strings.js";
import {
  AstBuilder,
  errorExpression,
  isReal,
  isToken,
  nouns,
  Separated,
  StatementList,
  tokenEnd,
  type LooseDictEntry,
  type NameAndValue,
  type NameAndValueKind,
  type SyntaxDiagnostic,
} from "./to-ast.js";
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

/**
 * Rules that, after any rule they invoke, still expect a closing token
 * (`)`, `]`, `}`, or `from "..."`): what may follow a token inside them
 * never depends on the rules around them.
 */
const enclosingRules = new Set([
  "importDeclaration",
  "namedImports",
  "settingsBlock",
  "argumentList",
  "list",
  "dict",
  "parenthesized",
]);

/** A list item or a comma, in source order. */
function addItem<T extends { span: Span }>(
  items: Separated<T>,
  item: T | IToken,
): void {
  if (isToken(item)) items.comma(item);
  else items.item(item, item.span);
}

function addArgument(
  args: Separated<Argument>,
  item: KeywordArgument | Expression | IToken,
): void {
  if (isToken(item)) args.comma(item);
  else if (item.kind === "KeywordArgument") args.item(item, item.span);
  else
    args.item(
      { kind: "PositionalArgument", span: item.span, value: item },
      item.span,
    );
}

export interface ParsedProgram {
  program: Program;
  /** Chevrotain's syntax errors. */
  errors: IRecognitionException[];
  /** The AST builder's diagnostics. */
  diagnostics: SyntaxDiagnostic[];
}

export class SioParser extends EmbeddedActionsParser {
  /** Builds the nodes of the current parse. */
  private builder = new AstBuilder("");
  /** The real tokens consumed so far, in order: rule spans are read off it. */
  private consumed: IToken[] = [];
  /** Where the next rule invoked sits if it consumes nothing. */
  private after = 0;
  /** The expression the next `postfixOperation` applies to. */
  private object: Expression = errorExpression(0);
  /** The sum folded so far by the innermost `expression`. */
  private sum: Expression = errorExpression(0);
  /** The partial result of a rule a recognition error cut short. */
  private partial: unknown = undefined;

  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  /** Parse a token vector of `text` into a program. */
  parseProgram(tokens: IToken[], text: string): ParsedProgram {
    this.builder = new AstBuilder(text);
    this.consumed = [];
    this.after = 0;
    this.partial = undefined;
    this.input = tokens;
    const program = this.program();
    const parsed = {
      program,
      errors: this.errors,
      diagnostics: this.builder.diagnostics,
    };
    // Hold on to nothing of this parse.
    this.input = [];
    this.builder = new AstBuilder("");
    this.consumed = [];
    return parsed;
  }

  /**
   * What may follow a token, for in-rule recovery. Chevrotain walks the
   * grammar recursively from the outermost rule down the whole rule stack,
   * which at 95 levels of brackets overflowed the stack on top of the
   * parse itself. The answer is the first tokens of what remains of each
   * rule on the stack, innermost first, up to the first rule whose remainder
   * cannot be empty; an enclosing rule's remainder always holds its closing
   * token, so the walk can start at the innermost enclosing rule (below the
   * innermost rule) with the same result.
   */
  protected override getNextPossibleTokenTypes(
    path: ITokenGrammarPath,
  ): TokenType[] {
    const rules = path.ruleStack;
    for (let level = rules.length - 2; level > 0; level--) {
      if (enclosingRules.has(rules[level]!))
        return super.getNextPossibleTokenTypes({
          ...path,
          ruleStack: rules.slice(level),
          occurrenceStack: path.occurrenceStack.slice(level),
        });
    }
    return super.getNextPossibleTokenTypes(path);
  }

  /** Consume-time bookkeeping: remember the real tokens for spans. */
  private take(token: IToken): IToken {
    if (isReal(token)) this.consumed.push(token);
    return token;
  }

  /** The span of the real tokens consumed since `mark`, or an empty span at `after`. */
  private spanSince(mark: number, after: number): Span {
    const consumed = this.consumed;
    if (consumed.length === mark) return { start: after, end: after };
    return {
      start: consumed[mark]!.startOffset,
      end: tokenEnd(consumed[consumed.length - 1]!),
    };
  }

  /** Where the first real token consumed since `mark` starts, or `after`. */
  private startSince(mark: number, after: number): number {
    return this.consumed[mark]?.startOffset ?? after;
  }

  /** The partial result a child rule left, consumed by whoever takes it. */
  private takePartial<T>(): T | undefined {
    const partial = this.partial as T | undefined;
    this.partial = undefined;
    return partial;
  }

  /** Leave this rule's partial result for its caller and let the error propagate. */
  private cutShort(error: unknown, partial: unknown): never {
    if (error instanceof Error && isRecognitionException(error))
      this.partial = partial;
    throw error;
  }

  /** Every rule returns its partial result when Chevrotain recovers in it. */
  private recovery<T>(): IRuleConfig<T> {
    return { recoveryValueFunc: () => this.takePartial<T>() as T };
  }

  /*
   * Alternatives are built once: rules run once per parsed construct, and
   * rebuilding the closures on every call was a measurable part of parsing.
   */
  private readonly statementAlternatives: IOrAlt<Statement | IToken[]>[] = [
    { ALT: () => this.SUBRULE(this.importDeclaration) },
    { ALT: () => this.SUBRULE(this.settingsBlock) },
    { ALT: () => this.SUBRULE(this.binding) },
    // Anything else is consumed up to the next statement's start and
    // reported as unexpected, one diagnostic per run on a line. Consumption
    // never fails here, so no recovery is involved; no span covers these
    // tokens, so they are not taken.
    {
      ALT: () => {
        const run = [this.CONSUME(Stray)];
        this.MANY(() => {
          run.push(this.CONSUME2(Stray));
        });
        return run;
      },
    },
  ];

  private readonly importSpecifierAlternatives: IOrAlt<
    ImportSpecifier | IToken
  >[] = [
    { ALT: () => this.SUBRULE(this.importSpecifier) },
    { ALT: () => this.take(this.CONSUME(Comma)) },
  ];

  private readonly settingAlternatives: IOrAlt<SettingEntry | IToken>[] = [
    { ALT: () => this.SUBRULE(this.settingEntry) },
    { ALT: () => this.take(this.CONSUME(Comma)) },
  ];

  /** A property name (the word) or the arguments of a call. */
  private readonly postfixAlternatives: IOrAlt<IToken | Argument[]>[] = [
    {
      ALT: () => {
        this.take(this.CONSUME(Dot));
        return this.take(this.CONSUME(Word));
      },
    },
    { ALT: () => this.SUBRULE(this.argumentList) },
  ];

  private readonly argumentAlternatives: IOrAlt<
    KeywordArgument | Expression | IToken
  >[] = [
    { ALT: () => this.SUBRULE(this.keywordArgument) },
    { ALT: () => this.SUBRULE(this.expression) },
    { ALT: () => this.take(this.CONSUME(Comma)) },
  ];

  private readonly primaryAlternatives: OrMethodOpts<Expression | IToken> = {
    DEF: [
      { ALT: () => this.take(this.CONSUME(StringToken)) },
      { ALT: () => this.take(this.CONSUME(NumberToken)) },
      { ALT: () => this.take(this.CONSUME(True)) },
      { ALT: () => this.take(this.CONSUME(False)) },
      { ALT: () => this.take(this.CONSUME(Identifier)) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => this.SUBRULE(this.dict) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
    ],
    ERR_MSG: "an expression",
  };

  private readonly elementAlternatives: IOrAlt<Expression | IToken>[] = [
    { ALT: () => this.SUBRULE(this.expression) },
    { ALT: () => this.take(this.CONSUME(Comma)) },
  ];

  private readonly entryAlternatives: IOrAlt<LooseDictEntry | IToken>[] = [
    { ALT: () => this.SUBRULE(this.dictEntry) },
    { ALT: () => this.take(this.CONSUME(Comma)) },
  ];

  program = this.RULE(
    "program",
    (): Program => {
      const statements = new StatementList(this.builder);
      try {
        this.MANY(() => {
          this.after = statements.after;
          this.builder.depthReported = false;
          const statement = this.SUBRULE(this.statement);
          if (!this.RECORDING_PHASE) statements.add(statement);
        });
      } catch (error) {
        const partial = this.takePartial<Statement | IToken[] | null>();
        if (partial !== undefined) statements.add(partial);
        this.cutShort(error, statements.finish(this.builder.text.length));
      }
      return statements.finish(this.builder.text.length);
    },
    this.recovery(),
  );

  statement = this.RULE(
    "statement",
    (): Statement | IToken[] | null => {
      try {
        return this.OR(this.statementAlternatives);
      } catch (error) {
        this.cutShort(error, this.takePartial<Statement>() ?? null);
      }
    },
    this.recovery(),
  );

  importDeclaration = this.RULE(
    "importDeclaration",
    (): ImportDeclaration => {
      const mark = this.consumed.length;
      const after = this.after;
      let defaultToken: IToken | undefined;
      let specifiers: ImportSpecifier[] | undefined;
      let source: IToken | undefined;
      try {
        this.take(this.CONSUME(Import));
        // Imports are few: these closures may be built per call.
        this.OR({
          DEF: [
            {
              ALT: () => {
                defaultToken = this.take(this.CONSUME(Identifier));
                this.OPTION(() => {
                  this.take(this.CONSUME(Comma));
                  this.after = after;
                  specifiers = this.SUBRULE(this.namedImports);
                });
              },
            },
            {
              ALT: () => {
                this.after = after;
                specifiers = this.SUBRULE2(this.namedImports);
              },
            },
          ],
          ERR_MSG: "a name or '{' after 'import'",
        });
        this.take(this.CONSUME(From));
        source = this.take(this.CONSUME(StringToken));
      } catch (error) {
        specifiers ??= this.takePartial<ImportSpecifier[]>();
        this.cutShort(
          error,
          this.builder.importDeclaration(
            this.spanSince(mark, after),
            defaultToken,
            specifiers,
            source,
          ),
        );
      }
      return this.builder.importDeclaration(
        this.spanSince(mark, after),
        defaultToken,
        specifiers,
        source,
      );
    },
    this.recovery(),
  );

  namedImports = this.RULE(
    "namedImports",
    (): ImportSpecifier[] => {
      const after = this.after;
      const specifiers = new Separated<ImportSpecifier>(
        this.builder,
        nouns.imports,
      );
      try {
        this.take(this.CONSUME(LCurly));
        this.MANY(() => {
          this.after = after;
          const item = this.OR(this.importSpecifierAlternatives);
          if (!this.RECORDING_PHASE) addItem(specifiers, item);
        });
        this.take(this.CONSUME(RCurly));
      } catch (error) {
        const partial = this.takePartial<ImportSpecifier>();
        if (partial) addItem(specifiers, partial);
        this.cutShort(error, specifiers.nodes);
      }
      return specifiers.nodes;
    },
    this.recovery(),
  );

  importSpecifier = this.RULE(
    "importSpecifier",
    (): ImportSpecifier => {
      const mark = this.consumed.length;
      const after = this.after;
      let imported: IToken | undefined;
      let local: IToken | undefined;
      try {
        imported = this.take(this.CONSUME(Identifier));
        this.OPTION(() => {
          this.take(this.CONSUME(As));
          local = this.take(this.CONSUME2(Identifier));
        });
      } catch (error) {
        this.cutShort(
          error,
          this.builder.importSpecifier(
            this.spanSince(mark, after),
            imported!,
            local,
          ),
        );
      }
      return this.builder.importSpecifier(
        this.spanSince(mark, after),
        imported!,
        local,
      );
    },
    this.recovery(),
  );

  settingsBlock = this.RULE(
    "settingsBlock",
    (): SettingsBlock => {
      const mark = this.consumed.length;
      const after = this.after;
      const entries = new Separated<SettingEntry>(
        this.builder,
        nouns.settings,
        true,
      );
      try {
        this.take(this.CONSUME(Settings));
        this.take(this.CONSUME(LCurly));
        this.MANY(() => {
          this.after = this.startSince(mark, after);
          const item = this.OR(this.settingAlternatives);
          if (!this.RECORDING_PHASE) addItem(entries, item);
        });
        this.take(this.CONSUME(RCurly));
      } catch (error) {
        const partial = this.takePartial<SettingEntry>();
        if (partial) addItem(entries, partial);
        this.cutShort(
          error,
          this.builder.settingsBlock(
            this.spanSince(mark, after),
            entries.nodes,
          ),
        );
      }
      return this.builder.settingsBlock(
        this.spanSince(mark, after),
        entries.nodes,
      );
    },
    this.recovery(),
  );

  settingEntry = this.RULE(
    "settingEntry",
    () => this.nameAndValue("SettingEntry"),
    this.recovery(),
  );

  binding = this.RULE(
    "binding",
    () => this.nameAndValue("Binding"),
    this.recovery(),
  );

  /** `postfix (+ postfix)*`, folded left-associatively into `this.sum`. */
  expression = this.RULE(
    "expression",
    (): Expression => {
      const after = this.after;
      try {
        this.sum = this.SUBRULE(this.postfix);
        this.MANY(this.addition);
        return this.sum;
      } catch (error) {
        this.cutShort(
          error,
          this.takePartial<Expression>() ?? errorExpression(after),
        );
      }
    },
    this.recovery(),
  );

  /**
   * One `+ postfix` of an expression, folded into `this.sum`. Shared by
   * every expression rather than a closure per call; nested expressions
   * reuse `this.sum`, so it is read before and written after the operand.
   */
  private readonly addition = (): void => {
    const left = this.sum;
    const plus = this.take(this.CONSUME(Plus));
    if (this.RECORDING_PHASE) {
      this.SUBRULE2(this.postfix);
      return;
    }
    const after = this.afterPlus(left, plus);
    this.after = after;
    let right: Expression;
    try {
      right = this.SUBRULE2(this.postfix);
    } catch (error) {
      this.cutShort(
        error,
        this.builder.add(
          left,
          this.takePartial<Expression>() ?? errorExpression(after),
        ),
      );
    }
    this.sum = this.builder.add(left, right);
  };

  /** `primary postfixOperation*`, each operation applied to `this.object`. */
  postfix = this.RULE(
    "postfix",
    (): Expression => {
      const after = this.after;
      try {
        this.object = this.SUBRULE(this.primary);
        this.MANY(this.operation);
        return this.object;
      } catch (error) {
        this.cutShort(
          error,
          this.takePartial<Expression>() ?? errorExpression(after),
        );
      }
    },
    this.recovery(),
  );

  /**
   * One postfix operation, applied to `this.object` and stored back, shared
   * like `addition`: the result is written after the operation's own rules ran.
   */
  private readonly operation = (): void => {
    this.object = this.SUBRULE(this.postfixOperation);
  };

  /** `.name` or `(arguments)` after an expression (`this.object`). */
  postfixOperation = this.RULE(
    "postfixOperation",
    (): Expression => {
      const mark = this.consumed.length;
      const object = this.object;
      let operation: IToken | Argument[] | undefined;
      try {
        this.after = this.RECORDING_PHASE ? 0 : object.span.end;
        operation = this.OR(this.postfixAlternatives);
      } catch (error) {
        operation = this.takePartial<Argument[]>() ?? operation;
        this.cutShort(error, this.applyOperation(object, mark, operation));
      }
      return this.RECORDING_PHASE
        ? object
        : this.applyOperation(object, mark, operation);
    },
    this.recovery(),
  );

  argumentList = this.RULE(
    "argumentList",
    (): Argument[] => {
      const after = this.after;
      const args = new Separated<Argument>(this.builder, nouns.arguments);
      try {
        this.take(this.CONSUME(LParen));
        this.MANY(() => {
          this.after = after;
          const item = this.OR(this.argumentAlternatives);
          if (!this.RECORDING_PHASE) addArgument(args, item);
        });
        this.take(this.CONSUME(RParen));
      } catch (error) {
        const partial = this.takePartial<KeywordArgument | Expression>();
        if (partial) addArgument(args, partial);
        this.cutShort(error, args.nodes);
      }
      return args.nodes;
    },
    this.recovery(),
  );

  keywordArgument = this.RULE(
    "keywordArgument",
    () => this.nameAndValue("KeywordArgument"),
    this.recovery(),
  );

  primary = this.RULE(
    "primary",
    (): Expression => {
      const after = this.after;
      try {
        const result = this.OR(this.primaryAlternatives);
        if (this.RECORDING_PHASE || !isToken(result))
          return result as Expression;
        return isReal(result)
          ? this.builder.primary(result)
          : errorExpression(after);
      } catch (error) {
        this.cutShort(
          error,
          this.takePartial<Expression>() ?? errorExpression(after),
        );
      }
    },
    this.recovery(),
  );

  list = this.RULE(
    "list",
    (): Expression => {
      const mark = this.consumed.length;
      const after = this.after;
      const elements = new Separated<Expression>(this.builder, nouns.elements);
      try {
        this.take(this.CONSUME(LBracket));
        this.MANY(() => {
          this.after = this.startSince(mark, after);
          const item = this.OR(this.elementAlternatives);
          if (!this.RECORDING_PHASE) addItem(elements, item);
        });
        this.take(this.CONSUME(RBracket));
      } catch (error) {
        const partial = this.takePartial<Expression>();
        if (partial) addItem(elements, partial);
        this.cutShort(
          error,
          this.builder.list(this.spanSince(mark, after), elements.nodes),
        );
      }
      return this.builder.list(this.spanSince(mark, after), elements.nodes);
    },
    this.recovery(),
  );

  dict = this.RULE(
    "dict",
    (): Expression => {
      const mark = this.consumed.length;
      const after = this.after;
      const entries = new Separated<LooseDictEntry>(
        this.builder,
        nouns.entries,
      );
      try {
        this.take(this.CONSUME(LCurly));
        this.MANY(() => {
          this.after = this.startSince(mark, after);
          const item = this.OR(this.entryAlternatives);
          if (!this.RECORDING_PHASE) addItem(entries, item);
        });
        this.take(this.CONSUME(RCurly));
      } catch (error) {
        const partial = this.takePartial<LooseDictEntry>();
        if (partial) addItem(entries, partial);
        this.cutShort(
          error,
          this.builder.dict(this.spanSince(mark, after), entries.nodes),
        );
      }
      return this.builder.dict(this.spanSince(mark, after), entries.nodes);
    },
    this.recovery(),
  );

  dictEntry = this.RULE(
    "dictEntry",
    (): LooseDictEntry => {
      const mark = this.consumed.length;
      const after = this.after;
      let key: Expression | undefined;
      let colon: IToken | undefined;
      let value: Expression | undefined;
      try {
        key = this.SUBRULE(this.expression);
        colon = this.take(this.CONSUME(Colon));
        if (!this.RECORDING_PHASE)
          this.after = isReal(colon) ? tokenEnd(colon) : key.span.end;
        value = this.SUBRULE2(this.expression);
      } catch (error) {
        const partial = this.takePartial<Expression>();
        if (key === undefined) key = partial;
        else value ??= partial;
        this.cutShort(error, this.buildEntry(mark, after, key, colon, value));
      }
      return this.buildEntry(mark, after, key, colon, value);
    },
    this.recovery(),
  );

  parenthesized = this.RULE(
    "parenthesized",
    (): Expression => {
      const after = this.after;
      let open: IToken | undefined;
      let inner: Expression | undefined;
      try {
        open = this.take(this.CONSUME(LParen));
        this.after = isReal(open) ? tokenEnd(open) : after;
        inner = this.SUBRULE(this.expression);
        this.take(this.CONSUME(RParen));
      } catch (error) {
        inner ??= this.takePartial<Expression>();
        this.cutShort(
          error,
          inner ?? errorExpression(isReal(open) ? tokenEnd(open) : after),
        );
      }
      return inner;
    },
    this.recovery(),
  );

  /** `name = expression`: the body of bindings, settings and keyword arguments. */
  private nameAndValue<K extends NameAndValueKind>(kind: K): NameAndValue<K> {
    const mark = this.consumed.length;
    const after = this.after;
    let name: IToken | undefined;
    let equals: IToken | undefined;
    let value: Expression | undefined;
    try {
      name = this.take(this.CONSUME(Identifier));
      equals = this.take(this.CONSUME(Equals));
      this.after = this.builder.valueAfter(name, equals);
      value = this.SUBRULE(this.expression);
    } catch (error) {
      value ??= this.takePartial<Expression>();
      this.cutShort(
        error,
        this.builder.nameAndValue(
          kind,
          this.spanSince(mark, after),
          name!,
          equals,
          value,
        ),
      );
    }
    return this.builder.nameAndValue(
      kind,
      this.spanSince(mark, after),
      name,
      equals,
      value,
    );
  }

  /** Where the operand after `+` sits if empty. */
  private afterPlus(left: Expression, plus: IToken): number {
    return isReal(plus) ? tokenEnd(plus) : left.span.end;
  }

  /** A member or call on `object`, from what `postfixOperation` parsed since `mark`. */
  private applyOperation(
    object: Expression,
    mark: number,
    operation: IToken | Argument[] | undefined,
  ): Expression {
    const end = this.spanSince(mark, object.span.end).end;
    return Array.isArray(operation)
      ? this.builder.call(object, operation, end)
      : this.builder.member(object, operation, end);
  }

  private buildEntry(
    mark: number,
    after: number,
    key: Expression | undefined,
    colon: IToken | undefined,
    value: Expression | undefined,
  ): LooseDictEntry {
    const span = this.spanSince(mark, after);
    const builtKey = key ?? errorExpression(span.start);
    return this.builder.dictEntry(
      span,
      builtKey,
      value ??
        errorExpression(isReal(colon) ? tokenEnd(colon) : builtKey.span.end),
    );
  }
}

/** The one parser instance, reused for every parse. */
export const parser = new SioParser();
