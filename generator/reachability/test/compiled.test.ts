/** The engine on patterns compiled by the real matching module (Python regex and path() translation). */
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { compilePattern, type CompiledPattern, type RouteKind } from "@sio-router/runtime/matching";
import { acceptsPath, analyzeTable, firstOverlap, type TableRoute } from "../index.js";

function compiled(kind: RouteKind, source: string, endpoint = true): CompiledPattern {
  const result = compilePattern(kind, source, { endpoint });
  if (!result.ok) throw new Error(`${source}: ${result.error.message}`);
  return result.pattern;
}

const route = (kind: RouteKind, source: string, captures = true, endpoint = true): TableRoute => ({
  pattern: compiled(kind, source, endpoint),
  captures,
});

test("seed: re_path(\"\") before re_path(r\"^socket\\.io/?$\")", () => {
  const routes = [route("re_path", ""), route("re_path", "^socket\\.io/?$")];
  const analysis = analyzeTable(routes);
  assert.is(analysis.routes[1]!.unreachable, true);
  assert.equal(analysis.routes[1]!.shadowedBy, [0]);
  assert.equal(firstOverlap(routes, 1), { kind: "overlap", earlier: 0, witness: "socket.io/" });
});

test("path() converters and Python named groups", () => {
  const routes = [
    route("path", "chat/<int:room>/"),
    route("re_path", "^chat/(?P<room>[0-9]+)/$"),
    route("re_path", "^chat/(?P<room>\\d+)/\\Z"),
    route("path", "chat/<slug:room>/"),
    route("path", "chat/<str:room>/"),
  ];
  const analysis = analyzeTable(routes);
  assert.is(analysis.routes[1]!.unreachable, true);
  assert.equal(analysis.routes[1]!.shadowedBy, [0]);
  // Python's \d is Unicode-aware: `chat/٣/` still reaches the third route.
  assert.is(analysis.routes[2]!.unreachable, false);
  assert.ok(acceptsPath(routes[2]!.pattern, analysis.routes[2]!.stillReaches ?? ""));
  assert.is(analysis.routes[3]!.unreachable, false);
  assert.is(analysis.routes[3]!.stillReaches, "chat/a/");
  assert.is(analysis.routes[4]!.unreachable, false);
  assert.equal(analysis.routes[4]!.shadowedBy, [0, 1, 2, 3]);
});

test("a prefix route is searched, and captures only when its inner router has a catch-all", () => {
  const users = route("re_path", "^api/users/$");
  assert.is(analyzeTable([route("path", "api/", false, false), users]).routes[1]!.unreachable, false);
  assert.is(analyzeTable([route("path", "api/", true, false), users]).routes[1]!.unreachable, true);
});

test("Python case-insensitive flag", () => {
  const routes = [route("re_path", "(?i)^chat/"), route("re_path", "^CHAT/room$")];
  assert.is(analyzeTable(routes).routes[1]!.unreachable, true);
});

test.run();
