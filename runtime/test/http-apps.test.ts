import type { IncomingMessage, ServerResponse } from "node:http";
import express from "express";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { AuthMiddlewareStack, URLRouter, fetchApp, httpApp, nodeApp, path, re_path, scopeOf, type Scope } from "@sio-router/runtime";
import { openWebSocket, start, wsUrl } from "./support.js";

test("a real Express 5 app as the fallback reads the routed scope", async () => {
  const web = express();
  web.use(express.json());
  web.get("/", (_req, res) => void res.send("home"));
  web.get("/rooms/:room", (req, res) => void res.json({ room: req.params.room, user: scopeOf(req)?.user?.username }));
  web.post("/echo", (req, res) => void res.json(req.body));
  const server = await start(
    AuthMiddlewareStack(URLRouter([path("api/ping/", nodeApp((_req, res) => res.end("pong"))), re_path("", httpApp(web))]), { secret: "a-test-secret-long-enough-for-an-hmac-key" }),
  );
  try {
    assert.is(await (await fetch(`${server.url}/`)).text(), "home");
    assert.is(await (await fetch(`${server.url}/api/ping/`)).text(), "pong");
    assert.equal(await (await fetch(`${server.url}/rooms/lobby`)).json(), { room: "lobby", user: "" });
    const echoed = await fetch(`${server.url}/echo`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":[1,2]}' });
    assert.equal(await echoed.json(), { a: [1, 2] });
    assert.is((await fetch(`${server.url}/express-404`)).status, 404, "Express answers its own 404s");
  } finally {
    await server.close();
  }
});

test("a fetch handler: Request built from the request, Response streamed back", async () => {
  const handler = async (request: Request, scope: Scope): Promise<Response> => {
    const url = new URL(request.url);
    if (request.method === "POST") {
      const text = await request.text();
      return new Response(`${text.length}:${text.slice(0, 5)}`, { status: 201, headers: { "x-kind": "post" } });
    }
    if (url.pathname === "/stream") {
      const parts = ["one ", "two ", "three"];
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const part = parts.shift();
          if (part === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(part));
        },
      });
      return new Response(body, { headers: [["set-cookie", "a=1"], ["set-cookie", "b=2"]] });
    }
    return Response.json({
      path: url.pathname,
      query: url.search,
      header: request.headers.get("x-test"),
      kwargs: scope.url_route?.kwargs,
      sameScope: scopeOf(request) === scope,
    });
  };
  const server = await start(URLRouter([path("items/<int:id>/", fetchApp(handler)), re_path("", httpApp((request: Request) => handler(request, scopeOf(request) as Scope)))]));
  try {
    assert.equal(await (await fetch(`${server.url}/items/3/?q=1`, { headers: { "x-test": "t" } })).json(), {
      path: "/items/3/",
      query: "?q=1",
      header: "t",
      kwargs: { id: 3 },
      sameScope: true,
    });
    const posted = await fetch(`${server.url}/upload`, { method: "POST", body: "x".repeat(100_000) });
    assert.is(posted.status, 201);
    assert.is(posted.headers.get("x-kind"), "post");
    assert.is(await posted.text(), "100000:xxxxx");
    const streamed = await fetch(`${server.url}/stream`);
    assert.is(await streamed.text(), "one two three");
    assert.equal(streamed.headers.getSetCookie(), ["a=1", "b=2"]);
  } finally {
    await server.close();
  }
});

test("a failing fetch handler answers 500; a listener's rejected promise too", async () => {
  const server = await start(
    URLRouter([
      path("fetch/", fetchApp(() => Promise.reject(new Error("nope")))),
      path("wrong/", fetchApp(() => "not a response" as unknown as Response)),
      path("koa/", nodeApp(async () => Promise.reject(new Error("nope")))),
    ]),
  );
  try {
    assert.is((await fetch(`${server.url}/fetch/`)).status, 500);
    assert.is((await fetch(`${server.url}/wrong/`)).status, 500);
    assert.is((await fetch(`${server.url}/koa/`)).status, 500);
  } finally {
    await server.close();
  }
});

test("an HTTP app refuses a websocket upgrade with 404", async () => {
  const server = await start(nodeApp((_req, res) => res.end()));
  try {
    const { status } = await openWebSocket(wsUrl(server, "/"));
    assert.is(status, 404);
  } finally {
    await server.close();
  }
});

test("httpApp tells listeners from fetch handlers by arity", async () => {
  const server = await start(
    URLRouter([
      path("node/", httpApp((_req: IncomingMessage, res: ServerResponse) => void res.end("node"))),
      path("fetch/", httpApp(() => new Response("fetch"))),
    ]),
  );
  try {
    assert.is(await (await fetch(`${server.url}/node/`)).text(), "node");
    assert.is(await (await fetch(`${server.url}/fetch/`)).text(), "fetch");
  } finally {
    await server.close();
  }
});

test.run();
