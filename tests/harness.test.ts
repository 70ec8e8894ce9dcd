/**
 * The harness and the runner, tested the way they fail: the runner is started
 * as a child on test files (tests/fixtures/harness/, outside the suite's
 * pattern) that hang or whose hooks fail, and must end by itself with the
 * failure reported.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as assert from "uvu/assert";
import { test, TimeoutError, waitingFor, within } from "./harness.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Starting a runner under tsx takes seconds on a loaded machine; a hang takes forever. */
const CHILD_BOUND_MS = 60_000;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm test` on the files matching `pattern`, to its exit, which must come by itself. */
async function runner(pattern: string): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, ["--conditions=@sio-router/source", "--import", "tsx", "tests/run.ts", pattern], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<Outcome>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
  try {
    return await within(exited, CHILD_BOUND_MS, `the runner on ${pattern} to exit by itself`);
  } finally {
    child.kill("SIGKILL");
  }
}

test("a test that waits forever fails with what it was waiting for, and the runner exits naming what kept it alive", async () => {
  const { code, stdout, stderr } = await runner("tests/fixtures/harness/hangs\\.ts$");
  assert.is(code, 1, stdout + stderr);
  assert.match(stdout, /FAIL\s+hangs\s+"waits for a connection that never comes"/);
  assert.match(
    stdout,
    /timed out after 500 ms waiting for the test "hangs › waits for a connection that never comes" to finish; still waiting for a connection to the server \(for \d+ ms\)/,
  );
  assert.match(stdout, /Total:\s+2\n\s+Passed:\s+1\n/);
  assert.match(stderr, /tests finished, but the process was kept alive by: TCPServerWrap; exiting/);
}, { timeout: CHILD_BOUND_MS + 10_000 });

test("failing hooks fail the suite: before fails every test, after.each fails its test, after makes the run exit 1", async () => {
  const { code, stdout, stderr } = await runner("tests/fixtures/harness/hooks\\.ts$");
  assert.is(code, 1, stdout + stderr);
  assert.match(stdout, /"first"\n\s+not run: the before hook of before fails failed: cannot start\n\s+at .*hooks\.ts:10:/);
  assert.match(stdout, /"second"\n\s+not run: the before hook of before fails failed: cannot start\n/);
  assert.match(stdout, /"fails itself"\n\s+the test's own failure \(and then the after\.each hook failed: cleanup failed\)/);
  assert.match(stdout, /"passes, then its after\.each fails"\n\s+cleanup failed/);
  assert.match(stdout, /Total:\s+5\n\s+Passed:\s+1\n/);
  assert.match(stderr, /the after hook of after fails failed: Error: teardown failed/);
}, { timeout: CHILD_BOUND_MS + 10_000 });

test("within() names what timed out; waitingFor() and within() pass results and rejections through", async () => {
  const never = new Promise<never>(() => {});
  const error = await within(never, 20, "the answer").catch((reason: unknown) => reason);
  assert.instance(error, TimeoutError);
  assert.is((error as Error).message, "timed out after 20 ms waiting for the answer");
  assert.is(await within(Promise.resolve(42), 1000, "the answer"), 42);
  assert.is(await waitingFor("the answer", Promise.resolve("yes")), "yes");
  const refusal = new Error("no");
  assert.is(await waitingFor("the answer", Promise.reject(refusal)).catch((reason: unknown) => reason), refusal);
  assert.is(await within(Promise.reject(refusal), 1000, "the answer").catch((reason: unknown) => reason), refusal);
});

test.run();
