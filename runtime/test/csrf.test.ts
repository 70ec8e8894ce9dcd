/**
 * The session middleware's CSRF check over raw HTTP, on the demo chat's
 * stack (routes.sio as generated: AuthMiddlewareStack on both tables): what a
 * browser sends for a cross-site form is refused, a same-origin one and a
 * client without browser headers pass, trusted origins and the Socket.IO
 * endpoint's own origins pass.
 */
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { AuthMiddlewareStack, nodeApp, scopeOf, SessionMiddlewareStack, type Scope } from "@sio-router/runtime";
import { ChatConsumer } from "../../fixtures/chat/consumers.js";
import { logIn, send, start as startChat } from "../socketio/test/support.js";
import { captureLogger, start } from "./support.js";

const EVIL = "http://evil.example";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** Who the chat page says is logged in, for a cookie. */
async function whoIs(url: string, cookie: string): Promise<string> {
  const answer = await send(url, "/socket.io/?EIO=4&transport=polling", { headers: { cookie } });
  return answer.status === 200 ? "session alive" : `status ${answer.status}`;
}

test("a cross-site form cannot log the user in (as the attacker) or out; a same-origin one can", async () => {
  const logs = captureLogger();
  const running = await startChat([ChatConsumer], undefined, logs);
  try {
    const crossSite = { ...FORM, origin: EVIL, "sec-fetch-site": "cross-site" };
    const login = await send(running.url, "/login", { method: "POST", headers: crossSite, body: "username=mallory" });
    assert.is(login.status, 403);
    assert.is(login.headers["set-cookie"], undefined, "no session cookie planted");

    const cookie = await logIn(running, "alice");
    const sameSite = { ...FORM, cookie, origin: `http://127.0.0.1:${running.server.port + 1}`, "sec-fetch-site": "same-site" };
    const logout = await send(running.url, "/logout", { method: "POST", headers: sameSite });
    assert.is(logout.status, 403, "another port of the same host is another origin");
    assert.is(logout.headers["set-cookie"], undefined, "the session cookie is not cleared");
    assert.is(await whoIs(running.url, cookie), "session alive");

    const sameOrigin = { ...FORM, cookie, origin: running.origin, "sec-fetch-site": "same-origin" };
    assert.is((await send(running.url, "/logout", { method: "POST", headers: sameOrigin })).status, 303);
    assert.equal(
      logs.messages.filter((line) => line.includes("CSRF")),
      [
        'warn: SessionMiddleware: refused a cross-origin POST to "/login" (Origin "http://evil.example"; 403, CSRF); trusted: the same origin, [] and the origins ' +
          "the Socket.IO endpoints behind it admit; to trust another origin, add it to csrfTrustedOrigins (or SIO_CSRF_TRUSTED_ORIGINS) (logged once per value)",
        `warn: SessionMiddleware: refused a cross-origin POST to "/logout" (Origin "http://127.0.0.1:${running.server.port + 1}"; 403, CSRF); trusted: the same origin, [] ` +
          "and the origins the Socket.IO endpoints behind it admit; to trust another origin, add it to csrfTrustedOrigins (or SIO_CSRF_TRUSTED_ORIGINS) (logged once per value)",
      ],
    );
  } finally {
    await running.close();
  }
});

test("what passes: safe methods, Sec-Fetch-Site same-origin or none, a same-origin Origin, and no browser headers at all", async () => {
  const running = await startChat([ChatConsumer]);
  try {
    const post = (headers: Record<string, string>) => send(running.url, "/login", { method: "POST", headers: { ...FORM, ...headers }, body: "username=bob" });
    assert.is((await post({ "sec-fetch-site": "same-origin", origin: running.origin })).status, 303);
    assert.is((await post({ "sec-fetch-site": "none" })).status, 303);
    assert.is((await post({ origin: running.origin })).status, 303, "an older browser: Origin equal to the Host");
    assert.is((await post({})).status, 303, "curl, a Node client");
    assert.is((await post({ origin: EVIL })).status, 403, "an older browser from elsewhere");
    assert.is((await post({ "sec-fetch-site": "cross-site" })).status, 403, "cross-site, and no Origin to trust");
    assert.is((await send(running.url, "/", { headers: { origin: EVIL, "sec-fetch-site": "cross-site" } })).status, 200, "GET is safe");
  } finally {
    await running.close();
  }
});

