/**
 * The built-in names of the language (Channels' routing names) with their
 * signatures and one-line docs: the binder knows the names by this table, the
 * language server shows the signatures and docs (hover, completion).
 */
export interface Builtin {
  name: string;
  /** How it is called, as in docs/language.md. */
  signature: string;
  doc: string;
}

export const BUILTINS: readonly Builtin[] = [
  {
    name: "ProtocolTypeRouter",
    signature: 'ProtocolTypeRouter({"http": app, "websocket": app})',
    doc: "Dispatches on the connection type; a type with no entry is refused.",
  },
  { name: "URLRouter", signature: "URLRouter([routes])", doc: "Tries its routes in order against the path." },
  {
    name: "re_path",
    signature: "re_path(pattern, target, name=…, kwargs=…)",
    doc: "A route whose pattern is a Python-flavoured regular expression, searched in the path (no leading `/`): `re_path(r\"^socket\\.io/?$\", ChatConsumer.as_asgi())`.",
  },
  {
    name: "path",
    signature: "path(route, target, name=…, kwargs=…)",
    doc: 'A route in Django route syntax with typed converters (`str`, `int`, `slug`, `uuid`, `path`): `path("rooms/<int:id>/", target)`. `path("")` matches only the root.',
  },
  {
    name: "SocketIO",
    signature: "SocketIO(Consumer, …, ping_interval=…, …)",
    doc: "One Socket.IO endpoint (one Engine.IO server) serving the namespaces of the given consumer classes, with Socket.IO options.",
  },
  {
    name: "AllowedHostsOriginValidator",
    signature: "AllowedHostsOriginValidator(app)",
    doc: "Refuses WebSocket connections whose Origin is not in `allowed_hosts`; a Socket.IO endpoint behind it applies the same origins to polling.",
  },
  {
    name: "OriginValidator",
    signature: "OriginValidator(app, [origins])",
    doc: "Refuses WebSocket connections whose Origin is not in the given list; a Socket.IO endpoint behind it applies the same origins to polling.",
  },
  { name: "AuthMiddlewareStack", signature: "AuthMiddlewareStack(app)", doc: "Cookies, session and user in the scope (`scope.user`)." },
  { name: "SessionMiddlewareStack", signature: "SessionMiddlewareStack(app)", doc: "Cookies and session in the scope (`scope.session`)." },
  { name: "CookieMiddleware", signature: "CookieMiddleware(app)", doc: "Parsed cookies in the scope (`scope.cookies`)." },
];

/** `Consumer.as_asgi(...)`: not a name of its own, but documented alike. */
export const AS_ASGI: Builtin = {
  name: "as_asgi",
  signature: "Consumer.as_asgi(ping_interval=…, …)",
  doc: "Mounts a consumer class: a Socket.IO consumer becomes a one-consumer Socket.IO endpoint (keyword options as for `SocketIO`), a WebSocket consumer a WebSocket endpoint (`max_payload`, `per_message_deflate`).",
};

export const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTINS.map((builtin) => builtin.name));

export function builtinNamed(name: string): Builtin | undefined {
  return BUILTINS.find((builtin) => builtin.name === name);
}
