/**
 * Where each Socket.IO endpoint is routed, per transport: the shared ground of
 * SIO102–SIO104 and SIO109, computed once per spec so the rules agree on
 * which problem a route has (one diagnostic per problem).
 */
import type { Span } from "../../grammar/diagnostics.js";
import {
  endpointKey,
  endpointTransports,
  isSocketIORoute,
  protocolRouterOf,
  socketIOByPattern,
  routesOf,
  tablesOf,
  type ResolvedKinds,
  type RoutedRoute,
} from "../model/classify.js";
import type { ProtocolTypeRouterNode, RouteNode, Spec, ValueNode } from "../model/model.js";
import { reachabilityOf } from "./route-reachability.js";

export type Transport = "http" | "websocket";

/** A route reaching a Socket.IO endpoint, as one transport reaches it. */
export interface SocketIOUse {
  transport: Transport;
  key: string;
  routed: RoutedRoute;
  /** The patterns from the outermost table down to the route: equal paths route alike. */
  path: string;
}

/** The same path routed to different endpoints on the two transports. */
export interface TargetMismatch {
  websocket: RoutedRoute;
  http: RoutedRoute;
}

/** One Socket.IO endpoint and the routes that reach it, per transport, in routing order. */
export interface SocketIOEndpointUses {
  key: string;
  http: SocketIOUse[];
  websocket: SocketIOUse[];
  /** Part of a target mismatch: SIO104 covers it, not SIO102/SIO103/SIO109. */
  mismatched: boolean;
  /** The tables its Engine.IO transports need: http for polling, websocket for WebSocket. */
  needs: Record<Transport, boolean>;
  /** The first `transports=[...]` option that narrows them; null when every route takes both. */
  transportsOption: ValueNode | null;
}

export interface SocketIOUses {
  /** The ProtocolTypeRouter, or null when the application is not one (then both transports share every table). */
  router: ProtocolTypeRouterNode | null;
  /** Socket.IO endpoints, in order of first appearance. */
  endpoints: SocketIOEndpointUses[];
  mismatches: TargetMismatch[];
}

const cache = new WeakMap<Spec, { kinds: ResolvedKinds | undefined; uses: SocketIOUses }>();

export function socketIOUsesOf(spec: Spec, kinds: ResolvedKinds | undefined): SocketIOUses {
  const cached = cache.get(spec);
  if (cached && cached.kinds === kinds) return cached.uses;
  const uses = computeUses(spec, kinds);
  cache.set(spec, { kinds, uses });
  return uses;
}

/** The patterns from the outermost table down to the route: equal paths route alike. */
function pathOf(routed: RoutedRoute): string {
  return [...routed.table.via, routed.route].map((route) => `${route.fn}:${route.pattern.source}`).join("\u0000");
}

function computeUses(spec: Spec, kinds: ResolvedKinds | undefined): SocketIOUses {
  const router = protocolRouterOf(spec)?.router ?? null;
  const routed = routesOf(spec);
  const keys: string[] = [];
  const needs = new Map<string, Record<Transport, boolean>>();
  const options = new Map<string, ValueNode>();
  // A consumer taken for Socket.IO only by its pattern, placed before a Socket.IO route it captures
  // (`re_path("", EchoConsumer.as_asgi())` first): SIO101 reports that root cause, once; its
  // transports are not a second problem.
  const capturing = new Set(reachabilityOf(spec, kinds).captures.map((capture) => capture.earlier));
  const isUse = (route: RouteNode) => isSocketIORoute(route, kinds) && !(capturing.has(route) && socketIOByPattern(route, kinds));
  for (const { route } of routed) {
    const key = endpointKey(route);
    if (key === null || !isUse(route)) continue;
    if (!keys.includes(key)) keys.push(key);
    // One endpoint may be written on several routes: it needs a table when any of them says so.
    const transports = endpointTransports(route);
    const known = needs.get(key) ?? { http: false, websocket: false };
    needs.set(key, { http: known.http || transports.polling, websocket: known.websocket || transports.websocket });
    if (transports.option && !options.has(key)) options.set(key, transports.option);
  }
  const uses: SocketIOUse[] = [];
  const routedEndpoints: { transport: Transport; routed: RoutedRoute; key: string | null; path: string }[] = [];
  for (const r of routed) {
    if (r.protocol !== "http" && r.protocol !== "websocket") continue;
    const key = endpointKey(r.route);
    const path = pathOf(r);
    routedEndpoints.push({ transport: r.protocol, routed: r, key, path });
    if (key !== null && keys.includes(key) && isUse(r.route)) uses.push({ transport: r.protocol, key, routed: r, path });
  }
  const mismatches: TargetMismatch[] = [];
  for (const use of uses) {
    const other: Transport = use.transport === "http" ? "websocket" : "http";
    // An endpoint that never uses the other transport has no upgrade to lose there.
    if (!needs.get(use.key)![other]) continue;
    const clash = routedEndpoints.find((e) => e.transport === other && e.path === use.path && e.key !== use.key);
    if (!clash) continue;
    const pair: TargetMismatch =
      use.transport === "websocket" ? { websocket: use.routed, http: clash.routed } : { websocket: clash.routed, http: use.routed };
    if (!mismatches.some((m) => m.websocket === pair.websocket && m.http === pair.http)) mismatches.push(pair);
  }
  const mismatchedKeys = new Set(mismatches.flatMap((m) => [endpointKey(m.websocket.route), endpointKey(m.http.route)]));
  const endpoints = keys.map((key) => ({
    key,
    http: uses.filter((u) => u.key === key && u.transport === "http"),
    websocket: uses.filter((u) => u.key === key && u.transport === "websocket"),
    mismatched: mismatchedKeys.has(key),
    needs: needs.get(key)!,
    transportsOption: options.get(key) ?? null,
  }));
  return { router, endpoints, mismatches };
}

