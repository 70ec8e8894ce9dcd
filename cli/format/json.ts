/** `--format json`: one JSON array of located diagnostics, for every file together. */
import type { Report } from "./located.js";

export function formatJson(report: Report): string {
  return JSON.stringify(report.diagnostics, null, 2) + "\n";
}
