/**
 * Reachability findings for every URLRouter of a spec, computed once per
 * spec with the automata engine (generator/reachability) and shared by
 * SIO101, SIO105 and SIO106 so that each problem gets one diagnostic: a
 * Socket.IO route captured by an earlier route is SIO101, never also SIO105.
 *
 * A table is analysed once even when several protocols route through it
 * (the same URLRouter object), so shared tables are not reported twice.
 */
import { matchPattern } from "@sio-router/runtime/matching";
import {
  SOCKET_IO_CLIENT_PATH,
  acceptsPath,
  analyzeTable,
  coversEverything,
  decideByPaths,
  firstOverlap,
  sharedPath,
  type TableRoute,
} from "../reachability/index.js";
import { endpointKey, isSocketIORoute, unwrapMiddleware, type ResolvedKinds } from "../model/classify.js";
import type { RouteNode, Spec, URLRouterNode } from "../model/model.js";
import { describeRoute } from "./describe.js";
import { spanKey } from "./syntax.js";

/** An earlier route takes requests meant for a Socket.IO route (SIO101). */
export interface SocketIOCapture {
  router: URLRouterNode;
  route: RouteNode;
  earlier: RouteNode;
  /** A path both capture, e.g. `socket.io/`, confirmed by both regexes; absent when undecidable. */
  witness?: string;
  /** Why an overlap could not be decided (and no shared path was found); then the finding is a possibility. */
  undecidable?: string;
}

/** A route every path of which earlier routes capture, or may capture (SIO105). */
export interface UnreachableRoute {
  router: URLRouterNode;
  route: RouteNode;
  shadowedBy: RouteNode[];
  /** Set when containment could not be decided: the route may be unreachable. */
  undecidable?: string;
}

/** A route whose analysis ran out of its budget (SIO114): nothing was decided about it. */
export interface SkippedRoute {
  route: RouteNode;
  /** What could not be analysed, and the limit it hit. */
  reason: string;
}

/** A route whose pattern matches no path a router can see (SIO106). */
export interface NeverMatchingRoute {
  route: RouteNode;
  /** It matches paths, but each starts with '/', which the router strips before matching. */
  onlyLeadingSlash: boolean;
}

export interface ReachabilityFindings {
  captures: SocketIOCapture[];
  unreachable: UnreachableRoute[];
  matchesNothing: NeverMatchingRoute[];
  skipped: SkippedRoute[];
}

const cache = new WeakMap<Spec, { kinds: ResolvedKinds | undefined; findings: ReachabilityFindings }>();

export function reachabilityOf(spec: Spec, kinds: ResolvedKinds | undefined): ReachabilityFindings {
  const cached = cache.get(spec);
  if (cached && cached.kinds === kinds) return cached.findings;
  const findings = new TableAnalyzer(kinds).analyze(spec.routers);
  cache.set(spec, { kinds, findings });
  return findings;
}

/** A table's routes with a compiled pattern, as the engine takes them, beside the model routes. */
interface PreparedTable {
  routes: RouteNode[];
  table: TableRoute[];
}

class TableAnalyzer {
  private readonly prepared = new Map<URLRouterNode, PreparedTable>();
  private readonly covering = new Map<URLRouterNode, boolean>();
  private readonly findings: ReachabilityFindings = { captures: [], unreachable: [], matchesNothing: [], skipped: [] };
  private readonly skippedRoutes = new Set<RouteNode>();

  constructor(private readonly kinds: ResolvedKinds | undefined) {}

