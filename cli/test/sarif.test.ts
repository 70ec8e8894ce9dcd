/**
 * `--format sarif` checked against the essentials of the SARIF 2.1.0 schema
 * and what GitHub code scanning requires of an upload.
 */
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { removeDir, SEED, SHADOWED, sio, tempDir, WARNING_ONLY } from "./helpers.js";

let dir = "";

test.before(async () => {
  dir = await tempDir({ "specs/shadowed.sio": SHADOWED, "specs/warning.sio": WARNING_ONLY });
});

test.after(() => removeDir(dir));

const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) >= 1;

test("sarif: a valid 2.1.0 log with rules, results, regions and related locations", async () => {
  const result = await sio(["lint", "--format", "sarif", "specs/shadowed.sio", "specs/warning.sio"], { cwd: dir });
  assert.is(result.code, 1);
  const log = JSON.parse(result.stdout) as Log;
  assert.is(log.version, "2.1.0");
  assert.is(log.$schema, "https://json.schemastore.org/sarif-2.1.0.json");
  assert.is(log.runs.length, 1);
  const run = log.runs[0]!;

  const driver = run.tool.driver;
  assert.is(driver.name, "sio");
  assert.match(driver.version ?? "", /^\d+\.\d+\.\d+/);
  // package.json names no public homepage: the log invents none (GitHub requires absolute URIs when present).
  assert.is(driver.informationUri, undefined);
  const rules = driver.rules as ReportingDescriptor[];
  const ids = rules.map((rule) => rule.id);
  assert.is(new Set(ids).size, ids.length, "rule ids are unique");
  for (const code of ["SIO100", "SIO101", "SIO108", "SIO110"]) assert.ok(ids.includes(code), code);
  for (const rule of rules) {
    assert.match(rule.id, /^SIO\d{3}$/);
    assert.type(rule.name, "string");
    assert.ok((rule.shortDescription?.text ?? "").length > 0, `${rule.id} shortDescription`);
    assert.is(rule.helpUri, undefined);
    assert.ok(["error", "warning", "note"].includes(rule.defaultConfiguration?.level ?? ""), rule.id);
  }

  assert.equal(Object.keys(run.originalUriBaseIds ?? {}), ["%SRCROOT%"]);
  assert.ok(run.originalUriBaseIds!["%SRCROOT%"]!.uri!.endsWith("/"), "a base URI ends with a slash");

  const results = run.results as Result[];
  assert.equal(results.map((r) => [r.ruleId, r.level]), [["SIO101", "error"], ["SIO108", "warning"]]);
  for (const r of results) {
    assert.is(ids[r.ruleIndex!], r.ruleId, "ruleIndex points at the rule");
    assert.ok((r.message.text ?? "").length > 0);
    const location = r.locations![0]!.physicalLocation!;
    assert.is(location.artifactLocation!.uriBaseId, "%SRCROOT%");
    assert.ok(!location.artifactLocation!.uri!.startsWith("/"), "a relative URI");
    const region = location.region!;
    for (const key of ["startLine", "startColumn", "endLine", "endColumn"] as const) {
      assert.ok(isPositiveInteger(region[key]), `${key} is a 1-based integer`);
    }
  }
  const shadowed = results[0]!;
  assert.equal(shadowed.locations![0]!.physicalLocation, {
    artifactLocation: { uri: "specs/shadowed.sio", uriBaseId: "%SRCROOT%" },
    region: { startLine: 10, startColumn: 5, endLine: 10, endColumn: 55 },
  });
  const related = shadowed.relatedLocations![0]!;
  assert.is(related.id, 0);
  assert.ok((related.message?.text ?? "").length > 0);
  assert.equal(related.physicalLocation?.region, { startLine: 9, startColumn: 5, endLine: 9, endColumn: 21 });
  const fix = shadowed.fixes![0]!;
  assert.ok(fix.description?.text);
  assert.is(fix.artifactChanges[0]!.artifactLocation.uri, "specs/shadowed.sio");
  assert.ok(fix.artifactChanges[0]!.replacements.length > 0);
});

test("sarif: a clean run is a log with an empty results array", async () => {
  const clean = await tempDir({ "ok.sio": SEED });
  try {
    const result = await sio(["lint", "--format", "sarif", "ok.sio"], { cwd: clean });
    assert.is(result.code, 0, result.stdout);
    const log = JSON.parse(result.stdout) as Log;
    assert.equal(log.runs[0]!.results, []);
  } finally {
    await removeDir(clean);
  }
});

test.run();
