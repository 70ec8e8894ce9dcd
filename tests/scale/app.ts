/**
 * What the scale-out tests serve in each process: the demo chat (routes.sio:
 * its Socket.IO consumer, login and session through AuthMiddlewareStack),
 * plus a WebSocket consumer in Channels style that talks through a group,
 * a page that says which process answered, and an HTTP app that emits to a
 * chat room from outside the consumer. Connection state recovery
 * is on, so that a client moved to another process gets what it missed.
 */
import {
  AllowedHostsOriginValidator,
  AsyncWebsocketConsumer,
  AuthMiddlewareStack,
  nodeApp,
  path,
  ProtocolTypeRouter,
  re_path,
  scopeOf,
  URLRouter,
  type ChannelMessage,
} from "@sio-router/runtime";
import { clusterSlot } from "@sio-router/runtime/cluster";
import djangoApp from "../../fixtures/chat/app.js";
import { ChatConsumer } from "../../fixtures/chat/consumers.js";

const chat = ChatConsumer.as_asgi({ connectionStateRecovery: { maxDisconnectionDuration: 60_000 } });
const chatNamespace = chat.namespaceOf(ChatConsumer);

/** Channels' tutorial room: every message to the room's group, sent to every member. */
export class RoomConsumer extends AsyncWebsocketConsumer {
  get room(): string {
    return `room-${String(this.scope.url_route?.kwargs.room)}`;
  }

  override async connect(): Promise<void> {
    await this.channel_layer.group_add(this.room, this.channel_name);
    await this.accept();
  }

  override async receive(text: string | Buffer): Promise<void> {
    await this.channel_layer.group_send(this.room, { type: "chat.message", text: String(text), from: process.pid });
  }

  async chat_message(event: ChannelMessage): Promise<void> {
    await this.send(JSON.stringify(event));
  }
}

/** Which process answered, and who the session says the user is. */
const whoami = nodeApp((req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ pid: process.pid, slot: clusterSlot() ?? null, user: scopeOf(req)?.user?.username || null }));
});

/**
 * POST /announce/<room>: the body, sent to the room's members on every
 * process through the endpoint's typed namespace (as a background job would),
 * answered with how many sockets the room has across processes.
 */
const announce = nodeApp(async (req, res) => {
  const room = String(scopeOf(req)?.url_route?.kwargs.room);
  let text = "";
  for await (const chunk of req) text += String(chunk);
  chatNamespace.to(`room:${room}`).emit("message", { room, from: "announcer", authenticated: false, text, at: Date.now() });
  const members = await chatNamespace.in(`room:${room}`).fetchSockets();
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ members: members.length }));
});

const settings = { allowed_hosts: ["127.0.0.1", "localhost"] };

export const application = ProtocolTypeRouter({
  websocket: AllowedHostsOriginValidator(
    AuthMiddlewareStack(URLRouter([re_path(String.raw`^socket\.io/?$`, chat), path("ws/room/<room>/", RoomConsumer.as_asgi())])),
    settings,
  ),
  http: AuthMiddlewareStack(URLRouter([re_path(String.raw`^socket\.io/?$`, chat), path("whoami", whoami), path("announce/<room>", announce), re_path("", nodeApp(djangoApp))])),
});
