/**
 * The routing model: what a `.sio` file means, built by the binder from the
 * syntax tree. Routes keep declaration order (order is meaning). A route
 * object shared by two tables through a binding (`socketio_urlpatterns` in
 * both `http` and `websocket`) is the same object in both.
 */
import type { Span } from "../../grammar/diagnostics.js";
import type { SourceText } from "../../grammar/source.js";
import type { Binding, Program, StringLiteral } from "../../grammar/ast.js";
import type { CompiledPattern } from "@sio-router/runtime/matching";

/** A plain value from the spec: options, kwargs, settings. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

export interface ValueNode {
  value: Value;
  span: Span;
}

export interface ImportedName {
  /** The name used in the spec. */
  local: string;
  /** The exported name, or "default". */
  imported: string;
  /** The module specifier as written. */
  from: string;
  span: Span;
  /** Span of the module specifier string. */
  sourceSpan: Span;
}

export interface Settings {
  /** `allowed_hosts`; null when not set. */
  allowedHosts: string[] | null;
  /** `debug` (default false). */
  debug: boolean;
  /** Every entry as written, for the generator. */
  entries: Map<string, ValueNode>;
  span: Span | null;
}

/** The names a spec declares, as the binder resolves them (the first of duplicates; duplicates are SIO110). */
export interface Scope {
  bindings: ReadonlyMap<string, Binding>;
  imports: ReadonlyMap<string, ImportedName>;
}

export interface Spec {
  source: SourceText;
  program: Program;
  imports: ImportedName[];
  scope: Scope;
  settings: Settings;
  /** Null when `application` is missing or could not be bound. */
  application: AppNode | null;
  /** Every URLRouter in the spec, in source order. */
  routers: URLRouterNode[];
  /** Every route, in source order (each once). */
  routes: RouteNode[];
}

export type AppNode =
  | ProtocolTypeRouterNode
  | MiddlewareNode
  | URLRouterNode
  | SocketIOEndpointNode
  | ConsumerNode
  | NamedAppNode;

export interface ProtocolTypeRouterNode {
  kind: "ProtocolTypeRouter";
  span: Span;
  protocols: ProtocolEntry[];
}

export interface ProtocolEntry {
  /** "http", "websocket", or another scope type. */
  protocol: string;
  keySpan: Span;
  app: AppNode;
}

export type BuiltinMiddleware =
  | "AllowedHostsOriginValidator"
  | "OriginValidator"
  | "AuthMiddlewareStack"
  | "SessionMiddlewareStack"
  | "CookieMiddleware";

export interface MiddlewareNode {
  kind: "Middleware";
  span: Span;
  /** The built-in's name, or the imported name of a custom middleware. */
  name: string;
  builtin: BuiltinMiddleware | null;
  /** For a custom middleware: the import it refers to. */
  ref: ImportedName | null;
  inner: AppNode;
  /** OriginValidator's allowed origins (second argument). */
  origins: string[] | null;
}

export interface URLRouterNode {
  kind: "URLRouter";
  span: Span;
  routes: RouteNode[];
}

export interface RouteNode {
  kind: "Route";
  /** The `re_path(...)`/`path(...)` call. */
  span: Span;
  fn: "re_path" | "path";
  pattern: PatternNode;
  target: AppNode;
  /** `name="..."`, for reverse(). */
  name: string | null;
  /** `kwargs={...}`: default kwargs added to the match. */
  kwargs: Record<string, Value>;
  /** True when the target is a URLRouter, possibly inside middleware: a prefix route. */
  prefix: boolean;
}

export interface PatternNode {
  /** The pattern as written, decoded from its string literal. */
  source: string;
  literal: StringLiteral;
  /** Null when the pattern is invalid (an SIO110 was reported at the exact character). */
  compiled: CompiledPattern | null;
}

/** `SocketIO(A, B, ping_interval=…)`: namespace consumers grouped into one Socket.IO endpoint. */
export interface SocketIOEndpointNode {
  kind: "SocketIO";
  span: Span;
  /** Namespace consumers served by this one endpoint (one Engine.IO server). */
  consumers: ImportedName[];
  options: Record<string, ValueNode>;
}

/**
 * `X.as_asgi(...)`. Whether X is a Socket.IO consumer (then this is the
 * one-consumer form of `SocketIO(X, ...)`) or a plain WebSocket consumer is
 * decided by type resolution when imports resolve, else by the route's pattern
 * (see generator/model/classify.ts).
 */
export interface ConsumerNode {
  kind: "Consumer";
  span: Span;
  ref: ImportedName;
  options: Record<string, ValueNode>;
}

/** A bare imported name used as an app: an HTTP app (request listener / fetch handler) or a consumer class. */
export interface NamedAppNode {
  kind: "NamedApp";
  span: Span;
  ref: ImportedName;
}