  analyze(routers: readonly URLRouterNode[]): ReachabilityFindings {
    const nothing = new Set<RouteNode>();
    // Two tables built from one list (a binding used by both protocols) share the problem: report it once.
    const seen = new Set<string>();
    const fresh = (route: RouteNode, others: readonly RouteNode[]): boolean => {
      const key = [route, ...others].map((r) => spanKey(r.span)).join("|");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    for (const router of routers) {
      const { routes, table } = this.prepare(router);
      if (routes.length === 0) continue;
      const analysis = analyzeTable(table);
      const captured = new Set<RouteNode>();
      routes.forEach((route, index) => {
        if (!isSocketIORoute(route, this.kinds)) return;
        const capture = this.socketIOCapture(router, routes, table, index);
        if (capture) {
          if (fresh(route, [capture.earlier])) this.findings.captures.push(capture);
          captured.add(route);
        }
      });
      analysis.routes.forEach((result, index) => {
        const route = routes[index]!;
        if (result.skipped !== undefined) {
          // Over budget on automata: concrete paths may still decide it.
          const decision = decideByPaths(table, index);
          if (decision?.kind === "unreachable" && !captured.has(route)) {
            const shadowedBy = decision.capturedBy.map((i) => routes[i]!);
            if (fresh(route, shadowedBy)) this.findings.unreachable.push({ router, route, shadowedBy });
          } else if (decision === undefined) this.skip(route, result.skipped);
          return;
        }
        if (result.matchesNothing) {
          if (!nothing.has(route)) this.findings.matchesNothing.push({ route, onlyLeadingSlash: result.onlyLeadingSlash === true });
          nothing.add(route);
          return;
        }
        if (captured.has(route) || result.shadowedBy.length === 0) return;
        const shadowedBy = result.shadowedBy.map((i) => routes[i]!);
        if (!fresh(route, shadowedBy)) return;
        if (result.unreachable) {
          this.findings.unreachable.push({ router, route, shadowedBy: singleCover(route, shadowedBy) ?? shadowedBy });
          return;
        }
        if (result.undecidable === undefined) return;
        // Beyond automata: concrete paths may still decide it, and only then is it a verdict.
        const decision = decideByPaths(table, index);
        if (decision?.kind === "unreachable") {
          this.findings.unreachable.push({ router, route, shadowedBy: decision.capturedBy.map((i) => routes[i]!) });
        } else if (decision === undefined) {
          this.findings.unreachable.push({ router, route, shadowedBy, undecidable: explain(result.undecidable, routes, shadowedBy) });
        }
      });
    }
    return this.findings;
  }

  /**
   * The first earlier route taking some of a Socket.IO route's paths, unless
   * it reaches the same endpoint (a duplicate route: SIO105's business).
   */
  private socketIOCapture(router: URLRouterNode, routes: RouteNode[], table: TableRoute[], index: number): SocketIOCapture | null {
    const route = routes[index]!;
    const overlap = firstOverlap(table, index);
    // A prefix route that can fall through captures nothing for sure, but it may still take the client's very path.
    const limit = overlap ? overlap.earlier : index;
    if (acceptsPath(route.pattern.compiled!, SOCKET_IO_CLIENT_PATH)) {
      for (let i = 0; i < limit; i++) {
        const earlier = routes[i]!;
        if (earlier.prefix && !table[i]!.captures && takesPath(earlier, SOCKET_IO_CLIENT_PATH, 0)) {
          return { router, route, earlier, witness: SOCKET_IO_CLIENT_PATH };
        }
      }
    }
    // An undecided overlap is only a possibility: a later earlier route may still capture it for sure.
    let possible: SocketIOCapture | null = null;
    for (let found = overlap; found !== null; found = firstOverlap(table, index, { from: found.earlier + 1 })) {
      const earlier = routes[found.earlier]!;
      if (!earlier.prefix && endpointKey(earlier) === endpointKey(route)) return possible;
      if (found.kind === "overlap") return { router, route, earlier, witness: found.witness };
      if (found.kind === "skipped") {
        this.skip(route, found.reason);
        return possible;
      }
      const witness = sharedPath(table, found.earlier, index);
      if (witness !== undefined) return { router, route, earlier, witness };
      possible ??= { router, route, earlier, undecidable: found.reason };
    }
    return possible;
  }

  private skip(route: RouteNode, reason: string): void {
    if (this.skippedRoutes.has(route)) return;
    this.skippedRoutes.add(route);
    this.findings.skipped.push({ route, reason });
  }

  private prepare(router: URLRouterNode): PreparedTable {
    const done = this.prepared.get(router);
    if (done) return done;
    // Provisional entry: a router reached from inside itself cannot be written, but must not loop.
    this.prepared.set(router, { routes: [], table: [] });
    const routes: RouteNode[] = [];
    const table: TableRoute[] = [];
    for (const route of router.routes) {
      const pattern = route.pattern.compiled;
      if (!pattern) continue;
      routes.push(route);
      table.push({ pattern, captures: !route.prefix || this.coversEverything(route) });
    }
    const result = { routes, table };
    this.prepared.set(router, result);
    return result;
  }

  /** Whether a prefix route's inner router captures every remaining path (never falls through). */
  private coversEverything(route: RouteNode): boolean {
    const inner = unwrapMiddleware(route.target).app;
    if (inner.kind !== "URLRouter") return false;
    const known = this.covering.get(inner);
    if (known !== undefined) return known;
    this.covering.set(inner, false);
    const covers = coversEverything(this.prepare(inner).table);
    this.covering.set(inner, covers);
    return covers;
  }
}

/**
 * The engine names an earlier route by its index in the table; messages name
 * it by its pattern, unless it is the one shadowing route the message names.
 */
function explain(reason: string, routes: readonly RouteNode[], shadowedBy: readonly RouteNode[]): string {
  const match = /^earlier route (\d+): (.*)$/s.exec(reason);
  const route = match ? routes[Number(match[1])] : undefined;
  if (!route) return reason;
  return shadowedBy.length === 1 && shadowedBy[0] === route ? match![2]! : `in ${describeRoute(route)}, ${match![2]}`;
}

/** The first earlier route that alone captures every path of `route`, so a message names just it. */
function singleCover(route: RouteNode, shadowedBy: readonly RouteNode[]): RouteNode[] | null {
  if (shadowedBy.length < 2) return null;
  const pattern = route.pattern.compiled!;
  for (const earlier of shadowedBy) {
    const pair = analyzeTable([
      { pattern: earlier.pattern.compiled!, captures: true },
      { pattern, captures: true },
    ]);
    if (pair.routes[1]!.unreachable) return [earlier];
  }
  return null;
}

/** Whether a request for `path` ends at this route (through its inner routers), as the runtime routes it. */
function takesPath(route: RouteNode, path: string, depth: number): boolean {
  const pattern = route.pattern.compiled;
  const match = pattern ? matchPattern(pattern, path) : null;
  if (!match) return false;
  if (!route.prefix) return true;
  const inner = unwrapMiddleware(route.target).app;
  // Nesting is bounded by the parser; the depth guard keeps a malformed model from looping.
  if (inner.kind !== "URLRouter" || depth > 256) return false;
  const remaining = match.remaining.replace(/^\/+/, "");
  return inner.routes.some((r) => takesPath(r, remaining, depth + 1));
}
