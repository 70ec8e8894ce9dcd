/**
 * SIO112's analysis on known cases: the literature's exponential patterns,
 * polynomial ones, and safe ones (route shapes included), with the attack it
 * builds checked against the regex itself: the pumped path must be rejected
 * (V8 counts no backtracking steps, so the verdicts are checked on patterns
 * whose behaviour is known, and the attack on a short pump, where even an
 * exponential regex answers at once).
 */
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { compilePattern } from "@sio-router/runtime/matching";
import { analyzeText } from "../../analyze.js";
import { backtrackingOf } from "../backtracking.js";

function findingsFor(kind: "re_path" | "path", source: string) {
  const text = `import { app } from "./apps"\napplication = URLRouter([${kind}(r"${source}", app)])\n`;
  const { spec } = analyzeText("case.sio", text, { lint: false });
  return backtrackingOf(spec).found;
}

const EXPONENTIAL = [
  String.raw`^(a+)+$`,
  String.raw`^(\w+\s?)*$`,
  String.raw`^files/(?P<path>([\w.-]+/?)*)$`,
  String.raw`^(x+x+)+y`,
  String.raw`^(?:[a-z]+\d*)+$`,
];
const POLYNOMIAL: Array<[string, number]> = [
  [String.raw`^tags/[^/]+-[^/]+$`, 2],
  [String.raw`^(.*a){3}$`, 3],
  [String.raw`^(.*a){20}$`, 20],
  [String.raw`^\d*\w+$`, 2],
];
const SAFE = [
  String.raw`^socket\.io/?$`,
  String.raw`^chat/(?P<room>\w+)/$`,
  String.raw`^files/(?P<path>.+)$`,
  String.raw`^files/(?P<path>(?:[\w.-]+/)*[\w.-]*)$`,
  String.raw`^search/(?:(?=(?P<word>\w+))(?P=word)\s)*$`,
  String.raw`^api/v(?P<version>\d+)/users/(?P<id>\d+)/?$`,
  String.raw`^a+$`,
  "",
];

for (const source of EXPONENTIAL) {
  test(`exponential: ${source}, with an attack the regex rejects`, () => {
    const [found] = findingsFor("re_path", source);
    assert.ok(found, "reported");
    assert.equal(found!.growth, { exponential: true });
    const compiled = compilePattern("re_path", source, { endpoint: true });
    assert.ok(compiled.ok);
    if (!compiled.ok) return;
    // The prefix and a short pump lead into the repetition; the suffix makes the whole match fail.
    assert.is(compiled.pattern.regex.test(found!.prefix + found!.pump.repeat(12) + found!.suffix), false);
    assert.ok(found!.suffix.length > 0, "a rejecting suffix");
  });
}

for (const [source, degree] of POLYNOMIAL) {
  test(`polynomial n^${degree}: ${source}`, () => {
    const [found] = findingsFor("re_path", source);
    assert.ok(found, "reported");
    assert.equal(found!.growth, { exponential: false, degree });
  });
}

for (const source of SAFE) {
  test(`safe: ${JSON.stringify(source)}`, () => {
    assert.equal(findingsFor("re_path", source), []);
  });
}

test("path() converters: two <path> converters trade, <str> segments do not", () => {
  assert.equal(findingsFor("path", "blobs/<path:a>/<path:b>")[0]?.growth, { exponential: false, degree: 2 });
  assert.equal(findingsFor("path", "users/<str:user>/repos/<str:repo>/"), []);
  assert.equal(findingsFor("path", "chat/<int:room>/<slug:name>/"), []);
});

test("a regex longer than the analysis takes is skipped with the reason, not analysed", () => {
  const text = `import { app } from "./apps"\napplication = URLRouter([re_path(r"^(?:${"ab|".repeat(700)}c)+$", app)])\n`;
  const { spec } = analyzeText("long.sio", text, { lint: false });
  const { found, skipped } = backtrackingOf(spec);
  assert.equal(found, []);
  assert.match(skipped[0]?.reason ?? "", /^its regex is longer than 2,000 characters$/);
});

test.run();
