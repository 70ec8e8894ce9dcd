/**
 * What the primary of a sio cluster and its workers say to each other over
 * node:cluster's IPC channel, and how an Engine.IO session id names the
 * process that owns it.
 *
 * A session id starts with routing tags: `n<node>.` when a proxy told the
 * server which of its upstreams it is (the `X-Sio-Node` header that
 * `sio deploy nginx` sets), `w<slot>.` in a worker of a cluster. Routing
 * reads the tags back from the `sid` of each later request: no table, no
 * shared state, nothing sticky in front.
 */
import type { IncomingMessage } from "node:http";

/** The worker's slot (0 … N-1), set by the primary in each worker's environment. */
export const SLOT_ENV = "SIO_CLUSTER_SLOT";
/** Which upstream of the proxy this server is, as the proxy says (sio deploy nginx sets it). */
export const NODE_HEADER = "x-sio-node";

export const CONTROL = "_sio_cluster";
export const SESSIONS = "_sio_sessions";
export const GROUPS = "_sio_groups";

export type ControlMessage =
  /** worker → primary: it serves on this loopback port (where other workers forward its sessions' requests). */
  | { source: typeof CONTROL; type: "listening"; slot: number; port: number }
  /** primary → workers: the loopback port of each listening worker, by slot. */
  | { source: typeof CONTROL; type: "ports"; ports: Record<number, number> }
  /** primary → worker, with the connection's handle: the bytes the primary read to route it. */
  | { source: typeof CONTROL; type: "connection"; data: Uint8Array }
  /** primary → worker: close gracefully and exit. */
  | { source: typeof CONTROL; type: "stop" };

export type SessionRequest =
  | { source: typeof SESSIONS; id: number; op: "load"; key: string }
  | { source: typeof SESSIONS; id: number; op: "save"; key: string; data: Record<string, unknown>; maxAge: number }
  | { source: typeof SESSIONS; id: number; op: "destroy"; key: string };

export interface SessionReply {
  source: typeof SESSIONS;
  id: number;
  data?: Record<string, unknown>;
  error?: string;
}

export interface GroupMessage {
  source: typeof GROUPS;
  group: string;
  payload: Uint8Array;
}

const ROUTE = /^(?:n(\d{1,3})\.)?w(\d{1,4})\./;

/** The worker slot a session id names, if any. */
export function slotOfSessionId(sid: string): number | undefined {
  const slot = ROUTE.exec(sid)?.[2];
  return slot === undefined ? undefined : Number(slot);
}

/** The tags a new session id starts with: the node the proxy named (digits only), the worker slot. */
export function sessionIdPrefix(req: IncomingMessage, slot: number | undefined): string {
  const node = req.headers[NODE_HEADER];
  const nodeTag = typeof node === "string" && /^\d{1,3}$/.test(node) ? `n${node}.` : "";
  return slot === undefined ? nodeTag : `${nodeTag}w${slot}.`;
}

/**
 * The `sid` query parameter of a request line (`GET /socket.io/?EIO=4&sid=… HTTP/1.1`),
 * as the primary reads it before any HTTP parsing; undefined when absent.
 */
export function sessionIdOfRequestLine(line: string): string | undefined {
  const query = line.indexOf("?");
  if (query === -1) return undefined;
  const end = line.indexOf(" ", query);
  const target = line.slice(query + 1, end === -1 ? undefined : end);
  for (const pair of target.split("&")) if (pair.startsWith("sid=")) return pair.slice(4);
  return undefined;
}
