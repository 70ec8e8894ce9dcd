/**
 * grammar/chevrotain.ts for the bundle: esbuild bundles the package itself,
 * so the single-file build that module locates at run time is not needed.
 */
export { createToken, EmbeddedActionsParser, EOF, isRecognitionException, Lexer, tokenMatcher } from "chevrotain";
export type * from "chevrotain";
