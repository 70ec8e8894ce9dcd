import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { compilePattern, newKwargs, resolveTable, type RouteEntry } from "../index.js";
import { CONFORMANCE_CASES, type ConformanceRoute } from "./conformance-cases.js";

function buildTable(routes: readonly ConformanceRoute[]): RouteEntry<string>[] {
  return routes.map((route) => {
    const compiled = compilePattern(route.kind, route.source, { endpoint: route.inner === undefined });
    if (!compiled.ok) throw new Error(`${route.source}: ${compiled.error.message}`);
    return {
      pattern: compiled.pattern,
      target: route.target,
      ...(route.inner ? { inner: buildTable(route.inner) } : {}),
      ...(route.kwargs ? { defaults: route.kwargs } : {}),
    };
  });
}

for (const c of CONFORMANCE_CASES) {
  test(`${c.reference}: ${c.name} (${c.path})`, () => {
    const result = resolveTable(buildTable(c.routes), c.path, c.root_path === undefined ? {} : { root_path: c.root_path });
    if (c.expect === null) {
      assert.is(result.matched, false, "expected no route to match");
      return;
    }
    if (!result.matched) throw new assert.Assertion({ message: "expected a match", actual: null, expects: c.expect, operator: "match" });
    assert.equal(
      result.chain.map((route) => route.target),
      c.expect.chain,
    );
    assert.equal(result.urlRoute.args, c.expect.args);
    assert.equal(result.urlRoute.kwargs, Object.assign(newKwargs(), c.expect.kwargs), "a kwargs object with these keys");
    if (c.expect.remaining !== undefined) assert.is(result.remaining, c.expect.remaining);
  });
}

test("the resolver reports the routes tried before the match, inner ones included", () => {
  const table = buildTable([
    {
      kind: "path",
      source: "",
      target: "outer_router",
      inner: [
        { kind: "path", source: "prefix/", target: "inner_router", inner: [{ kind: "path", source: "no-match/", target: "no_match_app" }] },
        { kind: "path", source: "prefix/stuff/", target: "test_app" },
      ],
    },
  ]);
  const result = resolveTable(table, "/prefix/stuff/");
  assert.ok(result.matched);
  assert.equal(
    result.tried.map((t) => [t.route.target, t.outcome]),
    [
      ["no_match_app", "no-match"],
      ["inner_router", "fell-through"],
    ],
  );
});

test("no match still lists every route tried", () => {
  const table = buildTable([
    { kind: "path", source: "a/", target: "a" },
    { kind: "re_path", source: "^b", target: "b" },
  ]);
  const result = resolveTable(table, "/c/");
  assert.is(result.matched, false);
  assert.equal(
    result.tried.map((t) => t.route.target),
    ["a", "b"],
  );
});

test("a path outside root_path tries nothing", () => {
  const result = resolveTable(buildTable([{ kind: "re_path", source: "", target: "all" }]), "/other/", { root_path: "/root" });
  assert.equal(result, { matched: false, tried: [] });
});

test.run();
