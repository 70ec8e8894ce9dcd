/**
 * The typed Socket.IO client module (`routes.client.ts` beside
 * `routes.generated.ts`): for each Socket.IO consumer its event maps, and for
 * each endpoint one `connect…(baseUrl, namespace, options?)` returning a
 * socket.io-client `Socket` typed both ways, configured with the path its
 * route accepts and the transports it serves — so the client cannot disagree
 * with the server's routing.
 *
 * Browser-safe: it imports socket.io-client (the front end's dependency),
 * `@sio-router/runtime/client` (no Node module) and the consumer classes as
 * types only. The event maps are inferred by the type checker from the
 * consumer classes (runtime/socketio/events.ts), so a handler's parameter
 * types are the one source of truth.
 */
import path from "node:path";
import type { ImportDeclarationStructure, StatementStructures } from "ts-morph";
import { matchPattern } from "@sio-router/runtime/matching";
import { routesOf, unwrapMiddleware } from "../model/classify.js";
import type { AppNode, ImportedName, RouteNode, Spec, ValueNode } from "../model/model.js";
import type { ConsumerFacts } from "../resolve/consumer-facts.js";
import { tsMorph } from "../resolve/ts-morph.js";
import {
  blankLine,
  describeNamespace,
  endpointIdentity,
  kwargsType,
  Namer,
  pascalCase,
  rootedTemplate,
  templatePartsExpr,
  triviaOf,
  userImportDeclarations,
  type EmitOptions,
  type EmitResolution,
} from "./emit-router.js";
import { joinTemplates, templateOf, type UrlTemplate } from "./url-template.js";
import { array, object, stringLiteral, type Expr } from "./writers.js";

const { printStructure, StructureKind, VariableDeclarationKind } = tsMorph;

export const CLIENT_RUNTIME_MODULE = "@sio-router/runtime/client";

type Transport = "polling" | "websocket";

/** A Socket.IO endpoint as its clients see it. */
interface ClientEndpoint {
  consumers: readonly ImportedName[];
  options: Record<string, ValueNode>;
  line: number;
  /** The first route reaching it per table: http (polling), websocket. */
  http: RouteNode[] | null;
  websocket: RouteNode[] | null;
}

/** The Socket.IO endpoint an app is, with its consumers and options; null for anything else. */
function socketIOEndpointOf(app: AppNode, kinds: EmitResolution["kinds"]): { consumers: ImportedName[]; options: Record<string, ValueNode> } | null {
  const { app: target } = unwrapMiddleware(app);
  if (target.kind === "SocketIO") return { consumers: target.consumers, options: target.options };
  if ((target.kind === "Consumer" || target.kind === "NamedApp") && kinds.get(target.ref.local) === "socketio-consumer") {
    return { consumers: [target.ref], options: target.kind === "Consumer" ? target.options : {} };
  }
  return null;
}

/** Socket.IO endpoints in routing order, each with the first route of each table that reaches it. */
function clientEndpointsOf(spec: Spec, kinds: EmitResolution["kinds"]): ClientEndpoint[] {
  const endpoints = new Map<string, ClientEndpoint>();
  for (const { protocol, route, table } of routesOf(spec)) {
    const found = socketIOEndpointOf(route.target, kinds);
    if (!found) continue;
    const key = endpointIdentity("socketio", found.consumers, found.options);
    let endpoint = endpoints.get(key);
    if (!endpoint) {
      endpoint = { ...found, line: spec.source.locate(route.span.start).line, http: null, websocket: null };
      endpoints.set(key, endpoint);
    }
    const chain = [...table.via, route];
    // An application that is not a ProtocolTypeRouter routes both protocols through the same tables.
    if ((protocol === "http" || protocol === "*") && !endpoint.http) endpoint.http = chain;
    if ((protocol === "websocket" || protocol === "*") && !endpoint.websocket) endpoint.websocket = chain;
  }
  return [...endpoints.values()];
}

