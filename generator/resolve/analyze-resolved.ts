/**
 * Lint with what type resolution found: the rules see each import's kind (so
 * Socket.IO routes are known by type), and the resolution (SIO200, SIO201)
 * usage (SIO202–SIO207) and consumer (SIO208–SIO214) diagnostics join theirs. `sio generate` runs it
 * right after resolving; the language server with the resolution of the last
 * open or save. No ts-morph here: resolution is the caller's.
 */
import { compareDiagnostics, type Diagnostic } from "../../grammar/diagnostics.js";
import type { SourceText } from "../../grammar/source.js";
import { analyze, type Analysis } from "../analyze.js";
import { checkConsumers } from "./check-consumers.js";
import { checkUsage } from "./check-usage.js";
import type { Resolution } from "./resolve-imports.js";

export interface ResolvedAnalysis {
  analysis: Analysis;
  /** The analysis' diagnostics and the resolution's, sorted by position. */
  diagnostics: Diagnostic[];
}

/** `resolution` null: the spec imports nothing (or was not resolved), the plain lint. */
export function analyzeResolved(source: SourceText, resolution: Pick<Resolution, "imports" | "kinds" | "consumers" | "diagnostics"> | null): ResolvedAnalysis {
  const analysis = analyze(source, resolution ? { kinds: resolution.kinds } : {});
  if (!resolution) return { analysis, diagnostics: analysis.diagnostics };
  const diagnostics = [
    ...resolution.diagnostics,
    ...analysis.diagnostics,
    ...checkUsage(analysis.spec, resolution.imports),
    ...checkConsumers(analysis.spec, resolution.imports, resolution.consumers),
  ];
  diagnostics.sort(compareDiagnostics);
  return { analysis, diagnostics };
}
