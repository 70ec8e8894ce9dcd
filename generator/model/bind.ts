/**
 * The binder: syntax tree → routing model. Resolves names (imports, bindings,
 * built-ins), follows `+` concatenations, checks the shape of every built-in
 * call, and compiles route patterns through the one matching module. Every
 * problem is an SIO110 diagnostic at the span of the offending expression;
 * the binder never throws on user input.
 */
import type {
  Argument,
  Binding,
  CallExpression,
  Expression,
  ImportDeclaration,
  KeywordArgument,
  Program,
  SettingsBlock,
  StringLiteral,
} from "../../grammar/ast.js";
import { offsetInString } from "../../grammar/ast.js";
import type { Diagnostic, RelatedInformation, Span } from "../../grammar/diagnostics.js";
import type { SourceText } from "../../grammar/source.js";
import { compilePattern } from "@sio-router/runtime/matching";
import { SOCKETIO_OPTIONS } from "@sio-router/runtime/socketio-options";
import { BUILTIN_NAMES } from "./builtins.js";
import type {
  AppNode,
  BuiltinMiddleware,
  ImportedName,
  MiddlewareNode,
  ProtocolEntry,
  RouteNode,
  Scope,
  Settings,
  Spec,
  URLRouterNode,
  Value,
  ValueNode,
} from "./model.js";

export const BIND_CODE = "SIO110";

const PROTOCOLS = ["http", "websocket"];
const SETTINGS = ["allowed_hosts", "debug", "check_host"];
/** The transports Engine.IO accepts in `transports=[...]`. */
const ENGINE_TRANSPORTS = ["polling", "websocket", "webtransport"] as const;

/** What an expression evaluates to while binding. */
type Evaluated =
  | { kind: "app"; app: AppNode }
  | { kind: "routes"; routes: RouteNode[] }
  | { kind: "route"; route: RouteNode }
  | { kind: "value"; value: Value }
  | { kind: "import"; ref: ImportedName }
  | { kind: "builtin"; name: string }
  /** Already reported (or a syntax error): stay silent. */
  | { kind: "error" };

const ERROR: Evaluated = { kind: "error" };

export interface BindResult {
  spec: Spec;
  diagnostics: Diagnostic[];
}

export function bindSpec(source: SourceText, program: Program): BindResult {
  return new Binder(source, program).bind();
}

