/**
 * Whether each imported name is the right kind for where the spec uses it:
 * a Socket.IO consumer inside `SocketIO(...)`, a consumer class before
 * `.as_asgi()`, an app as a route target, a middleware `app => app` where one
 * is called, and nothing that cannot serve a protocol in that protocol's table.
 * A pure function of the model and the resolution (no ts-morph here).
 */
import type { CallExpression, Expression, Program } from "../../grammar/ast.js";
import type { Diagnostic, RelatedInformation, Span } from "../../grammar/diagnostics.js";
import type { AppNode, ImportedName, Spec } from "../model/model.js";
import type { ImportKind } from "../model/classify.js";
import type { ResolvedImport } from "./resolve-imports.js";

export const NOT_A_CONSUMER = "SIO202";
export const WEBSOCKET_CONSUMER_FOR_HTTP = "SIO203";
export const HTTP_APP_FOR_WEBSOCKET = "SIO204";
export const NOT_A_MIDDLEWARE = "SIO205";
export const NOT_AN_APP = "SIO206";
export const UNSUPPORTED_OPTION = "SIO207";

/** The options a WebSocket consumer's `as_asgi()` takes (the rest are Socket.IO's). */
export const WEBSOCKET_OPTIONS: readonly string[] = ["max_payload", "per_message_deflate"];

type Protocol = "http" | "websocket" | null;

