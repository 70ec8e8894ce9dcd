/**
 * Errors of the Socket.IO endpoint, never caused by a client's input. (Bad
 * options are the runtime's SioOptionError, SIO_ERR_INVALID_OPTION.)
 */
export type SocketIOErrorCode =
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
