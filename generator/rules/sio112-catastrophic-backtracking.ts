/**
 * SIO112 — a route regex that backtracks super-linearly: a quantifier that
 * can match the same text in many ways, repeated (`(a+)+`,
 * `([\w.-]+/?)*`), lets one short request pin a CPU. The router runs every
 * route regex on the request path, so any client can send the attack. An
 * error when the time grows exponentially (or as n^3 and beyond, hours for a
 * path of a few dozen characters), a warning when it grows quadratically.
 * The message gives an attack path.
 *
 * Bad:
 * ```
 * re_path(r"^files/(?P<path>([\w.-]+/?)*)$", filesApp)
 * ```
 * Good:
 * ```
 * re_path(r"^files/(?P<path>(?:[\w.-]+/)*[\w.-]*)$", filesApp)
 * ```
 */
import { offsetInString } from "../../grammar/ast.js";
import type { Span } from "../../grammar/diagnostics.js";
import type { RouteNode } from "../model/model.js";
import { backtrackingOf, type Backtracking } from "./backtracking.js";
import { describeRoute } from "./describe.js";
import type { Rule, RuleContext } from "./rule.js";

/** How many times the attack repeats its character, by growth: enough for hours of CPU. */
const EXPONENTIAL_REPEAT = 40;
const POLYNOMIAL_REPEAT = 5_000;

export const catastrophicBacktracking: Rule = {
  code: "SIO112",
  name: "catastrophic-backtracking",
  severity: "error",
  summary: "a route regex backtracks super-linearly: one short request can pin a CPU",
  stage: "check",
  check(context: RuleContext) {
    for (const found of backtrackingOf(context.spec).found) {
      const { route, growth } = found;
      const severe = growth.exponential || growth.degree >= 3;
      const repeat = severe ? EXPONENTIAL_REPEAT : POLYNOMIAL_REPEAT;
      const how = growth.exponential ? "exponentially" : `as n^${growth.degree}`;
      context.report({
        span: quantifierSpan(route, found),
        ...(severe ? {} : { severity: "warning" as const }),
        message: `${describeRoute(route)} backtracks ${how} in the length of the path: a path such as ${attack(found, repeat)} keeps the server's CPU busy ${severe ? "for hours" : "for a long time"}; rewrite the repetition so each text can match in only one way`,
      });
    }
  },
};

/** `'files/' + 'A' × 40 + '!'`, leaving out empty parts. */
function attack(found: Backtracking, repeat: number): string {
  const parts = [
    ...(found.prefix ? [quote(found.prefix)] : []),
    `${quote(found.pump)} × ${repeat}`,
    ...(found.suffix ? [quote(found.suffix)] : []),
  ];
  return parts.join(" + ");
}

/** Quoted, with characters a request would percent-encode (controls, white space but the space) written so: `'%0A'`. */
function quote(text: string): string {
  return `'${text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => encodeURIComponent(c))}'`;
}

/** The repeated quantifier, in the pattern as written (through the compiled regex's offsets); the whole literal when unknown. */
function quantifierSpan(route: RouteNode, found: Backtracking): Span {
  const literal = route.pattern.literal;
  const offsets = route.pattern.compiled?.sourceOffsets;
  const start = offsets?.[found.start];
  const end = offsets?.[found.end - 1];
  if (start === undefined || end === undefined || end < start) return literal.span;
  return { start: offsetInString(literal, start), end: offsetInString(literal, end + 1) };
}
