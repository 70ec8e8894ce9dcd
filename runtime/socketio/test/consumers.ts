/** Consumers the endpoint tests serve. */
import type { Socket } from "socket.io";
import { SocketIOConsumer } from "../consumer.js";

type Ack = (...reply: unknown[]) => void;

export class EchoConsumer extends SocketIOConsumer {
  override connect(socket: Socket, auth: Record<string, unknown>): boolean {
    if (auth.refuse === true) return false;
    // Emitted before socket.io has sent CONNECT: must still arrive after it.
    socket.emit("hello", socket.id);
    return true;
  }

  /** Answers with its arguments when the client asked for an ack; otherwise echoes them as an event. */
  event_echo(socket: Socket, ...args: unknown[]): void {
    const ack = args.at(-1);
    if (typeof ack === "function") (ack as Ack)(...args.slice(0, -1));
    else socket.emit("echo", ...args);
  }

  "event_message-with-ack"(socket: Socket, data: unknown, ack: Ack): void {
    ack({ got: data });
  }

  async event_join(socket: Socket, room: string, ack: Ack): Promise<void> {
    await socket.join(room);
    ack(room);
  }

  event_shout(socket: Socket, room: string, text: string): void {
    this.nsp.to(room).emit("shout", text, socket.id);
  }

  /** A server → client acknowledgement, relayed back to the client's own ack. */
  async event_ask(socket: Socket, question: string, ack: Ack): Promise<void> {
    const answer: unknown = await socket.emitWithAck("question", question);
    ack(answer);
  }

  event_binary(socket: Socket, data: Buffer, ack: Ack): void {
    ack({ length: data.length, reversed: Buffer.from(data).reverse() });
  }

  event_whoami(socket: Socket, ack: Ack): void {
    const scope = this.scope(socket);
    ack({ type: scope.type, user: scope.user?.username ?? null, authenticated: scope.user?.isAuthenticated ?? false });
  }

  event_fail(): void {
    throw new Error("handler failure (expected by the test)");
  }

  async event_reject(): Promise<void> {
    throw new Error("async handler failure (expected by the test)");
  }
}

/** Only logged-in users; its connect() is async and emits while it runs. */
export class MembersConsumer extends SocketIOConsumer {
  static override namespace = "/members";

  override async connect(socket: Socket): Promise<boolean> {
    const user = this.scope(socket).user;
    socket.emit("early", 1);
    await new Promise((resolve) => setImmediate(resolve));
    socket.emit("early", 2);
    return user?.isAuthenticated === true;
  }

  event_whoami(socket: Socket, ack: Ack): void {
    ack(this.scope(socket).user?.username);
  }
}

/** connect() throws: the client is refused, the endpoint keeps serving. */
export class BrokenConsumer extends SocketIOConsumer {
  static override namespace = "/broken";

  override connect(): boolean {
    throw new Error("connect failure (expected by the test)");
  }
}

/** Records disconnect reasons, for close(). */
export class TrackingConsumer extends SocketIOConsumer {
  static override namespace = "/tracking";
  static readonly reasons: string[] = [];

  override disconnect(_socket: Socket, reason: string): void {
    TrackingConsumer.reasons.push(reason);
  }
}
