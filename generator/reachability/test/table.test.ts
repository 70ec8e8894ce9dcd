import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { analyzeTable, coversEverything, decideByPaths, firstOverlap, sharedPath, type TableRoute } from "../index.js";
import { endpoint, prefix, rePath } from "./patterns.js";

function at(routes: TableRoute[], index: number) {
  return analyzeTable(routes).routes[index]!;
}

test("seed: re_path(\"\") first makes the Socket.IO route unreachable, witness socket.io/", () => {
  const routes = [endpoint(""), endpoint("^socket\\.io/?$")];
  const result = at(routes, 1);
  assert.is(result.unreachable, true);
  assert.equal(result.shadowedBy, [0]);
  assert.equal(firstOverlap(routes, 1), { kind: "overlap", earlier: 0, witness: "socket.io/" });
});

test("seed order fixed: the Socket.IO route first, the catch-all still reachable", () => {
  const routes = [endpoint("^socket\\.io/?$"), endpoint("")];
  const analysis = analyzeTable(routes);
  assert.is(analysis.routes[0]!.unreachable, false);
  assert.is(analysis.routes[1]!.unreachable, false);
  assert.equal(analysis.routes[1]!.shadowedBy, [0]);
  assert.type(analysis.routes[1]!.stillReaches, "string");
  assert.is(firstOverlap(routes, 0), null);
});

test("^sock captures every Socket.IO path", () => {
  const routes = [endpoint("^sock"), endpoint("^socket\\.io/?$")];
  assert.is(at(routes, 1).unreachable, true);
  assert.equal(firstOverlap(routes, 1), { kind: "overlap", earlier: 0, witness: "socket.io/" });
});

test("^socket.io: the unescaped dot also captures socketXio/, and a later literal route is unreachable", () => {
  const routes = [endpoint("^socket.io"), endpoint("^socket\\.io/?$"), endpoint("^socket-io/$"), endpoint("^socketio$")];
  const analysis = analyzeTable(routes);
  assert.is(analysis.routes[1]!.unreachable, true);
  assert.is(analysis.routes[2]!.unreachable, true);
  assert.is(analysis.routes[3]!.unreachable, false);
  assert.equal(analysis.routes[3]!.shadowedBy, []);
});

test("contained in the union of two earlier routes but in neither alone", () => {
  const routes = [endpoint("^api/v1/"), endpoint("^api/v2/"), endpoint("^api/v[12]/users$")];
  const result = at(routes, 2);
  assert.is(result.unreachable, true);
  assert.equal(result.shadowedBy, [0, 1]);
  assert.is(at([routes[0]!, routes[2]!], 1).unreachable, false);
  assert.is(at([routes[1]!, routes[2]!], 1).unreachable, false);
});

test("not contained: the overlap is reported with a path that still gets through", () => {
  const routes = [endpoint("^api/v1/"), endpoint("^api/v[12]/users$")];
  const result = at(routes, 1);
  assert.is(result.unreachable, false);
  assert.equal(result.shadowedBy, [0]);
  assert.is(result.stillReaches, "api/v2/users");
  assert.equal(firstOverlap(routes, 1), { kind: "overlap", earlier: 0, witness: "api/v1/users" });
});

test("disjoint routes: no overlap, no witness", () => {
  const routes = [endpoint("^api/users/?$"), endpoint("^api/users/(?<id>\\d+)/?$"), endpoint("^about$")];
  const analysis = analyzeTable(routes);
  for (const result of analysis.routes) {
    assert.is(result.unreachable, false);
    assert.equal(result.shadowedBy, []);
    assert.is(result.stillReaches, undefined);
  }
  assert.is(firstOverlap(routes, 1), null);
});

test("$ endpoint: full match for an endpoint, search for a prefix route", () => {
  const later = endpoint("^api/chat$");
  assert.is(at([endpoint("chat$"), later], 1).unreachable, false);
  assert.is(at([prefix("chat$", true), later], 1).unreachable, true);
  // Full match applies to the whole alternation: `a|b$` is only "a" or "b".
  assert.is(at([endpoint("a|b$"), endpoint("^xay$")], 1).unreachable, false);
  assert.is(at([prefix("a|b$", true), endpoint("^xay$")], 1).unreachable, true);
});

test("unanchored pattern captures mid-path (search semantics)", () => {
  const routes = [endpoint("chat/"), endpoint("^api/chat/room$")];
  assert.is(at(routes, 1).unreachable, true);
  assert.equal(firstOverlap(routes, 1, { probes: [] }), { kind: "overlap", earlier: 0, witness: "api/chat/room" });
});

