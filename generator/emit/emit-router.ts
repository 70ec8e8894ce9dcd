/**
 * The generator proper: a pure function from the routing model (and what type
 * resolution found) to the text of the router module, before formatting.
 *
 * Output, top to bottom: banner; imports of `@sio-router/runtime` and of the user's
 * modules (specifiers relative to the output file, `.js` for NodeNext);
 * `settings`; one const per endpoint (a Socket.IO endpoint referenced from the
 * http and the websocket table must be ONE Engine.IO server); one const per
 * binding the application uses; `application`; the kwargs types and
 * `reverse()` of the named routes. Routes keep declaration order, each with a
 * comment naming its `.sio` line.
 */
import path from "node:path";
import type { ImportDeclarationStructure, StatementStructures, WriterFunction } from "ts-morph";
import type { Binding, CallExpression, Expression } from "../../grammar/ast.js";
import { SOCKETIO_OPTIONS } from "@sio-router/runtime/socketio-options";
import { tsMorph } from "../resolve/ts-morph.js";
import type { ImportKind } from "../model/classify.js";
import { routesOf } from "../model/classify.js";
import type { AppNode, ImportedName, RouteNode, Spec, Value, ValueNode } from "../model/model.js";
import type { ConsumerFacts } from "../resolve/consumer-facts.js";
import { arrivingKwargsOf, type ArrivingKwarg } from "./route-kwargs.js";
import { joinTemplates, templateOf, type UrlTemplate } from "./url-template.js";
import { array, asConst, call, identifier, object, propertyKey, regexLiteral, spread, stringLiteral, valueLiteral, type Element, type Expr } from "./writers.js";

const { printStructure, StructureKind, VariableDeclarationKind } = tsMorph;

/** What emission needs from type resolution. */
export interface EmitResolution {
  /** Local imported name → kind. */
  kinds: ReadonlyMap<string, ImportKind>;
  /** Module specifier as written → absolute file it resolved to. */
  modules: ReadonlyMap<string, string>;
  /** Socket.IO consumers by local name: the namespaces they serve. */
  consumers?: ReadonlyMap<string, ConsumerFacts>;
}

export interface EmitOptions {
  /** Absolute path of the file being generated. */
  outFile: string;
  /** Absolute path of the spec. */
  specFile: string;
}

export const RUNTIME_MODULE = "@sio-router/runtime";

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with as implements interface " +
    "let package private protected public static yield any boolean constructor declare get module require number set string " +
    "symbol type from of await async undefined never unknown object satisfies"
  ).split(" "),
);

/** Hands out identifiers: the preferred one when free, else with a numeric suffix. */
export class Namer {
  private readonly taken = new Set<string>(RESERVED);

