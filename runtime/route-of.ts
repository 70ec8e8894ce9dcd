/**
 * What generated routers' typed `routeOf(target, name)` calls: the
 * `url_route.kwargs` of a request, an upgrade or a socket, checked against
 * the named route it is said to come from. The generator knows each named
 * route's kwargs and their types (`<int:id>` is a number); this checks that
 * the kwargs the route always captures are there, so a handler reached by
 * another route fails loudly instead of reading `undefined` as a number.
 */
import type { IncomingMessage } from "node:http";
import { SioError } from "./errors.js";
import { scopeOf } from "./http/apps.js";
import { scopeOfSocket } from "./socketio/socket-scope.js";
import type { Scope } from "./types.js";

/** Anything routed: a scope, an HTTP app's request (Node's or a fetch `Request`), a Socket.IO socket. */
export type Routed = Scope | IncomingMessage | Request | { readonly request: IncomingMessage };

function scopeFrom(target: Routed): Scope | undefined {
  if ("raw_path" in target) return target;
  if (target instanceof Request) return scopeOf(target);
  if ("socket" in target) return scopeOf(target);
  return scopeOfSocket(target);
}

/**
 * `url_route.kwargs` of `target`, as the route named `name` produces them.
 * `required`: the kwargs that route always captures (not those in an
 * optional part of a regex).
 */
export function routeKwargs<Kwargs extends object>(target: Routed, name: string, required: readonly string[]): Kwargs {
  const kwargs = scopeFrom(target)?.url_route?.kwargs;
  if (kwargs === undefined) {
    throw new SioError("SIO_ERR_ROUTE", `routeOf(..., ${JSON.stringify(name)}): this was not routed by a URLRouter`);
  }
  for (const kwarg of required) {
    if (!Object.hasOwn(kwargs, kwarg)) {
      throw new SioError("SIO_ERR_ROUTE", `routeOf(..., ${JSON.stringify(name)}): this was not routed through that route (no kwarg ${JSON.stringify(kwarg)})`);
    }
  }
  // The generator typed them from the route's converters; the router converted them.
  return kwargs as Kwargs;
}
