/**
 * The demo chat (fixtures/chat) behind the seed example's router, with the
 * official socket.io-client: rooms, messages with acks, presence with the
 * logged-in user, and the Express fallback app's pages.
 */
import { suite } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import type { Socket as ClientSocket } from "socket.io-client";
import { ChatConsumer, type ChatMember, type ChatMessage, type ChatPresence, type ChatReply } from "../../../fixtures/chat/consumers.js";
import { client, connected, logIn, next, start, type Running } from "./support.js";

interface Context {
  running: Running;
  sockets: ClientSocket[];
}

const test = suite<Context>("demo chat");

test.before(async (context) => {
  context.running = await start([ChatConsumer]);
  context.sockets = [];
});

test.after.each((context) => {
  for (const socket of context.sockets.splice(0)) socket.disconnect();
});

test.after(async (context) => {
  await context.running.close();
});

/** A chat client, logged in as `username` unless it is null; resolves with its welcome. */
async function member(context: Context, username: string | null): Promise<{ socket: ClientSocket; me: ChatMember }> {
  const cookie = username === null ? undefined : await logIn(context.running, username);
  const socket = client(context.running, "/", cookie === undefined ? {} : { extraHeaders: { cookie } });
  context.sockets.push(socket);
  const [me] = await next<[ChatMember]>(socket, "welcome");
  await connected(socket);
  return { socket, me };
}

function names(members: readonly ChatMember[]): string[] {
  return members.map((m) => (m.authenticated ? m.name : "guest"));
}

test("the welcome names the logged-in user, or a guest", async (context) => {
  assert.equal((await member(context, "alice")).me, { name: "alice", authenticated: true });
  const guest = await member(context, null);
  assert.is(guest.me.authenticated, false);
  assert.match(guest.me.name, /^guest-/);
});

test("join, presence, messages with acks broadcast to the room only", async (context) => {
  const alice = await member(context, "alice");
  const bob = await member(context, "bob");
  const outsider = await member(context, null);
  const joined = (await alice.socket.emitWithAck("join", "lobby")) as ChatReply;
  assert.equal(joined, { ok: true, room: "lobby", members: [{ name: "alice", authenticated: true }] });
  const alicesView = next<[ChatPresence]>(alice.socket, "presence");
  assert.equal(names(((await bob.socket.emitWithAck("join", "lobby")) as { members: ChatMember[] }).members), ["alice", "bob"]);
  assert.equal(names((await alicesView)[0].members), ["alice", "bob"]);
  const heard: ChatMessage[] = [];
  outsider.socket.on("message", (message: ChatMessage) => heard.push(message));
  const bobHears = next<[ChatMessage]>(bob.socket, "message");
  assert.equal(await alice.socket.emitWithAck("message", { room: "lobby", text: "hi bob" }), { ok: true, room: "lobby" });
  const [message] = await bobHears;
  assert.equal({ ...message, at: 0 }, { room: "lobby", from: "alice", authenticated: true, text: "hi bob", at: 0 });
  await outsider.socket.emitWithAck("join", "elsewhere");
  assert.equal(heard, []);
});

test("leaving and disconnecting update the others' presence", async (context) => {
  const carol = await member(context, "carol");
  const dave = await member(context, "dave");
  await carol.socket.emitWithAck("join", "den");
  await dave.socket.emitWithAck("join", "den");
  const afterLeave = next<[ChatPresence]>(carol.socket, "presence");
  assert.equal(await dave.socket.emitWithAck("leave", "den"), { ok: true, room: "den" });
  assert.equal(names((await afterLeave)[0].members), ["carol"]);
  await dave.socket.emitWithAck("join", "den");
  const afterDisconnect = next<[ChatPresence]>(carol.socket, "presence");
  dave.socket.disconnect();
  assert.equal((await afterDisconnect)[0], { room: "den", members: [{ name: "carol", authenticated: true }] });
});

test("bad input gets an error ack, never a crash", async (context) => {
  const { socket } = await member(context, null);
  const refused = (reply: unknown): string => (reply as { ok: false; error: string }).error;
  assert.match(refused(await socket.emitWithAck("join", "../etc")), /room names/);
  assert.match(refused(await socket.emitWithAck("join", 42)), /room names/);
  assert.match(refused(await socket.emitWithAck("message", { room: "lobby", text: "not joined" })), /join the room first/);
  assert.match(refused(await socket.emitWithAck("message", null)), /join the room first/);
  // Another socket's own room (its id) is not a chat room.
  const other = await member(context, null);
  assert.match(refused(await socket.emitWithAck("message", { room: other.socket.id, text: "psst" })), /join the room first/);
  await socket.emitWithAck("join", "lobby");
  assert.match(refused(await socket.emitWithAck("message", { room: "lobby", text: "   " })), /messages are/);
  assert.match(refused(await socket.emitWithAck("leave", "never-joined")), /not in that room/);
  socket.emit("message", { room: "lobby" });
  assert.equal(await socket.emitWithAck("message", { room: "lobby", text: "fine" }), { ok: true, room: "lobby" });
});

test("the fallback Express app: page, its script built from the generated client, login, 404", async ({ running }) => {
  const page = await fetch(`${running.url}/`);
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, /<script src="\/static\/chat\.js"><\/script>/);
  assert.not.match(html, /vendor/, "the page's one script bundles its client");
  const script = await fetch(`${running.url}/static/chat.js`);
  assert.is(script.status, 200);
  assert.match(script.headers.get("content-type") ?? "", /javascript/);
  const bundled = await script.text();
  // The generated, typed client of routes.sio (fixtures/chat/routes.client.ts) and socket.io-client's browser build.
  assert.match(bundled, /function connectChatConsumer\(/);
  assert.match(bundled, /path: \["\/socket\.io"\]/);
  assert.not.match(bundled, /xmlhttprequest-ssl|require\("ws"\)/, "no Node transport in the browser bundle");
  assert.is((await fetch(`${running.url}/static/chat.ts`)).status, 404);
  const official = await fetch(`${running.url}/vendor/socket.io.min.js`);
  assert.is(official.status, 200);
  assert.match(official.headers.get("content-type") ?? "", /javascript/);
  assert.is((await fetch(`${running.url}/nowhere`)).status, 404);
  assert.is((await fetch(`${running.url}/socket.io.min.js`)).status, 404);
  const badName = await fetch(`${running.url}/login`, { method: "POST", body: new URLSearchParams({ username: "<script>" }) });
  assert.is(badName.status, 400);
  const huge = await fetch(`${running.url}/login`, { method: "POST", body: new URLSearchParams({ username: "x".repeat(5000) }) });
  assert.is(huge.status, 413);
  const logout = await fetch(`${running.url}/logout`, { method: "POST", redirect: "manual" });
  assert.is(logout.status, 303);
});

test.run();
