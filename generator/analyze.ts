/**
 * The lint pipeline: text → syntax tree → routing model → diagnostics.
 * `sio check` stops after binding; `sio lint` and `sio generate` run every rule.
 */
import { parseSpec } from "../grammar/index.js";
import type { Program } from "../grammar/ast.js";
import { compareDiagnostics, type Diagnostic } from "../grammar/diagnostics.js";
import { SourceText } from "../grammar/source.js";
import { bindSpec } from "./model/bind.js";
import type { ResolvedKinds } from "./model/classify.js";
import type { Spec } from "./model/model.js";
import { rules } from "./rules/index.js";
import { toDiagnostic, type Rule } from "./rules/rule.js";

export interface AnalyzeOptions {
  /** Run the lint rules (default true); false is `sio check`. */
  lint?: boolean;
  /** Import kinds from type resolution, so Socket.IO routes are known by type. */
  kinds?: ResolvedKinds;
}

export interface Analysis {
  source: SourceText;
  program: Program;
  spec: Spec;
  /** Sorted by position. */
  diagnostics: Diagnostic[];
}

export function analyze(source: SourceText, options: AnalyzeOptions = {}): Analysis {
  const parsed = parseSpec(source.text);
  const bound = bindSpec(source, parsed.program);
  const diagnostics = [...parsed.diagnostics, ...bound.diagnostics];
  if (options.lint !== false) diagnostics.push(...runRules(bound.spec, options.kinds));
  diagnostics.sort(compareDiagnostics);
  return { source, program: parsed.program, spec: bound.spec, diagnostics };
}

/** Parse, bind and lint a text under a file name. */
export function analyzeText(path: string, text: string, options?: AnalyzeOptions): Analysis {
  return analyze(new SourceText(path, text), options);
}

function runRules(spec: Spec, kinds: ResolvedKinds | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    if (!rule.check) continue;
    rule.check({ spec, kinds, report: (report) => diagnostics.push(toDiagnostic(rule as Rule, report)) });
  }
  return diagnostics;
}
