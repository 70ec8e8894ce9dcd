/**
 * Channels marks URLRouter with `_path_routing = True` so that a route whose
 * target is a router is compiled as a prefix (non-endpoint) pattern. We mark
 * the apps URLRouter builds with a non-enumerable symbol, and the built-in
 * middleware carry the mark of the app they wrap, so
 * `path("chat/", AuthMiddlewareStack(URLRouter(...)))` is a prefix route too.
 * Custom middleware can do the same with `inheritPathRouting`.
 */
import type { Application } from "../types.js";
import { linkInner } from "./tree.js";

const PATH_ROUTING = Symbol.for("sio.path_routing");

type Marked = Application & { [PATH_ROUTING]?: true };

export function markPathRouting<A extends Application>(app: A): A {
  Object.defineProperty(app, PATH_ROUTING, { value: true });
  return app;
}

/** Whether `app` routes on the rest of the path (a URLRouter, possibly inside middleware). */
export function isPathRouting(app: Application): boolean {
  return (app as Marked)[PATH_ROUTING] === true;
}

/**
 * Gives `wrapper` the mark of `inner`: what a middleware returns routes like
 * what it wraps. It also records that `wrapper` routes to `inner`, so that
 * validators built around it find the Socket.IO endpoints inside (tree.ts).
 */
export function inheritPathRouting<A extends Application>(wrapper: A, inner: Application): A {
  linkInner(wrapper, [inner]);
  return isPathRouting(inner) ? markPathRouting(wrapper) : wrapper;
}
