import fc from "fast-check";
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import {
  compilePattern,
  matchPattern,
  mergeUrlRoute,
  newKwargs,
  NO_KWARGS,
  patternFromRegExp,
  routingPath,
  type CompiledPattern,
  type PatternMatch,
  type RouteKind,
} from "../index.js";

/** What url_route.kwargs is: a kwargs object holding these keys. */
function kw(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(newKwargs(), entries);
}

function compiled(kind: RouteKind, source: string, endpoint = true): CompiledPattern {
  const result = compilePattern(kind, source, { endpoint });
  if (!result.ok) throw new Error(`${source}: ${result.error.message}`);
  return result.pattern;
}

const SOCKETIO = "^socket\\.io/?$";

test("an re_path endpoint ending with $ must match the whole path", () => {
  const p = compiled("re_path", SOCKETIO);
  assert.equal(matchPattern(p, "socket.io/"), { remaining: "", args: [], kwargs: NO_KWARGS });
  assert.equal(matchPattern(p, "socket.io"), { remaining: "", args: [], kwargs: NO_KWARGS });
  assert.is(matchPattern(p, "socket.io//"), null);
  assert.is(matchPattern(p, "xsocket.io/"), null);
  assert.is(p.regexSource, "^(?:^socket\\.io\\/?$)$");
});

test("the same pattern as a prefix route searches", () => {
  const p = compiled("re_path", SOCKETIO, false);
  assert.equal(matchPattern(p, "socket.io/"), { remaining: "", args: [], kwargs: NO_KWARGS });
  assert.is(matchPattern(p, "socket.io//"), null, "$ still anchors at the end");
  assert.is(matchPattern(p, "xsocket.io/"), null);
  const unanchored = compiled("re_path", "socket\\.io/?", false);
  assert.equal(matchPattern(unanchored, "xsocket.io//"), { remaining: "/", args: [], kwargs: NO_KWARGS });
});

test("full match decides on the last character of the source, as Django does (an escaped \\$ too)", () => {
  const p = compiled("re_path", "^price\\$");
  assert.ok(matchPattern(p, "price$"));
  assert.is(matchPattern(p, "price$x"), null);
  assert.ok(matchPattern(compiled("re_path", "^price\\$", false), "price$x"));
});

test("re_path('') matches every path, with all of it remaining", () => {
  const p = compiled("re_path", "");
  assert.equal(matchPattern(p, ""), { remaining: "", args: [], kwargs: NO_KWARGS });
  assert.equal(matchPattern(p, "a/b/"), { remaining: "a/b/", args: [], kwargs: NO_KWARGS });
});

test("documented divergence: $ does not match before a final newline (Python's does)", () => {
  assert.is(matchPattern(compiled("re_path", "^a$", false), "a\n"), null);
});

test("documented divergence: a backreference to a group that did not take part matches empty (Python's fails)", () => {
  assert.ok(matchPattern(compiled("re_path", "(a)?\\1b", false), "b"));
});

test("documented divergence: \\B matches an empty path (Python 3.11's does not)", () => {
  assert.ok(matchPattern(compiled("re_path", "\\B", false), ""));
});

test("documented divergence: (?ai) still folds the Kelvin sign and long s", () => {
  assert.ok(matchPattern(compiled("re_path", "(?ai)k", false), "\u212a"));
  assert.ok(matchPattern(compiled("re_path", "(?ai)s", false), "ſ"));
});

test("\\d, \\w and \\s are Unicode-aware, as in Python 3", () => {
  const p = compiled("re_path", "^(?P<n>\\d+)-(?P<w>\\w+)(?P<s>\\s)");
  assert.equal(matchPattern(p, "٣٤-héllo\u3000!")?.kwargs, kw({ n: "٣٤", w: "héllo", s: "\u3000" }));
  assert.is(matchPattern(compiled("re_path", "^\\w$"), "\u0301"), null, "combining marks are not \\w in Python");
});

test("case-insensitive patterns take (?i) as the i flag", () => {
  const p = compiled("re_path", "(?i)^chat/$");
  assert.is(p.flags, "iu");
  assert.ok(matchPattern(p, "CHAT/"));
});

