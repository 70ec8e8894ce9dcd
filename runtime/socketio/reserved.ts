/**
 * Event names socket.io keeps for itself: no client event can have them (a
 * consumer's `event_connect` is refused at start-up) and emitting one throws.
 */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);
