/**
 * Django's `path()` route syntax (`django.urls.resolvers._route_to_regex`):
 * `<name>` and `<converter:name>` become named groups, everything else is a
 * literal, the regex starts with `^` and an endpoint ends at the end of the
 * path.
 */
import { escapeCodePoint } from "./python-regex.js";
import type { ConverterName, PatternError } from "./types.js";

/** The converters' regexes, as Django defines them (`django/urls/converters.py`). */
export const CONVERTER_REGEX: Readonly<Record<ConverterName, string>> = {
  str: "[^/]+",
  int: "[0-9]+",
  slug: "[\\-a-zA-Z0-9_]+",
  uuid: "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
  // Django's `.+`: Python's `.` stops at "\n" only.
  path: "[^\\n]+",
};

export interface RouteTranslation {
  regexSource: string;
  groupNames: string[];
  converters: Record<string, ConverterName>;
  /** Index into `source` for each index into `regexSource`, plus the end. */
  sourceOffsets: number[];
}

export type RouteResult = { ok: true; translation: RouteTranslation } | { ok: false; error: PatternError };

/** Django's `_PATH_PARAMETER_COMPONENT_RE`. */
const PARAMETER = /<(?:(?<converter>[^>:]+):)?(?<parameter>[^>]+)>/gu;
/** Python's `string.whitespace`, which Django refuses inside `<…>`. */
const WHITESPACE = /[ \t\n\r\v\f]/;
/** Python's `str.isidentifier()`. */
const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;

function isConverterName(name: string): name is ConverterName {
  return Object.hasOwn(CONVERTER_REGEX, name);
}

export function translateRoute(source: string, endpoint: boolean): RouteResult {
  let regexSource = "^";
  const sourceOffsets: number[] = [0];
  const groupNames: string[] = [];
  const converters: Record<string, ConverterName> = {};
  const emit = (text: string, at: number): void => {
    regexSource += text;
    for (let i = 0; i < text.length; i++) sourceOffsets.push(at);
  };
  const emitLiteral = (from: number, to: number): void => {
    for (let i = from; i < to;) {
      const cp = source.codePointAt(i) as number;
      emit(escapeCodePoint(cp, false), i);
      i += cp > 0xffff ? 2 : 1;
    }
  };
  let previousEnd = 0;
  for (const match of source.matchAll(PARAMETER)) {
    const start = match.index;
    const whole = match[0];
    const space = whole.search(WHITESPACE);
    if (space >= 0) {
      return fail(start + space, 1, `URL route '${source}' cannot contain whitespace in angle brackets <…>`);
    }
    const converter = match.groups?.converter ?? "str";
    const parameter = match.groups?.parameter as string;
    const parameterAt = start + whole.length - 1 - parameter.length;
    if (!IDENTIFIER.test(parameter)) {
      return fail(
        parameterAt,
        parameter.length,
        `URL route '${source}' uses parameter name '${parameter}' which isn't a valid Python identifier`,
      );
    }
    if (!isConverterName(converter)) {
      return fail(start + 1, converter.length, `URL route '${source}' uses invalid converter '${converter}'`);
    }
    if (Object.hasOwn(converters, parameter)) {
      return fail(parameterAt, parameter.length, `redefinition of group name '${parameter}'`);
    }
    // Defined, not assigned: `<int:__proto__>` is a parameter like any other.
    Object.defineProperty(converters, parameter, { value: converter, enumerable: true, writable: true, configurable: true });
    groupNames.push(parameter);
    emitLiteral(previousEnd, start);
    emit(`(?<${parameter}>${CONVERTER_REGEX[converter]})`, start);
    previousEnd = start + whole.length;
  }
  emitLiteral(previousEnd, source.length);
  if (endpoint) emit("$", source.length);
  sourceOffsets.push(source.length);
  return { ok: true, translation: { regexSource, groupNames, converters, sourceOffsets } };
}

function fail(offset: number, length: number, message: string): RouteResult {
  return { ok: false, error: { offset, length, message } };
}