test("the Socket.IO endpoint's own origins (cors, allowed hosts on its port) pass the CSRF check for its polling POSTs", async () => {
  const app = "https://app.example";
  const running = await startChat([ChatConsumer], { cors: { origin: [app], credentials: true } });
  try {
    const open = await send(running.url, "/socket.io/?EIO=4&transport=polling", { headers: { origin: app, "sec-fetch-site": "cross-site" } });
    assert.is(open.status, 200);
    const sid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid;
    const poll = `/socket.io/?EIO=4&transport=polling&sid=${sid}`;
    const fromApp = await send(running.url, poll, { method: "POST", headers: { origin: app, "sec-fetch-site": "cross-site" }, body: "40" });
    assert.is(fromApp.status, 200);
    const localhost = running.origin.replace("127.0.0.1", "localhost");
    const fromLocalhost = await send(running.url, poll, { method: "POST", headers: { origin: localhost, "sec-fetch-site": "cross-site" }, body: "6" });
    assert.is(fromLocalhost.status, 200);
    const fromEvil = await send(running.url, poll, { method: "POST", headers: { origin: EVIL, "sec-fetch-site": "cross-site" }, body: "6" });
    assert.is(fromEvil.status, 403);
    // The same trust reaches the app behind the same middleware: the endpoint's origins may post to it.
    const login = await send(running.url, "/login", { method: "POST", headers: { ...FORM, origin: app, "sec-fetch-site": "cross-site" }, body: "username=carol" });
    assert.is(login.status, 303);
  } finally {
    await running.close();
  }
});

test("trusted origins: the option, Django's *.subdomain form and SIO_CSRF_TRUSTED_ORIGINS; csrf: false turns the check off", async () => {
  const echo = nodeApp((req, res) => res.end((scopeOf(req) as Scope).method));
  const crossSite = (origin: string) => ({ origin, "sec-fetch-site": "cross-site" });
  const trusting = await start(SessionMiddlewareStack(echo, { csrfTrustedOrigins: ["https://app.example", "https://*.example.org"] }));
  process.env.SIO_CSRF_TRUSTED_ORIGINS = "http://from-env.example:8080";
  const fromEnv = await start(AuthMiddlewareStack(echo));
  delete process.env.SIO_CSRF_TRUSTED_ORIGINS;
  const off = await start(AuthMiddlewareStack(echo, { csrf: false }));
  try {
    const status = async (url: string, origin: string) => (await send(url, "/", { method: "POST", headers: crossSite(origin) })).status;
    assert.is(await status(trusting.url, "https://app.example"), 200);
    assert.is(await status(trusting.url, "https://APP.example:443"), 200, "compared as browsers serialize origins");
    assert.is(await status(trusting.url, "http://app.example"), 403, "the scheme counts");
    assert.is(await status(trusting.url, "https://chat.example.org"), 200);
    assert.is(await status(trusting.url, "https://a.b.example.org"), 200);
    assert.is(await status(trusting.url, "https://example.org"), 403, "*.x is for subdomains");
    assert.is(await status(trusting.url, "https://evil-example.org"), 403);
    assert.is(await status(fromEnv.url, "http://from-env.example:8080"), 200);
    assert.is(await status(fromEnv.url, "http://from-env.example"), 403);
    assert.is(await status(off.url, EVIL), 200);
  } finally {
    await Promise.all([trusting.close(), fromEnv.close(), off.close()]);
  }
});

test("bad CSRF options are TypeErrors", () => {
  const echo = nodeApp((_req, res) => res.end());
  assert.throws(() => SessionMiddlewareStack(echo, { csrf: "yes" as never }), TypeError);
  assert.throws(() => SessionMiddlewareStack(echo, { csrfTrustedOrigins: "https://a.example" as never }), TypeError);
});

test.run();
