import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import {
  AuthMiddlewareStack,
  CookieMiddleware,
  MemorySessionStore,
  ProtocolTypeRouter,
  SessionMiddlewareStack,
  URLRouter,
  WebsocketConsumer,
  configureAuth,
  login,
  logout,
  nodeApp,
  path,
  scopeOf,
  consoleLogger,
  setDefaultLogger,
  type Application,
  type Scope,
  type User,
} from "@sio-router/runtime";
import { captureLogger, closed, deferred, openWebSocket, start, wsUrl } from "./support.js";

const SECRET = "a-test-secret-long-enough-for-an-hmac-key";

/** The `sessionid=...` pair of a response's Set-Cookie, or undefined. */
function sessionCookie(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith("sessionid="))
    ?.split(";")[0];
}

test("CookieMiddleware parses the Cookie header onto scope.cookies", async () => {
  const server = await start(
    CookieMiddleware(
      nodeApp((req, res) => {
        res.end(JSON.stringify(scopeOf(req)?.cookies));
      }),
    ),
  );
  try {
    const response = await fetch(server.url, { headers: { cookie: "a=1; b=two; c=%20x" } });
    assert.equal(await response.json(), { a: "1", b: "two", c: " x" });
    assert.equal(await (await fetch(server.url)).json(), {});
    // Likely the same keep-alive connection: a changed header is parsed again.
    assert.equal(await (await fetch(server.url, { headers: { cookie: "a=2" } })).json(), { a: "2" });
    assert.equal(await (await fetch(server.url, { headers: { cookie: "a=3" } })).json(), { a: "3" });
  } finally {
    await server.close();
  }
});

/** Counts visits in the session and answers the count. */
const counter = nodeApp((req, res) => {
  const session = scopeOf(req)?.session;
  const count = (session?.get<number>("count") ?? 0) + 1;
  session?.set("count", count);
  res.end(String(count));
});

test("SessionMiddlewareStack: a changed session is saved and its cookie set; the next request sees it", async () => {
  const store = new MemorySessionStore();
  const server = await start(SessionMiddlewareStack(counter, { store, secret: SECRET }));
  try {
    const first = await fetch(server.url);
    assert.is(await first.text(), "1");
    const cookie = sessionCookie(first);
    assert.ok(cookie, "a new session sets its cookie");
    const setCookie = first.headers.getSetCookie()[0] as string;
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    await new Promise((resolve) => setImmediate(resolve));
    assert.is(store.size, 1);
    const second = await fetch(server.url, { headers: { cookie: cookie as string } });
    assert.is(await second.text(), "2");
    assert.is(sessionCookie(second), undefined, "an existing session does not set the cookie again");
  } finally {
    await server.close();
  }
});

test("a session past its maxAge is gone: the next request starts a new one", async () => {
  // The store's clock, moved by the test: expiry is exact, whatever the machine's speed.
  let now = Date.parse("2024-06-01T12:00:00Z");
  const store = new MemorySessionStore({ now: () => now });
  const server = await start(SessionMiddlewareStack(counter, { store, secret: SECRET, maxAge: 60 }));
  try {
    const first = await fetch(server.url);
    assert.is(await first.text(), "1");
    const cookie = sessionCookie(first) as string;
    assert.match(first.headers.getSetCookie()[0] as string, /Max-Age=60/);
    now += 59_999;
    assert.is(await (await fetch(server.url, { headers: { cookie } })).text(), "2", "still alive within maxAge");
    // The second request saved the session again: its 60 s start over.
    now += 60_000;
    const expired = await fetch(server.url, { headers: { cookie } });
    assert.is(await expired.text(), "1", "the expired session's data is not loaded");
    assert.ok(sessionCookie(expired), "the new session sets a new cookie");
  } finally {
    await server.close();
  }
});

test("an untouched session creates nothing and sets no cookie", async () => {
  const store = new MemorySessionStore();
  const server = await start(SessionMiddlewareStack(nodeApp((_req, res) => res.end("hi")), { store, secret: SECRET }));
  try {
    const response = await fetch(server.url);
    assert.is(response.headers.getSetCookie().length, 0);
    assert.is(store.size, 0);
  } finally {
    await server.close();
  }
});