test("path(): converters, int as a number, literal parts escaped", () => {
  const p = compiled("path", "v1.0/<int:year>/<slug:slug>/<uuid:id>/<path:rest>");
  assert.is(
    p.regexSource,
    "^v1\\.0\\/(?<year>[0-9]+)\\/(?<slug>[\\-a-zA-Z0-9_]+)\\/(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\/(?<rest>[^\\n]+)$",
  );
  assert.equal(p.converters, { year: "int", slug: "slug", id: "uuid", rest: "path" });
  assert.equal(p.groupNames, ["year", "slug", "id", "rest"]);
  assert.equal(matchPattern(p, "v1.0/2024/hello-world/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/a/b.txt")?.kwargs, kw({
    year: 2024,
    slug: "hello-world",
    id: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    rest: "a/b.txt",
  }));
  assert.is(matchPattern(p, "v1x0/2024/a/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/x"), null, "the . is literal");
});

test("path(): <name> is <str:name>, which stops at a slash", () => {
  const p = compiled("path", "author/<name>/");
  assert.equal(p.converters, { name: "str" });
  assert.equal(matchPattern(p, "author/ann/")?.kwargs, kw({ name: "ann" }));
  assert.is(matchPattern(p, "author/a/b/"), null);
});

test("path(): an endpoint ends with the path, a prefix route does not", () => {
  assert.is(matchPattern(compiled("path", "chat/"), "chat/x"), null);
  assert.equal(matchPattern(compiled("path", "chat/", false), "chat/x"), { remaining: "x", args: [], kwargs: NO_KWARGS });
  assert.is(matchPattern(compiled("path", ""), "x"), null, "path('') is the root only");
  assert.ok(matchPattern(compiled("path", ""), ""));
  assert.equal(matchPattern(compiled("path", "", false), "x"), { remaining: "x", args: [], kwargs: NO_KWARGS });
});

test("path(): what Django's _route_to_regex does not treat as a parameter stays literal", () => {
  const p = compiled("path", "a<>b<c");
  assert.equal(p.groupNames, []);
  assert.ok(matchPattern(p, "a<>b<c"));
});

const ROUTE_ERRORS: ReadonlyArray<[route: string, offset: number, length: number, message: string]> = [
  ["x/<foo:id>/", 3, 3, "URL route 'x/<foo:id>/' uses invalid converter 'foo'"],
  ["<int:1x>", 5, 2, "URL route '<int:1x>' uses parameter name '1x' which isn't a valid Python identifier"],
  ["<int:a-b>", 5, 3, "URL route '<int:a-b>' uses parameter name 'a-b' which isn't a valid Python identifier"],
  ["< id>", 1, 1, "URL route '< id>' cannot contain whitespace in angle brackets <…>"],
  ["<int: id>", 5, 1, "URL route '<int: id>' cannot contain whitespace in angle brackets <…>"],
  ["<int:id>/<str:id>/", 14, 2, "redefinition of group name 'id'"],
];

for (const [route, offset, length, message] of ROUTE_ERRORS) {
  test(`path(${JSON.stringify(route)}) is an error at ${offset}+${length}`, () => {
    const result = compilePattern("path", route, { endpoint: true });
    assert.equal(result, { ok: false, error: { offset, length, message } });
  });
}

test("kwargs: named groups that took part; args only without named groups", () => {
  assert.equal(matchPattern(compiled("re_path", "^(?P<a>x)?(y)$"), "y"), { remaining: "", args: [], kwargs: NO_KWARGS });
  assert.equal(matchPattern(compiled("re_path", "^(x)?(y)$"), "y"), { remaining: "", args: [undefined, "y"], kwargs: NO_KWARGS });
});

test("patternFromRegExp rebuilds what compilePattern made from the RegExp alone", () => {
  for (const [kind, source, endpoint] of [
    ["re_path", "^(a)(?P<x>b)(?:c)(?P<y>d)?$", true],
    ["path", "n/<int:n>/<s>/", false],
    ["re_path", "(?i)^x(?=(y))", true],
  ] as const) {
    const original = compiled(kind, source, endpoint);
    const literal = new RegExp(original.regexSource, original.flags);
    const rebuilt = patternFromRegExp(kind, source, literal, { endpoint, converters: original.converters });
    const { sourceOffsets: _offsets, ...withoutOffsets } = original;
    assert.equal({ ...rebuilt, regex: String(rebuilt.regex) }, { ...withoutOffsets, regex: String(original.regex) });
  }
});

