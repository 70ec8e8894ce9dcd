/**
 * Golden fixtures: every `fixtures/lint/<CODE>/bad.sio` yields exactly the
 * diagnostics in its `expected.json`; every `good.sio` yields none; every
 * other `<case>.sio` there (one variant of a class of problems) yields
 * exactly its `<case>.json`. `SIO_UPDATE_FIXTURES=1` rewrites the expected
 * files (review the diff).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { analyzeText } from "../../analyze.js";
import { toExpected } from "./harness.js";

const root = fileURLToPath(new URL("../../../fixtures/lint/", import.meta.url));
const update = process.env.SIO_UPDATE_FIXTURES === "1";

for (const code of readdirSync(root).sort()) {
  const folder = join(root, code);
  test(`${code}: bad.sio yields exactly expected.json`, () => {
    const file = join(folder, "bad.sio");
    const analysis = analyzeText(file, readFileSync(file, "utf8"));
    const actual = toExpected(analysis);
    const expectedFile = join(folder, "expected.json");
    if (update) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    assert.ok(existsSync(expectedFile), `${code} has an expected.json (write it with SIO_UPDATE_FIXTURES=1)`);
    assert.equal(actual, JSON.parse(readFileSync(expectedFile, "utf8")));
    assert.ok(actual.some((d) => d.code === code), `bad.sio shows ${code}`);
  });
  for (const name of readdirSync(folder).filter((f) => f.endsWith(".sio") && f !== "bad.sio" && f !== "good.sio").sort()) {
    const base = name.slice(0, -".sio".length);
    test(`${code}: ${name} yields exactly ${base}.json`, () => {
      const file = join(folder, name);
      const actual = toExpected(analyzeText(file, readFileSync(file, "utf8")));
      const expectedFile = join(folder, `${base}.json`);
      if (update) writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
      assert.ok(existsSync(expectedFile), `${code}/${name} has a ${base}.json (write it with SIO_UPDATE_FIXTURES=1)`);
      assert.equal(actual, JSON.parse(readFileSync(expectedFile, "utf8")));
    });
  }
  test(`${code}: good.sio yields no diagnostics`, () => {
    const file = join(folder, "good.sio");
    assert.equal(toExpected(analyzeText(file, readFileSync(file, "utf8"))), []);
  });
}

test("the seed example routes.sio lints clean", () => {
  const file = fileURLToPath(new URL("../../../routes.sio", import.meta.url));
  assert.equal(toExpected(analyzeText(file, readFileSync(file, "utf8"))), []);
});

test.run();