test("path() converter regexes", () => {
  const room = endpoint("^chat/(?<room>[0-9]+)/$", { route: "chat/<int:room>/" });
  const roomZ = endpoint("^chat/(?<room>[0-9]+)/(?![\\s\\S])", { route: "chat/<int:room>/" });
  for (const converter of [room, roomZ]) {
    assert.is(at([converter, endpoint("^chat/42/$")], 1).unreachable, true);
    assert.is(at([converter, endpoint("^chat/42/x$")], 1).unreachable, false);
    const lobby = at([converter, endpoint("^chat/(?<name>[-a-zA-Z0-9_]+)/$")], 1);
    assert.is(lobby.unreachable, false);
    assert.equal(lobby.shadowedBy, [0]);
    assert.is(lobby.stillReaches, "chat/a/");
  }
});

test("prefix routes whose inner router falls through do not capture", () => {
  assert.is(at([prefix("^api/", false), endpoint("^api/users$")], 1).unreachable, false);
  assert.equal(at([prefix("^api/", false), endpoint("^api/users$")], 1).shadowedBy, []);
  assert.is(firstOverlap([prefix("^api/", false), endpoint("^api/users$")], 1), null);
  assert.is(at([prefix("^api/", true), endpoint("^api/users$")], 1).unreachable, true);
});

test("backreference: undecidable, with the reason", () => {
  const routes = [endpoint("^(\\w+)/\\1$"), endpoint("^a/a$")];
  const result = at(routes, 1);
  assert.is(result.unreachable, false);
  assert.match(result.undecidable ?? "", /backreference \\1/);
  const overlap = firstOverlap(routes, 1, { probes: [] });
  assert.equal(overlap?.kind, "undecidable");
  // A concrete probe is decided by the regexes themselves.
  assert.equal(firstOverlap(routes, 1, { probes: ["a/a"] }), { kind: "overlap", earlier: 0, witness: "a/a" });
  // The superset of a backreference route still proves disjointness and containment.
  assert.is(at([endpoint("^(\\w+)/\\1$"), endpoint("^about$")], 1).undecidable, undefined);
  assert.is(at([endpoint(""), endpoint("^(\\w+)/\\1$")], 1).unreachable, true);
});

test("lookarounds: top-level ones are exact, a tempered dot is undecidable", () => {
  const spa = endpoint("^(?!api/|socket\\.io/).*$");
  // The exclusion keeps `socket.io/` but the fallback still takes `socket.io`.
  const socketio = at([spa, endpoint("^socket\\.io/?$")], 1);
  assert.is(socketio.unreachable, false);
  assert.equal(socketio.shadowedBy, [0]);
  assert.is(socketio.stillReaches, "socket.io/");
  assert.equal(at([spa, endpoint("^socket\\.io/$")], 1).shadowedBy, []);
  assert.is(at([spa, endpoint("^about/?$")], 1).unreachable, true);
  assert.is(at([endpoint("^(?!admin$)[a-z]+$"), endpoint("^admin$")], 1).unreachable, false);
  assert.is(at([endpoint("^(?!admin$)[a-z]+$"), endpoint("^admins$")], 1).unreachable, true);
  assert.is(at([endpoint("(?<!no)chat"), endpoint("^nochat$")], 1).unreachable, false);
  assert.is(at([endpoint("(?<!no)chat"), endpoint("^gochat$")], 1).unreachable, true);
  assert.is(at([endpoint("\\bchat\\b"), endpoint("^chat/room$")], 1).unreachable, true);
  assert.is(at([endpoint("\\bchat\\b"), endpoint("^chatroom$")], 1).unreachable, false);
  const tempered = at([endpoint("^(?:(?!foo).)*$"), endpoint("^bar$")], 1);
  assert.is(tempered.unreachable, false);
  assert.match(tempered.undecidable ?? "", /lookaround/);
});

test("Unicode property classes with the u flag", () => {
  const digits = endpoint("^n/\\p{Nd}+$");
  assert.is(at([digits, endpoint("^n/[0-9]+$")], 1).unreachable, true);
  assert.is(at([digits, endpoint("^n/\u0663$")], 1).unreachable, true);
  assert.is(at([digits, endpoint("^n/x$")], 1).unreachable, false);
  const ascii = at([endpoint("^n/[0-9]+$"), endpoint("^n/\\p{Nd}+$")], 1);
  assert.is(ascii.unreachable, false);
  assert.ok(/^n\/\p{Nd}+$/u.test(ascii.stillReaches ?? ""));
  assert.not.ok(/^n\/[0-9]+$/.test(ascii.stillReaches ?? ""));
});

test("mixed u and non-u flags are compared in UTF-16", () => {
  const analysis = analyzeTable([endpoint("^n/\\p{Nd}+$"), endpoint("^n/[0-9]+$", { flags: "" }), endpoint("^n/\uD835\uDFCE$", { flags: "" })]);
  assert.is(analysis.alphabet, "utf16");
  assert.is(analysis.routes[1]!.unreachable, true);
  // U+1D7CE MATHEMATICAL BOLD DIGIT ZERO, as a surrogate pair in a non-u pattern.
  assert.is(analysis.routes[2]!.unreachable, true);
});