test("patternFromRegExp refuses stateful (g, y) RegExps", () => {
  assert.throws(
    () => patternFromRegExp("re_path", "a", /a/gu, { endpoint: true }),
    (error: unknown) => (error as { code?: string }).code === "SIO_ERR_PATTERN_FLAGS",
  );
});

test("routingPath: root_path at the outermost router, path_remaining below, leading slashes stripped", () => {
  assert.is(routingPath({ path: "/a/" }), "a/");
  assert.is(routingPath({ path: "///a/" }), "a/");
  assert.is(routingPath({ path: "/root/a/", root_path: "/root" }), "a/");
  assert.is(routingPath({ path: "/other/a/", root_path: "/root" }), null);
  assert.is(routingPath({ path: "/root/a/", root_path: "/root", path_remaining: "/b/" }), "b/");
  assert.is(routingPath({ path: "/a/", path_remaining: "" }), "");
  assert.is(routingPath({ path: "/a/", root_path: "" }), "a/");
});

test("mergeUrlRoute: args concatenate, kwargs merge, route defaults win", () => {
  const outer = { args: ["1"], kwargs: { a: "outer", b: "outer" } };
  const merged = mergeUrlRoute(outer, { remaining: "", args: ["2"], kwargs: { b: "inner", c: "inner" } }, { c: 42 });
  assert.equal(merged, { args: ["1", "2"], kwargs: kw({ a: "outer", b: "inner", c: 42 }) });
  assert.equal(outer, { args: ["1"], kwargs: { a: "outer", b: "outer" } }, "the outer route is not changed");
  assert.equal(mergeUrlRoute(undefined, { remaining: "", args: [], kwargs: { x: 1 } }, {}), { args: [], kwargs: kw({ x: 1 }) });
});

const REGEX_ALPHABET = [..."ab\\()[]{}?*+|^$.-:=!<>#,PaizsmxLuAZbBdDsSwWN0123456789xU_ é😀"];

test("keys are data: __proto__ and constructor are kwargs like any other, absent ones read as undefined", () => {
  const named = compiled("re_path", "^(?P<__proto__>\\w+)/(?P<constructor>\\d+)?$");
  const both = matchPattern(named, "x/12") as PatternMatch;
  assert.equal(Object.entries(both.kwargs), [
    ["__proto__", "x"],
    ["constructor", "12"],
  ]);
  const one = matchPattern(named, "x/") as PatternMatch;
  assert.equal(Object.keys(one.kwargs), ["__proto__"]);
  assert.is(one.kwargs["constructor"], undefined, "not Object.prototype.constructor");
  assert.is("toString" in one.kwargs, false);
  const param = compiled("path", "<int:__proto__>/");
  assert.equal(Object.entries(param.converters), [["__proto__", "int"]]);
  assert.equal(Object.entries((matchPattern(param, "7/") as PatternMatch).kwargs), [["__proto__", 7]]);
  const defaults = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}') as Record<string, unknown>;
  const merged = mergeUrlRoute({ args: [], kwargs: both.kwargs }, one, defaults);
  assert.equal(Object.entries(merged.kwargs), [
    ["__proto__", { x: 1 }],
    ["constructor", 2],
  ]);
  assert.is(Object.getPrototypeOf(merged.kwargs), Object.getPrototypeOf(NO_KWARGS));
});

test("bad input never throws: any pattern compiles or yields an error inside the source", () => {
  fc.assert(
    fc.property(
      fc.constantFrom<RouteKind>("re_path", "path"),
      fc.oneof(fc.string({ unit: fc.constantFrom(...REGEX_ALPHABET), maxLength: 24 }), fc.string({ unit: "binary", maxLength: 24 })),
      fc.boolean(),
      (kind, source, endpoint) => {
        const result = compilePattern(kind, source, { endpoint });
        if (result.ok) {
          assert.instance(result.pattern.regex, RegExp);
          matchPattern(result.pattern, source);
          return;
        }
        const { offset, length } = result.error;
        assert.ok(offset >= 0 && length >= 0 && offset + length <= source.length, `${JSON.stringify(source)}: ${offset}+${length}`);
      },
    ),
    { numRuns: 3000, seed: 20240501 },
  );
});

test.run();
