/**
 * `@sio-router/runtime`: what generated routers (and hand-written ones) import —
 * routers, middleware, HTTP apps, consumers and the server.
 */
export type { Address, Application, Connection, Scope, Session, Settings, UrlRoute, User } from "./types.js";

export {
  ProtocolTypeRouter,
  URLRouter,
  path,
  re_path,
  inheritPathRouting,
  isPathRouting,
  reverseUrl,
  type Route,
  type RouteOptions,
  type UrlPart,
} from "./routing/index.js";
export { patternFromRegExp, type CompiledPattern } from "./matching/index.js";

export {
  AllowedHostsMiddleware,
  AllowedHostsOriginValidator,
  AnonymousUser,
  AuthMiddleware,
  AuthMiddlewareStack,
  configureAuth,
  CookieMiddleware,
  createOriginCheck,
  login,
  logout,
  MemorySessionStore,
  OriginValidator,
  SessionMiddleware,
  SessionMiddlewareStack,
  SioSession,
  type AuthOptions,
  type SessionData,
  type SessionOptions,
  type SessionStore,
  type UserResolver,
} from "./middleware/index.js";

export { fetchApp, httpApp, nodeApp, scopeOf, type FetchHandler, type RequestListener } from "./http/index.js";

export { AsyncWebsocketConsumer, WebsocketConsumer, type WebsocketConsumerOptions } from "./websocket/index.js";

export {
  SOCKETIO_OPTIONS,
  SocketIO,
  SocketIOConsumer,
  SocketIOError,
  scopeOfSocket,
  type ClientEventsOf,
  type ConsumerNamespace,
  type ConsumerSocket,
  type ServerEventsOf,
  type SocketDataOf,
  type SocketIOConsumerClass,
  type SocketIOEndpoint,
  type SocketIOOptionName,
  type SocketIOOptions,
  type UntypedEvents,
} from "./socketio/index.js";
export { routeKwargs, type Routed } from "./route-of.js";

export { serve, type ServeOptions, type SioServer } from "./serve.js";

export {
  closeScaleOut,
  configureScaleOut,
  expressSessionStore,
  get_channel_layer,
  RedisSessionStore,
  REDIS_URL_ENV,
  type ChannelLayer,
  type ChannelMessage,
  type ExpressStoreLike,
  type RedisSessionCommands,
  type ScaleOutSettings,
  type SocketIOAdapterName,
} from "./scale/index.js";
export { isClosing, loggerOf, offServerClose, onServerClose, type Closer } from "./lifecycle.js";
export { consoleLogger, quietLogger, setDefaultLogger, type Logger } from "./logger.js";
export { SioError, SioOptionError, SIO_ERROR_CODES, type SioErrorCode } from "./errors.js";
