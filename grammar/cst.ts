/**
 * Shapes of the parser's concrete syntax tree, one per rule (first produced by
 * Chevrotain's `generateCstDts`). Every child is optional: error recovery can
 * cut any rule short.
 */
import type { CstNode, IToken } from "chevrotain";

export interface ProgramCstNode extends CstNode {
  name: "program";
  children: ProgramCstChildren;
}

export type ProgramCstChildren = {
  statement?: StatementCstNode[];
};

export interface StatementCstNode extends CstNode {
  name: "statement";
  children: StatementCstChildren;
}

export type StatementCstChildren = {
  importDeclaration?: ImportDeclarationCstNode[];
  settingsBlock?: SettingsBlockCstNode[];
  binding?: BindingCstNode[];
  Stray?: IToken[];
};

export interface ImportDeclarationCstNode extends CstNode {
  name: "importDeclaration";
  children: ImportDeclarationCstChildren;
}

export type ImportDeclarationCstChildren = {
  Import?: IToken[];
  defaultBinding?: IToken[];
  Comma?: IToken[];
  namedImports?: NamedImportsCstNode[];
  From?: IToken[];
  StringToken?: IToken[];
};

export interface NamedImportsCstNode extends CstNode {
  name: "namedImports";
  children: NamedImportsCstChildren;
}

export type NamedImportsCstChildren = {
  LCurly?: IToken[];
  importSpecifier?: ImportSpecifierCstNode[];
  Comma?: IToken[];
  RCurly?: IToken[];
};

export interface ImportSpecifierCstNode extends CstNode {
  name: "importSpecifier";
  children: ImportSpecifierCstChildren;
}

export type ImportSpecifierCstChildren = {
  imported?: IToken[];
  As?: IToken[];
  local?: IToken[];
};

export interface SettingsBlockCstNode extends CstNode {
  name: "settingsBlock";
  children: SettingsBlockCstChildren;
}

export type SettingsBlockCstChildren = {
  Settings?: IToken[];
  LCurly?: IToken[];
  settingEntry?: SettingEntryCstNode[];
  Comma?: IToken[];
  RCurly?: IToken[];
};

export interface SettingEntryCstNode extends CstNode {
  name: "settingEntry";
  children: SettingEntryCstChildren;
}

export type SettingEntryCstChildren = {
  Identifier?: IToken[];
  Equals?: IToken[];
  expression?: ExpressionCstNode[];
};

export interface BindingCstNode extends CstNode {
  name: "binding";
  children: BindingCstChildren;
}

export type BindingCstChildren = {
  Identifier?: IToken[];
  Equals?: IToken[];
  expression?: ExpressionCstNode[];
};

export interface ExpressionCstNode extends CstNode {
  name: "expression";
  children: ExpressionCstChildren;
}

export type ExpressionCstChildren = {
  operands?: PostfixCstNode[];
  Plus?: IToken[];
};

export interface PostfixCstNode extends CstNode {
  name: "postfix";
  children: PostfixCstChildren;
}

export type PostfixCstChildren = {
  primary?: PrimaryCstNode[];
  postfixOperation?: PostfixOperationCstNode[];
};

export interface PostfixOperationCstNode extends CstNode {
  name: "postfixOperation";
  children: PostfixOperationCstChildren;
}

export type PostfixOperationCstChildren = {
  Dot?: IToken[];
  Word?: IToken[];
  argumentList?: ArgumentListCstNode[];
};

export interface ArgumentListCstNode extends CstNode {
  name: "argumentList";
  children: ArgumentListCstChildren;
}

export type ArgumentListCstChildren = {
  LParen?: IToken[];
  keywordArgument?: KeywordArgumentCstNode[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RParen?: IToken[];
};

export interface KeywordArgumentCstNode extends CstNode {
  name: "keywordArgument";
  children: KeywordArgumentCstChildren;
}

export type KeywordArgumentCstChildren = {
  Identifier?: IToken[];
  Equals?: IToken[];
  expression?: ExpressionCstNode[];
};

export interface PrimaryCstNode extends CstNode {
  name: "primary";
  children: PrimaryCstChildren;
}

export type PrimaryCstChildren = {
  StringToken?: IToken[];
  NumberToken?: IToken[];
  True?: IToken[];
  False?: IToken[];
  Identifier?: IToken[];
  list?: ListCstNode[];
  dict?: DictCstNode[];
  parenthesized?: ParenthesizedCstNode[];
};

export interface ListCstNode extends CstNode {
  name: "list";
  children: ListCstChildren;
}

export type ListCstChildren = {
  LBracket?: IToken[];
  expression?: ExpressionCstNode[];
  Comma?: IToken[];
  RBracket?: IToken[];
};

export interface DictCstNode extends CstNode {
  name: "dict";
  children: DictCstChildren;
}

export type DictCstChildren = {
  LCurly?: IToken[];
  dictEntry?: DictEntryCstNode[];
  Comma?: IToken[];
  RCurly?: IToken[];
};

export interface DictEntryCstNode extends CstNode {
  name: "dictEntry";
  children: DictEntryCstChildren;
}

export type DictEntryCstChildren = {
  key?: ExpressionCstNode[];
  Colon?: IToken[];
  value?: ExpressionCstNode[];
};

export interface ParenthesizedCstNode extends CstNode {
  name: "parenthesized";
  children: ParenthesizedCstChildren;
}

export type ParenthesizedCstChildren = {
  LParen?: IToken[];
  expression?: ExpressionCstNode[];
  RParen?: IToken[];
};