class Binder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly imports = new Map<string, ImportedName>();
  private readonly bindings = new Map<string, Binding>();
  private readonly evaluated = new Map<Binding, Evaluated>();
  private readonly evaluating = new Set<Binding>();
  private readonly routes: RouteNode[] = [];
  private readonly routers: URLRouterNode[] = [];

  constructor(
    private readonly source: SourceText,
    private readonly program: Program,
  ) {}

  bind(): BindResult {
    const settingsBlocks: SettingsBlock[] = [];
    for (const statement of this.program.statements) {
      if (statement.kind === "ImportDeclaration") this.declareImport(statement);
      else if (statement.kind === "SettingsBlock") settingsBlocks.push(statement);
      else this.declareBinding(statement);
    }
    const settings = this.bindSettings(settingsBlocks);
    const application = this.bindApplication();
    // Evaluate every binding, so problems in unused ones are reported too.
    for (const binding of this.bindings.values()) this.evaluateBinding(binding);
    const bySource = (a: { span: Span }, b: { span: Span }) => a.span.start - b.span.start;
    return {
      spec: {
        source: this.source,
        program: this.program,
        imports: [...this.imports.values()],
        scope: { bindings: this.bindings, imports: this.imports },
        settings,
        application,
        routers: [...this.routers].sort(bySource),
        routes: [...this.routes].sort(bySource),
      },
      diagnostics: this.diagnostics,
    };
  }

  // ── declarations ────────────────────────────────────────────────────────

  private declareImport(declaration: ImportDeclaration): void {
    const from = declaration.source.value;
    const names = [
      ...(declaration.defaultBinding
        ? [{ local: declaration.defaultBinding, imported: "default", span: declaration.defaultBinding.span }]
        : []),
      ...declaration.specifiers.map((s) => ({ local: s.local, imported: s.imported.name, span: s.span })),
    ];
    for (const { local, imported, span } of names) {
      const previous = this.imports.get(local.name);
      if (previous) {
        this.report(local.span, `'${local.name}' is imported twice`, [
          { span: previous.span, message: `'${local.name}' is first imported here` },
        ]);
        continue;
      }
      if (BUILTIN_NAMES.has(local.name)) {
        this.report(local.span, `'${local.name}' is a built-in; import it under another name with 'as'`);
        continue;
      }
      this.imports.set(local.name, { local: local.name, imported, from, span, sourceSpan: declaration.source.span });
    }
  }

  private declareBinding(binding: Binding): void {
    const name = binding.name.name;
    const previous = this.bindings.get(name);
    if (previous) {
      this.report(binding.name.span, `'${name}' is bound twice`, [
        { span: previous.name.span, message: `'${name}' is first bound here` },
      ]);
      return;
    }
    const imported = this.imports.get(name);
    if (imported) {
      this.report(binding.name.span, `'${name}' is already an imported name`, [
        { span: imported.span, message: `'${name}' is imported here` },
      ]);
      return;
    }
    if (BUILTIN_NAMES.has(name)) {
      this.report(binding.name.span, `'${name}' is a built-in and cannot be rebound`);
      return;
    }
    this.bindings.set(name, binding);
  }

  private bindSettings(blocks: SettingsBlock[]): Settings {
    const settings: Settings = { allowedHosts: null, debug: false, entries: new Map(), span: blocks[0]?.span ?? null };
    for (const block of blocks.slice(1)) {
      this.report(block.span, "only one settings block is allowed", [
        { span: blocks[0]!.span, message: "the first settings block" },
      ]);
    }
    for (const entry of blocks[0]?.entries ?? []) {
      const name = entry.name.name;
      if (settings.entries.has(name)) {
        this.report(entry.name.span, `setting '${name}' is set twice`, [
          { span: settings.entries.get(name)!.span, message: "first set here" },
        ]);
        continue;
      }
      if (!SETTINGS.includes(name)) {
        this.report(entry.name.span, `unknown setting '${name}'${didYouMean(name, SETTINGS)}`);
        continue;
      }
      const value = this.valueOf(entry.value);
      if (value === undefined) continue;
      settings.entries.set(name, { value, span: entry.span });
      if (name === "allowed_hosts") {
        if (isStringList(value)) settings.allowedHosts = value;
        else this.report(entry.value.span, "allowed_hosts expects a list of strings");
      } else if (name === "debug") {
        if (typeof value === "boolean") settings.debug = value;
        else this.report(entry.value.span, "debug expects true or false");
      } else if (name === "check_host" && typeof value !== "boolean") {
        this.report(entry.value.span, "check_host expects true or false");
      }
    }
    return settings;
  }

  private bindApplication(): AppNode | null {
    const binding = this.bindings.get("application");
    if (!binding) {
      this.report({ start: 0, end: 0 }, "the spec has no 'application = ...' binding");
      return null;
    }
    return this.asApp(this.evaluateBinding(binding), binding.value.span, "application");
  }

  // ── evaluation ──────────────────────────────────────────────────────────

  private evaluateBinding(binding: Binding): Evaluated {
    const done = this.evaluated.get(binding);
    if (done) return done;
    if (this.evaluating.has(binding)) {
      this.report(binding.name.span, `'${binding.name.name}' refers to itself`);
      return ERROR;
    }
    this.evaluating.add(binding);
    const result = this.evaluate(binding.value);
    this.evaluating.delete(binding);
    this.evaluated.set(binding, result);
    return result;
  }

  private evaluate(expression: Expression): Evaluated {
    switch (expression.kind) {
      case "ErrorExpression":
        return ERROR;
      case "StringLiteral":
      case "NumberLiteral":
      case "BooleanLiteral":
        return { kind: "value", value: expression.value };
      case "NameExpression":
        return this.lookup(expression.name, expression.span);
      case "ListExpression":
        return this.evaluateList(expression.elements);
      case "DictExpression": {
        const value = this.valueOf(expression);
        return value === undefined ? ERROR : { kind: "value", value };
      }
      case "AddExpression":
        return this.evaluateAdd(expression.left, expression.right);
      case "MemberExpression":
        this.report(expression.span, `'${expression.property.name}' must be called, as in ${describe(expression)}()`);
        return ERROR;
      case "CallExpression":
        return this.evaluateCall(expression);
    }
  }

  private lookup(name: string, span: Span): Evaluated {
    const meaning = lookupName({ bindings: this.bindings, imports: this.imports }, name);
    if (meaning?.kind === "binding") return this.evaluateBinding(meaning.binding);
    if (meaning) return meaning;
    const known = [...this.bindings.keys(), ...this.imports.keys(), ...BUILTIN_NAMES];
    this.report(span, `unknown name '${name}'${didYouMean(name, known)}`);
    return ERROR;
  }

  private evaluateList(elements: Expression[]): Evaluated {
    const evaluated = elements.map((element) => ({ element, result: this.evaluate(element) }));
    if (evaluated.every(({ result }) => result.kind === "value" || result.kind === "error")) {
      if (evaluated.some(({ result }) => result.kind === "error")) return ERROR;
      return { kind: "value", value: evaluated.map(({ result }) => (result as { value: Value }).value) };
    }
    const routes: RouteNode[] = [];
    let failed = false;
    for (const { element, result } of evaluated) {
      if (result.kind === "route") routes.push(result.route);
      else if (result.kind === "error") failed = true;
      else {
        this.report(element.span, `a list of routes takes re_path(...) or path(...) entries, not ${article(result)}`);
        failed = true;
      }
    }
    if (failed && routes.length === 0) return ERROR;
    return { kind: "routes", routes };
  }

  private evaluateAdd(leftExpression: Expression, rightExpression: Expression): Evaluated {
    const left = this.evaluate(leftExpression);
    const right = this.evaluate(rightExpression);
    if (left.kind === "error" || right.kind === "error") return ERROR;
    if (left.kind === "routes" && right.kind === "routes") return { kind: "routes", routes: [...left.routes, ...right.routes] };
    if (left.kind === "value" && right.kind === "value") {
      if (typeof left.value === "string" && typeof right.value === "string") return { kind: "value", value: left.value + right.value };
      if (Array.isArray(left.value) && Array.isArray(right.value)) return { kind: "value", value: [...left.value, ...right.value] };
    }
    // An empty list literal evaluates as a value; it concatenates with routes.
    if (left.kind === "routes" && isEmptyList(right)) return left;
    if (right.kind === "routes" && isEmptyList(left)) return right;
    this.report(
      { start: leftExpression.span.start, end: rightExpression.span.end },
      `'+' joins two lists of routes (or two strings), not ${article(left)} and ${article(right)}`,
    );
    return ERROR;
  }

  private evaluateCall(call: CallExpression): Evaluated {
    const callee = call.callee;
    if (callee.kind === "MemberExpression") return this.evaluateMemberCall(call, callee.object, callee.property.name);
    const target = this.lookup(callee.name, callee.span);
    if (target.kind === "error") return ERROR;
    if (target.kind === "builtin") return this.evaluateBuiltin(call, target.name);
    if (target.kind === "import") return this.evaluateCustomMiddleware(call, target.ref);
    this.report(callee.span, `'${callee.name}' is ${article(target)} and cannot be called`);
    return ERROR;
  }

  private evaluateMemberCall(call: CallExpression, object: Expression, property: string): Evaluated {
    if (property !== "as_asgi") {
      this.report(call.callee.span, `unknown method '${property}': consumers are mounted with .as_asgi(...)`);
      return ERROR;
    }
    const owner = this.evaluate(object);
    if (owner.kind === "error") return ERROR;
    if (owner.kind !== "import") {
      this.report(object.span, `.as_asgi() is called on an imported consumer class, not on ${article(owner)}`);
      return ERROR;
    }
    const { positional, keywords } = this.splitArguments(call.args);
    for (const extra of positional) this.report(extra.span, ".as_asgi() takes keyword options only");
    const options = this.socketIOOptions(keywords);
    return { kind: "app", app: { kind: "Consumer", span: call.span, ref: owner.ref, options } };
  }

  private evaluateBuiltin(call: CallExpression, name: string): Evaluated {
    switch (name) {
      case "ProtocolTypeRouter":
        return this.evaluateProtocolTypeRouter(call);
      case "URLRouter":
        return this.evaluateURLRouter(call);
      case "re_path":
      case "path":
        return this.evaluateRoute(call, name);
      case "SocketIO":
        return this.evaluateSocketIO(call);
      default:
        return this.evaluateBuiltinMiddleware(call, name as BuiltinMiddleware);
    }
  }

  private evaluateProtocolTypeRouter(call: CallExpression): Evaluated {
    const { positional, keywords } = this.splitArguments(call.args);
    this.rejectKeywords(keywords, "ProtocolTypeRouter");
    const argument = positional.length === 1 ? this.literalOf(positional[0]!) : null;
    const dict = argument?.kind === "DictExpression" ? argument : null;
    if (!dict) {
      if (positional.length !== 1 || positional[0]!.kind !== "ErrorExpression") {
        this.report(positional[0]?.span ?? call.span, 'ProtocolTypeRouter expects one dict of protocols, as in ProtocolTypeRouter({"http": ..., "websocket": ...})');
      }
      return ERROR;
    }
    const protocols: ProtocolEntry[] = [];
    for (const entry of dict.entries) {
      const protocol = entry.key.value;
      const previous = protocols.find((p) => p.protocol === protocol);
      if (previous) {
        this.report(entry.key.span, `protocol '${protocol}' is routed twice`, [
          { span: previous.keySpan, message: "first routed here" },
        ]);
        continue;
      }
      if (!PROTOCOLS.includes(protocol)) {
        this.report(entry.key.span, `unknown protocol '${protocol}'${didYouMean(protocol, PROTOCOLS)}; ProtocolTypeRouter routes "http" and "websocket"`);
        continue;
      }
      const app = this.asApp(this.evaluate(entry.value), entry.value.span, `the "${protocol}" entry`);
      if (app) protocols.push({ protocol, keySpan: entry.key.span, app });
    }
    return { kind: "app", app: { kind: "ProtocolTypeRouter", span: call.span, protocols } };
  }

  private evaluateURLRouter(call: CallExpression): Evaluated {
    const { positional, keywords } = this.splitArguments(call.args);
    this.rejectKeywords(keywords, "URLRouter");
    if (positional.length !== 1) {
      this.report(positional[1]?.span ?? call.span, "URLRouter expects one list of routes");
      return ERROR;
    }
    const argument = positional[0]!;
    const result = this.evaluate(argument);
    if (result.kind === "error") return ERROR;
    let routes: RouteNode[];
    if (result.kind === "routes") routes = result.routes;
    else if (isEmptyList(result)) routes = [];
    else {
      this.report(argument.span, `URLRouter expects a list of routes, not ${article(result)}`);
      return ERROR;
    }
    const router: URLRouterNode = { kind: "URLRouter", span: call.span, routes };
    this.routers.push(router);
    return { kind: "app", app: router };
  }

  private evaluateRoute(call: CallExpression, fn: "re_path" | "path"): Evaluated {
    const { positional, keywords } = this.splitArguments(call.args);
    if (positional.length < 2) {
      this.report(call.span, `${fn} expects a pattern and an application, as in ${fn}(${fn === "path" ? '"chat/<int:room>/"' : 'r"^socket\\.io/?$"'}, app)`);
      return ERROR;
    }
    const [patternExpression, targetExpression, kwargsExpression, nameExpression, ...extra] = positional;
    for (const argument of extra) this.report(argument.span, `${fn} takes at most four positional arguments (pattern, app, kwargs, name)`);
    const keyword = (key: string) => keywords.find((k) => k.name.name === key);
    for (const k of keywords) {
      if (k.name.name !== "name" && k.name.name !== "kwargs") this.report(k.name.span, `${fn} has no option '${k.name.name}'; it takes name= and kwargs=`);
    }
    const literal = this.stringLiteralOf(patternExpression!);
    const target = this.asApp(this.evaluate(targetExpression!), targetExpression!.span, `the target of ${fn}`);
    const kwargsNode = keyword("kwargs")?.value ?? kwargsExpression;
    const nameNode = keyword("name")?.value ?? nameExpression;
    const kwargs = kwargsNode ? this.valueOf(kwargsNode) : {};
    if (kwargsNode && kwargs !== undefined && !isRecord(kwargs)) this.report(kwargsNode.span, "kwargs expects a dict");
    const name = nameNode ? this.valueOf(nameNode) : null;
    if (nameNode && name !== undefined && typeof name !== "string") this.report(nameNode.span, "name expects a string");
    if (!literal || !target) return ERROR;
    const prefix = isPrefixTarget(target);
    const compiled = compilePattern(fn, literal.value, { endpoint: !prefix });
    if (!compiled.ok) {
      const start = offsetInString(literal, compiled.error.offset);
      const end = offsetInString(literal, compiled.error.offset + Math.max(1, compiled.error.length));
      this.report({ start, end: Math.max(end, start + 1) }, `invalid ${fn} pattern: ${compiled.error.message}`);
    }
    const route: RouteNode = {
      kind: "Route",
      span: call.span,
      fn,
      pattern: { source: literal.value, literal, compiled: compiled.ok ? compiled.pattern : null },
      target,
      name: typeof name === "string" ? name : null,
      kwargs: isRecord(kwargs) ? kwargs : {},
      prefix,
    };
    this.routes.push(route);
    return { kind: "route", route };
  }

  private evaluateSocketIO(call: CallExpression): Evaluated {
    const { positional, keywords } = this.splitArguments(call.args);
    const consumers: ImportedName[] = [];
    for (const argument of positional) {
      const result = this.evaluate(argument);
      if (result.kind === "import") {
        if (consumers.some((c) => c.local === result.ref.local)) this.report(argument.span, `'${result.ref.local}' is listed twice`);
        else consumers.push(result.ref);
      } else if (result.kind !== "error") {
        this.report(argument.span, `SocketIO takes imported consumer classes, not ${article(result)}`);
      }
    }
    if (positional.length === 0) this.report(call.span, "SocketIO expects at least one consumer class, as in SocketIO(ChatConsumer)");
    const options = this.socketIOOptions(keywords);
    if (consumers.length === 0) return ERROR;
    return { kind: "app", app: { kind: "SocketIO", span: call.span, consumers, options } };
  }

  private evaluateBuiltinMiddleware(call: CallExpression, name: BuiltinMiddleware): Evaluated {
    const { positional, keywords } = this.splitArguments(call.args);
    this.rejectKeywords(keywords, name);
    const expected = name === "OriginValidator" ? 2 : 1;
    if (positional.length !== expected) {
      const usage = name === "OriginValidator" ? 'OriginValidator(app, ["https://example.com"])' : `${name}(app)`;
      this.report(positional[expected]?.span ?? call.span, `${name} expects ${expected === 2 ? "an application and a list of origins" : "one application"}, as in ${usage}`);
      return ERROR;
    }
    const inner = this.asApp(this.evaluate(positional[0]!), positional[0]!.span, `the application wrapped by ${name}`);
    let origins: string[] | null = null;
    if (name === "OriginValidator") {
      const value = this.valueOf(positional[1]!);
      if (value !== undefined && !isStringList(value)) this.report(positional[1]!.span, "OriginValidator expects a list of origin strings");
      else if (value !== undefined) origins = value;
    }
    if (!inner) return ERROR;
    const node: MiddlewareNode = { kind: "Middleware", span: call.span, name, builtin: name, ref: null, inner, origins };
    return { kind: "app", app: node };
  }

  private evaluateCustomMiddleware(call: CallExpression, ref: ImportedName): Evaluated {
    const { positional, keywords } = this.splitArguments(call.args);
    this.rejectKeywords(keywords, ref.local);
    if (positional.length !== 1) {
      this.report(call.span, `'${ref.local}' is called as a middleware, which takes one application: ${ref.local}(app)`);
      return ERROR;
    }
    const inner = this.asApp(this.evaluate(positional[0]!), positional[0]!.span, `the application wrapped by ${ref.local}`);
    if (!inner) return ERROR;
    return { kind: "app", app: { kind: "Middleware", span: call.span, name: ref.local, builtin: null, ref, inner, origins: null } };
  }

  // ── shapes ──────────────────────────────────────────────────────────────

  private asApp(result: Evaluated, span: Span, role: string): AppNode | null {
    switch (result.kind) {
      case "app":
        return result.app;
      case "import":
        return { kind: "NamedApp", span, ref: result.ref };
      case "error":
        return null;
      default:
        this.report(span, `${role} must be an application (a router, middleware, consumer or imported app), not ${article(result)}`);
        return null;
    }
  }

  private socketIOOptions(keywords: KeywordArgument[]): Record<string, ValueNode> {
    const options: Record<string, ValueNode> = {};
    const names = Object.keys(SOCKETIO_OPTIONS);
    for (const keyword of keywords) {
      const name = keyword.name.name;
      // Keys, not properties: `constructor=1` is an unknown option, not Object's constructor.
      const spec = Object.hasOwn(SOCKETIO_OPTIONS, name) ? (SOCKETIO_OPTIONS as Record<string, { type: string }>)[name] : undefined;
      if (!spec) {
        this.report(keyword.name.span, `unknown Socket.IO option '${name}'${didYouMean(name, names)}`);
        continue;
      }
      if (Object.hasOwn(options, name)) {
        this.report(keyword.name.span, `option '${name}' is given twice`);
        continue;
      }
      const value = this.valueOf(keyword.value);
      if (value === undefined) continue;
      if (!matchesOptionType(value, spec.type)) {
        this.report(keyword.value.span, `option '${name}' expects ${spec.type === "list" ? "a list" : spec.type === "dict" ? "a dict" : `a ${spec.type}`}`);
        continue;
      }
      // The rules read the transports to know which tables an endpoint needs; the runtime would refuse the rest at start.
      if (name === "transports" && !isTransportList(value)) {
        this.report(keyword.value.span, `option 'transports' expects a non-empty list of ${ENGINE_TRANSPORTS.map((t) => `"${t}"`).join(", ")}`);
        continue;
      }
      options[name] = { value, span: keyword.span };
    }
    return options;
  }

  /** A plain value (string, number, boolean, list, dict), or undefined after reporting. */
  private valueOf(expression: Expression): Value | undefined {
    switch (expression.kind) {
      case "StringLiteral":
      case "NumberLiteral":
      case "BooleanLiteral":
        return expression.value;
      case "ErrorExpression":
        return undefined;
      case "DictExpression": {
        const result: { [key: string]: Value } = {};
        let ok = true;
        for (const entry of expression.entries) {
          const value = this.valueOf(entry.value);
          if (value === undefined) ok = false;
          // Defined, not assigned: a key "__proto__" is a key like any other, as in Python.
          else Object.defineProperty(result, entry.key.value, { value, enumerable: true, writable: true, configurable: true });
        }
        return ok ? result : undefined;
      }
      default: {
        const result = this.evaluate(expression);
        if (result.kind === "value") return result.value;
        if (result.kind !== "error") this.report(expression.span, `expected a plain value (string, number, boolean, list or dict), not ${article(result)}`);
        return undefined;
      }
    }
  }

  /** The expression a name is bound to (one step), or the expression itself: where a literal is needed. */
  private literalOf(expression: Expression): Expression {
    if (expression.kind !== "NameExpression") return expression;
    return this.bindings.get(expression.name)?.value ?? expression;
  }

  private stringLiteralOf(expression: Expression): StringLiteral | null {
    const literal = this.literalOf(expression);
    if (literal.kind === "StringLiteral") return literal;
    if (expression.kind !== "ErrorExpression") this.report(expression.span, "a route pattern must be a string literal (or a name bound to one)");
    return null;
  }

  private splitArguments(args: Argument[]): { positional: Expression[]; keywords: KeywordArgument[] } {
    const positional: Expression[] = [];
    const keywords: KeywordArgument[] = [];
    for (const argument of args) {
      if (argument.kind === "KeywordArgument") keywords.push(argument);
      else {
        if (keywords.length > 0) this.report(argument.span, "a positional argument cannot follow keyword arguments");
        positional.push(argument.value);
      }
    }
    return { positional, keywords };
  }

  private rejectKeywords(keywords: KeywordArgument[], callee: string): void {
    for (const keyword of keywords) this.report(keyword.name.span, `${callee} takes no keyword argument '${keyword.name.name}'`);
  }

  private report(span: Span, message: string, related: RelatedInformation[] = []): void {
    this.diagnostics.push({ code: BIND_CODE, severity: "error", message, span, related });
  }
}

