/**
 * Type resolution of a spec's imports with ts-morph: which module file each
 * specifier names, whether the imported export exists, and what kind of thing
 * it is (a Socket.IO or WebSocket consumer class, a Node request listener, a
 * fetch handler, a middleware). Kept cheap: one Project with skipLibCheck,
 * only the imported modules added (the checker pulls in what they import,
 * minus the default lib, Node's types and the runtime), no type-check of the
 * program. This module loads ts-morph; import it lazily so `lint` never pays
 * for it.
 */
import path from "node:path";
import { builtinModules } from "node:module";
import type * as TsMorph from "ts-morph";
import type {
  ResolutionHostFactory,
  SourceFile,
  Symbol as MorphSymbol,
  Type,
  ts as TypeScript,
} from "ts-morph";
import type { Diagnostic, RelatedInformation } from "../../grammar/diagnostics.js";
import { didYouMean } from "../model/bind.js";
import type { ImportKind } from "../model/classify.js";
import type { ImportedName } from "../model/model.js";
import { describeKind } from "./check-usage.js";
import { classOf, runtimeBaseOf, RUNTIME_SPECIFIER, type ClassNode } from "./class-chain.js";
import { consumerFactsOf, type ConsumerFacts } from "./consumer-facts.js";
import { siteOf, type DeclarationSite } from "./sites.js";
import { findApplications } from "./runtime-types.js";
import { tsMorph } from "./ts-morph.js";

const { Node, Project, ts } = tsMorph;
type Node = TsMorph.Node;
type Project = TsMorph.Project;
type CompilerOptions = TypeScript.CompilerOptions;
type ParseConfigHost = TypeScript.ParseConfigHost;

export const MODULE_NOT_FOUND = "SIO200";
export const EXPORT_NOT_FOUND = "SIO201";

export type { DeclarationSite };

export interface ResolvedImport {
  ref: ImportedName;
  /** Absolute path of the module's file; null when it was not found. */
  file: string | null;
  /** Whether the module exists and exports the name as a value. */
  found: boolean;
  /** Null when the export is none of the known kinds (or was not found). */
  kind: ImportKind | null;
  /** What the export is, in words, for messages ("a function", "a class not extending a consumer base"). */
  description: string;
  declaration: DeclarationSite | null;
}

export interface Resolution {
  /** By local name. */
  imports: Map<string, ResolvedImport>;
  /** Local name → kind, for the lint rules and the generator. */
  kinds: Map<string, ImportKind>;
  /** Module specifier as written → absolute file, for every specifier that resolved. */
  modules: Map<string, string>;
  /** Local name of each Socket.IO consumer → what its class declares (namespace, handlers, emit map). */
  consumers: Map<string, ConsumerFacts>;
  /** The user's source files the result depends on (outside node_modules), sorted: what --watch watches. */
  files: string[];
  /** SIO200 and SIO201. */
  diagnostics: Diagnostic[];
}

/** Consumer base classes of the runtime and the kind a subclass has. */
const CONSUMER_BASES: ReadonlyMap<string, ImportKind> = new Map([
  ["SocketIOConsumer", "socketio-consumer"],
  ["WebsocketConsumer", "websocket-consumer"],
  ["AsyncWebsocketConsumer", "websocket-consumer"],
]);

/** Compiler options when no tsconfig.json is found above the spec. */
const DEFAULT_OPTIONS: CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
};

/**
 * The user's compiler options from the nearest tsconfig.json (with `extends`
 * followed, but no file enumeration), plus what keeps resolution fast.
 */
function compilerOptionsFor(specFile: string): CompilerOptions {
  const configFile = ts.findConfigFile(path.dirname(specFile), ts.sys.fileExists);
  let options = DEFAULT_OPTIONS;
  if (configFile) {
    const read = ts.readConfigFile(configFile, ts.sys.readFile);
    if (!read.error) {
      // An empty directory listing: we only want the options, not the project's files.
      const host: ParseConfigHost = { ...ts.sys, useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames, readDirectory: () => [] };
      options = ts.parseJsonConfigFileContent(read.config, host, path.dirname(configFile), undefined, configFile).options;
    }
  }
  // Classification reads heritage clauses and call signatures, which need no lib and no @types
  // package: without them the checker parses a few hundred kilobytes instead of megabytes.
  return {
    ...options,
    noLib: true,
    types: [],
    skipLibCheck: true,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    incremental: false,
  };
}

