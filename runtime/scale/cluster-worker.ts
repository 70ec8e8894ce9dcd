/**
 * A worker of a sio cluster (`sio serve --workers N`, or `startPrimary` by
 * hand). It listens only on a loopback port of its own; the primary hands
 * it the connections of the public port, each routed by the `sid` of its
 * first request. A later request on a kept-alive connection may belong to
 * another worker's session (a browser's connection pool, a proxy's
 * keep-alive upstream): the Socket.IO endpoint forwards it to the owner's
 * loopback port (`forwardToOwner`), so every request of a session reaches
 * the process holding it.
 *
 * Without Redis the workers share broadcasts through socket.io's cluster
 * adapter, sessions through a store in the primary, and groups through the
 * primary, all over node:cluster's IPC channel.
 */
import cluster from "node:cluster";
import { Agent, request, type IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { ClusterMessage, ClusterResponse } from "socket.io-adapter";
import { refuseUpgrade } from "../http/respond.js";
import type { SessionData, SessionStore } from "../middleware/session.js";
import { serve, type ServeOptions, type SioServer } from "../serve.js";
import type { Application, Connection } from "../types.js";
import type { AdapterConstructor, Backplane } from "./backplane.js";
import { decodeMessage, LocalGroups, ProcessChannelLayer, type GroupTransport } from "./channel-layer.js";
import {
  CONTROL,
  GROUPS,
  SESSIONS,
  SLOT_ENV,
  slotOfSessionId,
  type ControlMessage,
  type GroupMessage,
  type SessionReply,
  type SessionRequest,
} from "./cluster-protocol.js";

type ClusterAdapterModule = typeof import("@socket.io/cluster-adapter");

const require = createRequire(import.meta.url);

function readSlot(): number | undefined {
  const raw = process.env[SLOT_ENV];
  return cluster.isWorker && raw !== undefined && /^\d{1,4}$/.test(raw) ? Number(raw) : undefined;
}

const SLOT = readSlot();

/** This worker's slot in a sio cluster, or undefined outside one. */
export function clusterSlot(): number | undefined {
  return SLOT;
}

/** Loopback ports of the cluster's listening workers, by slot (the primary keeps it current). */
const ports = new Map<number, number>();

function send(message: object, handle?: Socket): void {
  // The primary gone means this worker is about to exit: nothing to tell.
  if (process.connected) process.send!(message, handle as never, { keepOpen: false }, ignore);
}

function ignore(): void {
  // Sending failed: the primary is gone, and this worker ends with it.
}

export function clusterBackplane(): Backplane {
  const { NodeClusterAdapter } = require("@socket.io/cluster-adapter") as ClusterAdapterModule;
  const local = new LocalGroups();
  return {
    kind: "cluster",
    description: "the cluster's primary (IPC)",
    // The cluster adapter keeps no packets for recovery (its publish returns no offset).
    recovers: false,
    sessions: new PrimarySessionStore(),
    layer: new ProcessChannelLayer(local, primaryGroups(local)),
    socketIOAdapter(key: string): AdapterConstructor {
      // Messages carry the endpoint's key: two endpoints of one application may serve the same namespace name.
      class EndpointClusterAdapter extends NodeClusterAdapter {
        protected override doPublish(message: ClusterMessage & { source: string }): Promise<string> {
          return super.doPublish(Object.assign(message, { sioEndpoint: key }));
        }

        protected override doPublishResponse(uid: string, response: ClusterResponse & { source: string; requesterUid: string }): Promise<void> {
          return super.doPublishResponse(uid, Object.assign(response, { sioEndpoint: key }));
        }

        override onMessage(message: ClusterMessage, offset?: string): void {
          if ((message as { sioEndpoint?: string }).sioEndpoint === key) super.onMessage(message, offset);
        }
      }
      // socket.io calls it with `new`: a function, not an arrow.
      return function (nsp: unknown) {
        return new EndpointClusterAdapter(nsp);
      } as unknown as AdapterConstructor;
    },
    ready: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** Sessions kept by the primary, one store for every worker. */
class PrimarySessionStore implements SessionStore {
  readonly #pending = new Map<number, { resolve: (data: SessionData | undefined) => void; reject: (error: Error) => void }>();
  #next = 0;
  #listening = false;

  load(key: string): Promise<SessionData | undefined> {
    return this.#ask({ op: "load", key });
  }

  async save(key: string, data: SessionData, maxAge: number): Promise<void> {
    await this.#ask({ op: "save", key, data, maxAge });
  }

  async destroy(key: string): Promise<void> {
    await this.#ask({ op: "destroy", key });
  }

  #ask(request: DistributiveOmit<SessionRequest, "source" | "id">): Promise<SessionData | undefined> {
    if (!this.#listening) {
      this.#listening = true;
      process.on("message", this.#onReply);
      process.once("disconnect", () => {
        for (const { reject } of this.#pending.values()) reject(new Error("the cluster's primary is gone"));
        this.#pending.clear();
      });
    }
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      send({ ...request, source: SESSIONS, id });
    });
  }

  #onReply = (reply: SessionReply): void => {
    if (reply?.source !== SESSIONS) return;
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    this.#pending.delete(reply.id);
    if (reply.error !== undefined) pending.reject(new Error(reply.error));
    else pending.resolve(reply.data);
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Groups through the primary: it relays each message to every worker, this one included. */
function primaryGroups(local: LocalGroups): GroupTransport {
  let listening = false;
  return {
    subscribe() {
      if (!listening) {
        listening = true;
        process.on("message", (message: GroupMessage) => {
          if (message?.source === GROUPS && local.has(message.group)) local.deliver(message.group, () => decodeMessage(Buffer.from(message.payload)));
        });
      }
      return Promise.resolve();
    },
    unsubscribe: () => Promise.resolve(),
    publish(group, payload) {
      send({ source: GROUPS, group, payload } satisfies GroupMessage);
      return Promise.resolve();
    },
  };
}

/** What Engine.IO answers for a session it does not know: the client then opens a new one. */
const UNKNOWN_SESSION = JSON.stringify({ code: 1, message: "Session ID unknown" });
const HOP_BY_HOP: ReadonlySet<string> = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade"]);
const forwarding = new Agent({ keepAlive: true });

/**
 * Forwards an Engine.IO request whose session another worker of this
 * cluster owns to that worker; returns false when the session is this
 * worker's (or no cluster's), for the endpoint to serve.
 */
export function forwardToOwner(sid: string, conn: Connection): boolean {
  if (SLOT === undefined) return false;
  const owner = slotOfSessionId(sid);
  if (owner === undefined || owner === SLOT) return false;
  const port = ports.get(owner);
  if (conn.type === "http") {
    if (port === undefined) answerUnknown(conn.res);
    else forwardRequest(conn.req, conn.res, port);
  } else if (port === undefined) {
    refuseUpgrade(conn.socket, 400);
  } else {
    forwardUpgrade(conn.req, conn.socket, conn.head, port);
  }
  return true;
}

function answerUnknown(res: import("node:http").ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(400, { "content-type": "application/json" }).end(UNKNOWN_SESSION);
}

function forwardRequest(req: IncomingMessage, res: import("node:http").ServerResponse, port: number): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  const upstream = request({ host: "127.0.0.1", port, method: req.method, path: req.url, headers, agent: forwarding }, (answer) => {
    const back: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) back[name] = value;
    res.writeHead(answer.statusCode ?? 502, back);
    answer.pipe(res);
  });
  // The owner died meanwhile: the session is gone with it.
  upstream.on("error", () => answerUnknown(res));
  res.on("close", () => upstream.destroy());
  req.pipe(upstream);
}

function forwardUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, port: number): void {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  const upstream = connect(port, "127.0.0.1");
  // From here the two sockets are one pipe; an error on either ends both.
  const end = (): void => {
    upstream.destroy();
    socket.destroy();
  };
  socket.on("error", end);
  upstream.on("error", end);
  upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
  if (head.length > 0) upstream.write(head);
  upstream.pipe(socket);
  socket.pipe(upstream);
}

