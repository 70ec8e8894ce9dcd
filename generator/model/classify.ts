/**
 * Questions the rules, `explain` and the generator ask of the routing model:
 * what kind of endpoint a route reaches, which tables each protocol routes
 * through and inside which middleware.
 *
 * A route reaches a Socket.IO endpoint when its target is `SocketIO(...)`, or
 * a consumer whose type resolution (ts-morph, during `generate`) says it
 * extends SocketIOConsumer. Without resolution (`lint` on a spec whose imports
 * do not resolve), an `X.as_asgi()` consumer is taken for a Socket.IO one
 * when the route's pattern accepts the path Socket.IO clients request.
 */
import { matchPattern } from "@sio-router/runtime/matching";
import type { AppNode, MiddlewareNode, ProtocolTypeRouterNode, RouteNode, Spec, URLRouterNode, ValueNode } from "./model.js";

/**
 * What type resolution found an imported name to be; `application` is a
 * value of the runtime's `Application` type (`nodeApp(app)`, a hand-written
 * URLRouter), routed as it is.
 */
export type ImportKind = "socketio-consumer" | "websocket-consumer" | "node-listener" | "fetch-handler" | "middleware" | "application";

/** Local imported name → its kind, from the generator's ts-morph resolver. */
export type ResolvedKinds = ReadonlyMap<string, ImportKind>;

/** The path the official clients request, relative to the router (no leading "/"). */
export const SOCKETIO_CLIENT_PATH = "socket.io/";

export type TargetKind = "socketio" | "websocket" | "http" | "router" | "unknown";

/** An app with the middleware wrapped around it peeled off (outermost first). */
export function unwrapMiddleware(app: AppNode): { app: AppNode; middleware: MiddlewareNode[] } {
  const middleware: MiddlewareNode[] = [];
  let node = app;
  while (node.kind === "Middleware") {
    middleware.push(node);
    node = node.inner;
  }
  return { app: node, middleware };
}

export function targetKind(route: RouteNode, kinds?: ResolvedKinds): TargetKind {
  const { app } = unwrapMiddleware(route.target);
  switch (app.kind) {
    case "URLRouter":
      return "router";
    case "SocketIO":
      return "socketio";
    case "Consumer": {
      const kind = kinds?.get(app.ref.local);
      if (kind === "socketio-consumer") return "socketio";
      if (kind === "websocket-consumer") return "websocket";
      if (kind) return "unknown";
      return acceptsClientPath(route) ? "socketio" : "unknown";
    }
    case "NamedApp": {
      const kind = kinds?.get(app.ref.local);
      if (kind === "socketio-consumer") return "socketio";
      if (kind === "websocket-consumer") return "websocket";
      if (kind === "node-listener" || kind === "fetch-handler") return "http";
      return "unknown";
    }
    default:
      return "unknown";
  }
}

export function isSocketIORoute(route: RouteNode, kinds?: ResolvedKinds): boolean {
  return targetKind(route, kinds) === "socketio";
}

/**
 * Whether the route counts as a Socket.IO route only because its pattern
 * accepts the client path: an `X.as_asgi()` consumer whose type is unknown.
 */
export function socketIOByPattern(route: RouteNode, kinds?: ResolvedKinds): boolean {
  const { app } = unwrapMiddleware(route.target);
  return app.kind === "Consumer" && kinds?.get(app.ref.local) === undefined && acceptsClientPath(route);
}

/** Whether the route's pattern accepts the standard Socket.IO client path. */
export function acceptsClientPath(route: RouteNode): boolean {
  return route.pattern.compiled !== null && matchPattern(route.pattern.compiled, SOCKETIO_CLIENT_PATH) !== null;
}

/**
 * The Engine.IO transports a route's Socket.IO endpoint accepts, read from its
 * `transports=[...]` option (both by default): `polling` is served through the
 * http table, `websocket` through the websocket table. `option` is where the
 * option is written, null when it is not.
 */
