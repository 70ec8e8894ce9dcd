/**
 * SIO208–SIO214: what the Socket.IO consumers of a spec declare, checked
 * before their event maps are typed and their client generated. Errors for
 * what would stop the server at start-up or throw at the first emit;
 * warnings for what silently loses the typing. A pure function of the model
 * and what resolution read off each class (consumer-facts.ts).
 */
import type { Diagnostic, RelatedInformation, Span } from "../../grammar/diagnostics.js";
import type { AppNode, ImportedName, Spec } from "../model/model.js";
import { callsBySpan } from "./check-usage.js";
import type { ConsumerFacts, NamespaceFact } from "./consumer-facts.js";
import type { ResolvedImport } from "./resolve-imports.js";
import type { DeclarationSite } from "./sites.js";

export const RESERVED_EVENT_HANDLER = "SIO208";
export const RESERVED_EMIT_EVENT = "SIO209";
export const DUPLICATE_NAMESPACE = "SIO210";
export const INVALID_NAMESPACE = "SIO211";
export const UNKNOWN_NAMESPACE = "SIO212";
export const HIDDEN_EVENT_HANDLER = "SIO213";
export const UNTYPED_CONSUMER_SOCKET = "SIO214";

const at = (site: DeclarationSite, message: string): RelatedInformation => ({ file: site.file, span: site.span, message });

export function checkConsumers(spec: Spec, imports: ReadonlyMap<string, ResolvedImport>, consumers: ReadonlyMap<string, ConsumerFacts>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (code: string, severity: Diagnostic["severity"], span: Span, message: string, related: RelatedInformation[]) =>
    diagnostics.push({ code, severity, message, span, related });

  for (const [local, facts] of consumers) {
    const resolved = imports.get(local);
    if (!resolved) continue;
    const span = resolved.ref.span;
    const imported: RelatedInformation = { span, message: `'${local}' is imported here` };
    for (const { event, site } of facts.reservedHandlers) {
      report(
        RESERVED_EVENT_HANDLER,
        "error",
        span,
        `'${local}.event_${event}' cannot handle a client event: ${event === "" ? "it names no event" : `"${event}" is reserved by socket.io`}, so the server refuses to start (use connect()/disconnect())`,
        [at(site, `'event_${event}' is declared here`)],
      );
    }
    for (const { event, site } of facts.reservedEmits) {
      report(
        RESERVED_EMIT_EVENT,
        "error",
        span,
        `'${local}' declares "${event}" among the events it emits: "${event}" is reserved by socket.io, which throws when it is emitted`,
        [at(site, `"${event}" is declared here`)],
      );
    }
    const namespace = facts.namespace;
    if (namespace.kind === "string" && !namespace.value.startsWith("/")) {
      report(
        INVALID_NAMESPACE,
        "error",
        span,
        `'${local}' serves namespace ${JSON.stringify(namespace.value)}, which does not start with "/": the server refuses to start`,
        namespace.site ? [at(namespace.site, "the namespace is declared here")] : [imported],
      );
    }
    if (namespace.kind === "unknown") {
      report(
        UNKNOWN_NAMESPACE,
        "warning",
        span,
        `the namespace of '${local}' is not a string or RegExp literal, so its typed client accepts any namespace (write static namespace = "/…")`,
        [at(namespace.site, "the namespace is declared here")],
      );
    }
    for (const { event, site } of facts.hiddenHandlers) {
      report(
        HIDDEN_EVENT_HANDLER,
        "warning",
        span,
        `'${local}.event_${event}' is not public, yet clients can send "${event}": every event_ method handles its event; the typed client leaves it out`,
        [at(site, `'event_${event}' is declared here`)],
      );
    }
    if (facts.untypedSockets.length > 0) {
      const methods = facts.untypedSockets.map((entry) => entry.method);
      report(
        UNTYPED_CONSUMER_SOCKET,
        "warning",
        span,
        `'${local}' declares the events it emits, but ${methods.join(", ")} ${methods.length === 1 ? "takes" : "take"} socket.io's untyped Socket: emits there are not checked (type the socket ConsumerSocket<…> from @sio-router/runtime)`,
        facts.untypedSockets.map(({ method, site }) => at(site, `the socket of ${method}`)),
      );
    }
  }
  diagnostics.push(...duplicateNamespaces(spec, consumers));
  return diagnostics;
}

/** The key the runtime refuses a second consumer on (runtime/socketio/endpoint.ts: `String(Consumer.namespace)`), as messages show it. */
function namespaceKey(namespace: NamespaceFact): string | null {
  if (namespace.kind === "string") return JSON.stringify(namespace.value);
  if (namespace.kind === "regex") return namespace.source;
  return null;
}

/** Two consumers of one `SocketIO(...)` serving the same namespace: the runtime refuses to start. */
function duplicateNamespaces(spec: Spec, consumers: ReadonlyMap<string, ConsumerFacts>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const calls = callsBySpan(spec.program);
  const reported = new Set<string>();
  const argumentSpan = (app: AppNode & { kind: "SocketIO" }, consumer: ImportedName): Span => {
    const call = calls.get(`${app.span.start}:${app.span.end}`);
    const argument = call?.args.find((a) => a.kind === "PositionalArgument" && a.value.kind === "NameExpression" && a.value.name === consumer.local);
    return argument?.span ?? app.span;
  };
  const visit = (app: AppNode): void => {
    if (app.kind === "ProtocolTypeRouter") app.protocols.forEach((entry) => visit(entry.app));
    else if (app.kind === "Middleware") visit(app.inner);
    else if (app.kind === "URLRouter") app.routes.forEach((route) => visit(route.target));
    else if (app.kind === "SocketIO") {
      const key = `${app.span.start}:${app.span.end}`;
      if (reported.has(key)) return;
      reported.add(key);
      const served = new Map<string, ImportedName>();
      for (const consumer of app.consumers) {
        const facts = consumers.get(consumer.local);
        const namespace = facts ? namespaceKey(facts.namespace) : null;
        if (namespace === null) continue;
        const first = served.get(namespace);
        if (!first) {
          served.set(namespace, consumer);
          continue;
        }
        const related: RelatedInformation[] = [{ span: argumentSpan(app, first), message: `'${first.local}' serves it here` }];
        for (const site of [consumers.get(first.local)?.namespace, facts?.namespace]) {
          if (site && site.kind !== "unknown" && site.site) related.push(at(site.site, "the namespace is declared here"));
        }
        diagnostics.push({
          code: DUPLICATE_NAMESPACE,
          severity: "error",
          message: `'${consumer.local}' serves namespace ${namespace}, which '${first.local}' already serves on this endpoint: the server refuses to start`,
          span: argumentSpan(app, consumer),
          related,
        });
      }
    }
  };
  if (spec.application) visit(spec.application);
  return diagnostics;
}