/**
 * Serves `application` as a worker of a sio cluster: on a loopback port of
 * its own, taking the connections the primary hands it. When the primary
 * stops the cluster, the server closes gracefully and the process exits.
 */
export async function serveClusterWorker(application: Application, options: Omit<ServeOptions, "host" | "port" | "exclusive"> = {}): Promise<SioServer> {
  if (SLOT === undefined) throw new Error(`serveClusterWorker: not a worker of a sio cluster (no ${SLOT_ENV} in a node:cluster worker)`);
  const server = await serve(application, { ...options, host: "127.0.0.1", port: 0, exclusive: true });
  const intake = (message: ControlMessage, handle?: unknown): void => {
    if (message?.source !== CONTROL) return;
    if (message.type === "ports") {
      ports.clear();
      for (const [slot, port] of Object.entries(message.ports)) ports.set(Number(slot), port);
    } else if (message.type === "stop") {
      stop();
    } else if (message.type === "connection" && handle !== undefined) {
      const socket = handle as Socket;
      server.emit("connection", socket);
      // The bytes the primary read to route the connection come first, before anything read from here on.
      socket.emit("data", Buffer.from(message.data));
      socket.resume();
    }
  };
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.on("message", intake);
  // The primary gone (killed): this worker's connections came through it, and no more will.
  process.once("disconnect", stop);
  send({ source: CONTROL, type: "listening", slot: SLOT, port: server.port } satisfies ControlMessage);
  const close = server.close.bind(server);
  return Object.assign(server, {
    close: () => {
      process.off("message", intake);
      process.off("disconnect", stop);
      return close();
    },
  });
}
