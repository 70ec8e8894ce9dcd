/**
 * The second look at imports the first pass could not classify: with the
 * runtime's own types loaded. The first pass skips `@sio-router/runtime` (it
 * recognises consumers by the import their base class comes from, which
 * needs no types), so `export const api = nodeApp(app)` is `any` there and a
 * value annotated `Application` an unresolved type. Here the runtime's
 * declarations are resolved, and only them: inside the runtime package, its
 * own relative modules; its dependencies (socket.io, engine.io, ws) and
 * Node's types stay out, as in the first pass. Paid only when some import was
 * left unclassified, which otherwise ends `generate` with SIO206.
 *
 * An export is an application when its type is the runtime's `Application`
 * (what `nodeApp`, `fetchApp`, `httpApp`, `URLRouter`, `ProtocolTypeRouter`
 * and every middleware return, or an `Application` annotation), or a function
 * whose first parameter is the runtime's `Scope` (a hand-written
 * `(scope: Scope, conn: Connection) => …`, which the first pass, without the
 * runtime's types, takes for a Node listener `(req, res)`). By these names,
 * not by assignability: without the default lib, `Promise` in `Application`'s
 * return type is unresolved, and every function would be assignable.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { builtinModules } from "node:module";
import type { ResolutionHostFactory, SourceFile, Symbol as MorphSymbol, Type, ts as TypeScript } from "ts-morph";
import type { ImportedName } from "../model/model.js";
import { tsMorph } from "./ts-morph.js";

const { Project, ts } = tsMorph;
type CompilerOptions = TypeScript.CompilerOptions;

const RUNTIME_SPECIFIER = "@sio-router/runtime";
const NODE_BUILTINS = new Set(builtinModules);

/** An import to look at again: its reference and the module file it resolved to. */
export interface Unclassified {
  ref: ImportedName;
  file: string;
}

/** Local names of the imports that are applications of the runtime's `Application` type. */
export function findApplications(specFile: string, options: CompilerOptions, imports: readonly Unclassified[]): Set<string> {
  const found = new Set<string>();
  const runtimeEntry = ts.resolveModuleName(RUNTIME_SPECIFIER, path.resolve(specFile), options, ts.sys).resolvedModule?.resolvedFileName;
  if (!runtimeEntry) return found;
  const runtimeRoot = packageRoot(path.resolve(runtimeEntry));
  const project = new Project({
    compilerOptions: options,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    resolutionHost: runtimeOnly(runtimeRoot),
  });
  const files = new Map<string, SourceFile>();
  for (const { file } of imports) if (!files.has(file)) files.set(file, project.addSourceFileAtPath(file));
  const runtime = project.addSourceFileAtPath(runtimeEntry);
  const exported = (name: string) => {
    const symbol = runtime.getExportSymbols().find((s) => s.getName() === name);
    return symbol ? aliased(symbol).compilerSymbol : undefined;
  };
  const application = exported("Application");
  const scope = exported("Scope");
  if (!application || !scope) return found;
  for (const { ref, file } of imports) {
    const sourceFile = files.get(file)!;
    const symbol =
      ref.imported === "default" ? sourceFile.getDefaultExportSymbol() : sourceFile.getExportSymbols().find((s) => s.getName() === ref.imported);
    if (!symbol) continue;
    const type: Type = aliased(symbol).getTypeAtLocation(sourceFile);
    const alias = type.getAliasSymbol();
    const takesScope = type.getCallSignatures().some((signature) => {
      const first = signature.getParameters()[0];
      return first !== undefined && first.getTypeAtLocation(sourceFile).getSymbol()?.compilerSymbol === scope;
    });
    if ((alias && aliased(alias).compilerSymbol === application) || takesScope) found.add(ref.local);
  }
  return found;
}

function aliased(symbol: MorphSymbol): MorphSymbol {
  return symbol.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
}

/** The folder of the nearest package.json above `file`. */
function packageRoot(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === RUNTIME_SPECIFIER) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}

/**
 * Resolution that lets the runtime in, and nothing heavier: Node's types
 * nowhere, and inside the runtime package only its own relative modules.
 */
function runtimeOnly(runtimeRoot: string): ResolutionHostFactory {
  const inRuntime = (file: string) => path.resolve(file).startsWith(runtimeRoot + path.sep);
  return (host, getCompilerOptions) => ({
    resolveModuleNames: (names, containingFile, _reused, redirected, options, containingSourceFile) =>
      names.map((name) => {
        if (name.startsWith("node:") || NODE_BUILTINS.has(name)) return undefined;
        if (inRuntime(containingFile) && !name.startsWith(".")) return undefined;
        return ts.resolveModuleName(name, containingFile, options, host, undefined, redirected, containingSourceFile?.impliedNodeFormat).resolvedModule;
      }),
    resolveTypeReferenceDirectives: (names, containingFile, redirected, options) =>
      names.map((entry) => {
        const name = typeof entry === "string" ? entry : entry.fileName;
        if (name === "node" || inRuntime(containingFile)) return undefined;
        return ts.resolveTypeReferenceDirective(name, containingFile, options ?? getCompilerOptions(), host, redirected).resolvedTypeReferenceDirective;
      }),
  });
}