export function checkUsage(spec: Spec, imports: ReadonlyMap<string, ResolvedImport>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  const calls = callsBySpan(spec.program);

  const report = (code: string, span: Span, message: string, resolved: ResolvedImport) => {
    const key = `${code}:${span.start}:${span.end}`;
    if (reported.has(key)) return;
    reported.add(key);
    const related: RelatedInformation[] = [{ span: resolved.ref.span, message: `'${resolved.ref.local}' is imported here` }];
    if (resolved.declaration) related.push({ ...resolved.declaration, message: `'${resolved.ref.imported}' is declared here` });
    diagnostics.push({ code, severity: "error", message, span, related });
  };
  const lookup = (ref: ImportedName): ResolvedImport | null => {
    const resolved = imports.get(ref.local);
    // Names whose module or export is missing were reported by resolution already.
    return resolved && resolved.found ? resolved : null;
  };
  /** The callee name at the start of a call (`X` of `X.as_asgi()` or `X(app)`). */
  const nameAt = (call: Span, name: string): Span => ({ start: call.start, end: call.start + name.length });

  const checkServes = (resolved: ResolvedImport, span: Span, protocol: Protocol) => {
    const { kind, ref } = resolved;
    if (protocol === "http" && kind === "websocket-consumer") {
      report(WEBSOCKET_CONSUMER_FOR_HTTP, span, `'${ref.local}' is a WebSocket consumer and cannot serve the "http" table; route it under "websocket" only`, resolved);
    }
    if (protocol === "websocket" && (kind === "node-listener" || kind === "fetch-handler")) {
      report(HTTP_APP_FOR_WEBSOCKET, span, `'${ref.local}' is ${describeKind(kind)} and cannot accept WebSocket connections; route it under "http" only`, resolved);
    }
  };

  const visited = new Set<string>();
  const visit = (app: AppNode, protocol: Protocol): void => {
    // Shared nodes (bindings used by both tables) are visited once per protocol.
    const key = `${protocol}:${app.kind}:${app.span.start}:${app.span.end}`;
    if (visited.has(key)) return;
    visited.add(key);
    switch (app.kind) {
      case "ProtocolTypeRouter":
        for (const entry of app.protocols) visit(entry.app, entry.protocol === "http" || entry.protocol === "websocket" ? entry.protocol : null);
        return;
      case "URLRouter":
        for (const route of app.routes) visit(route.target, protocol);
        return;
      case "Middleware": {
        const resolved = app.ref ? lookup(app.ref) : null;
        if (resolved && resolved.kind !== "middleware") {
          report(
            NOT_A_MIDDLEWARE,
            nameAt(app.span, app.name),
            `'${app.name}' is not a middleware: a middleware takes an application and returns one, (app: Application) => Application (it is ${resolved.description})`,
            resolved,
          );
        }
        visit(app.inner, protocol);
        return;
      }
      case "SocketIO": {
        const call = calls.get(spanKey(app.span));
        for (const consumer of app.consumers) {
          const resolved = lookup(consumer);
          if (!resolved || resolved.kind === "socketio-consumer") continue;
          const argument = call?.args.find((a) => a.kind === "PositionalArgument" && isName(a.value, consumer.local));
          report(
            NOT_A_CONSUMER,
            argument?.span ?? app.span,
            `'${consumer.local}' is not a Socket.IO consumer: SocketIO(...) takes classes extending SocketIOConsumer (it is ${resolved.description})`,
            resolved,
          );
        }
        return;
      }
      case "Consumer": {
        const resolved = lookup(app.ref);
        if (!resolved) return;
        const span = nameAt(app.span, app.ref.local);
        if (resolved.kind !== "socketio-consumer" && resolved.kind !== "websocket-consumer") {
          report(
            NOT_A_CONSUMER,
            span,
            `'${app.ref.local}' is not a consumer class: .as_asgi() needs a class extending SocketIOConsumer, WebsocketConsumer or AsyncWebsocketConsumer (it is ${resolved.description})`,
            resolved,
          );
          return;
        }
        if (resolved.kind === "websocket-consumer") {
          for (const [name, option] of Object.entries(app.options)) {
            if (WEBSOCKET_OPTIONS.includes(name)) continue;
            report(
              UNSUPPORTED_OPTION,
              option.span,
              `'${app.ref.local}' is a WebSocket consumer; its as_asgi() takes ${WEBSOCKET_OPTIONS.join(" and ")}, not the Socket.IO option '${name}'`,
              resolved,
            );
          }
        }
        checkServes(resolved, span, protocol);
        return;
      }
      case "NamedApp": {
        const resolved = lookup(app.ref);
        if (!resolved) return;
        if (resolved.kind === "middleware") {
          report(NOT_AN_APP, app.span, `'${app.ref.local}' is a middleware, not an application: wrap an application with it, as in ${app.ref.local}(URLRouter([...]))`, resolved);
        } else if (resolved.kind === null) {
          report(
            NOT_AN_APP,
            app.span,
            `'${app.ref.local}' is not an application: a route target is a consumer class, a Node request listener (req, res), a fetch handler (request: Request) or a value of the runtime's Application type (it is ${resolved.description})`,
            resolved,
          );
        } else {
          checkServes(resolved, app.span, protocol);
        }
        return;
      }
    }
  };
  if (spec.application) visit(spec.application, null);
  return diagnostics;
}

function spanKey(span: Span): string {
  return `${span.start}:${span.end}`;
}

function isName(expression: Expression, name: string): boolean {
  return expression.kind === "NameExpression" && expression.name === name;
}

/** Every call expression of the program by its span, to find argument spans the model does not keep. */
export function callsBySpan(program: Program): Map<string, CallExpression> {
  const calls = new Map<string, CallExpression>();
  const walk = (expression: Expression): void => {
    switch (expression.kind) {
      case "CallExpression":
        calls.set(spanKey(expression.span), expression);
        walk(expression.callee);
        for (const argument of expression.args) walk(argument.value);
        return;
      case "MemberExpression":
        walk(expression.object);
        return;
      case "ListExpression":
        expression.elements.forEach(walk);
        return;
      case "DictExpression":
        for (const entry of expression.entries) walk(entry.value);
        return;
      case "AddExpression":
        walk(expression.left);
        walk(expression.right);
        return;
      default:
        return;
    }
  };
  for (const statement of program.statements) {
    if (statement.kind === "Binding") walk(statement.value);
  }
  return calls;
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
    case "application":
      return "an application (the runtime's Application type)";
  }
}
