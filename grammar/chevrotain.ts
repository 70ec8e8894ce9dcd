/**
 * Chevrotain, loaded from the single-file ESM bundle its package ships.
 * The package entry pulls in ~600 lodash-es modules: about 0.4 s of every
 * `sio` start-up on this 2-core machine, against under 0.1 s for the bundle
 * (same version, same code). The bundle is not in the package's `exports`,
 * so it is located beside the resolved entry (lib/src/api.js → lib/chevrotain.mjs).
 * Types still come from the package's own declarations.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type * as Chevrotain from "chevrotain";

const entry = pathToFileURL(createRequire(import.meta.url).resolve("chevrotain"));
const chevrotain = (await import(new URL("../chevrotain.mjs", entry).href)) as typeof Chevrotain;

export const { createToken, EmbeddedActionsParser, EOF, isRecognitionException, Lexer, tokenMatcher } = chevrotain;
export type * from "chevrotain";
