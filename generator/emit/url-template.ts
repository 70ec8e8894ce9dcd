/**
 * The URL a named route reverses to, as literal text with kwargs between,
 * read off the compiled JavaScript regex (so `re_path` and `path()` share one
 * path). It follows Django's `regex_helper.normalize`: anchors and lookarounds
 * vanish, a quantified piece keeps its minimum count (an optional piece that
 * holds a kwarg is kept once), a character class gives its first character,
 * an alternation its first branch, and a named group becomes its kwarg.
 */
import { RegExpParser, type AST } from "@eslint-community/regexpp";
import type { CompiledPattern, ConverterName } from "@sio-router/runtime/matching";

export type TemplatePart = { literal: string } | { kwarg: string };

/** A kwarg and the type its value has in `reverse()`. */
export interface TemplateKwarg {
  name: string;
  converter: ConverterName | null;
}

export interface UrlTemplate {
  parts: TemplatePart[];
  kwargs: TemplateKwarg[];
}

const parser = new RegExpParser();

/** The template of one pattern; patterns of a prefix chain concatenate with `joinTemplates`. */
export function templateOf(pattern: CompiledPattern): UrlTemplate {
  const ast = parser.parsePattern(pattern.regexSource, 0, pattern.regexSource.length, {
    unicode: pattern.flags.includes("u"),
    unicodeSets: pattern.flags.includes("v"),
  });
  const parts: TemplatePart[] = [];
  const literal = (text: string) => {
    const last = parts.at(-1);
    if (last && "literal" in last) last.literal += text;
    else parts.push({ literal: text });
  };
  const visitAlternatives = (alternatives: AST.Alternative[]) => {
    const first = alternatives[0];
    if (first) for (const element of first.elements) visit(element);
  };
  const visit = (node: AST.Element): void => {
    switch (node.type) {
      case "Character":
        literal(String.fromCodePoint(node.value));
        return;
      case "CharacterSet":
        literal(representativeOfSet(node));
        return;
      case "CharacterClass":
      case "ExpressionCharacterClass":
        literal(representativeOfClass(node));
        return;
      case "Group":
        visitAlternatives(node.alternatives);
        return;
      case "CapturingGroup":
        if (node.name) parts.push({ kwarg: node.name });
        else visitAlternatives(node.alternatives);
        return;
      case "Backreference":
        if (typeof node.ref === "string") parts.push({ kwarg: node.ref });
        return;
      case "Quantifier": {
        const count = node.min === 0 && containsKwarg(node.element) ? 1 : node.min;
        for (let i = 0; i < count; i++) {
          visit(node.element);
          // A kwarg repeated stays one value.
          if (containsKwarg(node.element)) break;
        }
        return;
      }
      case "Assertion":
        return;
    }
  };
  visitAlternatives(ast.alternatives);
  const names = [...new Set(parts.flatMap((part) => ("kwarg" in part ? [part.kwarg] : [])))];
  return { parts, kwargs: names.map((name) => ({ name, converter: Object.hasOwn(pattern.converters, name) ? (pattern.converters[name] as ConverterName) : null })) };
}

/** Outer prefix patterns first; a kwarg named twice keeps its first converter. */
export function joinTemplates(templates: UrlTemplate[]): UrlTemplate {
  const parts: TemplatePart[] = [];
  const kwargs: TemplateKwarg[] = [];
  for (const template of templates) {
    for (const part of template.parts) {
      const last = parts.at(-1);
      if ("literal" in part && last && "literal" in last) parts[parts.length - 1] = { literal: last.literal + part.literal };
      else parts.push({ ...part });
    }
    for (const kwarg of template.kwargs) if (!kwargs.some((k) => k.name === kwarg.name)) kwargs.push(kwarg);
  }
  return { parts, kwargs };
}

function containsKwarg(node: AST.Node): boolean {
  switch (node.type) {
    case "CapturingGroup":
      return node.name !== null || node.alternatives.some(containsKwarg);
    case "Group":
    case "Pattern":
      return node.alternatives.some(containsKwarg);
    case "Alternative":
      return node.elements.some(containsKwarg);
    case "Quantifier":
      return containsKwarg(node.element);
    case "Backreference":
      return typeof node.ref === "string";
    default:
      return false;
  }
}

/** Django's choices for escapes: `\d` → 0, `\w` → x, `\s` → space, `.` → `.`. */
function representativeOfSet(node: AST.CharacterSet): string {
  switch (node.kind) {
    case "any":
      return ".";
    case "digit":
      return node.negate ? "x" : "0";
    case "space":
      return node.negate ? "x" : " ";
    case "word":
      return node.negate ? "!" : "x";
    case "property":
      return node.negate ? "!" : /^(N|Nd|Number|Decimal_Number|digit)$/.test(node.value ?? node.key) ? "0" : "x";
  }
}

function representativeOfClass(node: AST.CharacterClass | AST.ExpressionCharacterClass): string {
  if (node.type === "ExpressionCharacterClass" || node.negate) return "x";
  const first = node.elements[0];
  if (!first) return "x";
  switch (first.type) {
    case "Character":
      return String.fromCodePoint(first.value);
    case "CharacterClassRange":
      return String.fromCodePoint(first.min.value);
    case "CharacterSet":
      return representativeOfSet(first);
    default:
      return "x";
  }
}
