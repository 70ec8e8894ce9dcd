/**
 * Refusing a connection the same way for both scope types: an HTTP response
 * with a status, or — for a WebSocket upgrade, before any handshake — a raw
 * HTTP/1.1 status line written on the socket, which is then destroyed.
 */
import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Connection } from "../types.js";

export function refuse(conn: Connection, status: number): void {
  if (conn.type === "http") refuseRequest(conn.res, status);
  else refuseUpgrade(conn.socket, status);
}

export function refuseRequest(res: ServerResponse, status: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = STATUS_CODES[status] ?? "Error";
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** Answers an upgrade that was not (and will not be) accepted, then destroys the socket. */
export function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = STATUS_CODES[status] ?? "Error";
  // As ws's abortHandshake: destroy once the response is flushed.
  socket.once("finish", socket.destroy);
  socket.end(
    `HTTP/1.1 ${status} ${body}\r\n` +
      "Connection: close\r\n" +
      "Content-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      "\r\n" +
      body,
  );
}
