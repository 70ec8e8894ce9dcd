/**
 * Which apps an app routes to. An application is a tree of closures, which
 * cannot be walked; routers and middleware record their inner apps here when
 * they are built, so that what is built around a Socket.IO endpoint can find
 * it: an origin validator registers its policy with the endpoints it routes
 * to (one policy for every transport, see security/policy.ts), the session
 * middleware asks them about origins. Custom middleware join in through
 * `inheritPathRouting(wrapper, app)`, which they call anyway.
 */
import type { Application } from "../types.js";

const INNER = Symbol.for("sio.inner_apps");

type Linked = Application & { [INNER]?: readonly Application[] };

/** Records the apps `app` routes to (construction time only). */
export function linkInner<A extends Application>(app: A, inner: readonly Application[]): A {
  Object.defineProperty(app, INNER, { value: Object.freeze(inner.slice()), configurable: true });
  return app;
}

/** `app` and every app it routes to, each once (depth first). */
export function appsBelow(app: Application): Application[] {
  const seen = new Set<Application>();
  const stack: Application[] = [app];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const inner of (next as Linked)[INNER] ?? []) stack.push(inner);
  }
  return [...seen];
}
