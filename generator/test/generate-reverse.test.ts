/**
 * The generated modules run: importing a golden output builds the application with the
 * runtime, and its reverse() builds the URLs the routes match (checked against the
 * runtime's own router through a real server).
 */
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { serve } from "@sio-router/runtime";
import * as converters from "../../fixtures/generate/converters/expected.js";
import * as keys from "../../fixtures/generate/keys/expected.js";
import * as nested from "../../fixtures/generate/nested/expected.js";

test("reverse() concatenates prefix routes and fills kwargs", () => {
  assert.is(nested.reverse("home"), "/");
  assert.is(nested.reverse("room", { room: 7 }), "/rooms/7/");
  assert.is(nested.reverse("room-message", { room: 7, message: "hello-world" }), "/rooms/7/messages/hello-world/");
  assert.is(nested.reverse("room_member", { room: 7, member: "ada" }), "/rooms/7/members/ada/");
  assert.is(nested.reverse("api-rooms", { version: "2" }), "/api/v2/rooms/");
  assert.is(nested.reverse("room-socket", { room: 3 }), "/ws/rooms/3/");
});

test("reverse() percent-encodes values; a path converter keeps its slashes", () => {
  assert.is(converters.reverse("search", { query: "a b/c" }), "/search/a%20b%2Fc/");
  assert.is(converters.reverse("file", { file: "docs/read me.md" }), "/files/docs/read%20me.md");
  assert.is(converters.reverse("user", { id: 42 }), "/users/42/");
  assert.is(converters.reverse("about"), "/about/");
});

test("the URLs reverse() builds are the ones the generated router routes", async () => {
  const server = await serve(nested.application, { port: 0 });
  try {
    const urls = [nested.reverse("room-message", { room: 7, message: "hi" }), nested.reverse("room_member", { room: 7, member: "ada" })];
    const bodies = await Promise.all(urls.map(async (url) => (await fetch(new URL(url, server.url))).json()));
    assert.equal(bodies, [{ message: { room: 7, message: "hi" } }, { member: { room: 7, member: "ada" } }]);
  } finally {
    await server.close();
  }
});

test("keys are data: __proto__ and constructor as group names, parameters, kwargs keys and route names", async () => {
  assert.is(keys.reverse("__proto__", { ["__proto__"]: "x", constructor: "12" }), "/r/x/12");
  assert.is(keys.reverse("constructor", { ["__proto__"]: 7, toString: "a-b" }), "/p/7/a-b/");
  const server = await serve(keys.application, { port: 0 });
  try {
    const bodies = await Promise.all(["/r/x/", "/r/x/12", "/p/7/a-b/", "/k/"].map(async (url) => (await fetch(new URL(url, server.url))).json()));
    assert.equal(bodies, [
      [["__proto__", "x"]],
      [
        ["__proto__", "x"],
        ["constructor", "12"],
      ],
      [
        ["__proto__", 7],
        ["toString", "a-b"],
      ],
      [
        ["__proto__", { ["__proto__"]: 1 }],
        ["hasOwnProperty", true],
      ],
    ]);
  } finally {
    await server.close();
  }
});

test.run();