/**
 * A `.sio` file is not TypeScript, so its specifiers resolve the way a bundler
 * resolves them: extensionless relative paths and `./x.js` for `./x.ts` both
 * work, package `exports` honour the project's conditions.
 */
function specResolutionOptions(options: CompilerOptions): CompilerOptions {
  return {
    ...options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
  };
}

const NODE_BUILTINS = new Set(builtinModules);

/**
 * Resolution inside the user's modules, minus what classification does not
 * need and would dominate the cost: Node's own types (megabytes of
 * declarations every library drags in) and the runtime (consumer bases are
 * recognised by the import they come from).
 */
const skipHeavyModules: ResolutionHostFactory = (host, getCompilerOptions) => ({
  resolveModuleNames: (names, containingFile, _reused, redirected, options, containingSourceFile) =>
    names.map((name) => {
      if (name === RUNTIME_SPECIFIER || name.startsWith("node:") || NODE_BUILTINS.has(name)) return undefined;
      return ts.resolveModuleName(name, containingFile, options, host, undefined, redirected, containingSourceFile?.impliedNodeFormat).resolvedModule;
    }),
  resolveTypeReferenceDirectives: (names, containingFile, redirected, options) =>
    names.map((entry) => {
      const name = typeof entry === "string" ? entry : entry.fileName;
      if (name === "node") return undefined;
      return ts.resolveTypeReferenceDirective(name, containingFile, options ?? getCompilerOptions(), host, redirected).resolvedTypeReferenceDirective;
    }),
});

function resolveModule(specifier: string, specFile: string, options: CompilerOptions): string | null {
  const resolved = ts.resolveModuleName(specifier, specFile, options, ts.sys).resolvedModule;
  return resolved ? path.resolve(resolved.resolvedFileName) : null;
}