test("case-insensitive flag", () => {
  assert.is(at([endpoint("^chat/", { flags: "iu" }), endpoint("^CHAT/room$")], 1).unreachable, true);
  assert.is(at([endpoint("^chat/"), endpoint("^CHAT/room$")], 1).unreachable, false);
  assert.is(at([endpoint("^chat/"), endpoint("^chat/room$", { flags: "iu" })], 1).unreachable, false);
});

test("a pattern matching nothing is flagged, not called shadowed", () => {
  const result = at([endpoint(""), endpoint("^a$b")], 1);
  assert.is(result.matchesNothing, true);
  assert.is(result.unreachable, false);
});

test("an invalid pattern is undecidable, never a crash", () => {
  const broken = { pattern: { ...rePath("x"), regexSource: "(" }, captures: true };
  const analysis = analyzeTable([broken, endpoint("^x$")]);
  assert.match(analysis.routes[0]!.undecidable ?? "", /invalid regular expression/);
  assert.match(analysis.routes[1]!.undecidable ?? "", /earlier route 0/);
  assert.is(analysis.routes[1]!.undecidableRoute, 0);
  assert.is(analysis.routes[0]!.undecidableRoute, undefined);
});

test("coversEverything: whether a table can fall through", () => {
  assert.is(coversEverything([endpoint("")]), true);
  assert.is(coversEverything([endpoint("^socket\\.io/?$"), endpoint("")]), true);
  assert.is(coversEverything([prefix("", false)]), false);
  assert.is(coversEverything([endpoint("^api/")]), false);
  assert.is(coversEverything([endpoint("^api/"), endpoint("^(?!api/)")]), true);
  assert.is(coversEverything([endpoint("^a"), endpoint("^[^a]"), endpoint("^$")]), true);
  assert.is(coversEverything([endpoint("^a"), endpoint("^[^a]")]), false);
  assert.is(coversEverything([]), false);
});

test("only paths a router sees: '^/' captures nothing, and no witness starts with '/'", () => {
  const never = at([endpoint("^/")], 0);
  assert.is(never.matchesNothing, true);
  assert.is(never.onlyLeadingSlash, true);
  const routes = [endpoint("^/"), endpoint("socket\\.io")];
  assert.is(firstOverlap(routes, 1), null);
  assert.equal(at(routes, 1).shadowedBy, []);
  // The shortest common path would be '/b': the router never sees it.
  assert.equal(firstOverlap([endpoint("b"), endpoint("^(?:/b|xxb)$")], 1), { kind: "overlap", earlier: 0, witness: "xxb" });
  assert.is(at([endpoint("^(?:/|//)+x")], 0).onlyLeadingSlash, true);
  assert.is(at([endpoint("^/?x")], 0).matchesNothing, false);
  // A catch-all is every path a router sees.
  assert.is(coversEverything([endpoint("")]), true);
});

test("over budget: skipped with the reason, never a verdict", () => {
  const routes = [endpoint("^[ab]*b[ab]{20}$"), endpoint("^b{21}$")];
  const result = at(routes, 1);
  assert.is(result.unreachable, false);
  assert.match(result.skipped ?? "", /^comparing it with the earlier routes is too complex to analyse within the budget of /);
});

test("concrete paths decide what automata cannot: reachable, unreachable, or undefined", () => {
  // The root escapes the backreference route: reachable.
  assert.equal(decideByPaths([endpoint("^(?<x>\\w+)-\\k<x>/"), endpoint("")], 1), { kind: "reachable" });
  // Its groups fixed to one text ('aaaa/'), the route escapes an earlier one that needs a '-'.
  assert.equal(decideByPaths([endpoint("^(?<x>\\w+)-\\k<x>/"), endpoint("^(\\w)(\\w)\\2\\1/$")], 1), { kind: "reachable" });
  // Two paths, both captured by the backreference: unreachable, proven.
  assert.equal(decideByPaths([endpoint("^f/(\\w+)/\\1$"), endpoint("^f/(?:a/a|b/b)$")], 1), { kind: "unreachable", capturedBy: [0] });
  // Infinitely many paths, each captured: not decided.
  assert.is(decideByPaths([endpoint("^(?<x>\\w+)/\\k<x>/$"), endpoint("^(?<y>\\w+)/\\k<y>/$")], 1), undefined);
  // A shared path confirmed by both regexes, or none.
  assert.is(sharedPath([endpoint("^(?<s>s)ocket\\.io/\\k<s>?"), endpoint("^socket\\.io/?$")], 0, 1), "socket.io/");
  assert.is(sharedPath([endpoint("^(\\w+)\\.\\1"), endpoint("^socket\\.io/?$")], 0, 1), undefined);
});

test.run();
