/**
 * The registry's own contract: codes unique, `SIO1\d\d`, in code order,
 * kebab-case names, every rule with fixtures and a section in docs/rules.md,
 * and a check exactly for the rules whose stage is "check".
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { rules } from "../index.js";

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

test("the registry is frozen", () => {
  assert.ok(Object.isFrozen(rules));
});

test("codes are unique, match SIO1\\d\\d, and the registry is in code order", () => {
  const codes = rules.map((r) => r.code);
  for (const code of codes) assert.match(code, /^SIO1\d\d$/);
  assert.is(new Set(codes).size, codes.length);
  assert.equal(codes, [...codes].sort());
});

test("the catalogue is complete: SIO100 to SIO111, then codes allocated per workstream", () => {
  const codes = rules.map((r) => r.code);
  for (let i = 0; i <= 11; i++) assert.ok(codes.includes(`SIO1${String(i).padStart(2, "0")}`), `SIO1${String(i).padStart(2, "0")}`);
  assert.ok(codes.includes("SIO112"), "SIO112 (catastrophic backtracking)");
  assert.ok(codes.includes("SIO113"), "SIO113 (websocket-only clients)");
  assert.ok(codes.includes("SIO114"), "SIO114 (analysis skipped)");
  assert.ok(codes.includes("SIO120"), "SIO120 (incoherent cors)");
});

test("names are kebab-case and unique; summaries are one line", () => {
  for (const rule of rules) {
    assert.match(rule.name, /^[a-z]+(?:-[a-z0-9]+)*$/);
    assert.ok(rule.summary.length > 0 && !rule.summary.includes("\n"), rule.code);
  }
  assert.is(new Set(rules.map((r) => r.name)).size, rules.length);
});

test("a check exactly where the stage is 'check'; SIO100 is the parser's, SIO110 the binder's", () => {
  for (const rule of rules) assert.is(typeof rule.check === "function", rule.stage === "check", rule.code);
  assert.is(rules.find((r) => r.code === "SIO100")!.stage, "parse");
  assert.is(rules.find((r) => r.code === "SIO110")!.stage, "bind");
});

test("every rule has fixtures: bad.sio, good.sio and expected.json", () => {
  for (const rule of rules) {
    for (const file of ["bad.sio", "good.sio", "expected.json"]) {
      assert.ok(existsSync(repo(`fixtures/lint/${rule.code}/${file}`)), `${rule.code}/${file}`);
    }
  }
});

test("every rule has a section in docs/rules.md with a bad and a good example", () => {
  const docs = readFileSync(repo("docs/rules.md"), "utf8");
  const sections = docs.split(/^## /m).slice(1);
  for (const rule of rules) {
    const section = sections.find((s) => s.startsWith(`${rule.code} — ${rule.name}\n`));
    assert.ok(section, `docs/rules.md has "## ${rule.code} — ${rule.name}"`);
    assert.match(section!, /^Bad:/m, `${rule.code}: a bad example`);
    assert.match(section!, /^Good:/m, `${rule.code}: a good example`);
    assert.match(section!, /^\*\*Fix\.\*\*/m, `${rule.code}: a fix paragraph`);
  }
});

test("every rule module's doc comment has a bad and a good example", () => {
  for (const rule of rules) {
    const file = repo(`generator/rules/${rule.code.toLowerCase()}-${rule.name}.ts`);
    assert.ok(existsSync(file), `${rule.code} lives in ${file}`);
    const text = readFileSync(file, "utf8");
    assert.match(text, /^ \* Bad:/m, rule.code);
    assert.match(text, /^ \* Good:/m, rule.code);
  }
});

test.run();