export function resolveImports(specFile: string, imports: readonly ImportedName[]): Resolution {
  const absoluteSpec = path.resolve(specFile);
  const options = compilerOptionsFor(absoluteSpec);
  const specOptions = specResolutionOptions(options);
  const project = new Project({
    compilerOptions: options,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    resolutionHost: skipHeavyModules,
  });

  const diagnostics: Diagnostic[] = [];
  const modules = new Map<string, string>();
  const sourceFiles = new Map<string, SourceFile>();
  const missingModules = new Set<string>();
  for (const ref of imports) {
    if (modules.has(ref.from) || missingModules.has(ref.from)) continue;
    const file = resolveModule(ref.from, absoluteSpec, specOptions);
    if (!file) {
      missingModules.add(ref.from);
      diagnostics.push({
        code: MODULE_NOT_FOUND,
        severity: "error",
        message: `cannot find module '${ref.from}'`,
        span: ref.sourceSpan,
        related: [],
      });
      continue;
    }
    modules.set(ref.from, file);
    sourceFiles.set(file, project.addSourceFileAtPath(file));
  }


  const resolved = new Map<string, ResolvedImport>();
  const kinds = new Map<string, ImportKind>();
  const consumers = new Map<string, ConsumerFacts>();
  for (const ref of imports) {
    const file = modules.get(ref.from) ?? null;
    const sourceFile = file ? sourceFiles.get(file) : undefined;
    if (!file || !sourceFile) {
      resolved.set(ref.local, { ref, file, found: false, kind: null, description: "", declaration: null });
      continue;
    }
    const exports = sourceFile.getExportSymbols();
    const symbol = ref.imported === "default" ? sourceFile.getDefaultExportSymbol() : exports.find((s) => s.getName() === ref.imported);
    if (!symbol) {
      diagnostics.push(missingExport(ref, exports.map((s) => s.getName()), file));
      resolved.set(ref.local, { ref, file, found: false, kind: null, description: "", declaration: null });
      continue;
    }
    const result = classify(symbol, sourceFile);
    if (result.typeOnly) {
      diagnostics.push({
        code: EXPORT_NOT_FOUND,
        severity: "error",
        message: `'${ref.imported}' is only a type in '${ref.from}'; the spec needs a value`,
        span: ref.span,
        related: result.declaration ? [{ ...result.declaration, message: `'${ref.imported}' is declared here` }] : [],
      });
      resolved.set(ref.local, { ref, file, found: false, kind: null, description: result.description, declaration: result.declaration });
      continue;
    }
    resolved.set(ref.local, { ref, file, found: true, kind: result.kind, description: result.description, declaration: result.declaration });
    if (result.kind) kinds.set(ref.local, result.kind);
    if (result.kind === "socketio-consumer" && result.classNode) consumers.set(ref.local, consumerFactsOf(result.classNode));
  }

  // A second look, with the runtime's types, at what the first could not classify (`nodeApp(app)` is `any`
  // without them) or may have misread (`(scope: Scope, conn: Connection) => …` looks like `(req, res)`).
  const importsRuntime = (file: string) => sourceFiles.get(file)?.getImportDeclaration((d) => d.getModuleSpecifierValue() === RUNTIME_SPECIFIER) !== undefined;
  const unclassified = [...resolved.values()].flatMap((r) =>
    r.found && r.file && (r.kind === null || (r.kind === "node-listener" && importsRuntime(r.file))) ? [{ ref: r.ref, file: r.file }] : [],
  );
  if (unclassified.length > 0) {
    for (const local of findApplications(absoluteSpec, options, unclassified)) {
      resolved.set(local, { ...resolved.get(local)!, kind: "application", description: describeKind("application") });
      kinds.set(local, "application");
    }
  }

  return { imports: resolved, kinds, modules, consumers, files: userFiles(project, absoluteSpec), diagnostics };
}

function missingExport(ref: ImportedName, exported: string[], file: string): Diagnostic {
  const related: RelatedInformation[] = [{ file, span: { start: 0, end: 0 }, message: `the module '${ref.from}' resolves to this file` }];
  if (ref.imported === "default") {
    return { code: EXPORT_NOT_FOUND, severity: "error", message: `'${ref.from}' has no default export`, span: ref.span, related };
  }
  const hint = didYouMean(ref.imported, exported.filter((name) => name !== "default"));
  return { code: EXPORT_NOT_FOUND, severity: "error", message: `'${ref.from}' has no export '${ref.imported}'${hint}`, span: ref.span, related };
}

/** Every file of the program that is the user's own (not a library, not the default lib). */
function userFiles(project: Project, specFile: string): string[] {
  const program = project.getProgram().compilerObject;
  const files = new Set<string>([specFile]);
  for (const file of program.getSourceFiles()) {
    if (program.isSourceFileDefaultLibrary(file) || program.isSourceFileFromExternalLibrary(file)) continue;
    if (file.fileName.split(/[\\/]/).includes("node_modules")) continue;
    files.add(path.resolve(file.fileName));
  }
  return [...files].sort();
}

interface Classification {
  kind: ImportKind | null;
  description: string;
  declaration: DeclarationSite | null;
  /** An interface or type alias: nothing exists at run time. */
  typeOnly: boolean;
  /** The class, when the export is one. */
  classNode?: ClassNode;
}

