/**
 * A benchmark child: one HTTP peer serving the tiny listener.
 *   bare     http.createServer(listener)
 *   sio      serve() with the seed example's stacks, the listener as the fallback
 *   express  Express 5 with the listener as its only middleware
 * Answers `sample` with its CPU time and request count; the sio peer also
 * `cookie` (a logged-in session's cookie, see seed-app.ts) and `stackCost`
 * (see stack-cost.ts, after the load runs).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { httpApp, quietLogger, serve } from "@sio-router/runtime";
import { cpuMicros, serveParent } from "./child.js";
import { countingListener, EchoConsumer, cookieOf, seedApplication } from "./seed-app.js";
import { measureStackCost } from "./stack-cost.js";

export type HttpPeer = "bare" | "sio" | "express";
export interface HttpSample {
  cpu: number;
  requests: number;
}

const peer = process.argv[2] as HttpPeer;
const listener = countingListener();

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

let port: number;
if (peer === "bare") {
  port = await listen(createServer(listener));
} else if (peer === "express") {
  const app = express();
  app.use(listener);
  port = await listen(createServer(app));
} else if (peer === "sio") {
  const application = seedApplication(EchoConsumer.as_asgi(), httpApp(listener));
  port = (await serve(application, { logger: quietLogger })).port;
} else {
  throw new Error(`unknown HTTP peer ${peer}`);
}

serveParent(
  {
    sample: (): HttpSample => ({ cpu: cpuMicros(), requests: listener.count() }),
    cookie: () => cookieOf(peer),
    stackCost: (cookie: string) => {
      if (peer !== "sio") throw new Error(`stackCost: only the sio peer has a stack (this is ${peer})`);
      return measureStackCost(cookie);
    },
  },
  { port },
);
