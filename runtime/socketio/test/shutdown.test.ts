/**
 * serve().close() ends the process's work within closeTimeout, in a real
 * process: Engine.IO keeps the polling transport of a session that ended
 * while its client was not polling (a ping timeout of an abandoned tab)
 * for 30 s, waiting for a poll to take the close packet; those timers
 * must not outlive close().
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test, within } from "../../../tests/harness.js";
import * as assert from "uvu/assert";

const CHILD = fileURLToPath(new URL("./shutdown-child.ts", import.meta.url));
const CLOSE_TIMEOUT = 2000;
const SESSIONS = 5;

test("abandoned polling sessions do not keep the process alive past closeTimeout", async () => {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", CHILD, String(CLOSE_TIMEOUT)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: Array<() => void> = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const output = async (pattern: RegExp, what: string): Promise<RegExpExecArray> => {
    const wait = async () => {
      for (let found = pattern.exec(stdout); ; found = pattern.exec(stdout)) {
        if (found !== null) return found;
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), exited]);
        if (child.exitCode !== null && pattern.exec(stdout) === null) throw new Error(`the child exited: ${stderr}`);
      }
    };
    return within(wait(), 15_000, what);
  };
  try {
    const port = Number((await output(/^listening (\d+)$/m, "the child to listen"))[1]);
    // Handshakes whose clients never poll again: each session ends by ping timeout.
    for (let i = 0; i < SESSIONS; i++) {
      const response = await fetch(`http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`);
      assert.match(await response.text(), /^0\{"sid":/);
    }
    await output(new RegExp(`(?:session closed: ping timeout\\n[^]*){${SESSIONS}}`), `${SESSIONS} ping timeouts`);
    child.kill("SIGTERM");
    const code = await within(exited, CLOSE_TIMEOUT + 5000, "the process to exit after close()");
    assert.is(code, 0, stderr);
    assert.match(stdout, /^closed$/m);
  } finally {
    child.kill("SIGKILL");
  }
});

test.run();
