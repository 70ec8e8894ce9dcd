/**
 * uvu with a deadline on everything: the project's tests import `test` and
 * `suite` from here instead of from "uvu". Every test and every hook is raced
 * against a timeout (30 s unless the test or suite says otherwise), and one
 * that overruns fails with its suite, its name, how long it was given and what
 * it was still waiting for (the waits helpers name with `waitingFor()` or
 * `within()`), so a regression that makes something wait forever fails
 * instead of hanging the suite (and CI).
 *
 * Hooks fail loudly too. uvu's runner returns from a `finally`, which swallows
 * an error thrown by a `before` hook (the suite then reports no failure) or by
 * an `after.each` hook after a failed test (the test's failure is lost). Here
 * a failed `before` hook fails every test of its suite, `before.each` and
 * `after.each` run inside each test (a failure in either fails that test), and
 * a failed `after` hook is printed and makes the process exit 1.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { suite as uvuSuite, type Callback, type Test } from "uvu";

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface Bounds {
  /** Milliseconds the test (or each hook and test of a suite) may take. */
  timeout?: number;
}

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

interface Wait {
  what: string;
  since: number;
}

/** The named waits still pending in the test or hook running in this async context. */
const pendingWaits = new AsyncLocalStorage<Set<Wait>>();

/**
 * Resolves or rejects as `promise` does; while it is pending, a test or hook
 * that times out names `what` among the things it was still waiting for.
 */
export function waitingFor<T>(what: string, promise: PromiseLike<T>): Promise<T> {
  const waits = pendingWaits.getStore();
  const settled = Promise.resolve(promise);
  if (waits === undefined) return settled;
  const wait = { what, since: Date.now() };
  waits.add(wait);
  return settled.finally(() => waits.delete(wait));
}

/** Resolves or rejects as `promise` does, or rejects with a TimeoutError naming `what` after `ms`. */
export function within<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return waitingFor(what, Promise.race([Promise.resolve(promise), deadline]).finally(() => clearTimeout(timer)));
}

function describeWaits(waits: Set<Wait>): string {
  if (waits.size === 0) return "";
  const now = Date.now();
  return `; still waiting for ${[...waits].map((wait) => `${wait.what} (for ${now - wait.since} ms)`).join(", ")}`;
}

/** Runs `handler` with its own set of named waits, failing after `ms` with `what` and the waits still pending. */
function bounded<T>(what: string, handler: Callback<T>, ms: number): Callback<T> {
  return (context) => {
    const waits = new Set<Wait>();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms waiting for ${what}${describeWaits(waits)}`)), ms);
    });
    const run = pendingWaits.run(waits, () => Promise.resolve().then(() => handler(context)));
    return Promise.race([run, deadline]).finally(() => clearTimeout(timer));
  };
}

/** `after` hooks that failed: printed when they fail, and the process exits 1. */
const afterFailures: string[] = [];
process.on("exit", () => {
  if (afterFailures.length > 0) process.exitCode = 1;
});

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export interface BoundedHook<T> {
  (hook: Callback<T>, bounds?: Bounds): void;
  each(hook: Callback<T>, bounds?: Bounds): void;
}

export interface BoundedTest<T> {
  (name: string, handler: Callback<T>, bounds?: Bounds): void;
  only(name: string, handler: Callback<T>, bounds?: Bounds): void;
  skip(name?: string, handler?: Callback<T>): void;
  before: BoundedHook<T>;
  after: BoundedHook<T>;
  run(): void;
}

/** uvu's `suite`, with every test and hook bounded (`bounds.timeout` for all of them, else 30 s). */
export function suite<T = Record<string, any>>(title?: string, context?: T, bounds: Bounds = {}): BoundedTest<T> {
  const inner: Test<T> = uvuSuite<T>(title, context);
  const of = title || "the file's tests";
  const limit = (given?: Bounds) => given?.timeout ?? bounds.timeout ?? DEFAULT_TIMEOUT_MS;
  const label = (name: string) => (title ? `${title} › ${name}` : name);
  const beforeEach: Callback<T>[] = [];
  const afterEach: Callback<T>[] = [];
  let beforeFailure: Error | undefined;

  const before = Object.assign(
    (hook: Callback<T>, given?: Bounds) => {
      const run = bounded(`the before hook of ${of}`, hook, limit(given));
      inner.before(async (state) => {
        if (beforeFailure !== undefined) return;
        try {
          await run(state);
        } catch (error) {
          beforeFailure = error instanceof Error ? error : new Error(`threw ${String(error)}`);
        }
      });
    },
    { each: (hook: Callback<T>, given?: Bounds) => void beforeEach.push(bounded(`the before.each hook of ${of}`, hook, limit(given))) },
  );
  const after = Object.assign(
    (hook: Callback<T>, given?: Bounds) => {
      const run = bounded(`the after hook of ${of}`, hook, limit(given));
      inner.after(async (state) => {
        try {
          await run(state);
        } catch (error) {
          const message = `the after hook of ${of} failed: ${messageOf(error)}`;
          afterFailures.push(message);
          console.error(`\n${message}`);
        }
      });
    },
    { each: (hook: Callback<T>, given?: Bounds) => void afterEach.push(bounded(`the after.each hook of ${of}`, hook, limit(given))) },
  );

  /** The test with its each-hooks: the first failure is the test's, a later after.each failure is added to it. */
  const wrap = (name: string, handler: Callback<T>, given?: Bounds): Callback<T> => {
    const body = bounded(`the test "${label(name)}" to finish`, handler, limit(given));
    return async (state) => {
      if (beforeFailure !== undefined) {
        const notRun = new Error(`not run: the before hook of ${of} failed: ${beforeFailure.message}`);
        // The hook's stack, not this one: it says where the hook failed.
        notRun.stack = `${notRun.name}: ${notRun.message}${beforeFailure.stack?.slice(beforeFailure.stack.indexOf("\n    at ")) ?? ""}`;
        throw notRun;
      }
      let failure: unknown;
      let failed = false;
      try {
        for (const hook of beforeEach) await hook(state);
        await body(state);
      } catch (error) {
        failed = true;
        failure = error;
      }
      for (const hook of afterEach) {
        try {
          await hook(state);
        } catch (error) {
          if (!failed) {
            failed = true;
            failure = error;
          } else if (failure instanceof Error) {
            // V8 formats `stack` when first read: read it before the message grows, so the note is printed once.
            void failure.stack;
            failure.message += ` (and then the after.each hook failed: ${error instanceof Error ? error.message : String(error)})`;
          }
        }
      }
      // uvu's report reads `name` and `stack`: anything thrown that is not an Error becomes one.
      if (failed) throw failure instanceof Error ? failure : new Error(`threw ${String(failure)}`);
    };
  };

  return Object.assign((name: string, handler: Callback<T>, given?: Bounds) => inner(name, wrap(name, handler, given)), {
    only: (name: string, handler: Callback<T>, given?: Bounds) => inner.only(name, wrap(name, handler, given)),
    skip: (name?: string, handler?: Callback<T>) => inner.skip(name, handler),
    before,
    after,
    run: () => inner.run(),
  });
}

/** The default suite, as uvu's `test`. */
export const test = suite();