/** The transports an endpoint serves: routed in the table each needs, and allowed by its `transports=` option. */
function transportsOf(endpoint: ClientEndpoint): Transport[] {
  const option = endpoint.options["transports"]?.value;
  const allowed = (transport: Transport) => !Array.isArray(option) || option.includes(transport);
  const transports: Transport[] = [];
  if (endpoint.http && allowed("polling")) transports.push("polling");
  if (endpoint.websocket && allowed("websocket")) transports.push("websocket");
  return transports;
}

/**
 * The path socket.io-client is given, and whether it appends a "/"
 * (`addTrailingSlash`, on by default): the route's template without its
 * trailing "/", which is appended when the template has one, or when the
 * route takes the path both ways (the usual `^socket\.io/?$`).
 */
function clientPathOf(chain: readonly RouteNode[]): { template: UrlTemplate; trailingSlash: boolean } {
  const template = rootedTemplate(joinTemplates(chain.map((route) => templateOf(route.pattern.compiled!))));
  const parts = [...template.parts];
  const last = parts.at(-1);
  if (last && "literal" in last && last.literal.endsWith("/")) {
    const literal = last.literal.slice(0, -1);
    parts.splice(-1, 1, ...(literal === "" && parts.length > 1 ? [] : [{ literal }]));
    return { template: { parts, kwargs: template.kwargs }, trailingSlash: true };
  }
  // The endpoint route decides: prefix routes before it match the same either way.
  const endpoint = chain.at(-1)!;
  const own = templateOf(endpoint.pattern.compiled!);
  const text = own.parts.map((part) => ("literal" in part ? part.literal : "")).join("");
  const trailingSlash = own.kwargs.length === 0 && matchPattern(endpoint.pattern.compiled!, `${text}/`) !== null;
  return { template, trailingSlash };
}

/**
 * What every namespace a RegExp literal matches starts with: `/^\/topics\/[a-z]+$/`
 * → "/topics/". Only a `^`-anchored pattern has one; plain characters and
 * escaped punctuation count, anything else ends it. At least "/", which
 * every namespace starts with.
 */