/** What a name refers to: a binding, else an import, else a built-in; null when unknown. */
export type NameMeaning =
  | { kind: "binding"; binding: Binding }
  | { kind: "import"; ref: ImportedName }
  | { kind: "builtin"; name: string };

export function lookupName(scope: Scope, name: string): NameMeaning | null {
  const binding = scope.bindings.get(name);
  if (binding) return { kind: "binding", binding };
  const ref = scope.imports.get(name);
  if (ref) return { kind: "import", ref };
  return BUILTIN_NAMES.has(name) ? { kind: "builtin", name } : null;
}

/** A route whose target is a URLRouter, possibly inside middleware, routes on: a prefix route. */
export function isPrefixTarget(app: AppNode): boolean {
  let node = app;
  while (node.kind === "Middleware") node = node.inner;
  return node.kind === "URLRouter";
}

function describe(expression: Expression): string {
  if (expression.kind === "NameExpression") return expression.name;
  if (expression.kind === "MemberExpression") return `${describe(expression.object)}.${expression.property.name}`;
  return "…";
}

function article(result: Evaluated): string {
  switch (result.kind) {
    case "app":
      return `an application (${result.app.kind})`;
    case "routes":
      return "a list of routes";
    case "route":
      return "a single route";
    case "value":
      return Array.isArray(result.value)
        ? "a list of values"
        : result.value === null
          ? "null"
          : typeof result.value === "object"
            ? "a dict"
            : `a ${typeof result.value}`;
    case "import":
      return `the imported name '${result.ref.local}'`;
    case "builtin":
      return `the built-in '${result.name}'`;
    case "error":
      return "an invalid expression";
  }
}

function isEmptyList(result: Evaluated): boolean {
  return result.kind === "value" && Array.isArray(result.value) && result.value.length === 0;
}

function isTransportList(value: Value): boolean {
  return isStringList(value) && value.length > 0 && value.every((t) => (ENGINE_TRANSPORTS as readonly string[]).includes(t));
}

function isStringList(value: Value): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function isRecord(value: Value | undefined | null): value is { [key: string]: Value } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function matchesOptionType(value: Value, type: string): boolean {
  switch (type) {
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "list":
      return Array.isArray(value);
    case "dict":
      return isRecord(value);
    default:
      return true;
  }
}

/** ` (did you mean 'x'?)` for the closest candidate within a small edit distance. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? ` (did you mean '${best}'?)` : "";
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
