/**
 * Example requests that reach a route: candidate paths from the reachability
 * engine (the shortest paths each pattern of the prefix chain captures, the
 * Socket.IO client's path first for a Socket.IO route), each kept only when
 * `explainRequest` — the runtime's own resolver — says it ends at that route.
 * An example shown is therefore one the server would route there.
 */
import { routesOf, SOCKETIO_CLIENT_PATH, unwrapMiddleware, type ResolvedKinds, type RoutedRoute } from "../../generator/model/classify.js";
import type { RouteNode, Spec } from "../../generator/model/model.js";
import { acceptsPath, shortestPaths } from "../../generator/reachability/index.js";
import { describeApp, explainRequest, type EndpointKind, type Method, type Request } from "./walk.js";

/** Shortest paths tried per pattern of the chain. */
const PATHS_PER_PATTERN = 3;
/** Bound on the requests explained for one route. */
const MAX_TRIES = 32;

/** Requests reaching `route`, at most one per method, in protocol order; `kinds` from type resolution. */
export function exampleRequests(spec: Spec, route: RouteNode, kinds?: ResolvedKinds): Request[] {
  const examples: Request[] = [];
  for (const routed of routesOf(spec)) {
    if (routed.route !== route) continue;
    const kind = describeApp(unwrapMiddleware(route.target).app, route, kinds).kind;
    for (const method of methodsFor(routed.protocol, kind)) {
      if (examples.some((example) => example.method === method)) continue;
      const found = firstReaching(spec, routed, method, kind === "socketio");
      if (found) examples.push(found);
    }
  }
  return examples;
}

function methodsFor(protocol: string, kind: EndpointKind): Method[] {
  if (protocol === "http") return ["GET"];
  if (protocol === "websocket") return ["WS"];
  if (kind === "socketio") return ["GET", "WS"];
  return kind === "websocket" ? ["WS"] : ["GET"];
}

function firstReaching(spec: Spec, routed: RoutedRoute, method: Method, socketIO: boolean): Request | null {
  const chain = [...routed.table.via, routed.route];
  const levels = chain.map((step, index) => {
    const pattern = step.pattern.compiled;
    if (!pattern) return [];
    const paths = shortestPaths(pattern, PATHS_PER_PATTERN);
    const last = index === chain.length - 1;
    return last && socketIO && acceptsPath(pattern, SOCKETIO_CLIENT_PATH) ? [SOCKETIO_CLIENT_PATH, ...paths] : paths;
  });
  const query = socketIO ? `EIO=4&transport=${method === "WS" ? "websocket" : "polling"}` : "";
  let tries = 0;
  for (const path of joinLevels(levels)) {
    if (++tries > MAX_TRIES) break;
    const request: Request = { method, path: `/${path}`, query, rootPath: "" };
    const match = explainRequest(spec, request).match;
    if (match && match.chain[match.chain.length - 1]?.route === routed.route) return request;
  }
  return null;
}

/** Every concatenation of one path per level, in order (earlier choices vary slowest). */
function* joinLevels(levels: readonly string[][], prefix = ""): Generator<string> {
  const [first, ...rest] = levels;
  if (first === undefined) {
    yield prefix;
    return;
  }
  for (const path of new Set(first)) yield* joinLevels(rest, prefix + path);
}
