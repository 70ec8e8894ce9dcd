/**
 * `@sio-router/runtime/client`: what a generated Socket.IO client module
 * imports, and nothing else — safe in a browser bundle. It imports no Node
 * module and not socket.io-client (the generated module does, from the front
 * end's own dependencies); the event-map types are types only.
 *
 * The generated client knows each endpoint's route; this turns the server's
 * base URL into what socket.io-client needs so that the client and the
 * server's routing cannot disagree: the URI of the namespace, the `path` the
 * route accepts (under the mount point the base URL names), the transports
 * the endpoint serves.
 */
import { reverseUrl, type UrlPart } from "./routing/reverse.js";

export { RESERVED_EVENTS } from "./socketio/reserved.js";
export type { ClientEventsOf, ServerEventsOf, SocketDataOf, UntypedEvents } from "./socketio/events.js";
export type { UrlPart };

export type Transport = "polling" | "websocket";

/** An endpoint's route as the generated client module describes it. */
export interface SocketIOClientRoute {
  /** The route's URL template from the application's root, with its leading "/" and without a trailing one. */
  readonly path: readonly UrlPart[];
  /** Whether the route takes the path with a trailing "/" (socket.io-client's `addTrailingSlash`). */
  readonly trailingSlash: boolean;
  /** The transports the endpoint serves: routed in the http table (polling), the websocket table (websocket), allowed by its options. */
  readonly transports: readonly Transport[];
  /** False when the endpoint disallows upgrades (`allow_upgrades=False`). */
  readonly upgrade: boolean;
}

/** What the client's options may say about transports; the rest of socket.io-client's options pass through. */
export interface TransportChoice {
  transports?: readonly Transport[];
  upgrade?: boolean;
}

/** The options a route fixes, over the caller's. */
export type RoutedClientOptions<O> = Omit<O, "path" | "addTrailingSlash" | "transports" | "upgrade"> & {
  path: string;
  addTrailingSlash: boolean;
  transports: Transport[];
  upgrade: boolean;
};

/**
 * socket.io-client's `io(uri, options)` arguments for a client of `route`.
 * `baseUrl` is the server's base URL: its origin, plus the mount point when
 * the server runs under a `root_path` (`https://example.com/chat`); the
 * namespace goes into the URI, the route's path into `path`. `options`
 * pass through, except that the route decides the path, and the transports
 * are the route's unless `options` narrows them (the generated types only
 * let it pick among those the endpoint serves).
 */
export function socketIOClientArguments<O extends TransportChoice>(
  baseUrl: string | URL,
  route: SocketIOClientRoute,
  namespace: string,
  options: O,
  kwargs: Readonly<Record<string, string | number>> = {},
): [uri: string, options: RoutedClientOptions<O>] {
  const base = new URL(baseUrl);
  const mount = base.pathname.replace(/\/+$/, "");
  return [
    `${base.origin}${namespace}`,
    {
      ...options,
      path: mount + reverseUrl(route.path, kwargs),
      addTrailingSlash: route.trailingSlash,
      transports: [...(options.transports ?? route.transports)],
      upgrade: route.upgrade && options.upgrade !== false,
    },
  ];
}