/**
 * Routes of the other transport's tables that take the same path as `route`
 * to another endpoint: where a transport disagreement caused by `route`
 * shows (related places of the one diagnostic that reports its root cause).
 */
export function samePathElsewhere(spec: Spec, route: RouteNode): RoutedRoute[] {
  const routed = routesOf(spec);
  const mine = routed.filter((r) => r.route === route);
  return routed.filter((other) =>
    mine.some((m) => other.protocol !== m.protocol && other.route !== route && pathOf(other) === pathOf(m) && endpointKey(other.route) !== endpointKey(route)),
  );
}

/** Where a transport's routing is: its top-level table, else its entry, else the ProtocolTypeRouter. */
export function transportSpan(spec: Spec, router: ProtocolTypeRouterNode, transport: Transport): { span: Span; message: string } {
  const table = tablesOf(spec).find((t) => t.protocol === transport && t.via.length === 0);
  if (table) return { span: table.router.span, message: `the ${transport} table` };
  const entry = router.protocols.find((p) => p.protocol === transport);
  if (entry) return { span: entry.app.span, message: `the ${transport} entry` };
  return { span: router.span, message: `the ProtocolTypeRouter has no "${transport}" entry` };
}

/** An endpoint routed on one transport only, where its transports need the other table too. */
export interface OneSidedEndpoint {
  endpoint: SocketIOEndpointUses;
  /** The first route that reaches it. */
  route: RouteNode;
  /** Where the other transport's table is. */
  other: { span: Span; message: string };
}

/**
 * Endpoints routed on `transport` only although their transports need the
 * other table (SIO102, SIO103): a `transports=["websocket"]` endpoint needs
 * no http route, a `transports=["polling"]` one no websocket route. Endpoints
 * already reported as a mismatch (SIO104) are left out.
 */
export function routedOnlyOn(spec: Spec, kinds: ResolvedKinds | undefined, transport: Transport): OneSidedEndpoint[] {
  const { router, endpoints } = socketIOUsesOf(spec, kinds);
  if (!router) return [];
  const otherTransport: Transport = transport === "http" ? "websocket" : "http";
  const found: OneSidedEndpoint[] = [];
  for (const endpoint of endpoints) {
    const first = endpoint[transport][0];
    if (endpoint.mismatched || !endpoint.needs[otherTransport] || endpoint[otherTransport].length > 0 || !first) continue;
    found.push({ endpoint, route: first.routed.route, other: transportSpan(spec, router, otherTransport) });
  }
  return found;
}

/** `transports=["websocket"]`, as written in the spec, for messages. */
export function describeTransports(endpoint: SocketIOEndpointUses): string {
  const option = endpoint.transportsOption;
  const listed = option && Array.isArray(option.value) ? option.value : ["polling", "websocket"];
  return `transports=[${listed.map((t) => JSON.stringify(t)).join(", ")}]`;
}
