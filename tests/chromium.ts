/**
 * Where the browser tests find Chromium: `CHROMIUM_PATH` if set, else
 * Debian's `/usr/bin/chromium` (what `.ci/run` installs, so CI always runs
 * them). Without either, the browser tests are skipped, and the run says why.
 */
import { accessSync, constants } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { suite, type Bounds, type BoundedTest } from "./harness.js";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** Flags for a headless Chromium on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium binary to drive, or why there is none. */
export function findChromium(): { path: string } | { missing: string } {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    return executable(configured)
      ? { path: configured }
      : { missing: `CHROMIUM_PATH=${configured} is not an executable file` };
  }
  if (executable(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM };
  return { missing: `no Chromium: set CHROMIUM_PATH, or install Debian's chromium (${DEBIAN_CHROMIUM})` };
}

/**
 * A suite of browser tests: with Chromium, `suite()` as usual and `launch()`
 * starts it (`extraArgs` after the usual flags, e.g. `--host-resolver-rules`);
 * without, every test is registered as skipped (uvu counts them) and the
 * reason is printed once, so a run without a browser says so.
 */
export function browserSuite<T>(
  title: string,
  context?: T,
  bounds?: Bounds,
): { test: BoundedTest<T>; launch: (extraArgs?: readonly string[]) => Promise<Browser> } {
  const test = suite<T>(title, context, bounds);
  const found = findChromium();
  if ("path" in found) {
    return { test, launch: (extraArgs = []) => chromium.launch({ executablePath: found.path, args: [...CHROMIUM_ARGS, ...extraArgs] }) };
  }
  console.error(`${title}: browser tests skipped: ${found.missing}`);
  const skip = Object.assign((name: string) => test.skip(name), {
    only: (name: string) => test.skip(name),
    skip: (name?: string) => test.skip(name),
    before: Object.assign(() => {}, { each: () => {} }),
    after: Object.assign(() => {}, { each: () => {} }),
    run: () => test.run(),
  });
  return { test: skip, launch: () => Promise.reject(new Error(found.missing)) };
}