test("forged, unsigned or foreign-key cookies are not sessions", async () => {
  const store = new MemorySessionStore();
  const reader = nodeApp((req, res) => {
    const session = scopeOf(req)?.session;
    if (new URL(req.url ?? "/", "http://x").searchParams.has("write")) session?.set("secret", "mine");
    res.end(String(session?.get("secret") ?? "none"));
  });
  const server = await start(SessionMiddlewareStack(reader, { store, secret: SECRET }));
  const other = await start(SessionMiddlewareStack(reader, { store, secret: "another-test-secret-long-enough-for-hmac" }));
  try {
    const cookie = sessionCookie(await fetch(`${server.url}/?write`)) as string;
    assert.is(await (await fetch(server.url, { headers: { cookie } })).text(), "mine");
    const key = cookie.slice("sessionid=".length).split(".")[0];
    for (const forged of [`sessionid=${key}`, `sessionid=${key}.AAAA`, `sessionid=${key}.${"A".repeat(43)}`, "sessionid=..."]) {
      assert.is(await (await fetch(server.url, { headers: { cookie: forged } })).text(), "none", forged);
    }
    assert.is(await (await fetch(other.url, { headers: { cookie } })).text(), "none", "signed with another secret");
  } finally {
    await server.close();
    await other.close();
  }
});

test("AuthMiddlewareStack: anonymous by default; login() over HTTP sets a new cookie; the user follows it; logout() ends it", async () => {
  const alice: User = { id: 7, username: "alice", isAuthenticated: true };
  const userOf = (req: Parameters<Parameters<typeof nodeApp>[0]>[0]) => (scopeOf(req) as Scope).user as User;
  const app = AuthMiddlewareStack(
    URLRouter([
      path(
        "login/",
        nodeApp((req, res) => {
          void login(scopeOf(req) as Scope, alice).then(() => res.end(userOf(req).username));
        }),
      ),
      path(
        "logout/",
        nodeApp((req, res) => {
          void logout(scopeOf(req) as Scope).then(() => res.end(String(userOf(req).isAuthenticated)));
        }),
      ),
      path("me/", nodeApp((req, res) => res.end(JSON.stringify(userOf(req))))),
    ]),
    { secret: SECRET, store: new MemorySessionStore() },
  );
  const server = await start(app);
  try {
    const anonymous = (await (await fetch(`${server.url}/me/`)).json()) as User;
    assert.equal(anonymous, { id: null, username: "", isAuthenticated: false });
    const loggedIn = await fetch(`${server.url}/login/`);
    assert.is(await loggedIn.text(), "alice");
    const cookie = sessionCookie(loggedIn) as string;
    assert.ok(cookie);
    const me = (await (await fetch(`${server.url}/me/`, { headers: { cookie } })).json()) as User;
    assert.equal(me, alice);
    const out = await fetch(`${server.url}/logout/`, { headers: { cookie } });
    assert.is(await out.text(), "false");
    assert.match(out.headers.getSetCookie()[0] as string, /Max-Age=0/i, "logout expires the cookie");
    const after = (await (await fetch(`${server.url}/me/`, { headers: { cookie } })).json()) as User;
    assert.is(after.isAuthenticated, false, "the old cookie no longer logs in");
  } finally {
    await server.close();
  }
});

test("login() rotates the session key (no fixation)", async () => {
  const app = AuthMiddlewareStack(
    URLRouter([
      path(
        "visit/",
        nodeApp((req, res) => {
          scopeOf(req)?.session?.set("seen", true);
          res.end();
        }),
      ),
      path(
        "login/",
        nodeApp((req, res) => {
          void login(scopeOf(req) as Scope, { id: 1, username: "bob", isAuthenticated: true }).then(() => res.end());
        }),
      ),
    ]),
    { secret: SECRET, store: new MemorySessionStore() },
  );
  const server = await start(app);
  try {
    const before = sessionCookie(await fetch(`${server.url}/visit/`)) as string;
    const after = sessionCookie(await fetch(`${server.url}/login/`, { headers: { cookie: before } })) as string;
    assert.ok(after);
    assert.is.not(after, before);
  } finally {
    await server.close();
  }
});

