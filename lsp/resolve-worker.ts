/**
 * The child process that runs type resolution (ts-morph) for the language
 * server, so loading TypeScript and resolving a spec's imports never holds up
 * diagnostics as you type. Requests come over IPC, one at a time, answered
 * in order.
 */
import type { ImportedName } from "../generator/model/model.js";
import { resolveImports } from "../generator/resolve/resolve-imports.js";

export interface ResolveRequest {
  id: number;
  specFile: string;
  imports: ImportedName[];
}

process.on("message", (request: ResolveRequest) => {
  try {
    process.send!({ id: request.id, resolution: resolveImports(request.specFile, request.imports) });
  } catch (error) {
    process.send!({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
// The parent gone (closed IPC channel): nothing left to answer.
process.on("disconnect", () => process.exit(0));
