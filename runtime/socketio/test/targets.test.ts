/**
 * Odd request targets routed to a Socket.IO endpoint: whatever target serve()
 * accepts and the router sends to the endpoint, the endpoint answers it — a
 * handshake when the query is one, a 4xx otherwise — on both transports,
 * never a 500, and keeps serving. (Engine.IO's own URL parsing threw on
 * `//socket.io%2F` and `//x%20y/socket.io/`.)
 */
import { connect } from "node:net";
import { suite, within } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { path, ProtocolTypeRouter, re_path, serve, URLRouter, type Route, type SioServer } from "../../index.js";
import { quietLogger } from "../../logger.js";
import { SocketIO, type SocketIOEndpoint } from "../endpoint.js";
import { EchoConsumer } from "./consumers.js";
import { io as connectClient } from "socket.io-client";
import { connected } from "./support.js";

interface Family {
  name: string;
  routes(endpoint: SocketIOEndpoint): Route[];
  /** Paths (raw, as sent) that this table routes to the endpoint; `{origin}` is the server's. */
  paths: string[];
}

const FAMILIES: Family[] = [
  {
    name: "anchored",
    routes: (endpoint) => [re_path(String.raw`^socket\.io/?$`, endpoint)],
    paths: [
      "/socket.io/",
      "//socket.io/",
      "///socket.io",
      "//socket.io%2F",
      "/socket.io%2f",
      "/%73ocket.io/",
      "{origin}/socket.io/",
      "{origin}//socket.io%2F",
    ],
  },
  {
    name: "search",
    routes: (endpoint) => [re_path(String.raw`socket\.io`, endpoint)],
    paths: [
      "//x%20y/socket.io/",
      "/a//b/socket.io/",
      "/%E2%82%AC/socket.io",
      "/socket.io/../..",
      "/x;y/socket.io",
      "//@/socket.io",
      "//x:1/socket.io",
    ],
  },
  {
    name: "catch-all",
    routes: (endpoint) => [path("<path:rest>", endpoint), re_path("", endpoint)],
    paths: ["/", "//", "/%2F%2F", "/%00", "/%F0%9F%92%A9", "/..", "{origin}"],
  },
];

/** Queries Engine.IO takes for a handshake (with `transport=websocket` on an upgrade). */
const HANDSHAKES = [
  "EIO=4&transport={t}",
  "EIO=4&transport={t}#fragment",
  "&&EIO=4&&transport={t}&&",
  "EIO=4&transport={t}&__proto__=x&constructor=y&hasOwnProperty=z",
  "EIO=4&transport={t}&t=%E0%A4&%zz=%",
  "EIO=3&EIO=4&transport={t}",
  "EIO=4&transport={t}&sid=",
  "EIO=4&transport={t}&x=" + "a".repeat(4000),
];

/** Queries that are not a valid Engine.IO handshake: a 4xx on every method (an upgrade may get 101, then a close). */
const REFUSED = [
  "",
  "EIO=4",
  "EIO=5&transport={t}",
  "EIO=4&transport={t}&sid=%00",
  "EIO=4&transport={t}&sid=__proto__",
  "EIO=4&transport={t}&sid=toString",
  "EIO=4&transport=__proto__",
  "EIO=4&transport=constructor",
  "EIO=4&transport=webtransport",
];

interface Context {
  servers: { family: Family; server: SioServer; endpoint: SocketIOEndpoint }[];
}

const test = suite<Context>("odd targets to a Socket.IO endpoint", { servers: [] }, { timeout: 60_000 });

test.before(async (context) => {
  for (const family of FAMILIES) {
    const endpoint = SocketIO([EchoConsumer]);
    const table = URLRouter(family.routes(endpoint));
    const server = await serve(ProtocolTypeRouter({ http: table, websocket: table }), { logger: quietLogger });
    context.servers.push({ family, server, endpoint });
  }
});

test.after(async (context) => {
  await Promise.all(context.servers.map(({ server }) => server.close()));
});

/** Sends a raw request; resolves with the response's status code once its status line arrives. */
function statusOf(server: SioServer, request: string): Promise<number> {
  const answer = new Promise<number>((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let received = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
      const line = /^HTTP\/1\.1 (\d{3}) /.exec(received);
      if (line === null && received.length < 64) return;
      resolve(Number(line?.[1] ?? 0));
      socket.destroy();
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3}) /.exec(received)?.[1] ?? 0)));
    socket.write(request);
  });
  return within(answer, 10_000, `an answer to ${JSON.stringify(request.slice(0, 120))}`);
}

/** Runs `check` for every family's paths, the paths concurrently (each sends its requests one by one). */
async function eachTarget(
  servers: Context["servers"],
  check: (family: Family, server: SioServer, path: string) => Promise<void>,
): Promise<void> {
  await Promise.all(servers.flatMap(({ family, server }) => family.paths.map((path) => check(family, server, path))));
}

function target(server: SioServer, path: string, query: string | undefined): string {
  const base = path.replace("{origin}", server.url);
  return query === undefined ? base : `${base}?${query}`;
}

function httpRequest(method: string, requestTarget: string): string {
  const body = method === "POST" || method === "PUT" ? "40" : "";
  return `${method} ${requestTarget} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
}

function upgradeRequest(requestTarget: string): string {
  return (
    `GET ${requestTarget} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\n\r\n"
  );
}

test("a handshake query gets its handshake at every odd target: 200 on polling, 101 on the upgrade", async ({ servers }) => {
  await eachTarget(servers, async (family, server, path) => {
    for (const query of HANDSHAKES) {
      const polling = target(server, path, query.replaceAll("{t}", "polling"));
      assert.is(await statusOf(server, httpRequest("GET", polling)), 200, `${family.name}: GET ${polling}`);
      const websocket = target(server, path, query.replaceAll("{t}", "websocket"));
      assert.is(await statusOf(server, upgradeRequest(websocket)), 101, `${family.name}: upgrade ${websocket}`);
    }
  });
});

test("anything else at those targets is a 4xx, never a 500 (an upgrade may be accepted, then closed by Engine.IO)", async ({ servers }) => {
  const clientError = (status: number) => status >= 400 && status < 500;
  await eachTarget(servers, async (family, server, path) => {
    for (const query of [undefined, ...REFUSED]) {
      const polling = target(server, path, query?.replaceAll("{t}", "polling"));
      // Every method on the query-less target and one refused query; GET on the others.
      const methods = query === undefined || query === REFUSED[2] ? ["GET", "POST", "PUT", "OPTIONS"] : ["GET"];
      for (const method of methods) {
        const status = await statusOf(server, httpRequest(method, polling));
        assert.ok(clientError(status), `${family.name}: ${method} ${polling} answered ${status}`);
      }
      const websocket = target(server, path, query?.replaceAll("{t}", "websocket"));
      const status = await statusOf(server, upgradeRequest(websocket));
      assert.ok(status === 101 || clientError(status), `${family.name}: upgrade ${websocket} answered ${status}`);
    }
  });
});

test("after all of that, every endpoint still serves a client on both transports", async ({ servers }) => {
  for (const { server } of servers) {
    const socket = await connected(connectClient(server.url, { forceNew: true, reconnection: false }));
    try {
      assert.is(await socket.emitWithAck("echo", "still here"), "still here");
    } finally {
      socket.disconnect();
    }
  }
});

test.run();
