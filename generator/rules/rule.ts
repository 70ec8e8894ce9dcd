/**
 * The shape of a lint rule: a code, a name, a severity, and a check that is a
 * pure function of the routing model reporting through its context. A rule
 * never throws.
 */
import type { Diagnostic, Fix, RelatedInformation, Severity, Span } from "../../grammar/diagnostics.js";
import type { ResolvedKinds } from "../model/classify.js";
import type { Spec } from "../model/model.js";

export interface RuleReport {
  span: Span;
  message: string;
  related?: RelatedInformation[];
  fix?: Fix;
  /** Overrides the rule's severity, e.g. when a verdict could not be decided exactly. */
  severity?: Severity;
}

export interface RuleContext {
  readonly spec: Spec;
  /** Import kinds from type resolution; undefined when imports were not resolved (`lint`). */
  readonly kinds: ResolvedKinds | undefined;
  report(report: RuleReport): void;
}

export interface Rule {
  /** Stable code, `SIO1xx`. */
  readonly code: string;
  /** Kebab-case name, e.g. `socketio-route-shadowed`. */
  readonly name: string;
  readonly severity: Severity;
  /** One line, for `--help` and docs. */
  readonly summary: string;
  /**
   * Where the diagnostics come from: the parser (SIO100), the binder (SIO110),
   * or this rule's `check`.
   */
  readonly stage: "parse" | "bind" | "check";
  check?(context: RuleContext): void;
}

export function toDiagnostic(rule: Rule, report: RuleReport): Diagnostic {
  return {
    code: rule.code,
    severity: report.severity ?? rule.severity,
    message: report.message,
    span: report.span,
    related: report.related ?? [],
    ...(report.fix ? { fix: report.fix } : {}),
  };
}
