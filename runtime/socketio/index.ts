/** The Socket.IO endpoint, re-exported by `@sio-router/runtime`. */
export { SocketIOConsumer, type SocketIOConsumerClass } from "./consumer.js";
export { SocketIO, type SocketIOEndpoint } from "./endpoint.js";
export { SocketIOError, type SocketIOErrorCode } from "./errors.js";
export type { ClientEventsOf, ConsumerNamespace, ConsumerSocket, ServerEventsOf, SocketDataOf, UntypedEvents } from "./events.js";
export { SOCKETIO_OPTIONS, type SocketIOOptionName, type SocketIOOptions } from "./options.js";
export { environmentVariableOf, resolveSocketIOOptions, type ResolvedSocketIOOptions } from "./resolve-options.js";
export { scopeOfSocket } from "./socket-scope.js";