test("the user comes from the app's resolver: per stack, or process-wide with configureAuth", async () => {
  const byHeader = (scope: Scope): User | null =>
    scope.headers["x-user"] === undefined ? null : { id: 1, username: String(scope.headers["x-user"]), isAuthenticated: true };
  const show = nodeApp((req, res) => res.end(String(scopeOf(req)?.user?.username)));
  const stack = await start(AuthMiddlewareStack(show, { secret: SECRET, resolveUser: byHeader }));
  try {
    assert.is(await (await fetch(stack.url, { headers: { "x-user": "carol" } })).text(), "carol");
    assert.is(await (await fetch(stack.url)).text(), "", "null → anonymous");
  } finally {
    await stack.close();
  }
  configureAuth({ resolveUser: async (scope) => byHeader(scope) });
  const global = await start(AuthMiddlewareStack(show, { secret: SECRET }));
  try {
    assert.is(await (await fetch(global.url, { headers: { "x-user": "dave" } })).text(), "dave");
  } finally {
    configureAuth({});
    await global.close();
  }
});

test("the session user reaches a WebSocket consumer through the same cookie", async () => {
  const seen = deferred<User | undefined>();
  class Who extends WebsocketConsumer {
    override connect(): void {
      seen.resolve(this.scope.user);
      this.accept();
    }
  }
  const options = { secret: SECRET, store: new MemorySessionStore() };
  const loginApp: Application = nodeApp((req, res) => {
    void login(scopeOf(req) as Scope, { id: 3, username: "erin", isAuthenticated: true }).then(() => res.end());
  });
  const server = await start(
    ProtocolTypeRouter({
      http: AuthMiddlewareStack(loginApp, options),
      websocket: AuthMiddlewareStack(Who.as_asgi(), options),
    }),
  );
  try {
    const cookie = sessionCookie(await fetch(server.url)) as string;
    const { ws } = await openWebSocket(wsUrl(server, "/ws/"), { headers: { cookie } });
    assert.is((await seen.promise)?.username, "erin");
    ws.close();
    await closed(ws);
  } finally {
    await server.close();
  }
});

test("session stores may be asynchronous", async () => {
  const inner = new MemorySessionStore();
  const store = {
    load: async (key: string) => inner.load(key),
    save: async (key: string, data: Record<string, unknown>, maxAge: number) => inner.save(key, data, maxAge),
    destroy: async (key: string) => inner.destroy(key),
  };
  const savingCounter = nodeApp((req, res) => {
    const session = scopeOf(req)?.session;
    const count = (session?.get<number>("n") ?? 0) + 1;
    session?.set("n", count);
    void session?.save().then(() => res.end(String(count)));
  });
  const server = await start(SessionMiddlewareStack(savingCounter, { store, secret: SECRET }));
  try {
    const first = await fetch(server.url);
    assert.is(await first.text(), "1");
    const cookie = sessionCookie(first) as string;
    assert.is(await (await fetch(server.url, { headers: { cookie } })).text(), "2");
  } finally {
    await server.close();
  }
});

test("a store that fails to save is logged; the request is still answered", async () => {
  const store = {
    load: () => undefined,
    save: () => Promise.reject(new Error("disk full")),
    destroy: () => undefined,
  };
  const writer = nodeApp((req, res) => {
    scopeOf(req)?.session?.set("x", 1);
    res.end("done");
  });
  const server = await start(SessionMiddlewareStack(writer, { store, secret: SECRET }));
  try {
    assert.is(await (await fetch(server.url)).text(), "done");
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(server.logs.messages.some((m) => m.includes("session save failed")), server.logs.messages.join("\n"));
  } finally {
    await server.close();
  }
});

test("login() and logout() need a session on the scope", async () => {
  const server = await start(
    nodeApp((req, res) => {
      login(scopeOf(req) as Scope, { id: 1, username: "x", isAuthenticated: true }).then(
        () => res.end("logged in"),
        (error: unknown) => res.end(error instanceof TypeError ? "TypeError" : "other"),
      );
    }),
  );
  try {
    assert.is(await (await fetch(server.url)).text(), "TypeError");
  } finally {
    await server.close();
  }
});

