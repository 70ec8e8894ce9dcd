/**
 * Types of the one home for matching semantics (Channels/Django URL routing).
 * Used by the runtime's routers, the lint rules (reachability), `sio explain`
 * and the generator.
 */

/** Django `path()` converters. `int` values arrive as numbers. */
export type ConverterName = "str" | "int" | "slug" | "uuid" | "path";

/** A pattern that could not be compiled, at an index into the pattern string. */
export interface PatternError {
  /** Index into the pattern source (the decoded string the user wrote). */
  offset: number;
  /** Length of the offending construct (at least 1, except at end of input). */
  length: number;
  message: string;
}

export type RouteKind = "re_path" | "path";

export interface CompiledPattern {
  kind: RouteKind;
  /** The pattern as written (Python-flavoured regex, or Django route syntax). */
  source: string;
  /**
   * The JavaScript regular expression source (translated, no flags). It is
   * the whole matcher, run with `exec` (search semantics): Django's full
   * match of an `re_path` endpoint ending with `$` is already encoded as
   * `^(?:…)$`, and a `path()` route carries its `^` (and `$` for endpoints).
   */
  regexSource: string;
  /** Flags for `new RegExp(regexSource, flags)`. */
  flags: string;
  /** Compiled once, from regexSource and flags. */
  regex: RegExp;
  /**
   * Whether this is an endpoint pattern. For `re_path`, an endpoint whose
   * pattern ends with `$` must match the whole remaining path (Django's
   * fullmatch); otherwise search semantics. For `path`, endpoint routes are
   * anchored at the end (`\Z`). Prefix routes (target is a router) are not
   * endpoints.
   */
  endpoint: boolean;
  /** Named groups in order of appearance. */
  groupNames: string[];
  /** Number of capturing groups. */
  groupCount: number;
  /** Converters of a `path()` route, by kwarg name. */
  converters: Record<string, ConverterName>;
  /**
   * For each index into `regexSource` (plus one past its end), the index into
   * `source` it was translated from. Set by `compilePattern`; absent on
   * patterns rebuilt from generated RegExp literals.
   */
  sourceOffsets?: readonly number[];
}

/** What a successful match yields (Django's `(path[match.end():], args, kwargs)`). */
export interface PatternMatch {
  /** The rest of the path after the match: `path_remaining` for an inner router. */
  remaining: string;
  /**
   * Positional groups; empty when any named group exists (Django). A group
   * that did not take part is `undefined` (Python's `None`).
   */
  args: readonly (string | undefined)[];
  /** Named groups that took part in the match, converted (`int` → number). */
  kwargs: Readonly<Record<string, string | number>>;
}

/**
 * `scope.url_route`: read-only. A route that captures nothing gets one
 * shared, frozen value (`NO_URL_ROUTE`) instead of fresh objects per request.
 */
export interface UrlRoute {
  readonly args: readonly (string | undefined)[];
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/**
 * A new, empty kwargs object. Keys are data, as in a Python dict: its
 * prototype is an empty object without a prototype, so `kwargs.__proto__ =
 * v` (a group named `__proto__`) stores a key instead of changing the
 * prototype, and a key never captured (`constructor`, `toString`) reads as
 * undefined. Made with `new`, so it is an ordinary fast-properties object.
 */
export function newKwargs<V>(): Record<string, V> {
  return new (KwargsObject as unknown as new () => Record<string, V>)();
}

function KwargsObject(): void {}
KwargsObject.prototype = Object.freeze(Object.create(null) as object);

/** No positional captures: one frozen array shared by every match without them. */
export const NO_ARGS: readonly never[] = Object.freeze([]);
/** No keyword captures (or defaults): one frozen object shared by every match without them. */
export const NO_KWARGS: Readonly<Record<string, never>> = Object.freeze(newKwargs<never>());
/** The url_route of a route that captures nothing, outside any prefix route that did. */
export const NO_URL_ROUTE: UrlRoute = Object.freeze({ args: NO_ARGS, kwargs: NO_KWARGS });
