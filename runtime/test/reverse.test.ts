import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { reverseUrl } from "@sio-router/runtime";

test("reverseUrl fills a template: literal text as it is, kwargs percent-encoded", () => {
  assert.is(reverseUrl(["/rooms/", { kwarg: "room" }, "/messages/", { kwarg: "message" }, "/"], { room: 7, message: "a b/c" }), "/rooms/7/messages/a%20b%2Fc/");
});

test("reverseUrl: a path converter's value keeps its slashes, each segment encoded", () => {
  assert.is(reverseUrl(["/files/", { kwarg: "file", path: true }], { file: "docs/read me.md" }), "/files/docs/read%20me.md");
});

test("reverseUrl: a template without kwargs needs none", () => {
  assert.is(reverseUrl(["/about/"]), "/about/");
});

test.run();
