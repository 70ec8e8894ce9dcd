/**
 * Session stores shared between processes, on a real redis-server: sio's
 * RedisSessionStore, and connect-redis (an express-session store) through
 * the adapter; two servers with one store share a login. And the errors
 * that say what to install or configure.
 */
import { RedisStore } from "connect-redis";
import { createClient } from "redis";
import * as assert from "uvu/assert";
import { suite } from "../../../tests/harness.js";
import { startRedis, type RunningRedis } from "../../../tests/scale/support.js";
import {
  AuthMiddlewareStack,
  closeScaleOut,
  configureScaleOut,
  expressSessionStore,
  login,
  nodeApp,
  RedisSessionStore,
  scopeOf,
  SioError,
  type SessionStore,
} from "@sio-router/runtime";
import { resolveScaleOut } from "../backplane.js";
import { loadOptional } from "../optional.js";
import { start } from "../../test/support.js";

interface Context {
  redis: RunningRedis;
  client: ReturnType<typeof createClient>;
}

const test = suite<Context>("shared session stores", {} as Context);

test.before(async (context) => {
  context.redis = await startRedis();
  context.client = createClient({ url: context.redis.url });
  await context.client.connect();
});

test.after(async (context) => {
  await context.client?.close();
  await context.redis?.stop();
});

async function roundTrip(store: SessionStore, client: Context["client"], key: string, stored: string): Promise<void> {
  await store.save(key, { user: "alice", visits: 3 }, 120);
  assert.equal(await store.load(key), { user: "alice", visits: 3 });
  const ttl = await client.ttl(stored);
  assert.ok(ttl > 110 && ttl <= 120, `expires with the session (TTL ${ttl})`);
  await store.destroy(key);
  assert.is(await store.load(key), undefined);
  assert.is(await client.exists(stored), 0);
}

test("RedisSessionStore keeps a session as JSON that expires with it; what is not a JSON object reads as no session", async ({ client }) => {
  await roundTrip(new RedisSessionStore(client), client, "k1", "sio:session:k1");
  await client.set("mine:k2", "not json");
  assert.is(await new RedisSessionStore(client, { prefix: "mine:" }).load("k2"), undefined);
});

test("expressSessionStore adapts connect-redis: its TTL comes from the session's max age", async ({ client }) => {
  await roundTrip(expressSessionStore(new RedisStore({ client })), client, "k3", "sess:k3");
});

test("two servers with one Redis store share a login", async ({ client }) => {
  const store = new RedisSessionStore(client);
  const app = (name: string) =>
    AuthMiddlewareStack(
      nodeApp(async (req, res) => {
        const scope = scopeOf(req)!;
        if (req.url === "/login") await login(scope, { id: 1, username: "alice", isAuthenticated: true });
        res.end(`${name}:${scope.user?.username || "anonymous"}`);
      }),
      { store, secret: "a-secret-shared-by-both-servers-0123456789" },
    );
  const [one, two] = await Promise.all([start(app("one")), start(app("two"))]);
  try {
    const loggedIn = await fetch(`${one.url}/login`, { method: "POST" });
    assert.is(await loggedIn.text(), "one:alice");
    const cookie = loggedIn.headers.get("set-cookie")!.split(";")[0]!;
    assert.is(await (await fetch(`${two.url}/`, { headers: { cookie } })).text(), "two:alice");
  } finally {
    await Promise.all([one.close(), two.close()]);
  }
});

test("a missing optional package is an error that says what to install", () => {
  try {
    loadOptional("sio-no-such-package", ["redis", "sio-no-such-package"], "Scale-out on Redis");
    assert.unreachable();
  } catch (error) {
    assert.instance(error, SioError);
    assert.is((error as SioError).code, "SIO_ERR_MISSING_PACKAGE");
    assert.match((error as Error).message, "Scale-out on Redis needs the package sio-no-such-package, which is not installed: npm install redis sio-no-such-package");
  }
});

test("a Redis adapter declared without a Redis URL, or a URL that is not redis://, is refused with what to set", async () => {
  await closeScaleOut();
  try {
    configureScaleOut({ socketio_adapter: "redis" });
    assert.throws(() => resolveScaleOut({}), /socketio_adapter = "redis" needs a Redis: set SIO_REDIS_URL/);
    assert.equal(resolveScaleOut({ SIO_REDIS_URL: "redis://cache:6379" }), { redisUrl: "redis://cache:6379", adapter: "redis" });
    assert.throws(() => resolveScaleOut({ SIO_REDIS_URL: "cache:6379" }), /SIO_REDIS_URL="cache:6379": expected a redis:\/\/ or rediss:\/\/ URL/);
    assert.throws(() => configureScaleOut({ redis_url: "http://cache" }), /redis_url must be a redis:\/\/ or rediss:\/\/ URL/);
  } finally {
    configureScaleOut({});
  }
});

test.run();
