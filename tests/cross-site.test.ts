/**
 * The demo chat as `npm start` serves it (`sio serve routes.sio`), attacked
 * from pages of other origins in real Chromium: one on another loopback
 * address (cross-site), one on another port of the victim's host (same-site:
 * the browser sends the victim's cookies). The victim is logged in. Every
 * way into the Socket.IO endpoint — a JSONP `<script>`, fetch and XHR
 * polling, a WebSocket, the official client on either transport — fails
 * and is refused by the server (its log says so); auto-submitting forms
 * neither log the victim in as the attacker nor out. And a host name
 * pointed at 127.0.0.1 (DNS rebinding) gets 400.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as assert from "uvu/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ROOT, startSio, type RunningSio } from "../cli/test/helpers.js";
import { browserSuite } from "./chromium.js";
import { within } from "./harness.js";

interface Attacker {
  server: Server;
  origin: string;
}

interface Context {
  sio: RunningSio;
  victim: string;
  attackers: Record<"cross-site" | "same-site", Attacker>;
  browser: Browser;
}

const REBOUND_HOST = "rebind.test";
const { test, launch } = browserSuite<Context>("cross-site attacks on the demo chat", undefined, { timeout: 90_000 });

/** The attack pages: each leaves its outcome in `window.result` (a Promise of a string). */
function attackPage(path: string, victim: string): string {
  const ws = victim.replace("http:", "ws:");
  const scripts: Record<string, string> = {
    "/jsonp": `window.result = new Promise((resolve) => {
        window.___eio = [(packet) => resolve("read: " + packet)];
        const script = document.createElement("script");
        script.src = "${victim}/socket.io/?EIO=4&transport=polling&j=0";
        script.onerror = () => resolve("refused");
        script.onload = () => setTimeout(() => resolve("loaded, nothing read"), 100);
        document.head.append(script);
      });`,
    "/fetch": `window.result = fetch("${victim}/socket.io/?EIO=4&transport=polling", { credentials: "include" })
        .then((response) => response.text().then((text) => "read: " + text), (error) => "refused: " + error.name);`,
    "/no-cors": `window.result = fetch("${victim}/socket.io/?EIO=4&transport=polling", { credentials: "include", mode: "no-cors" })
        .then((response) => "sent: opaque " + response.type, (error) => "refused: " + error.name);`,
    "/xhr": `window.result = new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open("GET", "${victim}/socket.io/?EIO=4&transport=polling");
        xhr.withCredentials = true;
        xhr.onload = () => resolve("read: " + xhr.responseText);
        xhr.onerror = () => resolve("refused");
        xhr.send();
      });`,
    "/websocket": `window.result = new Promise((resolve) => {
        const socket = new WebSocket("${ws}/socket.io/?EIO=4&transport=websocket");
        socket.onmessage = (event) => resolve("read: " + event.data);
        socket.onerror = () => resolve("refused");
      });`,
    "/client-polling": client(victim, ["polling"]),
    "/client-websocket": client(victim, ["websocket"]),
  };
  const forms: Record<string, string> = {
    "/login": `<form method="post" action="${victim}/login"><input name="username" value="mallory"></form>`,
    "/logout": `<form method="post" action="${victim}/logout"></form>`,
  };
  if (path in forms) return `<!doctype html><body>${forms[path]}<script>document.forms[0].submit();</script></body>`;
  if (path === "/frame") return `<!doctype html><body><iframe src="${victim}/"></iframe></body>`;
  const vendor = path.startsWith("/client") ? `<script src="${victim}/vendor/socket.io.min.js"></script>` : "";
  return `<!doctype html><body>${vendor}<script>${scripts[path] ?? 'window.result = Promise.resolve("no such attack")'}</script></body>`;
}

/** The official browser client, loaded from the victim itself (a plain GET of a static file works cross-site). */
function client(victim: string, transports: string[]): string {
  return `window.result = new Promise((resolve) => {
      const socket = io("${victim}", { transports: ${JSON.stringify(transports)}, withCredentials: true, reconnection: false });
      socket.on("welcome", (me) => resolve("connected as " + me.name));
      socket.on("connect_error", (error) => resolve("refused: " + error.message));
    });`;
}

async function startAttacker(host: string, victim: () => string): Promise<Attacker> {
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(attackPage(new URL(req.url ?? "/", "http://attacker").pathname, victim()));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, origin: `http://${host}:${(server.address() as AddressInfo).port}` };
}

test.before(async (context) => {
  context.sio = startSio(["serve", "routes.sio", "--port", "0"], { cwd: ROOT });
  const stdout = await within(context.sio.waitFor(/Press Ctrl\+C to stop\.\n/), 45_000, "sio serve to start");
  context.victim = /^sio serving routes\.sio on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)![1]!;
  context.attackers = {
    "cross-site": await startAttacker("127.0.0.2", () => context.victim),
    "same-site": await startAttacker("127.0.0.1", () => context.victim),
  };
  context.browser = await launch([`--host-resolver-rules=MAP ${REBOUND_HOST} 127.0.0.1`]);
});