  take(preferred: string): string {
    const base = /^[A-Za-z_$][\w$]*$/.test(preferred) ? preferred : `_${preferred.replace(/[^\w$]/g, "_")}`;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}${n}`;
    this.taken.add(name);
    return name;
  }
}

/** `.ts` → `.js` (and `.mts` → `.mjs`, `.cts` → `.cjs`): what NodeNext resolution wants written. */
function runtimeExtension(file: string): string {
  const match = /(\.d)?\.(ts|tsx|mts|cts)$/.exec(file);
  if (!match) return file;
  const ext = match[2] === "mts" ? ".mjs" : match[2] === "cts" ? ".cjs" : ".js";
  return file.slice(0, match.index) + ext;
}

/** A user module's specifier as seen from the output file. */
export function moduleSpecifierFor(from: string, resolved: string | undefined, outFile: string): string {
  const relative = from.startsWith("./") || from.startsWith("../") || from.startsWith("/") || from === "." || from === "..";
  if (!relative || !resolved) return from;
  let specifier = path.relative(path.dirname(outFile), runtimeExtension(resolved)).split(path.sep).join("/");
  if (!specifier.startsWith(".")) specifier = `./${specifier}`;
  return specifier;
}

/**
 * Import declarations of the user's modules the spec imports, one per module
 * (specifiers relative to `outFile`), sorted; `localOf` names each import in
 * the generated module. A second default import of one module becomes a
 * named `default as` import.
 */
export function userImportDeclarations(
  refs: readonly ImportedName[],
  localOf: (ref: ImportedName) => string,
  resolution: EmitResolution,
  outFile: string,
  typeOnly: boolean,
): ImportDeclarationStructure[] {
  const byModule = new Map<string, ImportedName[]>();
  for (const ref of refs) {
    const specifier = moduleSpecifierFor(ref.from, resolution.modules.get(ref.from), outFile);
    byModule.set(specifier, [...(byModule.get(specifier) ?? []), ref]);
  }
  return [...byModule]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([moduleSpecifier, group]): ImportDeclarationStructure => {
      const defaults = group.filter((ref) => ref.imported === "default");
      const named = group.filter((ref) => ref.imported !== "default").sort((a, b) => compareStrings(a.imported, b.imported));
      const [defaultImport, ...otherDefaults] = defaults;
      return {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier,
        ...(typeOnly ? { isTypeOnly: true } : {}),
        ...(defaultImport ? { defaultImport: localOf(defaultImport) } : {}),
        namedImports: [...otherDefaults, ...named].map((ref) => {
          const local = localOf(ref);
          return { kind: StructureKind.ImportSpecifier, name: ref.imported, ...(local !== ref.imported ? { alias: local } : {}) };
        }),
      };
    });
}

/** Spec option names to runtime names; nested dict keys (`max_disconnection_duration`) to camelCase too. */
export function runtimeOptions(options: Record<string, ValueNode>): Array<readonly [string, Value]> {
  const table = SOCKETIO_OPTIONS as Record<string, { name: string }>;
  return Object.entries(options)
    .map(([name, node]) => [table[name]?.name ?? name, node.value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * One endpoint per identity: `X.as_asgi()`, `SocketIO(X)` and a bare `X`
 * with the same consumers and options are the same endpoint.
 */
export function endpointIdentity(kind: "socketio" | "websocket", consumers: readonly ImportedName[], options: Record<string, ValueNode>): string {
  const names = consumers.map((c) => c.local).sort();
  return `${kind}:${names.join(",")}:${canonical(Object.fromEntries(runtimeOptions(options)))}`;
}

function canonical(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key]!)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  return /^[A-Za-z]/.test(joined) ? joined : `Route${joined}`;
}

const spanKey = (span: { start: number; end: number }) => `${span.start}:${span.end}`;

interface Endpoint {
  name: string;
  expr: Expr;
  /** "The Socket.IO endpoint of ChatConsumer" */
  label: string;
  line: number;
  /** The consumers of a Socket.IO endpoint (namespaces), as the spec names them; empty for a WebSocket one. */
  socketIOConsumers: readonly ImportedName[];
}

interface NamedRoute {
  name: string;
  typeName: string;
  template: UrlTemplate;
  /** What url_route.kwargs holds after the route; null when a pattern of its chain is invalid. */
  arriving: ArrivingKwarg[] | null;
}

/** How a consumer's namespace reads in comments. */
export function describeNamespace(facts: ConsumerFacts | undefined): string {
  const namespace = facts?.namespace;
  if (!namespace) return "namespace";
  if (namespace.kind === "string") return `namespace ${JSON.stringify(namespace.value)}`;
  if (namespace.kind === "regex") return `namespaces ${namespace.source}`;
  return "namespace";
}

export function emitRouter(spec: Spec, resolution: EmitResolution, options: EmitOptions): string {
  return new Emitter(spec, resolution, options).emit();
}

class Emitter {
  private readonly namer = new Namer();
  private readonly runtimeNames = new Map<string, { local: string; typeOnly: boolean }>();
  private readonly usedImports = new Set<string>();
  private readonly importLocals = new Map<string, string>();
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly bindings = new Map<string, Binding>();
  private readonly bindingLocals = new Map<string, string>();
  /** Bindings the application references, with their initializers, in the order they were first needed. */
  private readonly emittedBindings = new Map<string, Expr>();
  private readonly routesBySpan = new Map<string, RouteNode>();
  private readonly callsBySpan = new Map<string, CallExpression>();
  /** App nodes that are the whole value of a binding: emitted once, as that binding's const. */
  private readonly appBindings = new Map<AppNode, string>();
  private readonly specLabel: string;
  private readonly settingsName: string;
  private readonly applicationName: string;

  constructor(
    private readonly spec: Spec,
    private readonly resolution: EmitResolution,
    private readonly options: EmitOptions,
  ) {
    this.specLabel = path.relative(path.dirname(options.outFile), options.specFile).split(path.sep).join("/");
    this.applicationName = this.namer.take("application");
    this.settingsName = this.namer.take("settings");
    // Exported functions keep their names; a user's import of the same name gets another local one.
    this.namer.take("reverse");
    this.namer.take("routeOf");
    for (const ref of spec.imports) this.importLocals.set(ref.local, this.namer.take(ref.local));
    for (const statement of spec.program.statements) {
      if (statement.kind !== "Binding" || statement.name.name === "application") continue;
      this.bindings.set(statement.name.name, statement);
    }
    for (const name of this.bindings.keys()) this.bindingLocals.set(name, this.namer.take(name));
    for (const route of spec.routes) this.routesBySpan.set(spanKey(route.span), route);
    this.indexCalls();
  }

  emit(): string {
    const settings = this.settingsStatement();
    const routed = this.spec.application ? this.appExpr(this.spec.application, true) : this.runtime("URLRouter")([array([])]);
    // Django checks ALLOWED_HOSTS on every request: so does the application of a spec that sets them.
    const application =
      this.spec.settings.allowedHosts === null ? routed : this.runtime("AllowedHostsMiddleware")([routed, identifier(this.settingsName)]);
    const applicationType = this.runtime("Application", true);
    const reverse = this.reverseStatements();

    const statements: StatementStructures[] = [
      ...this.importDeclarations(),
      settings,
      ...[...this.endpoints.values()].map((endpoint) =>
        this.constStatement(endpoint.name, endpoint.expr, `${endpoint.label} (${this.specLabel}:${endpoint.line}): one instance, shared by every route that reaches it.`),
      ),
      ...[...this.emittedBindings].map(([name, expr]) => this.constStatement(name, expr)),
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name: this.applicationName, type: applicationType, initializer: application }],
      },
      ...this.namespaceStatements(),
      ...reverse,
    ];
    for (const statement of statements) {
      if (statement.kind !== StructureKind.ImportDeclaration) statement.leadingTrivia = [blankLine, ...triviaOf(statement.leadingTrivia)];
    }
    // Printed straight to text: a Project's source file would parse it again, and prettier parses it anyway.
    return printStructure({
      kind: StructureKind.SourceFile,
      leadingTrivia: (writer) => {
        writer.writeLine(`// Generated by \`sio generate\` from ${this.specLabel}. Do not edit this file by hand:`);
        writer.writeLine(`// change ${this.specLabel} and run \`sio generate\` again.`);
        writer.blankLine();
      },
      statements,
    });
  }

  // ── imports ─────────────────────────────────────────────────────────────

  /** A runtime name, imported on first use; returns a writer calling it, or its local name for types. */
  private runtime(name: string, typeOnly: true): string;
  private runtime(name: string): (args: readonly Expr[]) => Expr;
  private runtime(name: string, typeOnly = false): string | ((args: readonly Expr[]) => Expr) {
    const local = this.runtimeLocal(name, typeOnly);
    return typeOnly ? local : (args: readonly Expr[]) => call(local, args);
  }

  /** The local name of a runtime import, added on first use. */
  private runtimeLocal(name: string, typeOnly: boolean): string {
    let entry = this.runtimeNames.get(name);
    if (!entry) {
      entry = { local: this.namer.take(name), typeOnly };
      this.runtimeNames.set(name, entry);
    }
    return entry.local;
  }

  private userName(ref: ImportedName): string {
    this.usedImports.add(ref.local);
    return this.importLocals.get(ref.local) ?? ref.local;
  }

  private importDeclarations(): ImportDeclarationStructure[] {
    const runtimeImport = (typeOnly: boolean): ImportDeclarationStructure => ({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: RUNTIME_MODULE,
      isTypeOnly: typeOnly,
      namedImports: [...this.runtimeNames]
        .filter(([, entry]) => entry.typeOnly === typeOnly)
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([name, { local }]) => ({ kind: StructureKind.ImportSpecifier, name, ...(local !== name ? { alias: local } : {}) })),
    });
    const used = this.spec.imports.filter((ref) => this.usedImports.has(ref.local));
    const user = userImportDeclarations(used, (ref) => this.importLocals.get(ref.local)!, this.resolution, this.options.outFile, false);
    return [runtimeImport(true), runtimeImport(false), ...user];
  }

  // ── declarations ────────────────────────────────────────────────────────

  private constStatement(name: string, initializer: Expr, doc?: string): StatementStructures {
    return {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name, initializer }],
      ...(doc ? { docs: [doc] } : {}),
    };
  }

  private settingsStatement(): StatementStructures {
    const entries = [...this.spec.settings.entries].map(([name, node]) => [name, valueLiteral(node.value)] as const);
    const settingsType = this.runtime("Settings", true);
    const initializer: WriterFunction = (writer) => {
      object(entries)(writer);
      writer.write(` as const satisfies ${settingsType}`);
    };
    return {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: this.settingsName, initializer }],
    };
  }

  // ── applications ────────────────────────────────────────────────────────

  private appExpr(app: AppNode, root = false): Expr {
    const bound = this.appBindings.get(app);
    if (bound && !root) {
      const local = this.bindingLocals.get(bound)!;
      if (!this.emittedBindings.has(local)) this.emittedBindings.set(local, this.appExpr(app, true));
      return identifier(local);
    }
    switch (app.kind) {
      case "ProtocolTypeRouter":
        return this.runtime("ProtocolTypeRouter")([object(app.protocols.map((entry) => [entry.protocol, this.appExpr(entry.app)] as const))]);
      case "Middleware": {
        const inner = this.appExpr(app.inner);
        if (!app.builtin) return call(this.userName(app.ref!), [inner]);
        if (app.builtin === "AllowedHostsOriginValidator") return this.runtime(app.builtin)([inner, identifier(this.settingsName)]);
        if (app.builtin === "OriginValidator") return this.runtime(app.builtin)([inner, valueLiteral(app.origins ?? [])]);
        return this.runtime(app.builtin)([inner]);
      }
      case "URLRouter":
        return this.runtime("URLRouter")([this.routeListExpr(app.span, app.routes)]);
      case "SocketIO":
        return this.endpoint("socketio", app.consumers, app.options, app.span.start);
      case "Consumer": {
        const kind = this.resolution.kinds.get(app.ref.local);
        return this.endpoint(kind === "websocket-consumer" ? "websocket" : "socketio", [app.ref], app.options, app.span.start);
      }
      case "NamedApp": {
        const kind = this.resolution.kinds.get(app.ref.local);
        if (kind === "socketio-consumer") return this.endpoint("socketio", [app.ref], {}, app.span.start);
        if (kind === "websocket-consumer") return this.endpoint("websocket", [app.ref], {}, app.span.start);
        // Already an Application (`nodeApp(app)`, a hand-written URLRouter): routed as it is.
        if (kind === "application") return identifier(this.userName(app.ref));
        const wrapper = kind === "node-listener" ? "nodeApp" : kind === "fetch-handler" ? "fetchApp" : "httpApp";
        return this.runtime(wrapper)([identifier(this.userName(app.ref))]);
      }
    }
  }

  /**
   * One const per endpoint. `X.as_asgi()`, `SocketIO(X)` and a bare `X` with
   * the same consumers and options are the same endpoint.
   */
  private endpoint(kind: "socketio" | "websocket", consumers: readonly ImportedName[], options: Record<string, ValueNode>, offset: number): Expr {
    const mapped = runtimeOptions(options);
    const key = endpointIdentity(kind, consumers, options);
    let endpoint = this.endpoints.get(key);
    if (!endpoint) {
      const names = consumers.map((consumer) => this.userName(consumer));
      const optionArgs = mapped.length > 0 ? [object(mapped.map(([name, value]) => [name, valueLiteral(value, camelCase)] as const))] : [];
      const expr = names.length === 1 ? call(`${names[0]}.as_asgi`, optionArgs) : this.runtime("SocketIO")([array(names.map((name) => ({ expr: identifier(name) }))), ...optionArgs]);
      const preferred = names.length === 1 ? `${lowerFirst(names[0]!)}Endpoint` : "socketIOEndpoint";
      const label = `The ${kind === "socketio" ? "Socket.IO" : "WebSocket"} endpoint of ${names.join(", ")}`;
      endpoint = {
        name: this.namer.take(preferred),
        expr,
        label,
        line: this.spec.source.locate(offset).line,
        socketIOConsumers: kind === "socketio" ? consumers : [],
      };
      this.endpoints.set(key, endpoint);
    }
    return identifier(endpoint.name);
  }

  /**
   * One exported handle per consumer of each Socket.IO endpoint: its namespace,
   * typed with its events, for emitting from outside a consumer.
   */
  private namespaceStatements(): StatementStructures[] {
    const statements: StatementStructures[] = [];
    for (const endpoint of this.endpoints.values()) {
      for (const consumer of endpoint.socketIOConsumers) {
        const local = this.userName(consumer);
        const name = this.namer.take(`${lowerFirst(local)}Namespace`);
        const namespace = describeNamespace(this.resolution.consumers?.get(consumer.local));
        statements.push({
          kind: StructureKind.VariableStatement,
          isExported: true,
          declarationKind: VariableDeclarationKind.Const,
          declarations: [{ name, initializer: `${endpoint.name}.namespaceOf(${local})` }],
          docs: [
            `${local}'s ${namespace} on the Socket.IO endpoint of ${this.specLabel}:${endpoint.line}, typed with its events.\n` +
              `Emit to its clients from HTTP apps and background jobs: \`${name}.to(room).emit(...)\`, \`${name}.fetchSockets()\`\n` +
              "(socket.io's namespace itself: with an adapter configured, across processes).",
          ],
        });
      }
    }
    return statements;
  }

  // ── routes ──────────────────────────────────────────────────────────────

  /**
   * A URLRouter's list as the spec wrote it: a bound list by its name, `a + [...]`
   * as one array with spreads. Falls back to the model's routes if the syntax
   * cannot be followed.
   */
  private routeListExpr(routerSpan: { start: number; end: number }, routes: readonly RouteNode[]): Expr {
    const argument = this.callsBySpan.get(spanKey(routerSpan))?.args[0];
    const mirrored = argument && argument.kind === "PositionalArgument" ? this.listExpr(argument.value) : null;
    return mirrored ?? array(routes.map((route) => this.routeElement(route)));
  }

  private listExpr(expression: Expression): Expr | null {
    const parts = this.listParts(expression);
    if (!parts) return null;
    if (parts.length === 1 && parts[0]!.spreadOf) return parts[0]!.spreadOf;
    return array(parts.map((part) => (part.spreadOf ? { expr: spread(part.spreadOf) } : part.element!)));
  }

  private listParts(expression: Expression): Array<{ element?: Element; spreadOf?: Expr }> | null {
    switch (expression.kind) {
      case "ListExpression": {
        const elements: Array<{ element: Element }> = [];
        for (const element of expression.elements) {
          const route = this.routesBySpan.get(spanKey(element.span));
          if (!route) return null;
          elements.push({ element: this.routeElement(route) });
        }
        return elements;
      }
      case "AddExpression": {
        const left = this.listParts(expression.left);
        const right = this.listParts(expression.right);
        return left && right ? [...left, ...right] : null;
      }
      case "NameExpression": {
        const local = this.bindingLocals.get(expression.name);
        const binding = this.bindings.get(expression.name);
        if (!local || !binding) return null;
        if (!this.emittedBindings.has(local)) {
          // Built first, so the bindings it references are declared before it.
          const inner = this.listExpr(binding.value);
          if (!inner) return null;
          this.emittedBindings.set(local, inner);
        }
        return [{ spreadOf: identifier(local) }];
      }
      default:
        return null;
    }
  }

  private routeElement(route: RouteNode): Element {
    const fn = this.runtime(route.fn);
    const compiled = route.pattern.compiled;
    const pattern: Expr = compiled
      ? this.runtime("patternFromRegExp")([
          stringLiteral(route.fn),
          stringLiteral(route.pattern.source),
          regexLiteral(compiled.regexSource, compiled.flags),
          object([
            ["endpoint", identifier(String(compiled.endpoint))],
            // `as const`: a parameter named like an Object member (`toString`) is not typed from Record<string, ConverterName>.
            ...(Object.keys(compiled.converters).length > 0 ? [["converters", asConst(valueLiteral(compiled.converters))] as const] : []),
          ]),
        ])
      : stringLiteral(route.pattern.source);
    const routeOptions: Array<readonly [string, Expr]> = [];
    if (route.name !== null) routeOptions.push(["name", stringLiteral(route.name)]);
    if (Object.keys(route.kwargs).length > 0) routeOptions.push(["kwargs", valueLiteral(route.kwargs)]);
    const args = [pattern, this.appExpr(route.target), ...(routeOptions.length > 0 ? [object(routeOptions)] : [])];
    return { expr: fn(args), comment: `${this.specLabel}:${this.spec.source.locate(route.span.start).line}` };
  }

  private indexCalls(): void {
    const walk = (expression: Expression): void => {
      if (expression.kind === "CallExpression") {
        this.callsBySpan.set(spanKey(expression.span), expression);
        for (const argument of expression.args) walk(argument.value);
      } else if (expression.kind === "ListExpression") expression.elements.forEach(walk);
      else if (expression.kind === "DictExpression") expression.entries.forEach((entry) => walk(entry.value));
      else if (expression.kind === "AddExpression") {
        walk(expression.left);
        walk(expression.right);
      }
    };
    const appsBySpan = new Map<string, AppNode>();
    const visit = (app: AppNode): void => {
      appsBySpan.set(spanKey(app.span), app);
      if (app.kind === "ProtocolTypeRouter") app.protocols.forEach((entry) => visit(entry.app));
      else if (app.kind === "Middleware") visit(app.inner);
      else if (app.kind === "URLRouter") app.routes.forEach((route) => visit(route.target));
    };
    if (this.spec.application) visit(this.spec.application);
    for (const [name, binding] of this.bindings) {
      walk(binding.value);
      const app = appsBySpan.get(spanKey(binding.value.span));
      // Endpoints are hoisted on their own; a bare imported name needs no const.
      if (app && app.kind !== "NamedApp" && app.kind !== "Consumer" && app.kind !== "SocketIO" && !this.appBindings.has(app)) this.appBindings.set(app, name);
    }
    const application = this.spec.program.statements.find((s): s is Binding => s.kind === "Binding" && s.name.name === "application");
    if (application) walk(application.value);
  }

  // ── reverse() ───────────────────────────────────────────────────────────

  /** The named endpoint routes as the application reaches them; a name's first route wins. */
  private namedRoutes(): NamedRoute[] {
    const byName = new Map<string, { template: UrlTemplate; arriving: ArrivingKwarg[] | null }>();
    for (const { route, table } of routesOf(this.spec)) {
      if (route.name === null || byName.has(route.name)) continue;
      const chain = [...table.via, route];
      const compiled = chain.map((r) => r.pattern.compiled);
      if (compiled.some((pattern) => pattern === null)) continue;
      byName.set(route.name, { template: joinTemplates(compiled.map((pattern) => templateOf(pattern!))), arriving: arrivingKwargsOf(chain) });
    }
    return [...byName]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([name, { template, arriving }]) => ({ name, template, arriving, typeName: this.namer.take(`${pascalCase(name)}Kwargs`) }));
  }

  private reverseStatements(): StatementStructures[] {
    const routes = this.namedRoutes();
    if (routes.length === 0) return [];
    const kwargsMap = this.namer.take("RouteKwargs");
    const routeName = this.namer.take("RouteName");
    const partType = this.runtimeLocal("UrlPart", true);
    const fill = this.runtimeLocal("reverseUrl", false);
    const templates = this.namer.take("urlTemplates");

    const kwargsTypes = routes.map(({ typeName, template, name }): StatementStructures => ({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: typeName,
      docs: [`Keyword arguments of the route named ${JSON.stringify(name)}.`],
      type: kwargsType(reverseKwargs(template)),
    }));

    return [
      ...kwargsTypes,
      {
        kind: StructureKind.Interface,
        isExported: true,
        name: kwargsMap,
        docs: ["Every named route and its keyword arguments."],
        properties: routes.map(({ name, typeName }) => ({ name: propertyKey(name), type: typeName })),
      },
      { kind: StructureKind.TypeAlias, isExported: true, name: routeName, type: `keyof ${kwargsMap}` },
      {
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [
          {
            name: templates,
            type: `Readonly<Record<${routeName}, readonly ${partType}[]>>`,
            initializer: object(routes.map(({ name, template }) => [name, urlTemplateExpr(template)] as const)),
          },
        ],
      },
      {
        kind: StructureKind.Function,
        isExported: true,
        name: "reverse",
        overloads: routes.map(({ name, typeName, template }) => ({
          docs: [`The URL path of the route named ${JSON.stringify(name)} (Django's \`reverse\`).`],
          parameters: [
            { name: "name", type: JSON.stringify(name) },
            ...(template.kwargs.length > 0 ? [{ name: "kwargs", type: typeName }] : []),
          ],
          returnType: "string",
        })),
        parameters: [
          { name: "name", type: routeName },
          { name: "kwargs", type: "Readonly<Record<string, string | number>>", initializer: "{}" },
        ],
        returnType: "string",
        statements: `return ${fill}(${templates}[name], kwargs);`,
      },
      ...this.routeOfStatements(routes, routeName),
    ];
  }

  /**
   * `routeOf(target, name)`: the url_route kwargs a named route delivers to
   * its app or consumer, typed. When they are what `reverse()` takes (every
   * capture present, no `kwargs=`), the route's kwargs type is reused.
   */
  private routeOfStatements(routes: readonly NamedRoute[], routeName: string): StatementStructures[] {
    const typed = routes.filter((route): route is NamedRoute & { arriving: ArrivingKwarg[] } => route.arriving !== null);
    if (typed.length === 0) return [];
    const mapName = this.namer.take("UrlRouteKwargs");
    const required = this.namer.take("requiredKwargs");
    const routed = this.runtimeLocal("Routed", true);
    const check = this.runtimeLocal("routeKwargs", false);
    const keyType = typed.length === routes.length ? routeName : `keyof ${mapName}`;
    return [
      {
        kind: StructureKind.Interface,
        isExported: true,
        name: mapName,
        docs: ["What `url_route.kwargs` holds once a named route has routed a request: its captures (`int` as numbers), then its `kwargs=`."],
        properties: typed.map(({ name, typeName, template, arriving }) => {
          const same = kwargsType(arriving) === kwargsType(reverseKwargs(template));
          return { name: propertyKey(name), type: same ? typeName : kwargsType(arriving) };
        }),
      },
      {
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [
          {
            name: required,
            type: `Readonly<Record<${keyType}, readonly string[]>>`,
            initializer: object(
              typed.map(({ name, arriving }) => [
                name,
                array(arriving.filter((kwarg) => !kwarg.optional).map((kwarg) => ({ expr: stringLiteral(kwarg.name) }))),
              ] as const),
            ),
          },
        ],
      },
      {
        kind: StructureKind.Function,
        isExported: true,
        name: "routeOf",
        docs: [
          "The kwargs of the named route that routed `target` (a scope, an HTTP app's request, a Socket.IO socket), typed: `<int:id>` is a number.\n" +
            "Throws SioError `SIO_ERR_ROUTE` when `target` did not come through that route.",
        ],
        typeParameters: [{ name: "N", constraint: keyType }],
        parameters: [
          { name: "target", type: routed },
          { name: "name", type: "N" },
        ],
        returnType: `${mapName}[N]`,
        statements: `return ${check}<${mapName}[N]>(target, name, ${required}[name]);`,
      },
    ];
  }
}

