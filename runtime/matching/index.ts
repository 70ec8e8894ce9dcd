/**
 * The one home for matching semantics: does this pattern match this path,
 * and what does it capture, exactly as Django/Channels decide it. Used by the
 * runtime's routers, the lint rules, `sio explain` and the generator.
 */
export * from "./types.js";
export { compilePattern, patternFromRegExp } from "./compile.js";
export type { CompileOptions, CompileResult, PatternFromRegExpOptions } from "./compile.js";
export { matchPattern } from "./match.js";
export { mergeUrlRoute, routingPath } from "./url-router.js";
export type { RoutingScope } from "./url-router.js";
export { resolveTable } from "./resolve.js";
export { compileTable } from "./table-matcher.js";
export type { TableMatch, TableMatcher, TableOptions } from "./table-matcher.js";
export type { Resolution, RouteEntry, TriedRoute } from "./resolve.js";
export { translatePythonRegex } from "./python-regex.js";
export type { PythonRegexResult, PythonRegexTranslation } from "./python-regex.js";
export { CONVERTER_REGEX } from "./route-syntax.js";
