import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { removeDir, SEED, SHADOWED, sio, sioInProcess, tempDir, WARNING_ONLY } from "./helpers.js";

let dir = "";

test.before(async () => {
  dir = await tempDir({
    "routes.sio": SEED,
    "shadowed.sio": SHADOWED,
    "warning.sio": WARNING_ONLY,
    "syntax.sio": 'application = URLRouter([\n  re_path("", app),\n  foo(\n',
  });
});

test.after(() => removeDir(dir));

test("lint: the seed spec is clean, exit 0, no colours off a TTY", async () => {
  const result = await sio(["lint", "routes.sio"], { cwd: dir });
  assert.is(result.code, 0);
  assert.is(result.stdout, "no problems\n");
  assert.is(result.stderr, "");
});

test("lint: an error prints file:line:col, a code frame, related location, fix and summary; exit 1", async () => {
  const result = await sio(["lint", "shadowed.sio"], { cwd: dir });
  assert.is(result.code, 1);
  const lines = result.stdout.split("\n");
  assert.ok(lines[0]!.startsWith("shadowed.sio:10:5 error SIO101 "), lines[0]);
  assert.ok(lines.includes('> 10 |     re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),'), result.stdout);
  assert.ok(lines.some((line) => /^ {5}\| {5}\^{50}$/.test(line)), result.stdout);
  assert.ok(lines.some((line) => line.startsWith("  shadowed.sio:9:5 ")), result.stdout);
  assert.ok(lines.includes("  fix: move the Socket.IO route above the route that captures it"), result.stdout);
  assert.is(lines.at(-2), "1 error, 0 warnings (1 fixable with --fix)");
  assert.not.match(result.stdout, /\u001b\[/);
});

test("check: syntax and binding errors each at their own line, exit 1", async () => {
  const result = await sio(["check", "syntax.sio"], { cwd: dir });
  assert.is(result.code, 1);
  // Positions and codes are this test's business; the parser's wording is the grammar's.
  const heads = result.stdout
    .split("\n")
    .filter((line) => line.startsWith("syntax.sio:"))
    .map((line) => line.split(" ").slice(0, 3).join(" "));
  assert.equal(heads, ["syntax.sio:2:15 error SIO110", "syntax.sio:3:3 error SIO110", "syntax.sio:3:7 error SIO100"]);
  assert.ok(result.stdout.endsWith("3 errors, 0 warnings\n"));
});

test("check runs no rules: the shadowed spec binds fine", async () => {
  const result = await sio(["check", "shadowed.sio"], { cwd: dir });
  assert.is(result.code, 0);
  assert.is(result.stdout, "no problems\n");
});

test("lint: only warnings exit 0; --max-warnings tightens", async () => {
  const loose = await sio(["lint", "warning.sio"], { cwd: dir });
  assert.is(loose.code, 0);
  assert.match(loose.stdout, /^warning\.sio:5:16 warning SIO108 /);
  assert.ok(loose.stdout.endsWith("0 errors, 1 warning (1 fixable with --fix)\n"));
  const within = await sioInProcess(["lint", "--max-warnings", "1", "warning.sio"], { cwd: dir });
  assert.is(within.code, 0);
  const exceeded = await sioInProcess(["lint", "--max-warnings", "0", "warning.sio"], { cwd: dir });
  assert.is(exceeded.code, 1);
  assert.is(exceeded.stderr, "sio: 1 warnings exceed --max-warnings 0\n");
});

test("lint --format json: one array for all files, 1-based positions", async () => {
  const result = await sio(["lint", "--format", "json", "routes.sio", "shadowed.sio", "warning.sio"], { cwd: dir });
  assert.is(result.code, 1);
  const diagnostics = JSON.parse(result.stdout) as Record<string, unknown>[];
  assert.is(diagnostics.length, 2);
  const [shadowed, warning] = diagnostics;
  assert.equal(Object.keys(shadowed!).sort(), [
    "code", "column", "endColumn", "endLine", "file", "fix", "line", "message", "related", "severity",
  ]);
  assert.equal(
    { code: shadowed!.code, severity: shadowed!.severity, file: shadowed!.file, line: shadowed!.line, column: shadowed!.column, endLine: shadowed!.endLine, endColumn: shadowed!.endColumn },
    { code: "SIO101", severity: "error", file: "shadowed.sio", line: 10, column: 5, endLine: 10, endColumn: 55 },
  );
  const related = shadowed!.related as Record<string, unknown>[];
  assert.is(related.length, 1);
  assert.equal({ file: related[0]!.file, line: related[0]!.line, column: related[0]!.column }, { file: "shadowed.sio", line: 9, column: 5 });
  assert.type(related[0]!.message, "string");
  const fix = shadowed!.fix as { description: string; edits: { line: number; column: number; text: string }[] };
  assert.ok(fix.edits.length > 0);
  assert.equal({ code: warning!.code, severity: warning!.severity, file: warning!.file }, { code: "SIO108", severity: "warning", file: "warning.sio" });
});

test("lint --fix: writes the file, prints the diff, the fixed file lints clean", async () => {
  const fixDir = await tempDir({ "routes.sio": SHADOWED });
  try {
    const result = await sio(["lint", "--fix", "routes.sio"], { cwd: fixDir });
    assert.is(result.code, 0, result.stdout + result.stderr);
    const expectedDiff = [
      "--- a/routes.sio",
      "+++ b/routes.sio",
      "@@ -5,8 +5,8 @@",
      '   "websocket": AllowedHostsOriginValidator(',
      '     URLRouter([re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi())])',
      "   ),",
      '   "http": URLRouter([',
      '-    re_path("", app),',
      '     re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),',
      '+    re_path("", app),',
      "   ]),",
      " })",
    ].join("\n");
    assert.ok(result.stdout.startsWith(expectedDiff), result.stdout);
    assert.ok(result.stdout.endsWith("no problems\n"));
    const fixed = await readFile(path.join(fixDir, "routes.sio"), "utf8");
    assert.is(fixed, SHADOWED.replace('    re_path("", app),\n', "").replace("  ]),\n})", '    re_path("", app),\n  ]),\n})'));
    const again = await sioInProcess(["lint", "routes.sio"], { cwd: fixDir });
    assert.is(again.code, 0);
    assert.is(again.stdout, "no problems\n");
  } finally {
    await removeDir(fixDir);
  }
});

test("lint --fix --format json: the diff goes to stderr, stdout stays one JSON array", async () => {
  const fixDir = await tempDir({ "routes.sio": SHADOWED });
  try {
    const result = await sio(["lint", "--fix", "--format", "json", "routes.sio"], { cwd: fixDir });
    assert.is(result.code, 0);
    assert.equal(JSON.parse(result.stdout), []);
    assert.match(result.stderr, /^--- a\/routes\.sio\n\+\+\+ b\/routes\.sio\n/);
  } finally {
    await removeDir(fixDir);
  }
});

test("lint -: standard input, named by --stdin-filename in every format (<stdin> without it)", async () => {
  const human = await sio(["lint", "--stdin-filename", "src/shadowed.sio", "-"], { cwd: dir, input: SHADOWED });
  assert.is(human.code, 1);
  assert.ok(human.stdout.startsWith("src/shadowed.sio:10:5 error SIO101 "), human.stdout);
  assert.ok(human.stdout.includes("\n  src/shadowed.sio:9:5 "), human.stdout);
  const json = await sioInProcess(["lint", "--format", "json", "-"], { cwd: dir, input: WARNING_ONLY });
  assert.is(json.code, 0);
  assert.equal((JSON.parse(json.stdout) as { file: string; code: string }[]).map(({ file, code }) => ({ file, code })), [{ file: "<stdin>", code: "SIO108" }]);
  const sarif = await sioInProcess(["lint", "--format", "sarif", "--stdin-filename", "shadowed.sio", "-"], { cwd: dir, input: SHADOWED });
  const results = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results;
  assert.equal(results.map((result) => [result.ruleId, result.locations[0]!.physicalLocation.artifactLocation.uri]), [["SIO101", "shadowed.sio"]]);
  const check = await sioInProcess(["check", "-"], { cwd: dir, input: SEED });
  assert.is(check.code, 0);
  assert.is(check.stdout, "no problems\n");
});

test("stdin usage errors: - with other files, --stdin-filename without -, --fix of stdin", async () => {
  const cases: [string[], string][] = [
    [["lint", "-", "routes.sio"], "sio: - (standard input) cannot be combined with other files\n"],
    [["lint", "--stdin-filename", "x.sio", "routes.sio"], "sio: --stdin-filename names standard input: give - as the FILE\n"],
    [["lint", "--fix", "-"], "sio: --fix writes files: it cannot fix standard input\n"],
  ];
  for (const [index, [args, message]] of cases.entries()) {
    // One real process; the rest in this one.
    const result = await (index === 0 ? sio : sioInProcess)(args, { cwd: dir, input: SEED });
    assert.is(result.code, 2, args.join(" "));
    assert.is(result.stderr, `${message}Run 'sio lint --help' for usage.\n`);
  }
});

test("a missing file is one line on stderr and exit 2; other files are still reported", async () => {
  const result = await sio(["lint", "missing.sio", "routes.sio"], { cwd: dir });
  assert.is(result.code, 2);
  assert.is(result.stderr, "sio: cannot read missing.sio: no such file or directory\n");
  assert.is(result.stdout, "no problems\n");
});

test("binary garbage and a 1 MB single line end in diagnostics, never a crash", async () => {
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
  const long = `application = URLRouter([re_path("${"a".repeat(1_000_000)}", app)])\n`;
  const badDir = await tempDir({ "garbage.sio": garbage.toString("latin1"), "long.sio": long });
  try {
    // One real process; the same command in this one for the second file.
    for (const [file, run] of [["garbage.sio", sio], ["long.sio", sioInProcess]] as const) {
      const result = await run(["lint", file], { cwd: badDir });
      assert.is(result.code, 1, file);
      assert.is(result.stderr, "", file);
      assert.match(result.stdout, new RegExp(`^${file.replace(".", "\\.")}:1:\\d+ error SIO1\\d\\d `), file);
      // Code frames of the long line stay short.
      assert.ok(result.stdout.split("\n").every((line) => line.length < 400), file);
    }
  } finally {
    await removeDir(badDir);
  }
});

test("a directory is an I/O error, not a crash", async () => {
  const result = await sio(["check", "."], { cwd: dir });
  assert.is(result.code, 2);
  assert.is(result.stderr, "sio: cannot read .: is a directory\n");
});

test("usage errors exit 2 with one message and a pointer to --help", async () => {
  const cases: [string[], string][] = [
    [["lint", "--bogus", "routes.sio"], "sio: unknown option '--bogus'\n"],
    [["lint", "--format"], "sio: option '--format <value>' argument missing\n"],
    [["lint"], "sio: expected at least one FILE"],
    [["lint", "--format", "xml", "routes.sio"], "sio: --format expects one of human, json, sarif, got 'xml'"],
    [["lint", "--max-warnings", "many", "routes.sio"], "sio: --max-warnings expects an integer"],
    [["check", "--fix", "routes.sio"], "sio: --fix is a lint option"],
    [["frobnicate"], "sio: unknown command 'frobnicate'"],
  ];
  const spawned = await sio(cases[0]![0], { cwd: dir });
  for (const [args, message] of cases) {
    const result = await sioInProcess(args, { cwd: dir });
    if (args === cases[0]![0]) assert.equal(spawned, result, "the process prints what run() returns");
    assert.is(result.code, 2, args.join(" "));
    assert.ok(result.stderr.startsWith(message), `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, /Run 'sio( \w+)? --help' for usage\.\n$/);
    assert.is(result.stdout, "");
  }
});

test.run();
