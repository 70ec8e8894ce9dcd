/**
 * The translation checked against CPython itself: for every pattern and
 * subject of python-oracle-cases.ts, the translated RegExp finds the same
 * search and fullmatch spans and groups as Python's `re`.
 */
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { translatePythonRegex } from "../index.js";
import { PYTHON_ORACLE, type OracleOutcome } from "./python-oracle-cases.js";

function outcome(match: RegExpExecArray | null): OracleOutcome | null {
  if (match === null) return null;
  const groupdict: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(match.groups ?? {})) groupdict[name] = value ?? null;
  return { span: [match.index, match.index + match[0].length], groups: match.slice(1).map((g) => g ?? null), groupdict };
}

for (const c of PYTHON_ORACLE) {
  test(`${JSON.stringify(c.pattern)}`, () => {
    const result = translatePythonRegex(c.pattern);
    if (c.error !== undefined) {
      assert.is(result.ok, false, `Python rejects it: ${c.error}`);
      if (!result.ok) assert.is(result.error.message, c.error);
      return;
    }
    if (!result.ok)
      throw new assert.Assertion({ message: result.error.message, actual: result.error, expects: "a translation", operator: "ok" });
    const { regexSource, flags } = result.translation;
    const search = new RegExp(regexSource, flags);
    const full = new RegExp(`^(?:${regexSource})$`, flags);
    for (const s of c.subjects) {
      assert.equal(outcome(search.exec(s.subject)), s.search, `search ${JSON.stringify(s.subject)}`);
      assert.equal(outcome(full.exec(s.subject)), s.fullmatch, `fullmatch ${JSON.stringify(s.subject)}`);
    }
  });
}

test.run();
