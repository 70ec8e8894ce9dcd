/**
 * A server process for the shutdown test: one Socket.IO endpoint with short
 * ping timeouts. Prints `listening <port>`, then `session closed: <reason>`
 * for every Engine.IO session that ends; on SIGTERM it closes the server and
 * prints `closed`, then leaves the process to exit by itself.
 */
import { ProtocolTypeRouter, re_path, serve, URLRouter } from "../../index.js";
import { quietLogger } from "../../logger.js";
import { SocketIO } from "../endpoint.js";
import { EchoConsumer } from "./consumers.js";

const closeTimeout = Number(process.argv[2]);
const endpoint = SocketIO([EchoConsumer], { pingInterval: 100, pingTimeout: 100 });
const table = URLRouter([re_path(String.raw`^socket\.io/?$`, endpoint)]);
const server = await serve(ProtocolTypeRouter({ http: table, websocket: table }), { logger: quietLogger, closeTimeout });
endpoint.engine.on("connection", (socket: { once(event: "close", listener: (reason: string) => void): void }) => {
  socket.once("close", (reason) => process.stdout.write(`session closed: ${reason}\n`));
});
process.once("SIGTERM", () => {
  void server.close().then(() => process.stdout.write("closed\n"));
});
process.stdout.write(`listening ${server.port}\n`);