export function literalStartOf(regexLiteral: string): string {
  const body = regexLiteral.slice(1, regexLiteral.lastIndexOf("/"));
  let start = "";
  const flags = regexLiteral.slice(regexLiteral.lastIndexOf("/") + 1);
  // An alternation may leave the anchor to one branch only; `i` matches other cases too.
  if (body.startsWith("^") && !body.includes("|") && !flags.includes("i")) {
    for (let i = 1; i < body.length; i++) {
      const escaped = body[i] === "\\";
      const char = escaped ? body[i + 1] : body[i];
      const next = body[escaped ? i + 2 : i + 1] ?? "";
      // A quantified character may be absent or repeated.
      if (char === undefined || /[*+?{]/.test(next) || !(escaped ? /[/.\-_~]/ : /[A-Za-z0-9/_-]/).test(char)) break;
      start += char;
      if (escaped) i++;
    }
  }
  return start.startsWith("/") ? start : "/";
}

export function emitClient(spec: Spec, resolution: EmitResolution, options: EmitOptions): string | null {
  const endpoints = clientEndpointsOf(spec, resolution.kinds).filter((endpoint) => endpoint.http || endpoint.websocket);
  if (endpoints.length === 0) return null;
  return new ClientEmitter(spec, resolution, options, endpoints).emit();
}

class ClientEmitter {
  private readonly namer = new Namer();
  private readonly specLabel: string;
  /** Consumer local name → its socket type's name, in order of first appearance. */
  private readonly socketTypes = new Map<string, string>();
  private readonly consumerLocals = new Map<string, string>();

  constructor(
    private readonly spec: Spec,
    private readonly resolution: EmitResolution,
    private readonly options: EmitOptions,
    private readonly endpoints: readonly ClientEndpoint[],
  ) {
    this.specLabel = path.relative(path.dirname(options.outFile), options.specFile).split(path.sep).join("/");
    for (const name of ["io", "Socket", "ManagerOptions", "SocketOptions", "ClientEventsOf", "ServerEventsOf", "SocketDataOf"]) this.namer.take(name);
    for (const name of ["SocketIOClientRoute", "Transport", "socketIOClientArguments", "ClientOptions"]) this.namer.take(name);
    for (const endpoint of endpoints) {
      for (const consumer of endpoint.consumers) {
        if (!this.consumerLocals.has(consumer.local)) this.consumerLocals.set(consumer.local, this.namer.take(consumer.local));
      }
    }
  }

  emit(): string {
    const statements: StatementStructures[] = [...this.eventTypes(), this.optionsType(), ...this.endpoints.flatMap((endpoint) => this.connectStatements(endpoint))];
    for (const statement of statements) statement.leadingTrivia = [blankLine, ...triviaOf(statement.leadingTrivia)];
    return printStructure({
      kind: StructureKind.SourceFile,
      leadingTrivia: (writer) => {
        writer.writeLine(`// Generated by \`sio generate\` from ${this.specLabel}: the typed Socket.IO clients of its endpoints.`);
        writer.writeLine(`// Do not edit this file by hand: change ${this.specLabel} (or the consumers) and run \`sio generate\` again.`);
        writer.writeLine("// Browser-safe: it imports socket.io-client, @sio-router/runtime/client and the consumers' types only.");
        writer.blankLine();
      },
      statements: [...this.importDeclarations(), ...statements],
    });
  }

  private importDeclarations(): ImportDeclarationStructure[] {
    const named = (names: string[]) => names.map((name) => ({ kind: StructureKind.ImportSpecifier, name }) as const);
    return [
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: "socket.io-client",
        namedImports: [{ kind: StructureKind.ImportSpecifier, name: "io" }, ...named(["ManagerOptions", "Socket", "SocketOptions"]).map((s) => ({ ...s, isTypeOnly: true }))],
      },
      {
        kind: StructureKind.ImportDeclaration,
        moduleSpecifier: CLIENT_RUNTIME_MODULE,
        namedImports: [
          { kind: StructureKind.ImportSpecifier, name: "socketIOClientArguments" },
          ...named(["ClientEventsOf", "ServerEventsOf", "SocketDataOf", "SocketIOClientRoute", "Transport"]).map((s) => ({ ...s, isTypeOnly: true })),
        ],
      },
      ...userImportDeclarations(
        this.spec.imports.filter((ref) => this.consumerLocals.has(ref.local)),
        (ref) => this.consumerLocals.get(ref.local)!,
        this.resolution,
        this.options.outFile,
        true,
      ),
    ];
  }

  /** Per consumer: what its clients send and receive, its socket data, its client socket. */
  private eventTypes(): StatementStructures[] {
    const statements: StatementStructures[] = [];
    for (const [consumer, local] of this.consumerLocals) {
      const namespace = describeNamespace(this.facts(consumer));
      const names = {
        clientToServer: this.namer.take(`${local}ClientToServerEvents`),
        serverToClient: this.namer.take(`${local}ServerToClientEvents`),
        data: this.namer.take(`${local}SocketData`),
        socket: this.namer.take(`${local}Socket`),
      };
      const type = (name: string, text: string, doc: string): StatementStructures => ({ kind: StructureKind.TypeAlias, isExported: true, name, type: text, docs: [doc] });
      statements.push(
        type(names.clientToServer, `ClientEventsOf<${local}>`, `What clients of ${local} (${namespace}) send: its \`event_<name>\` handlers.`),
        type(names.serverToClient, `ServerEventsOf<${local}>`, `What ${local} sends its clients: the emit map it declares.`),
        type(names.data, `SocketDataOf<${local}>`, `What ${local} keeps in \`socket.data\`.`),
        type(names.socket, `Socket<${names.serverToClient}, ${names.clientToServer}>`, `A client socket of ${local}'s ${namespace}, typed both ways.`),
      );
      this.socketTypes.set(consumer, names.socket);
    }
    return statements;
  }

  private optionsType(): StatementStructures {
    return {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: "ClientOptions",
      typeParameters: [{ name: "T", constraint: "Transport", default: "Transport" }],
      type: `Omit<Partial<ManagerOptions & SocketOptions>, "path" | "addTrailingSlash" | "transports"> & { transports?: T[] }`,
      docs: ["socket.io-client's options, but for what the routing decides: the path, and transports among those the endpoint serves."],
    };
  }

  private facts(local: string): ConsumerFacts | undefined {
    return this.resolution.consumers?.get(local);
  }

  /** The TypeScript type of the namespace argument for a consumer: its literal; for a RegExp, its literal start and any rest; else any string. */
  private namespaceType(consumer: string): { type: string; order: number } {
    const namespace = this.facts(consumer)?.namespace;
    if (namespace?.kind === "string") return { type: JSON.stringify(namespace.value), order: 0 };
    if (namespace?.kind === "regex") return { type: `\`${literalStartOf(namespace.source).replace(/[`\\]|\$\{/g, (c) => `\\${c}`)}\${string}\``, order: 1 };
    return { type: "string", order: 2 };
  }

  private connectStatements(endpoint: ClientEndpoint): StatementStructures[] {
    const base = endpoint.consumers.length === 1 ? this.consumerLocals.get(endpoint.consumers[0]!.local)! : "SocketIO";
    const routeName = this.namer.take(`${base.charAt(0).toLowerCase()}${base.slice(1)}Route`);
    const functionName = this.namer.take(`connect${pascalCase(base)}`);
    const transports = transportsOf(endpoint);
    const chain = (transports.includes("polling") ? endpoint.http : endpoint.websocket) ?? endpoint.http ?? endpoint.websocket!;
    const { template, trailingSlash } = clientPathOf(chain);
    const upgrade = endpoint.options["allow_upgrades"]?.value !== false;
    const route: Expr = object([
      ["path", templatePartsExpr(template)],
      ["trailingSlash", (writer) => void writer.write(String(trailingSlash))],
      ["transports", array(transports.map((transport) => ({ expr: stringLiteral(transport) })))],
      ["upgrade", (writer) => void writer.write(String(upgrade))],
    ]);
    const pathText = template.parts.map((part) => ("literal" in part ? part.literal : `<${part.kwarg}>`)).join("") + (trailingSlash ? "/" : "");
    const kwargs = template.kwargs.map((kwarg) => ({ name: kwarg.name, type: kwarg.converter === "int" ? "number" : "string" }));
    const kwargsParameter = kwargs.length > 0 ? [{ name: "kwargs", type: kwargsType(kwargs) }] : [];
    const transportType = transports.map((transport) => JSON.stringify(transport)).join(" | ") || "never";
    const namespaces = endpoint.consumers
      .map((consumer) => ({ consumer, ...this.namespaceType(consumer.local) }))
      .sort((a, b) => a.order - b.order);
    const label = `the Socket.IO endpoint of ${endpoint.consumers.map((c) => this.consumerLocals.get(c.local)).join(", ")} (${this.specLabel}:${endpoint.line})`;
    return [
      {
        kind: StructureKind.VariableStatement,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name: routeName, type: "SocketIOClientRoute", initializer: route }],
        docs: [`How clients reach ${label}.`],
      },
      {
        kind: StructureKind.Function,
        isExported: true,
        name: functionName,
        overloads: namespaces.map(({ consumer, type }) => ({
          docs: [
            `Connects to ${this.consumerLocals.get(consumer.local)}'s ${describeNamespace(this.facts(consumer.local))} on ${label}: ` +
              `path "${pathText}" under \`baseUrl\`, transports ${transports.join(" and ") || "none"}.\n` +
              "`baseUrl` is the server's base URL: its origin, plus the mount point when it runs under a root_path.",
          ],
          parameters: [
            { name: "baseUrl", type: "string | URL" },
            ...kwargsParameter,
            { name: "namespace", type },
            { name: "options", type: `ClientOptions<${transportType}>`, hasQuestionToken: true },
          ],
          returnType: this.socketTypes.get(consumer.local)!,
        })),
        parameters: [
          { name: "baseUrl", type: "string | URL" },
          ...(kwargs.length > 0 ? [{ name: "kwargs", type: "Readonly<Record<string, string | number>>" }] : []),
          { name: "namespace", type: "string" },
          { name: "options", type: "ClientOptions", initializer: "{}" },
        ],
        returnType: "Socket",
        statements: `return io(...socketIOClientArguments(baseUrl, ${routeName}, namespace, options${kwargs.length > 0 ? ", kwargs" : ""}));`,
      },
    ];
  }
}
