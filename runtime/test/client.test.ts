/**
 * socketIOClientArguments(): what the generated clients hand socket.io-client —
 * the namespace in the URI, the route's path under the base URL's mount point,
 * the route's transports unless the caller narrows them.
 */
import * as assert from "uvu/assert";
import { test } from "../../tests/harness.js";
import { socketIOClientArguments, type SocketIOClientRoute } from "../client.js";

const route: SocketIOClientRoute = { path: ["/tenants/", { kwarg: "tenant" }, "/socket.io"], trailingSlash: true, transports: ["polling", "websocket"], upgrade: true };

test("the namespace goes into the URI, the route's path under the mount point into `path`", () => {
  const [uri, options] = socketIOClientArguments("https://example.com/app/", route, "/chat", { withCredentials: true, upgrade: true }, { tenant: 7 });
  assert.is(uri, "https://example.com/chat");
  assert.equal(options, {
    withCredentials: true,
    path: "/app/tenants/7/socket.io",
    addTrailingSlash: true,
    transports: ["polling", "websocket"],
    upgrade: true,
  });
  assert.is(socketIOClientArguments(new URL("http://127.0.0.1:8000"), route, "/", {}, { tenant: "a b" })[1].path, "/tenants/a%20b/socket.io");
});

test("the caller may narrow the transports and refuse upgrades, never widen what the route allows", () => {
  const [, narrowed] = socketIOClientArguments("http://h", route, "/", { transports: ["websocket"], upgrade: false }, { tenant: 1 });
  assert.equal([narrowed.transports, narrowed.upgrade], [["websocket"], false]);
  const [, fixed] = socketIOClientArguments("http://h", { ...route, upgrade: false }, "/", { upgrade: true }, { tenant: 1 });
  assert.is(fixed.upgrade, false);
});

test("a relative base URL is an error, not a guess", () => {
  assert.throws(() => socketIOClientArguments("/app", route, "/", {}, { tenant: 1 }), TypeError);
});

test.run();
