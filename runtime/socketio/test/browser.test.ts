/**
 * The demo chat page in headless Chromium (found as tests/chromium.ts says, driven by
 * playwright-core): two people log in through the form, join a room over the
 * official browser client, and see each other and each other's messages.
 */
import * as assert from "uvu/assert";
import type { Browser, Page } from "playwright-core";
import { browserSuite } from "../../../tests/chromium.js";
import { ChatConsumer } from "../../../fixtures/chat/consumers.js";
import { start, type Running } from "./support.js";

interface Context {
  running: Running;
  browser: Browser;
}

const { test, launch } = browserSuite<Context>("demo chat in a browser");

test.before(async (context) => {
  context.running = await start([ChatConsumer]);
  context.browser = await launch();
});

test.after(async (context) => {
  await context.browser?.close();
  await context.running.close();
});

/** A page in its own browser context (its own cookies), logged in through the form. */
async function loggedIn(context: Context, username: string): Promise<Page> {
  const page = await (await context.browser.newContext()).newPage();
  await page.goto(context.running.url);
  await page.locator("#me").getByText("(not logged in)").waitFor();
  await page.fill("#username", username);
  await Promise.all([page.waitForURL(`${context.running.url}/`), page.click("#login-form button")]);
  await page.locator("#me").getByText(`Logged in as ${username}`).waitFor();
  return page;
}

test("two pages join a room and see each other's messages", async (context) => {
  const alice = await loggedIn(context, "alice");
  const bob = await loggedIn(context, "bob");
  // The origin is allowed, so the browser client upgrades to websocket.
  await alice.locator("#status").getByText("connected (websocket)").waitFor();
  for (const page of [alice, bob]) {
    await page.fill("#room", "garden");
    await page.click("#join-form button");
    await page.locator("#room-name").getByText("garden").waitFor();
  }
  await alice.locator("#presence li").getByText("bob", { exact: true }).waitFor();
  assert.equal(await alice.locator("#presence li").allTextContents(), ["alice", "bob"]);

  await alice.fill("#text", "hello from alice");
  await alice.click("#send");
  await bob.locator("#messages li").filter({ hasText: "hello from alice" }).waitFor();
  await bob.fill("#text", "hi alice, bob here");
  await bob.press("#text", "Enter");
  await alice.locator("#messages li").filter({ hasText: "hi alice, bob here" }).waitFor();

  const seen = async (page: Page) =>
    page.locator("#messages li").evaluateAll((items) =>
      items.map((item) => `${item.querySelector(".from")?.textContent}: ${item.querySelector(".text")?.textContent}`),
    );
  const conversation = ["alice: hello from alice", "bob: hi alice, bob here"];
  assert.equal(await seen(alice), conversation);
  assert.equal(await seen(bob), conversation);
  assert.is(await alice.inputValue("#text"), "");

  await bob.close();
  await alice.locator("#presence li").getByText("bob", { exact: true }).waitFor({ state: "detached" });
  assert.equal(await alice.locator("#presence li").allTextContents(), ["alice"]);
});

test.run();