test.after(async (context) => {
  await context.browser?.close();
  for (const attacker of Object.values(context.attackers ?? {})) attacker.server.close();
  const exit = await context.sio?.stop("SIGTERM");
  assert.is(exit?.code, 0, exit?.stderr);
});

/** A browser context (its own cookies) logged in as `username` through the demo's own form; returns its chat page. */
async function victimLoggedIn(context: Context, username: string): Promise<{ browserContext: BrowserContext; page: Page }> {
  const browserContext = await context.browser.newContext();
  const page = await browserContext.newPage();
  await page.goto(context.victim);
  await page.fill("#username", username);
  await Promise.all([page.waitForURL(`${context.victim}/`), page.click("#login-form button")]);
  await page.locator("#me").getByText(`Logged in as ${username}`).waitFor();
  await page.locator("#status").getByText("connected (websocket)").waitFor();
  return { browserContext, page };
}

async function attack(browserContext: BrowserContext, attacker: Attacker, path: string): Promise<string> {
  const page = await browserContext.newPage();
  try {
    await page.goto(attacker.origin + path);
    return await within(page.evaluate(() => (window as unknown as { result: Promise<string> }).result), 10_000, `the outcome of ${path}`);
  } finally {
    await page.close();
  }
}

for (const site of ["cross-site", "same-site"] as const) {
  test(`${site}: no way into the Socket.IO endpoint as the logged-in victim`, async (context) => {
    const { browserContext } = await victimLoggedIn(context, "alice");
    const attacker = context.attackers[site];
    try {
      const outcomes: Record<string, string> = {};
      for (const path of ["/jsonp", "/fetch", "/no-cors", "/xhr", "/websocket", "/client-polling", "/client-websocket"]) {
        outcomes[path] = await attack(browserContext, attacker, path);
      }
      assert.equal(outcomes, {
        "/jsonp": "refused",
        "/fetch": "refused: TypeError",
        // The browser sends it and hides the answer; the server refused it anyway (its log, below).
        "/no-cors": "sent: opaque opaque",
        "/xhr": "refused",
        "/websocket": "refused",
        "/client-polling": "refused: xhr poll error",
        "/client-websocket": "refused: websocket error",
      });
      const stderr = context.sio.stderr;
      assert.ok(stderr.includes(`refused Origin "${attacker.origin}" (403)`), stderr);
      assert.ok(stderr.includes(`AllowedHostsOriginValidator: refused a WebSocket from Origin "${attacker.origin}"`) || site === "same-site", stderr);
      assert.match(stderr, /refused a (cross-site|same-site) request without an Origin \(403\)/);
    } finally {
      await browserContext.close();
    }
  });

  test(`${site}: an auto-submitting form neither logs the victim in as the attacker nor out`, async (context) => {
    const attacker = context.attackers[site];
    const { browserContext, page } = await victimLoggedIn(context, "bob");
    try {
      const before = await browserContext.cookies(context.victim);
      for (const path of ["/login", "/logout"]) {
        const form = await browserContext.newPage();
        const refused = form.waitForResponse((response) => response.url() === `${context.victim}${path}`);
        await form.goto(attacker.origin + path);
        assert.is((await refused).status(), 403, path);
        await form.close();
      }
      assert.equal(await browserContext.cookies(context.victim), before, "the session cookie is untouched");
      await page.reload();
      await page.locator("#me").getByText("Logged in as bob").waitFor();
    } finally {
      await browserContext.close();
    }
    // Nor log in someone who was not logged in at all.
    const fresh = await context.browser.newContext();
    try {
      const form = await fresh.newPage();
      const refused = form.waitForResponse((response) => response.url() === `${context.victim}/login`);
      await form.goto(attacker.origin + "/login");
      assert.is((await refused).status(), 403);
      assert.equal(await fresh.cookies(context.victim), []);
    } finally {
      await fresh.close();
    }
  });
}

test("the chat page cannot be framed by another origin (clickjacking)", async (context) => {
  const browserContext = await context.browser.newContext();
  try {
    const page = await browserContext.newPage();
    const framed = page.waitForResponse((response) => response.url() === `${context.victim}/`);
    await page.goto(context.attackers["cross-site"].origin + "/frame");
    assert.match((await framed).headers()["content-security-policy"] ?? "", /frame-ancestors 'none'/);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    assert.ok(frame);
    await frame!.waitForLoadState();
    assert.is(await frame!.locator("#login-form").count(), 0, "the chat did not render inside the frame");
  } finally {
    await browserContext.close();
  }
});

test("a host name pointed at 127.0.0.1 (DNS rebinding) gets 400, page and Socket.IO alike", async (context) => {
  const browserContext = await context.browser.newContext();
  try {
    const page = await browserContext.newPage();
    const rebound = context.victim.replace("127.0.0.1", REBOUND_HOST);
    const response = await page.goto(rebound);
    assert.is(response?.status(), 400);
    const polling = await page.evaluate(async () => (await fetch("/socket.io/?EIO=4&transport=polling")).status);
    assert.is(polling, 400);
    assert.match(context.sio.stderr, new RegExp(`refused http requests with Host "${REBOUND_HOST}:\\d+" \\(400\\)`));
  } finally {
    await browserContext.close();
  }
});

test.run();
