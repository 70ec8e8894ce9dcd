/**
 * Type resolution of a spec's imports with ts-morph: which module file each
 * specifier names, whether the imported export exists, and what kind of thing
 * it is (a Socket.IO or WebSocket consumer class, a Node request listener, a
 * fetch handler, a middleware). Kept cheap: one Project with skipLibCheck,
 * only the imported modules added (the checker pulls in what they import),
 * no full type-check. This module loads ts-morph; import it lazily so `lint`
 * never pays for it.
 */
import path from "node:path";
import { Node, Project, ts, type SourceFile, type Symbol as MorphSymbol, type Type } from "ts-morph";
import type { Diagnostic, RelatedInformation, Span } from "../../grammar/diagnostics.js";
import { didYouMean } from "../model/bind.js";
import type { ImportKind } from "../model/classify.js";
import type { ImportedName } from "../model/model.js";

export const MODULE_NOT_FOUND = "SIO200";
export const EXPORT_NOT_FOUND = "SIO201";

/** Where a TypeScript declaration is, for related information. */
export interface DeclarationSite {
  file: string;
  span: Span;
}

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

const RUNTIME_SPECIFIER = "sio/runtime";

/** Compiler options when no tsconfig.json is found above the spec. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
};

/**
 * The user's compiler options from the nearest tsconfig.json (with `extends`
 * followed, but no file enumeration), plus what keeps resolution fast.
 */
