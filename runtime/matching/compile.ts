/**
 * Compiling a route pattern once, at build or start-up time, into the
 * RegExp that decides a match exactly as Django's `RegexPattern` /
 * `RoutePattern` do.
 */
import { translatePythonRegex } from "./python-regex.js";
import { translateRoute } from "./route-syntax.js";
import type { CompiledPattern, ConverterName, PatternError, RouteKind } from "./types.js";

export type CompileResult = { ok: true; pattern: CompiledPattern } | { ok: false; error: PatternError };

export interface CompileOptions {
  /** False for a prefix route (its target is a router), as Channels' URLRouter sets it. */
  endpoint: boolean;
}

/**
 * Compiles a `re_path` or `path` pattern. The resulting `regex` is run with
 * `exec` (search semantics) and already encodes Django's choice between
 * search and full match: an `re_path` endpoint whose source ends with `$` is
 * wrapped as `^(?:…)$` (Python's `fullmatch`).
 */
export function compilePattern(kind: RouteKind, source: string, options: CompileOptions): CompileResult {
  let regexSource: string;
  let flags: string;
  let groupNames: string[];
  let groupCount: number;
  let converters: Record<string, ConverterName> = {};
  let sourceOffsets: number[];
  if (kind === "path") {
    const result = translateRoute(source, options.endpoint);
    if (!result.ok) return result;
    ({ regexSource, groupNames, converters, sourceOffsets } = result.translation);
    flags = "u";
    groupCount = groupNames.length;
  } else {
    const result = translatePythonRegex(source);
    if (!result.ok) return result;
    ({ regexSource, flags, groupNames, groupCount, sourceOffsets } = result.translation);
    // Django: `regex.fullmatch(path) if is_endpoint and pattern.endswith("$") else regex.search(path)`.
    if (options.endpoint && source.endsWith("$")) {
      regexSource = `^(?:${regexSource})$`;
      sourceOffsets = [0, 0, 0, 0, ...sourceOffsets.slice(0, -1), source.length, source.length, source.length];
    }
  }
  let regex: RegExp;
  try {
    regex = new RegExp(regexSource, flags);
  } catch (caught) {
    const message = caught instanceof Error ? caught.message : String(caught);
    return { ok: false, error: { offset: 0, length: source.length, message: `not valid in JavaScript: ${message}` } };
  }
  return {
    ok: true,
    pattern: { kind, source, regexSource, flags, regex, endpoint: options.endpoint, groupNames, groupCount, converters, sourceOffsets },
  };
}

export interface PatternFromRegExpOptions {
  endpoint: boolean;
  converters?: Record<string, ConverterName>;
}

/**
 * Rebuilds a CompiledPattern around a RegExp literal that generated code
 * emitted from `compilePattern(...).pattern.regex`, without translating
 * again. Runs once per route at load time.
 */
export function patternFromRegExp(kind: RouteKind, source: string, regex: RegExp, options: PatternFromRegExpOptions): CompiledPattern {
  if (regex.global || regex.sticky) {
    throw Object.assign(
      new TypeError(
        `pattern ${JSON.stringify(source)}: a route RegExp must not have the g or y flag (it would keep state between matches)`,
      ),
      {
        code: "SIO_ERR_PATTERN_FLAGS",
      },
    );
  }
  // An empty alternative makes every group report in, unmatched: their count and, in order, their names.
  const probe = new RegExp(`${regex.source}|`, regex.flags).exec("") as RegExpExecArray;
  return {
    kind,
    source,
    regexSource: regex.source,
    flags: regex.flags,
    regex,
    endpoint: options.endpoint,
    groupNames: Object.keys(probe.groups ?? {}),
    groupCount: probe.length - 1,
    converters: options.converters ?? {},
  };
}
