/**
 * ts-morph, loaded with `require()`. Imported from ESM, this CommonJS package
 * makes Node lex its JavaScript (and the TypeScript compiler it re-exports,
 * about 13 MB) for named exports before running it: a third of a second of
 * every `sio generate`. Types come from `import type` as usual.
 */
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";

export const tsMorph = createRequire(import.meta.url)("ts-morph") as typeof TsMorph;
