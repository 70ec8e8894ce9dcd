/** `@sio-router/runtime/cluster`: N processes on one port, every request of a session reaching the process that owns it. */
export { ClusterPrimary, startPrimary, type ClusterPrimaryOptions } from "./cluster-primary.js";
export { clusterSlot, serveClusterWorker } from "./cluster-worker.js";
export { NODE_HEADER, SLOT_ENV } from "./cluster-protocol.js";
