import { NO_ARGS, NO_KWARGS, newKwargs, type CompiledPattern, type PatternMatch } from "./types.js";

/**
 * Django's `RegexPattern.match` / `RoutePattern.match` on a compiled
 * pattern: `(remaining, args, kwargs)` or null. Named groups that took part
 * become kwargs (`int` converted to a number); positional groups become args
 * only when the pattern has no named group. One `exec`, no other work.
 */
export function matchPattern(pattern: CompiledPattern, path: string): PatternMatch | null {
  const match = pattern.regex.exec(path);
  if (match === null) return null;
  const remaining = path.slice(match.index + match[0].length);
  const names = pattern.groupNames;
  if (names.length === 0) return { remaining, args: match.length > 1 ? match.slice(1) : NO_ARGS, kwargs: NO_KWARGS };
  const groups = match.groups as Record<string, string | undefined>;
  const converters = pattern.converters;
  const kwargs = newKwargs<string | number>();
  for (const name of names) {
    const value = groups[name];
    if (value !== undefined) kwargs[name] = converters[name] === "int" ? Number(value) : value;
  }
  return { remaining, args: NO_ARGS, kwargs };
}
