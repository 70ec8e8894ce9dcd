/**
 * The language server as one file (esbuild). Starting `sio lsp` is mostly
 * loading modules, and two of its packages are CommonJS that Node, imported
 * from ESM, lexes whole for their named exports before running them: refa
 * (1 MB) and the protocol library (~80 files). Bundled, they load as plain
 * functions and the server reaches its first diagnostics in about half the
 * CPU time (see docs/performance.md).
 *
 * Two bundles use this:
 * - `npm run build` runs this file: dist/lsp/main.js, as tsc emitted it, is
 *   replaced by a bundle of itself. Chevrotain and ts-morph stay outside:
 *   grammar/chevrotain.ts loads Chevrotain's own single-file build, and type
 *   resolution runs in dist/lsp/resolve-worker.js (tsc's output, ts-morph
 *   from node_modules with its code cache).
 * - editors/vscode/build.ts bundles everything, those two included, for the
 *   VS Code extension, which has no node_modules.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** What both bundles share: ESM for Node 20, CommonJS packages given the require() and paths they expect. */
export const SERVER_BUNDLE: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  legalComments: "none",
  logLevel: "warning",
  banner: {
    js: [
      'import { createRequire as __sioRequire } from "node:module";',
      'import { fileURLToPath as __sioPath } from "node:url";',
      "const require = __sioRequire(import.meta.url);",
      "const __filename = __sioPath(import.meta.url);",
      'const __dirname = __sioPath(new URL(".", import.meta.url));',
    ].join(" "),
  },
};

export async function bundleDist(): Promise<void> {
  const out = path.join(ROOT, "dist", "lsp", "main.js");
  await build({
    ...SERVER_BUNDLE,
    entryPoints: [path.join(ROOT, "lsp", "main.ts")],
    outfile: out,
    allowOverwrite: true,
    external: ["chevrotain", "ts-morph"],
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await bundleDist();
