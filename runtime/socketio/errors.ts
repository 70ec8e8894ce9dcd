/** Errors of the Socket.IO endpoint, thrown at start-up (never for a client's input). */
export type SocketIOErrorCode =
  /** A bad option value, in code or in the environment. */
  | "SIO_ERR_SOCKETIO_OPTION"
  /** A consumer class that cannot be mounted (duplicate namespace, reserved event name). */
  | "SIO_ERR_SOCKETIO_CONSUMER"
  /** A socket that did not come through a Socket.IO endpoint has no scope. */
  | "SIO_ERR_SOCKETIO_SCOPE";

export class SocketIOError extends Error {
  override name = "SocketIOError";
  constructor(
    readonly code: SocketIOErrorCode,
    message: string,
  ) {
    super(message);
  }
}
