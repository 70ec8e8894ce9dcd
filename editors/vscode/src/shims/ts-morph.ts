/**
 * generator/resolve/ts-morph.ts for the bundle: ts-morph bundled like any
 * other module (the V8 code cache there serves the command line's start-up).
 */
import * as tsMorph from "ts-morph";

export { tsMorph };
