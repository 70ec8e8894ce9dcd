import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { ROOT, sio, sioInProcess } from "./helpers.js";

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

const COMMANDS = ["check", "lint", "explain", "generate", "serve", "fmt", "lsp"];

function assertTopHelp(stdout: string): void {
  assert.ok(stdout.startsWith(`sio ${VERSION} — `), stdout);
  for (const command of COMMANDS) assert.match(stdout, new RegExp(`^  ${command} +\\S`, "m"));
  // A path that exists wherever the package is installed, not one relative to this repository.
  const docs = /^Documentation: (.+)$/m.exec(stdout)?.[1] ?? "";
  assert.ok(path.isAbsolute(docs) && existsSync(docs), docs);
}

test("sio --help lists every command; exit 0", async () => {
  const result = await sio(["--help"], { cwd: ROOT });
  assert.is(result.code, 0);
  assert.is(result.stderr, "");
  assertTopHelp(result.stdout);
  for (const flag of ["-h", "help"]) {
    const other = await sioInProcess([flag], { cwd: ROOT });
    assert.equal(other, result, flag);
  }
});

test("every command has --help; -h wins over other options; help <command> says the same; exit 0", async () => {
  const spawned = await sio(["lint", "--help"], { cwd: ROOT });
  for (const command of COMMANDS) {
    for (const args of [[command, "--help"], [command, "--bogus", "-h"], ["help", command]]) {
      const result = await sioInProcess(args, { cwd: ROOT });
      const line = args.join(" ");
      assert.is(result.code, 0, line);
      assert.is(result.stderr, "", line);
      assert.ok(result.stdout.startsWith(`Usage: sio ${command} `), result.stdout);
      assert.match(result.stdout, /Exit codes: 0 /);
      assert.match(result.stdout, /Examples?:\n  sio /);
      if (command === "lint") assert.equal(spawned, result, `the process prints what run() returns: ${line}`);
    }
  }
});

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
