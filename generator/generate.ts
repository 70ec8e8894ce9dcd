/**
 * `sio generate`: lint, resolve the spec's imports in the user's TypeScript,
 * emit the router module, format it, and write it (or, with `check`, compare
 * it with what is on disk). Build → format → write are separate steps.
 *
 * ts-morph and prettier are imported lazily, inside the steps that need them,
 * so importing this module costs no more than `lint` does.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../grammar/diagnostics.js";
import { SourceText } from "../grammar/source.js";
import { analyze } from "./analyze.js";
import { analyzeResolved } from "./resolve/analyze-resolved.js";
import { watchRuns, type Watcher } from "./watch.js";
import { isStale, writeIfChanged } from "./write/write-file.js";

export interface GenerateOptions {
  /** Path of the `.sio` spec. */
  spec: string;
  /** Output file; default `<spec name>.generated.ts` beside the spec (`routes.sio` → `routes.generated.ts`). */
  out?: string;
  /**
   * The typed Socket.IO client module; default `<out>` with `.generated.ts` (or `.ts`)
   * replaced by `.client.ts` (`routes.generated.ts` → `routes.client.ts`). False: none.
   * Written only when the spec has a Socket.IO endpoint.
   */
  client?: string | false;
  /** Compare with the file on disk instead of writing (for CI). */
  check?: boolean;
}

/**
 * - `written` / `unchanged`: generated; the file was (re)written, or already held this content.
 * - `fresh` / `stale` (check): the file on disk matches / differs from (or is missing) what would be generated.
 * - `refused`: an error diagnostic stands; nothing was written or compared.
 * - `failed`: the spec could not be read or the output could not be written (`error` says why).
 */
export type GenerateStatus = "written" | "unchanged" | "fresh" | "stale" | "refused" | "failed";

/** Milliseconds per step (each includes loading the libraries it needs on first use). */
export interface GenerateTimings {
  lint: number;
  resolve: number;
  emit: number;
  format: number;
  write: number;
}

export interface GenerateResult {
  status: GenerateStatus;
  specFile: string;
  outFile: string;
  /** The spec's text, to print diagnostics with; null when it could not be read. */
  source: SourceText | null;
  /** Lint and resolution diagnostics, sorted by position. */
  diagnostics: Diagnostic[];
  /** The spec and the user's modules it depends on, absolute and sorted: what --watch watches. */
  files: string[];
  /** The generated module (formatted); set unless status is `refused`, or `failed` before generating. */
  content?: string;
  /** The typed client module, when the spec has a Socket.IO endpoint (and `client` is not false). */
  client?: { file: string; content: string };
  /** The output files written (`written`) or found stale (`stale`). */
  changed: string[];
  /** Set when status is `failed`. */
  error?: string;
  timings: GenerateTimings;
}

export function defaultOutFile(specFile: string): string {
  const base = path.basename(specFile).replace(/\.sio$/, "");
  return path.join(path.dirname(specFile), `${base}.generated.ts`);
}

export function defaultClientFile(outFile: string): string {
  return outFile.replace(/(\.generated)?\.[cm]?ts$/, "") + ".client.ts";
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const specFile = path.resolve(options.spec);
  const outFile = path.resolve(options.out ?? defaultOutFile(specFile));
  const clientFile = options.client === false ? null : path.resolve(options.client ?? defaultClientFile(outFile));
  const timings: GenerateTimings = { lint: 0, resolve: 0, emit: 0, format: 0, write: 0 };
  const result = (status: GenerateStatus, rest: Partial<GenerateResult> = {}): GenerateResult => ({
    status,
    specFile,
    outFile,
    source: null,
    diagnostics: [],
    files: [specFile],
    changed: [],
    timings,
    ...rest,
  });

  let text: string;
  try {
    text = await readFile(specFile, "utf8");
  } catch (error) {
    return result("failed", { error: `cannot read ${options.spec}: ${(error as Error).message}` });
  }
  const source = new SourceText(specFile, text);

  let started = performance.now();
  const bound = analyze(source, { lint: false });
  timings.lint = performance.now() - started;

  // Resolution first, so the rules can recognise Socket.IO routes by type.
  started = performance.now();
  let resolution: import("./resolve/resolve-imports.js").Resolution | null = null;
  let files = [specFile];
  if (bound.spec.imports.length > 0) {
    const { resolveImports } = await import("./resolve/resolve-imports.js");
    resolution = resolveImports(specFile, bound.spec.imports);
    files = resolution.files;
  }
  timings.resolve = performance.now() - started;

  started = performance.now();
  const { analysis, diagnostics } = analyzeResolved(source, resolution);
  timings.lint += performance.now() - started;

  if (diagnostics.some((d) => d.severity === "error")) return result("refused", { source, diagnostics, files });

  started = performance.now();
  const { emitRouter } = await import("./emit/emit-router.js");
  const emitResolution = resolution ?? { kinds: new Map(), modules: new Map() };
  const emitted = emitRouter(analysis.spec, emitResolution, { outFile, specFile });
  let emittedClient: string | null = null;
  if (clientFile) {
    const { emitClient } = await import("./emit/emit-client.js");
    emittedClient = emitClient(analysis.spec, emitResolution, { outFile: clientFile, specFile });
  }
  timings.emit = performance.now() - started;

  started = performance.now();
  const { formatGenerated } = await import("./emit/format.js");
  const formatted = await formatGenerated(emitted);
  const client = clientFile && emittedClient !== null ? { file: clientFile, content: await formatGenerated(emittedClient) } : undefined;
  timings.format = performance.now() - started;

  started = performance.now();
  const outputs = [{ file: outFile, content: formatted }, ...(client ? [client] : [])];
  const done = { source, diagnostics, files, content: formatted, ...(client ? { client } : {}) };
  let target = outFile;
  try {
    const changed: string[] = [];
    if (options.check) {
      for (const output of outputs) if (await isStale(output.file, output.content)) changed.push(output.file);
      timings.write = performance.now() - started;
      return result(changed.length > 0 ? "stale" : "fresh", { ...done, changed });
    }
    for (const output of outputs) {
      target = output.file;
      if (await writeIfChanged(output.file, output.content)) changed.push(output.file);
    }
    timings.write = performance.now() - started;
    return result(changed.length > 0 ? "written" : "unchanged", { ...done, changed });
  } catch (error) {
    return result("failed", { ...done, error: `cannot write ${target}: ${(error as Error).message}` });
  }
}

export type GenerateWatcher = Watcher;

/**
 * Generates now and again whenever the spec or a module it imports changes
 * (see watchRuns); keeps running after errors, each run's result goes to
 * `onResult`.
 */
export function watchGenerate(options: Omit<GenerateOptions, "check">, onResult: (result: GenerateResult) => void): GenerateWatcher {
  let closed = false;
  const watcher = watchRuns(async (depends) => {
    const result = await generate(options);
    // Our own output changing is not a reason to regenerate.
    depends({ files: result.files, output: result.outFile });
    if (!closed) onResult(result);
  });
  return {
    close() {
      closed = true;
      return watcher.close();
    },
  };
}