test("MemorySessionStore is bounded: past maxEntries the least recently saved session goes", async () => {
  const store = new MemorySessionStore({ maxEntries: 3 });
  for (const key of ["a", "b", "c"]) store.save(key, { key }, 60);
  store.save("a", { key: "a", again: true }, 60);
  store.save("d", { key: "d" }, 60);
  assert.is(store.size, 3);
  assert.is(store.load("b"), undefined, "b was the least recently saved");
  assert.equal(store.load("a"), { key: "a", again: true });
  const defaults = new MemorySessionStore();
  for (let i = 0; i < 25_000; i++) defaults.save(`key-${i}`, {}, 60);
  assert.is(defaults.size, 10_000, "10,000 sessions by default");
  assert.ok(defaults.load("key-24999"));
  assert.throws(() => new MemorySessionStore({ maxEntries: 0 }), TypeError);
  assert.throws(() => new MemorySessionStore({ now: 5 as never }), /option "now" must be a function/);
});

test("logins over HTTP cannot grow a bounded store: every anonymous POST that logs in makes a session", async () => {
  const store = new MemorySessionStore({ maxEntries: 5 });
  const app = AuthMiddlewareStack(
    nodeApp((req, res) => {
      void login(scopeOf(req) as Scope, { id: 1, username: "x", isAuthenticated: true }).then(() => res.end("in"));
    }),
    { secret: SECRET, store },
  );
  const server = await start(app);
  try {
    for (let i = 0; i < 20; i++) assert.is(await (await fetch(server.url, { method: "POST" })).text(), "in");
    assert.is(store.size, 5);
  } finally {
    await server.close();
  }
});

test("SIO_SESSION_COOKIE_SECURE sets the cookie's Secure flag when the options do not (behind a TLS-terminating proxy)", async () => {
  let fromEnv: Application;
  let explicit: Application;
  try {
    process.env.SIO_SESSION_COOKIE_SECURE = "true";
    fromEnv = SessionMiddlewareStack(counter, { secret: SECRET });
    explicit = SessionMiddlewareStack(counter, { secret: SECRET, cookieSecure: false });
    process.env.SIO_SESSION_COOKIE_SECURE = "sometimes";
    assert.throws(() => SessionMiddlewareStack(counter, { secret: SECRET }), /SIO_SESSION_COOKIE_SECURE="sometimes": expected true or false/);
  } finally {
    delete process.env.SIO_SESSION_COOKIE_SECURE;
  }
  const servers = [await start(fromEnv), await start(explicit)];
  try {
    const [secure, plain] = await Promise.all(servers.map(async (server) => (await fetch(server.url)).headers.getSetCookie()[0] as string));
    assert.match(secure!, /; Secure/i);
    assert.not.match(plain!, /; Secure/i, "the option wins over the variable");
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
});

test("a short or repetitive secret is warned about, once per secret", () => {
  const logs = captureLogger();
  setDefaultLogger(logs);
  try {
    SessionMiddlewareStack(counter, { secret: "short" });
    SessionMiddlewareStack(counter, { secret: "short" });
    SessionMiddlewareStack(counter, { secret: "a".repeat(64) });
    SessionMiddlewareStack(counter, { secret: SECRET });
    process.env.SIO_SECRET_KEY = "changeme";
    SessionMiddlewareStack(counter);
  } finally {
    delete process.env.SIO_SECRET_KEY;
    setDefaultLogger(consoleLogger);
  }
  assert.equal(
    logs.messages.map((line) => line.replace(/: anyone holding.*$/, "")),
    [
      "warn: the session secret is weak (5 characters, 5 distinct)",
      "warn: the session secret is weak (64 characters, 1 distinct)",
      "warn: SIO_SECRET_KEY is weak (8 characters, 7 distinct)",
    ],
  );
  assert.match(logs.messages[0]!, /use at least 32 random characters/);
});

test("bad session and auth options are TypeErrors", () => {
  const app: Application = () => true;
  assert.throws(() => SessionMiddlewareStack(app, { store: {} as never }), TypeError);
  assert.throws(() => SessionMiddlewareStack(app, { cookieName: "bad name" }), TypeError);
  assert.throws(() => SessionMiddlewareStack(app, { maxAge: 0 }), TypeError);
  assert.throws(() => SessionMiddlewareStack(app, { maxAge: 0.5 }), /whole number of seconds/, "Max-Age must be whole seconds");
  assert.throws(() => AuthMiddlewareStack(app, { resolveUser: "x" as never, secret: SECRET }), TypeError);
  assert.throws(() => configureAuth({ resolveUser: 1 as never }), TypeError);
});

test.run();
