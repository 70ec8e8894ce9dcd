/**
 * The event maps of a Socket.IO consumer, read off its class by the type
 * checker (as tRPC infers a client from a router): what clients send is its
 * `event_<name>(socket, ...args, ack?)` handlers, what it sends is the emit
 * map it declares (`class Chat extends SocketIOConsumer<ChatEmits, ChatData>`),
 * and `socket.data` is its data type. These are socket.io's own generics
 * (`Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>`), filled
 * in from one place instead of written twice by hand.
 *
 * Types only: nothing here exists at run time, so a browser bundle that
 * imports them imports nothing.
 */
import type { Namespace, Socket } from "socket.io";
import type { SocketIOConsumer } from "./consumer.js";

/**
 * Events whose names and arguments are not declared: any name, any
 * arguments, received as `unknown` (socket.io's own default says `any`).
 */
export interface UntypedEvents {
  [event: string]: (...args: unknown[]) => void;
}

/** `any` (an untyped parameter) → `unknown`, so nothing untyped leaks into a client. */
type Known<T> = 0 extends 1 & T ? unknown : T;

type KnownAll<T extends readonly unknown[]> = { [I in keyof T]: Known<T[I]> };

/** Whether a handler's last parameter is the acknowledgement callback (a payload is never a function: it cannot be sent). */
type IsAck<T> = 0 extends 1 & T ? false : [NonNullable<T>] extends [never] ? false : NonNullable<T> extends (...args: never) => unknown ? true : false;

/** The acknowledgement as the client passes it; the server's reply arguments are known types. */
type AckOf<T> = NonNullable<T> extends (...reply: infer Reply) => unknown ? (...reply: KnownAll<Reply>) => void : never;

/**
 * A handler's arguments after the socket, as a client sends them. A trailing
 * acknowledgement becomes required: the server calls it whenever the client
 * passes one, and only a required callback lets socket.io-client type
 * `emitWithAck`'s reply. A payload parameter before it is required too
 * (socket.io hands the callback to whichever parameter comes next).
 */
type ClientArgs<A extends unknown[]> =
  Required<A> extends [...infer Payload, infer Last] ? (IsAck<Last> extends true ? [...KnownAll<Payload>, AckOf<Last>] : KnownAll<A>) : KnownAll<A>;

type Handler = (socket: never, ...args: never[]) => unknown;

/** `event_join` → `"join"`, for each method of the consumer that handles an event. */
type EventName<C, K extends keyof C> = K extends `event_${infer Name}` ? (C[K] extends Handler ? Name : never) : never;

/** What a client sends to consumer `C` (an instance type): one entry per `event_<name>` handler. */
export type ClientEventsOf<C> = {
  [K in keyof C as EventName<C, K>]: C[K] extends (socket: never, ...args: infer A) => unknown ? (...args: ClientArgs<A>) => void : never;
};

/** What consumer `C` sends to its clients: the emit map it declares, else untyped events. */
export type ServerEventsOf<C> = C extends SocketIOConsumer<infer Emits, infer _Data> ? Emits : UntypedEvents;

/** What consumer `C` keeps in `socket.data`. */
export type SocketDataOf<C> = C extends SocketIOConsumer<infer _Emits, infer Data> ? Data : unknown;

/**
 * The server socket a consumer's handlers receive: emits are checked against
 * the consumer's emit map, `socket.data` has its data type. What the client
 * sends arrives through the consumer's handlers, so listening here is untyped.
 */
export type ConsumerSocket<Emits extends object = UntypedEvents, Data = unknown> = Socket<UntypedEvents, Emits, UntypedEvents, Data>;

/** Consumer `C`'s namespace, typed both ways: what `this.nsp` is, and what the generated router's handles are. */
export type ConsumerNamespace<C> = Namespace<ClientEventsOf<C>, ServerEventsOf<C>, UntypedEvents, SocketDataOf<C>>;