export interface EndpointTransports {
  polling: boolean;
  websocket: boolean;
  option: ValueNode | null;
}

export function endpointTransports(route: RouteNode): EndpointTransports {
  const { app } = unwrapMiddleware(route.target);
  const option = app.kind === "SocketIO" || app.kind === "Consumer" ? (app.options.transports ?? null) : null;
  const listed = option && Array.isArray(option.value) ? option.value : null;
  if (!option || !listed) return { polling: true, websocket: true, option: null };
  return { polling: listed.includes("polling"), websocket: listed.includes("websocket"), option };
}

/**
 * The identity of the endpoint a route reaches: one Socket.IO endpoint (one
 * Engine.IO server) per set of namespace consumers. Null for routers.
 */
export function endpointKey(route: RouteNode): string | null {
  const { app } = unwrapMiddleware(route.target);
  switch (app.kind) {
    case "SocketIO":
      return app.consumers
        .map((consumer) => consumer.local)
        .sort()
        .join(",");
    case "Consumer":
    case "NamedApp":
      return app.ref.local;
    default:
      return null;
  }
}

/** A URLRouter as one protocol reaches it. */
export interface RoutedTable {
  /** "http", "websocket", or "*" when the application is not a ProtocolTypeRouter. */
  protocol: string;
  router: URLRouterNode;
  /** Middleware between the protocol entry and this table, outermost first. */
  middleware: MiddlewareNode[];
  /** The prefix routes leading to this table, outermost first (empty for a top-level table). */
  via: RouteNode[];
}

/** A route as one protocol reaches it. */
export interface RoutedRoute {
  protocol: string;
  route: RouteNode;
  table: RoutedTable;
  /** All middleware a request passes before the route's endpoint, outermost first. */
  middleware: MiddlewareNode[];
}

/** Every table reachable from the application, per protocol, in routing order. */
export function tablesOf(spec: Spec): RoutedTable[] {
  const tables: RoutedTable[] = [];
  const root = spec.application;
  if (!root) return tables;
  const visit = (protocol: string, app: AppNode, middleware: MiddlewareNode[], via: RouteNode[]) => {
    const unwrapped = unwrapMiddleware(app);
    const stack = [...middleware, ...unwrapped.middleware];
    if (unwrapped.app.kind !== "URLRouter") return;
    // A router nested in itself through bindings cannot be written in this language, but guard anyway.
    if (tables.some((t) => t.router === unwrapped.app && t.protocol === protocol && t.via.length === via.length)) return;
    const table: RoutedTable = { protocol, router: unwrapped.app, middleware: stack, via };
    tables.push(table);
    for (const route of unwrapped.app.routes) {
      if (route.prefix) visit(protocol, route.target, stack, [...via, route]);
    }
  };
  const top = protocolRouterOf(spec);
  if (top) {
    for (const entry of top.router.protocols) visit(entry.protocol, entry.app, top.middleware, []);
  } else {
    visit("*", root, [], []);
  }
  return tables;
}

/**
 * The application's ProtocolTypeRouter with the middleware wrapped around it
 * (outermost first), as in `application = SentryMiddleware(ProtocolTypeRouter({...}))`;
 * null when the application is not one.
 */
export function protocolRouterOf(spec: Spec): { router: ProtocolTypeRouterNode; middleware: MiddlewareNode[] } | null {
  if (!spec.application) return null;
  const { app, middleware } = unwrapMiddleware(spec.application);
  return app.kind === "ProtocolTypeRouter" ? { router: app, middleware } : null;
}

/** Every endpoint route reachable from the application, per protocol. */
export function routesOf(spec: Spec): RoutedRoute[] {
  const routes: RoutedRoute[] = [];
  for (const table of tablesOf(spec)) {
    for (const route of table.router.routes) {
      if (route.prefix) continue;
      routes.push({
        protocol: table.protocol,
        route,
        table,
        middleware: [...table.middleware, ...unwrapMiddleware(route.target).middleware],
      });
    }
  }
  return routes;
}
