import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { ROOT, sio } from "./helpers.js";

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

const COMMANDS = ["check", "lint", "explain", "generate", "serve", "fmt"];

test("sio --help lists every command; exit 0", async () => {
  for (const flag of ["--help", "-h", "help"]) {
    const result = await sio([flag], { cwd: ROOT });
    assert.is(result.code, 0);
    assert.ok(result.stdout.startsWith(`sio ${VERSION} — `), result.stdout);
    for (const command of COMMANDS) assert.match(result.stdout, new RegExp(`^  ${command} +\\S`, "m"));
    assert.is(result.stderr, "");
    // A path that exists wherever the package is installed, not one relative to this repository.
    const docs = /^Documentation: (.+)$/m.exec(result.stdout)?.[1] ?? "";
    assert.ok(path.isAbsolute(docs) && existsSync(docs), docs);
  }
});

test("every command has --help (exit 0, nothing else checked)", async () => {
  const results = await Promise.all(
    COMMANDS.flatMap((command) => [
      sio([command, "--help"], { cwd: ROOT }),
      sio([command, "--bogus", "-h"], { cwd: ROOT }),
      sio(["help", command], { cwd: ROOT }),
    ]),
  );
  results.forEach((result, index) => {
    const command = COMMANDS[Math.floor(index / 3)]!;
    assert.is(result.code, 0, command);
    assert.ok(result.stdout.startsWith(`Usage: sio ${command} `), result.stdout);
    assert.match(result.stdout, /Exit codes: 0 /);
    assert.match(result.stdout, /Examples?:\n  sio /);
  });
  // Three processes per command at once, each compiling the CLI through tsx: slow on a busy machine.
}, { timeout: 90_000 });

test("--version prints the package version", async () => {
  const result = await sio(["--version"], { cwd: ROOT });
  assert.is(result.code, 0);
  assert.is(result.stdout, `${VERSION}\n`);
});

test("no command: the help on stderr and exit 2", async () => {
  const result = await sio([], { cwd: ROOT });
  assert.is(result.code, 2);
  assert.is(result.stdout, "");
  assert.match(result.stderr, /^sio \d+\.\d+\.\d+ — /);
});

test("help for an unknown command is a usage error", async () => {
  const result = await sio(["help", "frobnicate"], { cwd: ROOT });
  assert.is(result.code, 2);
  assert.is(result.stderr, "sio: unknown command 'frobnicate'\nRun 'sio --help' for usage.\n");
});

test.run();
