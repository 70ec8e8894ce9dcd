/**
 * What the seed http stack itself costs per request, apart from Node's HTTP
 * work: one real request (sent over loopback with the benchmark's session
 * cookie) is captured, then replayed in-process through what `serve()` does
 * with it — build the scope, run ProtocolTypeRouter → AuthMiddlewareStack →
 * URLRouter → the fallback — ending in a listener that does nothing. The same
 * loop calling that listener directly is the baseline; the difference is the
 * stack's CPU time per request.
 *
 * Load tests of a ~20 µs request cannot resolve a difference of a few
 * hundred nanoseconds against this machine's run-to-run spread; this can.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { httpApp, quietLogger, scopeOf, serve, type Address, type Connection } from "@sio-router/runtime";
import { buildScope } from "../../runtime/scope.js";
import { EchoConsumer, seedApplication } from "./seed-app.js";
import { summarize, type Summary } from "./stats.js";

export interface StackCost {
  /** CPU ns per request through scope + stack, median of the rounds (and spread). */
  stack: Summary;
  /** CPU ns per request of the baseline loop (the listener called directly). */
  baseline: Summary;
  iterations: number;
  rounds: number;
}

const ROUNDS = 9;
const ITERATIONS = 200_000;

async function captureRequest(cookie: string): Promise<{ req: IncomingMessage; res: ServerResponse; local: Address }> {
  let captured: { req: IncomingMessage; res: ServerResponse } | undefined;
  const server = await serve(
    seedApplication(
      EchoConsumer.as_asgi(),
      httpApp((req: IncomingMessage, res: ServerResponse) => {
        captured = { req, res };
        res.end("ok");
      }),
    ),
    { logger: quietLogger },
  );
  try {
    const response = await fetch(`${server.url}/`, { headers: { cookie } });
    await response.text();
    if (captured === undefined) throw new Error("stack-cost: the request did not reach the fallback");
    if (scopeOf(captured.req)?.user?.isAuthenticated !== true) throw new Error("stack-cost: the session cookie did not log the request in");
    return { ...captured, local: Object.freeze([server.host, server.port] as const) };
  } finally {
    await server.close();
  }
}

function cpuNanosPer(iterations: number, loop: () => void): number {
  const before = process.cpuUsage();
  loop();
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / iterations;
}

export async function measureStackCost(cookie: string): Promise<StackCost> {
  const { req, res, local } = await captureRequest(cookie);
  let reached = 0;
  const listener = (_req: IncomingMessage, _res: ServerResponse): void => {
    reached++;
  };
  const application = seedApplication(EchoConsumer.as_asgi(), httpApp(listener));
  const conn: Connection = { type: "http", req, res };
  const throughStack = (): void => {
    for (let i = 0; i < ITERATIONS; i++) {
      const scope = buildScope("http", req, "", local);
      if (scope === undefined || application(scope, conn) !== true) throw new Error("stack-cost: the replayed request was not handled");
    }
  };
  const direct = (): void => {
    for (let i = 0; i < ITERATIONS; i++) listener(req, res);
  };
  // Warm both loops up (JIT) before measuring; rounds alternate.
  throughStack();
  direct();
  const stack: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    stack.push(cpuNanosPer(ITERATIONS, throughStack));
    baseline.push(cpuNanosPer(ITERATIONS, direct));
  }
  if (reached !== ITERATIONS * (2 * ROUNDS + 2)) throw new Error("stack-cost: not every replayed request reached the listener");
  return { stack: summarize(stack), baseline: summarize(baseline), iterations: ITERATIONS, rounds: ROUNDS };
}
