/** The TypeScript modules and specs the language server tests open. */

export const CONSUMERS = `import { SocketIOConsumer } from "@sio-router/runtime";

export class ChatConsumer extends SocketIOConsumer {}
`;

export const APP = `import type { IncomingMessage, ServerResponse } from "node:http";

export default function app(req: IncomingMessage, res: ServerResponse): void {
  res.end();
}
`;
/** A clean spec: a Socket.IO route shared by both protocols, an API under a prefix, a fallback. */
export const FEATURES = `import { ChatConsumer } from "./consumers"
import djangoApp from "./app"

settings {
  allowed_hosts = ["localhost"]
}

socketio_urlpatterns = [
  re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),
]

api = URLRouter([
  path("rooms/<int:id>/", djangoApp),
])

application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(
    AuthMiddlewareStack(URLRouter(socketio_urlpatterns))
  ),
  "http": AuthMiddlewareStack(
    URLRouter(socketio_urlpatterns + [
      re_path(r"^api/", api),
      re_path("", djangoApp),
    ])
  ),
})
`;
