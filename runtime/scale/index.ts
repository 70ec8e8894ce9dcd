/** Scale-out, re-exported by `@sio-router/runtime`; the cluster's primary and workers are `@sio-router/runtime/cluster`. */
export { closeScaleOut, configureScaleOut, get_channel_layer, REDIS_URL_ENV, type ScaleOutSettings, type SocketIOAdapterName } from "./backplane.js";
export type { ChannelLayer, ChannelMessage } from "./channel-layer.js";
export { expressSessionStore, RedisSessionStore, type ExpressStoreLike, type RedisSessionCommands } from "./session-stores.js";