function compilerOptionsFor(specFile: string): ts.CompilerOptions {
  const configFile = ts.findConfigFile(path.dirname(specFile), ts.sys.fileExists);
  let options = DEFAULT_OPTIONS;
  if (configFile) {
    const read = ts.readConfigFile(configFile, ts.sys.readFile);
    if (!read.error) {
      // An empty directory listing: we only want the options, not the project's files.
      const host: ts.ParseConfigHost = { ...ts.sys, useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames, readDirectory: () => [] };
      options = ts.parseJsonConfigFileContent(read.config, host, path.dirname(configFile), undefined, configFile).options;
    }
  }
  // Classification needs the ES lib and Node's types (IncomingMessage, the global Request), not the
  // DOM lib or every @types package: those would triple the text the checker parses.
  return {
    ...options,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
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
function specResolutionOptions(options: ts.CompilerOptions): ts.CompilerOptions {
  return {
    ...options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
  };
}

function resolveModule(specifier: string, specFile: string, options: ts.CompilerOptions): string | null {
  const resolved = ts.resolveModuleName(specifier, specFile, options, ts.sys).resolvedModule;
  return resolved ? path.resolve(resolved.resolvedFileName) : null;
}

export function resolveImports(specFile: string, imports: readonly ImportedName[]): Resolution {
  const absoluteSpec = path.resolve(specFile);
  const options = compilerOptionsFor(absoluteSpec);
  const specOptions = specResolutionOptions(options);
  const project = new Project({ compilerOptions: options, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });

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

  const runtimeFile = resolveModule(RUNTIME_SPECIFIER, absoluteSpec, specOptions);
  const classifier = new Classifier(project, runtimeFile);

  const resolved = new Map<string, ResolvedImport>();
  const kinds = new Map<string, ImportKind>();
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
    const result = classifier.classify(symbol, sourceFile);
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
  }

  return { imports: resolved, kinds, modules, files: userFiles(project, absoluteSpec), diagnostics };
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
}

class Classifier {
  private readonly runtimeRoot: string | null;
  private applicationType: Type | null | undefined;

  constructor(
    private readonly project: Project,
    private readonly runtimeFile: string | null,
  ) {
    this.runtimeRoot = runtimeFile ? path.dirname(runtimeFile) + path.sep : null;
  }

  classify(exported: MorphSymbol, at: SourceFile): Classification {
    const symbol = exported.isAlias() ? (exported.getAliasedSymbol() ?? exported) : exported;
    const declarations = symbol.getDeclarations();
    const first = declarations[0];
    const declaration = first ? siteOf(first) : null;
    if (declarations.length > 0 && declarations.every((d) => Node.isInterfaceDeclaration(d) || Node.isTypeAliasDeclaration(d))) {
      return { kind: null, description: "a type", declaration, typeOnly: true };
    }
    const type = symbol.getTypeAtLocation(at);
    if (type.getConstructSignatures().length > 0) {
      const kind = this.consumerKind(type);
      const description = kind ? describeKind(kind) : "a class that extends none of SocketIOConsumer, WebsocketConsumer, AsyncWebsocketConsumer";
      return { kind, description, declaration, typeOnly: false };
    }
    if (type.getCallSignatures().length > 0) {
      const kind = this.functionKind(type, at);
      const description = kind ? describeKind(kind) : `a function of type ${shorten(type.getText(at))}`;
      return { kind, description, declaration, typeOnly: false };
    }
    return { kind: null, description: `a value of type ${shorten(type.getText(at))}`, declaration, typeOnly: false };
  }

  /** A class is a consumer when a runtime consumer base is among its ancestors (nearest wins). */
  private consumerKind(type: Type): ImportKind | null {
    for (const signature of type.getConstructSignatures()) {
      const queue: Type[] = [signature.getReturnType()];
      const seen = new Set<Type>();
      for (let depth = 0; queue.length > 0; depth++) {
        const current = queue.shift()!;
        if (seen.has(current)) continue;
        seen.add(current);
        const symbol = current.getSymbol();
        const kind = symbol ? CONSUMER_BASES.get(symbol.getName()) : undefined;
        if (kind && depth > 0 && this.isRuntimeSymbol(symbol!)) return kind;
        queue.push(...current.getBaseTypes());
      }
    }
    return null;
  }

  private isRuntimeSymbol(symbol: MorphSymbol): boolean {
    if (!this.runtimeRoot) return true;
    const root = this.runtimeRoot;
    return symbol.getDeclarations().some((d) => path.resolve(d.getSourceFile().getFilePath()).startsWith(root));
  }

  /** Listener by call signature `(req, res)`, fetch handler by a `Request` parameter, middleware `app => app`. */
  private functionKind(type: Type, at: Node): ImportKind | null {
    const signatures = type.getCallSignatures().map((signature) => ({
      signature,
      parameters: signature.getParameters().map((p) => p.getTypeAtLocation(at)),
      required: signature.getParameters().filter((p) => !isOptionalParameter(p)).length,
    }));
    const listener = signatures.some(({ parameters }) => parameters.length >= 2 && (isAnyLike(parameters[0]!) || parameters[0]!.getProperty("httpVersion") !== undefined));
    if (listener) return "node-listener";
    if (signatures.some(({ parameters }) => parameters.length >= 1 && isFetchRequest(parameters[0]!))) return "fetch-handler";
    const application = this.application();
    const middleware = signatures.some(({ signature, parameters, required }) => {
      if (parameters.length < 1 || required > 1) return false;
      const returned = signature.getReturnType();
      if (application) return application.isAssignableTo(parameters[0]!) && returned.isAssignableTo(application);
      return (isAnyLike(parameters[0]!) || parameters[0]!.getCallSignatures().length > 0) && (isAnyLike(returned) || returned.getCallSignatures().length > 0);
    });
    return middleware ? "middleware" : null;
  }

  /** The runtime's `Application` type, when the runtime resolves from the spec's folder. */
  private application(): Type | null {
    if (this.applicationType !== undefined) return this.applicationType;
    this.applicationType = null;
    if (this.runtimeFile) {
      const runtime = this.project.getSourceFile(this.runtimeFile) ?? this.project.addSourceFileAtPath(this.runtimeFile);
      const symbol = runtime.getExportSymbols().find((s) => s.getName() === "Application");
      const target = symbol?.isAlias() ? symbol.getAliasedSymbol() : symbol;
      const declared = target?.getDeclaredType();
      if (declared && !declared.isAny()) this.applicationType = declared;
    }
    return this.applicationType;
  }
}

function isOptionalParameter(parameter: MorphSymbol): boolean {
  const declaration = parameter.getValueDeclaration();
  if (!declaration || !Node.isParameterDeclaration(declaration)) return false;
  return declaration.isOptional() || declaration.isRestParameter();
}

function isAnyLike(type: Type): boolean {
  return type.isAny() || type.isUnknown();
}

/** The WHATWG Request (DOM lib or undici), not Express' Request (which is an IncomingMessage). */
function isFetchRequest(type: Type): boolean {
  return type.getSymbol()?.getName() === "Request" && type.getProperty("httpVersion") === undefined && type.getProperty("arrayBuffer") !== undefined;
}

export function describeKind(kind: ImportKind): string {
  switch (kind) {
    case "socketio-consumer":
      return "a Socket.IO consumer class";
    case "websocket-consumer":
      return "a WebSocket consumer class";
    case "node-listener":
      return "a Node request listener";
    case "fetch-handler":
      return "a fetch handler";
    case "middleware":
      return "a middleware";
  }
}

function siteOf(node: Node): DeclarationSite {
  const nameNode = Node.hasName(node) ? node.getNameNode() : node;
  return { file: path.resolve(node.getSourceFile().getFilePath()), span: { start: nameNode.getStart(), end: nameNode.getEnd() } };
}

function shorten(text: string): string {
  const oneLine = text.replace(/import\("[^"]*"\)\./g, "").replace(/\s+/g, " ");
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}
