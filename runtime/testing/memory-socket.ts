/**
 * A connection that never leaves the process: two Duplex ends, what one
 * writes the other reads. Node's http server and client, `ws` and
 * Engine.IO's Node transports run on it unchanged — real HTTP/1.1 and real
 * WebSocket framing, no port. It offers the few `net.Socket` methods they
 * call (timeouts, Nagle, keep-alive and ref are meaningless in memory).
 *
 * Hand-written because what there is does not fit: `stream.duplexPair()` is
 * Node 22.6+, and the npm pairs neither propagate the end of one side to the
 * other nor offer those socket methods.
 */
import { Duplex } from "node:stream";

export class MemorySocket extends Duplex {
  #peer: MemorySocket | undefined;
  /** What serve() reads to know whether a response has started. */
  bytesWritten = 0;
  /** No address: the scope's `client` and `server` are null, as ASGI allows. */
  readonly remoteAddress = undefined;
  readonly remotePort = undefined;
  readonly localAddress = undefined;
  readonly localPort = undefined;

  private constructor() {
    // As net.Socket by default: the end of what arrives ends what is sent.
    super({ allowHalfOpen: false });
  }

  /** Two connected ends: [the client's, the server's]. */
  static pair(): [client: MemorySocket, server: MemorySocket] {
    const client = new MemorySocket();
    const server = new MemorySocket();
    client.#peer = server;
    server.#peer = client;
    return [client, server];
  }

  override _read(): void {}

  // Delivered on a later tick, as a network would: a reply written while the
  // other side is still handling the data that caused it must not re-enter
  // that handler (ws loses such frames). Ticks run in order, so bytes do too.
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bytesWritten += chunk.length;
    process.nextTick(() => {
      if (this.#peer && !this.#peer.destroyed) this.#peer.push(chunk);
      callback();
    });
  }

  override _final(callback: (error?: Error | null) => void): void {
    process.nextTick(() => {
      this.#peer?.push(null);
      callback();
    });
  }

  /** The peer still reads what was written before, then sees the end, as over TCP. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const peer = this.#peer;
    process.nextTick(() => {
      if (peer && !peer.destroyed && !peer.readableEnded) peer.push(null);
    });
    callback(error);
  }

  setTimeout(_ms: number, callback?: () => void): this {
    if (callback) this.once("timeout", callback);
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}
