/**
 * A benchmark child: the HTTP load generator (autocannon, in-process so its
 * CPU time can be measured). `run` loads one URL for a while and answers
 * with what it completed and how much CPU it used doing so.
 */
import autocannon from "autocannon";
import { cpuMicros, serveParent } from "./child.js";

export interface LoadRequest {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  headers: Record<string, string>;
  /** Requests per second over all connections; unset: as fast as the server answers. */
  overallRate?: number;
}

export interface LoadResult {
  /** 2xx responses. */
  ok: number;
  /** Errors, timeouts and non-2xx responses. */
  failed: number;
  /** Seconds autocannon actually ran. */
  seconds: number;
  /** This process's CPU time during the run, in microseconds. */
  cpu: number;
}

async function run(request: LoadRequest): Promise<LoadResult> {
  const cpu0 = cpuMicros();
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.duration,
    headers: request.headers,
    ...(request.overallRate === undefined ? {} : { overallRate: request.overallRate }),
  });
  return {
    ok: result["2xx"],
    failed: result.errors + result.timeouts + result.non2xx,
    seconds: result.duration,
    cpu: cpuMicros() - cpu0,
  };
}

serveParent({ run: (request: LoadRequest) => run(request) }, {});
