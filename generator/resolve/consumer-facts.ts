/**
 * What `sio generate` reads off a Socket.IO consumer class beyond its kind:
 * the namespace it serves (for the typed client), and what would fail at
 * start-up or at the first emit, or silently lose the typing — a handler for
 * a reserved event, a reserved name in the emit map, a private handler that
 * clients can still call, handlers that take socket.io's untyped `Socket`
 * although the class declares its emits. The event maps themselves are left
 * to the type checker (see runtime/socketio/events.ts): only the facts that
 * need no types are gathered here, from syntax and the declared emit map.
 */
import type * as TsMorph from "ts-morph";
import { RESERVED_EVENTS } from "@sio-router/runtime/client";
import type { ClassNode } from "./class-chain.js";
import { runtimeBaseOf } from "./class-chain.js";
import { siteOf, type DeclarationSite } from "./sites.js";
import { tsMorph } from "./ts-morph.js";

const { Node, Scope, SyntaxKind } = tsMorph;
type Node = TsMorph.Node;

export type NamespaceFact =
  | { kind: "string"; value: string; site: DeclarationSite | null }
  | { kind: "regex"; source: string; site: DeclarationSite }
  /** Not a literal resolution can read (computed at run time). */
  | { kind: "unknown"; site: DeclarationSite };

export interface ConsumerFacts {
  /** `static namespace`, from the class or the nearest base declaring it; "/" by default. */
  namespace: NamespaceFact;
  /** `event_connect`, `event_disconnect`, …: the runtime refuses to start. */
  reservedHandlers: Array<{ event: string; site: DeclarationSite }>;
  /** `private`/`protected` `event_` members: clients can call them, the typed client does not know them. */
  hiddenHandlers: Array<{ event: string; site: DeclarationSite }>;
  /** Reserved names in the declared emit map: socket.io throws when one is emitted. */
  reservedEmits: Array<{ event: string; site: DeclarationSite }>;
  /** Whether the class declares an emit map (`extends SocketIOConsumer<Emits>`). */
  declaresEmits: boolean;
  /** Handlers (and connect/disconnect) whose socket is socket.io's untyped `Socket`. */
  untypedSockets: Array<{ method: string; site: DeclarationSite }>;
}

const SOCKET_METHODS: ReadonlySet<string> = new Set(["connect", "disconnect"]);

/** A member's name when it is a plain or quoted name (`event_x`, `"event_a-b"`); null for computed and `#private` names. */
function memberName(member: Node): string | null {
  if (!Node.isMethodDeclaration(member) && !Node.isPropertyDeclaration(member)) return null;
  const name = member.getNameNode();
  if (Node.isIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return name.getLiteralValue();
  return null;
}

/** A handler: a method, or an instance field holding a function (the runtime calls both). */
function isHandler(member: Node): boolean {
  if (Node.isMethodDeclaration(member)) return !member.isStatic();
  if (!Node.isPropertyDeclaration(member) || member.isStatic()) return false;
  const initializer = member.getInitializer();
  return initializer !== undefined && (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer));
}

function socketParameterOf(member: Node): TsMorph.ParameterDeclaration | undefined {
  if (Node.isMethodDeclaration(member)) return member.getParameters()[0];
  const initializer = Node.isPropertyDeclaration(member) ? member.getInitializer() : undefined;
  return initializer && (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer)) ? initializer.getParameters()[0] : undefined;
}

/** Whether a type annotation names socket.io's `Socket` (`Socket`, an alias of it, or `io.Socket`). */
function isSocketIOSocket(typeNode: Node | undefined): boolean {
  if (!typeNode || !Node.isTypeReference(typeNode)) return false;
  const name = typeNode.getTypeName();
  const [target, member] = Node.isQualifiedName(name) ? [name.getLeft(), name.getRight().getText()] : [name, undefined];
  for (const declaration of target.getSymbol()?.getDeclarations() ?? []) {
    const from = declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue();
    if (from !== "socket.io") continue;
    if (Node.isImportSpecifier(declaration) && member === undefined) return declaration.getName() === "Socket";
    if (Node.isNamespaceImport(declaration)) return member === "Socket";
  }
  return false;
}

function namespaceOf(chain: readonly ClassNode[]): NamespaceFact {
  for (const node of chain) {
    const declaration = node.getStaticProperty("namespace");
    if (!declaration) continue;
    const site = siteOf(declaration);
    const initializer = Node.isPropertyDeclaration(declaration) ? declaration.getInitializer() : undefined;
    if (!initializer) return { kind: "unknown", site };
    const expression = Node.isAsExpression(initializer) || Node.isSatisfiesExpression(initializer) ? initializer.getExpression() : initializer;
    if (Node.isRegularExpressionLiteral(expression)) return { kind: "regex", source: expression.getLiteralText(), site };
    const type = expression.getType();
    if (type.isStringLiteral()) return { kind: "string", value: String(type.getLiteralValue()), site };
    return { kind: "unknown", site };
  }
  return { kind: "string", value: "/", site: null };
}

export function consumerFactsOf(node: ClassNode): ConsumerFacts {
  const base = runtimeBaseOf(node);
  const chain = base?.chain ?? [node];
  const facts: ConsumerFacts = {
    namespace: namespaceOf(chain),
    reservedHandlers: [],
    hiddenHandlers: [],
    reservedEmits: [],
    declaresEmits: false,
    untypedSockets: [],
  };
  const emits = base?.heritage.getTypeArguments()[0];
  if (emits) {
    facts.declaresEmits = true;
    for (const property of emits.getType().getProperties()) {
      const declaration = property.getDeclarations()[0];
      if (RESERVED_EVENTS.has(property.getName()) && declaration) facts.reservedEmits.push({ event: property.getName(), site: siteOf(declaration) });
    }
  }
  const seen = new Set<string>();
  for (const holder of chain) {
    for (const member of holder.getMembers()) {
      const name = memberName(member);
      if (name === null || seen.has(name) || !isHandler(member)) continue;
      seen.add(name);
      const socket = socketParameterOf(member);
      if (facts.declaresEmits && socket && (name.startsWith("event_") || SOCKET_METHODS.has(name)) && isSocketIOSocket(socket.getTypeNode())) {
        facts.untypedSockets.push({ method: name, site: siteOf(socket) });
      }
      if (!name.startsWith("event_")) continue;
      const event = name.slice("event_".length);
      const site = siteOf(member);
      if (event === "" || RESERVED_EVENTS.has(event)) facts.reservedHandlers.push({ event, site });
      else if ((Node.isMethodDeclaration(member) || Node.isPropertyDeclaration(member)) && member.getScope() !== Scope.Public) {
        facts.hiddenHandlers.push({ event, site });
      }
    }
  }
  return facts;
}
