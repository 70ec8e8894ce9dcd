/**
 * SIO107 — a `re_path` pattern that matches more than it says: an unescaped
 * `.` between literal characters (`^socket.io` also matches `socketXio`), or a
 * non-empty pattern without `^`, which `re_path`'s search semantics let match
 * mid-path (`chat/` also matches `api/chat/`). The empty pattern, the
 * conventional catch-all, is exempt; `path()` routes are always anchored.
 *
 * Bad:
 * ```
 * re_path(r"^socket.io/?$", ChatConsumer.as_asgi())
 * re_path(r"chat/$", chatApp)
 * ```
 * Good:
 * ```
 * re_path(r"^socket\.io/?$", ChatConsumer.as_asgi())
 * re_path(r"^chat/$", chatApp)
 * ```
 */
import { offsetInString } from "../../grammar/ast.js";
import type { Rule, RuleContext } from "./rule.js";
import { describeRoute } from "./describe.js";

export const loosePattern: Rule = {
  code: "SIO107",
  name: "loose-pattern",
  severity: "warning",
  summary: "an unescaped '.' where a literal dot is meant, or a non-empty re_path pattern without '^'",
  stage: "check",
  check(context: RuleContext) {
    for (const route of context.spec.routes) {
      if (route.fn !== "re_path" || !route.pattern.compiled) continue;
      const literal = route.pattern.literal;
      const source = route.pattern.source;
      const start = afterInlineFlags(source);
      if (source.length > 0 && !source.startsWith("^", start) && !source.startsWith("\\A", start)) {
        const at = offsetInString(literal, start);
        context.report({
          span: literal.span,
          message: `${describeRoute(route)} has no '^', so it also matches in the middle of a path`,
          fix: { description: "anchor the pattern at the start with '^'", edits: [{ span: { start: at, end: at }, text: "^" }] },
        });
      }
      for (const index of literalDots(source)) {
        const at = offsetInString(literal, index);
        context.report({
          span: { start: at, end: offsetInString(literal, index + 1) },
          message: `unescaped '.' in ${describeRoute(route)} matches any character, not only a dot`,
          fix: {
            description: "escape the dot",
            edits: [{ span: { start: at, end: at }, text: literal.raw ? "\\" : "\\\\" }],
          },
        });
      }
    }
  },
};

/** Index after leading global inline flags such as `(?i)`. */
function afterInlineFlags(source: string): number {
  const match = /^(?:\(\?[aiLmsux]+\))*/.exec(source);
  return match ? match[0].length : 0;
}

const isLiteralWordChar = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9_-]$/.test(c);

/**
 * Indexes of `.` outside character classes, unescaped, not quantified, with a
 * plain literal character on each side: there the dot reads as a literal
 * (`socket.io`, `v1.json`), while `.*`, `(.)`, `/.+` are meant as wildcards.
 */
export function literalDots(source: string): number[] {
  const dots: number[] = [];
  let inClass = false;
  let previousLiteral = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      i++;
      previousLiteral = false;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      // A ']' right after '[' or '[^' is a literal member, not the end of the class.
      if (source[i + 1] === "^") i++;
      if (source[i + 1] === "]") i++;
      previousLiteral = false;
      continue;
    }
    if (c === "." && previousLiteral && isLiteralWordChar(source[i + 1])) {
      dots.push(i);
    }
    previousLiteral = isLiteralWordChar(c);
  }
  return dots;
}
