/**
 * What a request reaches, decided statically on the routing model with the
 * runtime's own resolver (runtime/matching's resolveTable), so the answer is
 * the one the server gives: the protocol entry, the middleware entered, each
 * router's routes tried, the matching route and what it captured.
 */
import { targetKind, unwrapMiddleware, type ResolvedKinds } from "../../generator/model/classify.js";
import type { AppNode, MiddlewareNode, RouteNode, Spec, URLRouterNode } from "../../generator/model/model.js";
import { resolveTable, type RouteEntry, type TriedRoute, type UrlRoute } from "@sio-router/runtime/matching";

export type Method = "GET" | "POST" | "WS";

export interface Request {
  method: Method;
  /** Decoded path, as the runtime puts it in `scope.path`. */
  path: string;
  query: string;
  rootPath: string;
}

/** A route as the resolver sees it, remembering the router (and depth) it sits in. */
export interface RouteStep {
  route: RouteNode;
  router: URLRouterNode;
  /** 0 for the protocol's table, 1 for a table behind one prefix route, … */
  depth: number;
}

export type EndpointKind = "socketio" | "websocket" | "http" | "router" | "unknown";

export interface Endpoint {
  kind: EndpointKind;
  /** "Socket.IO endpoint", "WebSocket consumer", "HTTP app". */
  label: string;
  /** The names the spec gives the target (consumers of a Socket.IO endpoint, an app's name). */
  targets: string[];
}

export interface Explanation {
  request: Request;
  /** "http" or "websocket": the scope type the request becomes. */
  protocol: "http" | "websocket";
  /** The ProtocolTypeRouter entry used; "*" when the application routes every protocol. Null when none applies. */
  entry: string | null;
  /** The protocol's table, or null when the entry is not (middleware around) a URLRouter. */
  table: URLRouterNode | null;
  /** Routes that did not take the request, in the order tried (inner tables included). */
  tried: { step: RouteStep; outcome: TriedRoute<RouteStep>["outcome"] }[];
  /** Null when nothing matches: HTTP 404, WebSocket upgrade refused. */
  match: {
    /** The matched route of each table, outermost first; the last is the endpoint route. */
    chain: RouteStep[];
    /** Every middleware the request passes, outermost first. */
    middleware: MiddlewareNode[];
    urlRoute: UrlRoute;
    pathRemaining: string;
    endpoint: Endpoint;
  } | null;
  /** Middleware entered before the first table (shown even when nothing matches). */
  entryMiddleware: MiddlewareNode[];
  /** When the protocol entry is an app without a URLRouter, that app. */
  directApp: AppNode | null;
}

export function protocolOf(method: Method): "http" | "websocket" {
  return method === "WS" ? "websocket" : "http";
}

export function explainRequest(spec: Spec, request: Request): Explanation {
  const protocol = protocolOf(request.method);
  const base = { request, protocol, tried: [], match: null, entryMiddleware: [], table: null, directApp: null };
  const root = spec.application;
  if (!root) return { ...base, entry: null };
  let entry: string;
  let entryApp: AppNode;
  if (root.kind === "ProtocolTypeRouter") {
    const found = root.protocols.find((candidate) => candidate.protocol === protocol);
    if (!found) return { ...base, entry: null };
    entry = found.protocol;
    entryApp = found.app;
  } else {
    entry = "*";
    entryApp = root;
  }
  const { app, middleware: entryMiddleware } = unwrapMiddleware(entryApp);
  if (app.kind !== "URLRouter") {
    return {
      ...base,
      entry,
      entryMiddleware,
      directApp: app,
      match: {
        chain: [],
        middleware: entryMiddleware,
        urlRoute: { args: [], kwargs: {} },
        pathRemaining: "",
        endpoint: describeApp(app, undefined),
      },
    };
  }
  const resolution = resolveTable(entriesOf(app, 0, new Set()), request.path, { root_path: request.rootPath });
  const tried = resolution.tried.map(({ route, outcome }) => ({ step: route.target, outcome }));
  if (!resolution.matched) return { ...base, entry, entryMiddleware, table: app, tried };
  const chain = resolution.chain.map((step) => step.target);
  const last = chain[chain.length - 1]!;
  return {
    ...base,
    entry,
    entryMiddleware,
    table: app,
    tried,
    match: {
      chain,
      middleware: [...entryMiddleware, ...chain.flatMap((step) => unwrapMiddleware(step.route.target).middleware)],
      urlRoute: resolution.urlRoute,
      pathRemaining: resolution.remaining,
      endpoint: describeApp(unwrapMiddleware(last.route.target).app, last.route),
    },
  };
}

/** The resolver's view of a table. Routes whose pattern did not compile are left out (they are SIO110 errors). */
function entriesOf(router: URLRouterNode, depth: number, open: Set<URLRouterNode>): RouteEntry<RouteStep>[] {
  const entries: RouteEntry<RouteStep>[] = [];
  open.add(router);
  for (const route of router.routes) {
    const pattern = route.pattern.compiled;
    if (pattern === null) continue;
    const entry: RouteEntry<RouteStep> = { pattern, target: { route, router, depth }, defaults: route.kwargs };
    const inner = unwrapMiddleware(route.target).app;
    if (route.prefix && inner.kind === "URLRouter" && !open.has(inner)) {
      entry.inner = entriesOf(inner, depth + 1, open);
    }
    entries.push(entry);
  }
  open.delete(router);
  return entries;
}

/**
 * What kind of endpoint an app (the target of `route`, when routed) is, and
 * the names it goes by; `kinds` from type resolution, when there was one.
 */
export function describeApp(app: AppNode, route: RouteNode | undefined, kinds?: ResolvedKinds): Endpoint {
  const kind: EndpointKind = route ? targetKind(route, kinds) : app.kind === "SocketIO" ? "socketio" : "unknown";
  switch (app.kind) {
    case "SocketIO":
      return { kind: "socketio", label: "Socket.IO endpoint", targets: app.consumers.map((consumer) => consumer.local) };
    case "Consumer":
      return kind === "socketio"
        ? { kind, label: "Socket.IO endpoint", targets: [app.ref.local] }
        : { kind: "websocket", label: "WebSocket consumer", targets: [app.ref.local] };
    case "NamedApp":
      if (kind === "socketio") return { kind, label: "Socket.IO endpoint", targets: [app.ref.local] };
      if (kind === "websocket") return { kind, label: "WebSocket consumer", targets: [app.ref.local] };
      // A bare imported name is an HTTP app unless type resolution says otherwise (DESIGN §2).
      return { kind: "http", label: "HTTP app", targets: [app.ref.local] };
    default:
      return { kind: "unknown", label: app.kind, targets: [] };
  }
}
