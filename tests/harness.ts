/**
 * uvu with a deadline on everything: the project's tests import `test` and
 * `suite` from here instead of from "uvu". Every test and every hook is raced
 * against a timeout (30 s unless the test or suite says otherwise), and one
 * that overruns fails with its suite, its name and how long it was given, so
 * a regression that makes something wait forever fails instead of hanging the
 * suite (and CI). `within()` bounds a single wait inside a test and names what
 * it was waiting for.
 */
import { suite as uvuSuite, type Callback, type Test } from "uvu";

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface Bounds {
  /** Milliseconds the test (or each hook and test of a suite) may take. */
  timeout?: number;
}

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** Resolves or rejects as `promise` does, or rejects with a TimeoutError naming `what` after `ms`. */
export function within<T>(promise: PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([Promise.resolve(promise), deadline]).finally(() => clearTimeout(timer));
}

function bounded<T>(what: string, handler: Callback<T>, ms: number): Callback<T> {
  return (context) => within(Promise.resolve().then(() => handler(context)), ms, what);
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
  const limit = (given?: Bounds) => given?.timeout ?? bounds.timeout ?? DEFAULT_TIMEOUT_MS;
  const label = (name: string) => (title ? `${title} › ${name}` : name);
  const hook = (register: (callback: Callback<T>) => void, name: string) => (callback: Callback<T>, given?: Bounds) =>
    register(bounded(`the ${name} hook of ${title || "the file's tests"}`, callback, limit(given)));
  const before = Object.assign(hook(inner.before, "before"), { each: hook(inner.before.each, "before.each") });
  const after = Object.assign(hook(inner.after, "after"), { each: hook(inner.after.each, "after.each") });
  const wrapped = (name: string, handler: Callback<T>, given?: Bounds) =>
    inner(name, bounded(`the test "${label(name)}" to finish`, handler, limit(given)));
  return Object.assign(wrapped, {
    only: (name: string, handler: Callback<T>, given?: Bounds) =>
      inner.only(name, bounded(`the test "${label(name)}" to finish`, handler, limit(given))),
    skip: (name?: string, handler?: Callback<T>) => inner.skip(name, handler),
    before,
    after,
    run: () => inner.run(),
  });
}

/** The default suite, as uvu's `test`. */
export const test = suite();
