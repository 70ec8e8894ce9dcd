/**
 * `sio-router` from code: what `sio generate` does, as functions (the CLI is
 * the `sio` binary). Everything else in the package is internal.
 */
export {
  defaultOutFile,
  generate,
  watchGenerate,
  type GenerateOptions,
  type GenerateResult,
  type GenerateStatus,
  type GenerateTimings,
  type GenerateWatcher,
} from "./generate.js";
export type { Diagnostic, Fix, RelatedInformation, Severity, Span, TextEdit } from "../grammar/diagnostics.js";
export { SourceText, type Position } from "../grammar/source.js";
