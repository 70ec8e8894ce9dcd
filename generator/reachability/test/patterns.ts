/** Hand-built CompiledPatterns, shaped like the matching module's output. */
import type { CompiledPattern } from "@sio-router/runtime/matching";
import type { TableRoute } from "../index.js";

interface Options {
  flags?: string;
  endpoint?: boolean;
  /** Django route syntax for a `path()` pattern; the pattern is then its translation. */
  route?: string;
}

export function rePath(pattern: string, options: Options = {}): CompiledPattern {
  const flags = options.flags ?? "u";
  const endpoint = options.endpoint ?? true;
  // As the matching module compiles it: Django's full match of an `re_path` endpoint ending with `$`.
  const regexSource = options.route === undefined && endpoint && pattern.endsWith("$") ? `^(?:${pattern})$` : pattern;
  const regex = new RegExp(regexSource, flags);
  const groupNames = [...regexSource.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]!);
  return {
    kind: options.route === undefined ? "re_path" : "path",
    source: options.route ?? pattern,
    regexSource,
    flags,
    regex,
    endpoint,
    groupNames,
    groupCount: new RegExp(`${regexSource}|`, flags).exec("")!.length - 1,
    converters: {},
  };
}

/** An endpoint route (captures everything its pattern matches). */
export function endpoint(regexSource: string, options: Options = {}): TableRoute {
  return { pattern: rePath(regexSource, options), captures: true };
}

/** A prefix route: `captures` says whether its inner router has a catch-all. */
export function prefix(regexSource: string, captures: boolean, options: Options = {}): TableRoute {
  return { pattern: rePath(regexSource, { ...options, endpoint: false }), captures };
}