function classify(exported: MorphSymbol, at: SourceFile): Classification {
  const symbol = exported.isAlias() ? (exported.getAliasedSymbol() ?? exported) : exported;
  const declarations = symbol.getDeclarations();
  const first = declarations[0];
  const declaration = first ? siteOf(first) : null;
  if (declarations.length > 0 && declarations.every((d) => Node.isInterfaceDeclaration(d) || Node.isTypeAliasDeclaration(d))) {
    return { kind: null, description: "a type", declaration, typeOnly: true };
  }
  const classNode = declarations.map(classOf).find((node) => node !== undefined);
  if (classNode) {
    const kind = consumerKind(classNode);
    const description = kind ? describeKind(kind) : "a class that extends none of SocketIOConsumer, WebsocketConsumer, AsyncWebsocketConsumer";
    return { kind, description, declaration, typeOnly: false, classNode };
  }
  const type = symbol.getTypeAtLocation(at);
  if (type.getCallSignatures().length > 0) {
    const kind = functionKind(type, at);
    const checker = at.getProject().getTypeChecker().compilerObject;
    const signature = checker.signatureToString(type.getCallSignatures()[0]!.compilerSignature, at.compilerNode);
    const description = kind ? describeKind(kind) : `a function ${shorten(signature)}`;
    return { kind, description, declaration, typeOnly: false };
  }
  return { kind: null, description: `a value of type ${shorten(type.getText(at))}`, declaration, typeOnly: false };
}

/** The consumer kind of a class, by the runtime base its `extends` chain reaches. */
function consumerKind(node: ClassNode): ImportKind | null {
  const base = runtimeBaseOf(node);
  return base ? (CONSUMER_BASES.get(base.name) ?? null) : null;
}

/** Listener by call signature `(req, res)`, fetch handler by a `Request` parameter, middleware `app => app`. */
function functionKind(type: Type, at: Node): ImportKind | null {
  const signatures = type.getCallSignatures().map((signature) => ({
    signature,
    parameters: signature.getParameters(),
    types: signature.getParameters().map((p) => p.getTypeAtLocation(at)),
  }));
  // The fetch check comes first: Node's types are not loaded, so a `(request: Request, scope)`
  // handler would otherwise look like `(req, res)` with unknown types.
  if (signatures.some(({ parameters, types }) => types.length >= 1 && isFetchRequest(parameters[0]!, types[0]!))) return "fetch-handler";
  const listener = signatures.some(({ types }) => types.length >= 2 && isRequestLike(types[0]!) && isRequestLike(types[1]!));
  if (listener) return "node-listener";
  const middleware = signatures.some(({ signature, parameters, types }) => {
    const required = parameters.filter((p) => !isOptionalParameter(p)).length;
    if (types.length < 1 || required > 1) return false;
    const returned = signature.getReturnType();
    return isFunctionLike(types[0]!) && isFunctionLike(returned);
  });
  return middleware ? "middleware" : null;
}

function isOptionalParameter(parameter: MorphSymbol): boolean {
  const declaration = parameter.getValueDeclaration();
  if (!declaration || !Node.isParameterDeclaration(declaration)) return false;
  return declaration.isOptional() || declaration.isRestParameter();
}

function isAnyLike(type: Type): boolean {
  return type.isAny() || type.isUnknown();
}

/**
 * The WHATWG Request. The global one never resolves here (no DOM lib, no Node
 * types), so an unresolved `Request` annotation counts; a resolved `Request`
 * counts when it is fetch-shaped (undici's), not Express' IncomingMessage.
 */
function isFetchRequest(parameter: MorphSymbol, type: Type): boolean {
  if (!isAnyLike(type)) return type.getSymbol()?.getName() === "Request" && type.getProperty("arrayBuffer") !== undefined && type.getProperty("httpVersion") === undefined;
  const declaration = parameter.getValueDeclaration();
  const annotation = declaration && Node.isParameterDeclaration(declaration) ? declaration.getTypeNode() : undefined;
  return annotation !== undefined && Node.isTypeReference(annotation) && annotation.getTypeName().getText() === "Request";
}

/** A request or response parameter: an object, or unknown because Node's types are not loaded. */
function isRequestLike(type: Type): boolean {
  return isAnyLike(type) || type.isObject() || type.isUnion() || type.isIntersection();
}

/** Callable, or unknown because its type comes from a module resolution skipped (such as `Application`). */
function isFunctionLike(type: Type): boolean {
  return isAnyLike(type) || type.getCallSignatures().length > 0;
}

function shorten(text: string): string {
  const oneLine = text.replace(/import\("[^"]*"\)\./g, "").replace(/\s+/g, " ");
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