/** What `reverse()` takes for a template: every kwarg, `int` as a number. */
function reverseKwargs(template: UrlTemplate): Array<{ name: string; type: string }> {
  return template.kwargs.map((kwarg) => ({ name: kwarg.name, type: kwarg.converter === "int" ? "number" : "string" }));
}

/** A template from the application's root (with its leading "/"). */
export function rootedTemplate(template: UrlTemplate): UrlTemplate {
  return joinTemplates([{ parts: [{ literal: "/" }], kwargs: [] }, template]);
}

/** A template as `reverseUrl` takes it, from the application's root: `["/rooms/", { kwarg: "room" }, "/"]`. */
export function urlTemplateExpr(template: UrlTemplate): Expr {
  return templatePartsExpr(rootedTemplate(template));
}

/** A rooted template's parts as a `reverseUrl` template literal. */
export function templatePartsExpr(template: UrlTemplate): Expr {
  return array(
    template.parts.map((part) =>
      "literal" in part
        ? { expr: stringLiteral(encodeURI(part.literal)) }
        : {
            expr: object([
              ["kwarg", stringLiteral(part.kwarg)],
              ...(template.kwargs.find((k) => k.name === part.kwarg)?.converter === "path" ? [["path", identifier("true")] as const] : []),
            ]),
          },
    ),
  );
}

/** The type of a kwargs object: `{ room: number; slug: string; }`. */
export function kwargsType(kwargs: ReadonlyArray<{ name: string; type: string; optional?: boolean }>): string {
  if (kwargs.length === 0) return "Record<string, never>";
  const members = [...kwargs].sort((a, b) => compareStrings(a.name, b.name)).map((k) => `${propertyKey(k.name)}${k.optional ? "?" : ""}: ${k.type}; `);
  return `{ ${members.join("")}}`;
}

export const blankLine: WriterFunction = (writer) => {
  writer.blankLineIfLastNot();
};

export function triviaOf(trivia: string | WriterFunction | (string | WriterFunction)[] | undefined): (string | WriterFunction)[] {
  return trivia === undefined ? [] : Array.isArray(trivia) ? trivia : [trivia];
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
