/**
 * Where each Socket.IO endpoint is routed, per transport: the shared ground of
 * SIO102–SIO104 and SIO109, computed once per spec so the rules agree on
 * which problem a route has (one diagnostic per problem).
 */
import type { Span } from "../../grammar/diagnostics.js";
import {
  endpointKey,
  isSocketIORoute,
  protocolRouterOf,
  routesOf,
  tablesOf,
  type ResolvedKinds,
  type RoutedRoute,
} from "../model/classify.js";
import type { ProtocolTypeRouterNode, RouteNode, Spec } from "../model/model.js";

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

function computeUses(spec: Spec, kinds: ResolvedKinds | undefined): SocketIOUses {
  const router = protocolRouterOf(spec)?.router ?? null;
  const routed = routesOf(spec);
  const keys: string[] = [];
  for (const { route } of routed) {
    const key = endpointKey(route);
    if (key !== null && !keys.includes(key) && isSocketIORoute(route, kinds)) keys.push(key);
  }
  const uses: SocketIOUse[] = [];
  const routedEndpoints: { transport: Transport; routed: RoutedRoute; key: string | null; path: string }[] = [];
  for (const r of routed) {
    if (r.protocol !== "http" && r.protocol !== "websocket") continue;
    const key = endpointKey(r.route);
    const path = [...r.table.via, r.route].map((route) => `${route.fn}:${route.pattern.source}`).join("\u0000");
    routedEndpoints.push({ transport: r.protocol, routed: r, key, path });
    if (key !== null && keys.includes(key)) uses.push({ transport: r.protocol, key, routed: r, path });
  }
  const mismatches: TargetMismatch[] = [];
  for (const use of uses) {
    const other: Transport = use.transport === "http" ? "websocket" : "http";
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
  }));
  return { router, endpoints, mismatches };
}

/** Where a transport's routing is: its top-level table, else its entry, else the ProtocolTypeRouter. */
export function transportSpan(spec: Spec, router: ProtocolTypeRouterNode, transport: Transport): { span: Span; message: string } {
  const table = tablesOf(spec).find((t) => t.protocol === transport && t.via.length === 0);
  if (table) return { span: table.router.span, message: `the ${transport} table` };
  const entry = router.protocols.find((p) => p.protocol === transport);
  if (entry) return { span: entry.app.span, message: `the ${transport} entry` };
  return { span: router.span, message: `the ProtocolTypeRouter has no "${transport}" entry` };
}

/**
 * Endpoints routed on one transport only (SIO102, SIO103): the first route
 * that reaches each, and where the other transport's table is. Endpoints
 * already reported as a mismatch (SIO104) are left out.
 */
export function routedOnlyOn(
  spec: Spec,
  kinds: ResolvedKinds | undefined,
  transport: Transport,
): Array<{ route: RouteNode; other: { span: Span; message: string } }> {
  const { router, endpoints } = socketIOUsesOf(spec, kinds);
  if (!router) return [];
  const otherTransport: Transport = transport === "http" ? "websocket" : "http";
  const found: Array<{ route: RouteNode; other: { span: Span; message: string } }> = [];
  for (const endpoint of endpoints) {
    const first = endpoint[transport][0];
    if (endpoint.mismatched || endpoint[otherTransport].length > 0 || !first) continue;
    found.push({ route: first.routed.route, other: transportSpan(spec, router, otherTransport) });
  }
  return found;
}
