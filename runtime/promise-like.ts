/** Whether a value that may be synchronous is a thenable (sync-first code paths branch on it). */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | null)?.then === "function";
}
