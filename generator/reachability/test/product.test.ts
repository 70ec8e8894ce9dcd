/** The product search (`languagesMeet`) against refa's own intersection test, on route-shaped languages. */
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { isDisjointWith } from "refa";
import { compilePattern } from "@sio-router/runtime/matching";
import { languagesMeet } from "../automaton.js";
import { Budget, BudgetExceeded } from "../budget.js";
import { isUndecidable, languageOf, type PathLanguage } from "../index.js";
import { rePath } from "./patterns.js";
import { random, segments } from "./random-patterns.js";

/** A budget of steps only, so the test does not depend on the machine's speed. */
function steps(count: number): Budget {
  return new Budget({ steps: count, milliseconds: Infinity });
}

function language(source: string, flags = "u"): PathLanguage {
  const result = languageOf(rePath(source, { flags }));
  if (isUndecidable(result)) throw new Error(`${source}: ${result.undecidable}`);
  return result;
}

test("overlapping and disjoint pairs", () => {
  const meet = (a: string, b: string): boolean => languagesMeet(language(a).nfa, language(b).nfa, steps(10_000));
  assert.is(meet("", "^socket\\.io/?$"), true);
  assert.is(meet("^api/v1/users/?$", "^api/v1/users/(?<id>\\p{Nd}+)/?$"), false);
  assert.is(meet("^orgs/[\\p{L}\\p{N}_-]+/?$", "^orgs/[\\p{L}\\p{N}_-]+/members/?$"), false);
  assert.is(meet("^orgs/[\\p{L}\\p{N}_.-]+$", "^orgs/[\\p{L}\\p{N}_-]+/?$"), true);
  assert.is(meet("^n/\\p{Nd}+$", "^n/[a-z]+$"), false);
  assert.is(meet("chat/", "^api/chat/room$"), true);
  assert.is(meet("^a$b", ""), false);
});

test("beyond its budget it throws BudgetExceeded", () => {
  assert.throws(
    () => languagesMeet(language("^a*b*c*d*$").nfa, language("^[a-d]*e$").nfa, steps(3)),
    (error: unknown) => error instanceof BudgetExceeded,
  );
});

test("agrees with refa's isDisjointWith on 300 seeded pairs of benchmark-shaped routes", () => {
  const next = random(7);
  const parts = segments();
  const pattern = (): PathLanguage | null => {
    let source = next() < 0.8 ? "^" : "";
    // A shared stem makes overlaps likely enough to test both answers.
    source += next() < 0.5 ? "api/" : "";
    for (let k = 1 + Math.floor(next() * 3); k > 0; k--) source += parts[Math.floor(next() * parts.length)]!;
    if (next() < 0.6) source += "$";
    const compiled = compilePattern("re_path", source, { endpoint: true });
    if (!compiled.ok) return null;
    const result = languageOf(compiled.pattern);
    return isUndecidable(result) ? null : result;
  };
  let meeting = 0;
  let compared = 0;
  while (compared < 300) {
    const a = pattern();
    const b = pattern();
    if (a === null || b === null) continue;
    const expected = !isDisjointWith(a.nfa, b.nfa);
    assert.is(languagesMeet(a.nfa, b.nfa, steps(1_000_000)), expected);
    if (expected) meeting++;
    compared++;
  }
  assert.ok(meeting > 30 && meeting < 270, `${meeting} of 300 pairs meet: too one-sided to test both answers`);
});

test.run();
