/**
 * SIO106 — a pattern that can never match what it is meant for.
 *
 * The router strips the leading `/` before matching, so `^/socket\.io` never
 * matches; a pattern no path satisfies (`^a$b`) never matches either; and
 * Socket.IO clients request `socket.io/` (with the slash), so `^socket\.io$`
 * never sees them. The seed: "In Channels routing this usually
 * means matching `^socket\.io/?$` because the path in the ASGI scope does not
 * start with a leading slash."
 *
 * Bad:
 * ```
 * re_path(r"^/socket\.io/?$", ChatConsumer.as_asgi())
 * re_path(r"^socket\.io$", ChatConsumer.as_asgi())
 * ```
 * Good:
 * ```
 * re_path(r"^socket\.io/?$", ChatConsumer.as_asgi())
 * ```
 */
import { offsetInString } from "../../grammar/ast.js";
import type { Span } from "../../grammar/diagnostics.js";
import { compilePattern, matchPattern } from "@sio-router/runtime/matching";
import { SOCKETIO_CLIENT_PATH, unwrapMiddleware } from "../model/classify.js";
import type { RouteNode } from "../model/model.js";
import type { Rule, RuleContext } from "./rule.js";
import { describeRoute } from "./describe.js";
import { reachabilityOf } from "./route-reachability.js";

/** The client path without its trailing slash: what `^socket\.io$` accepts instead. */
const CLIENT_PATH_BARE = SOCKETIO_CLIENT_PATH.slice(0, -1);

export const neverMatches: Rule = {
  code: "SIO106",
  name: "never-matches",
  severity: "error",
  summary: "a pattern can never match what it is meant for: a leading '/', or a Socket.IO route rejecting 'socket.io/'",
  stage: "check",
  check(context: RuleContext) {
    for (const route of context.spec.routes) {
      const slash = route.pattern.compiled ? leadingSlash(route) : null;
      if (!slash) continue;
      const literal = route.pattern.literal;
      const span: Span = { start: offsetInString(literal, slash.index), end: offsetInString(literal, slash.index + slash.length) };
      context.report({
        span,
        message: `${describeRoute(route)} can never match: the router strips leading '/' from the path before matching`,
        fix: { description: "remove the leading '/'", edits: [{ span, text: "" }] },
      });
    }
    for (const { route, onlyLeadingSlash } of reachabilityOf(context.spec, context.kinds).matchesNothing) {
      // A leading '/' written at the start is reported above, at the character, with its fix.
      if (leadingSlash(route)) continue;
      context.report({
        span: route.pattern.literal.span,
        message: onlyLeadingSlash
          ? `${describeRoute(route)} can never match: every path it matches starts with '/', which the router strips before matching`
          : `${describeRoute(route)} can never match: no path satisfies it`,
      });
    }
    for (const route of context.spec.routes) {
      if (!rejectsClientPath(route, context)) continue;
      context.report({
        span: route.pattern.literal.span,
        message: `Socket.IO route ${describeRoute(route)} rejects '${SOCKETIO_CLIENT_PATH}', the path Socket.IO clients request`,
        ...optionalSlashFix(route),
      });
    }
  },
};

/** Where a start-anchored pattern requires a '/' first: index and length in the pattern source. */
function leadingSlash(route: RouteNode): { index: number; length: number } | null {
  const source = route.pattern.source;
  if (route.fn === "path") return source.startsWith("/") ? { index: 0, length: 1 } : null;
  const anchor = source.startsWith("^") ? 1 : source.startsWith("\\A") ? 2 : -1;
  if (anchor < 0) return null;
  if (source.startsWith("/", anchor)) return { index: anchor, length: 1 };
  if (source.startsWith("\\/", anchor)) return { index: anchor, length: 2 };
  return null;
}

/** A Socket.IO route (or, with unresolved imports, a consumer route) taking `socket.io` but not `socket.io/`. */
function rejectsClientPath(route: RouteNode, context: RuleContext): boolean {
  const compiled = route.pattern.compiled;
  if (!compiled || route.prefix || !mayBeSocketIO(route, context)) return false;
  return matchPattern(compiled, SOCKETIO_CLIENT_PATH) === null && matchPattern(compiled, CLIENT_PATH_BARE) !== null;
}

/** Checked before any regex runs: most routes target plain apps. */
function mayBeSocketIO(route: RouteNode, context: RuleContext): boolean {
  const { app } = unwrapMiddleware(route.target);
  if (app.kind === "SocketIO") return true;
  if (app.kind !== "Consumer" && app.kind !== "NamedApp") return false;
  const kind = context.kinds?.get(app.ref.local);
  if (kind !== undefined) return kind === "socketio-consumer";
  return app.kind === "Consumer";
}

/** `$` → `/?$` when that makes the pattern accept the client path. */
function optionalSlashFix(route: RouteNode): { fix?: { description: string; edits: { span: Span; text: string }[] } } {
  const source = route.pattern.source;
  const end = source.endsWith("\\Z") ? source.length - 2 : source.endsWith("$") ? source.length - 1 : -1;
  if (end < 0) return {};
  const fixed = source.slice(0, end) + "/?" + source.slice(end);
  const compiled = compilePattern(route.fn, fixed, { endpoint: true });
  if (!compiled.ok || matchPattern(compiled.pattern, SOCKETIO_CLIENT_PATH) === null) return {};
  const at = offsetInString(route.pattern.literal, end);
  return { fix: { description: "accept an optional trailing '/'", edits: [{ span: { start: at, end: at }, text: "/?" }] } };
}
