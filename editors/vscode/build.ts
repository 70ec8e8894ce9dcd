/**
 * Builds the VS Code extension into a .vsix, offline:
 *
 *   npm run vsix                      → editors/vscode/dist/sio-vscode-<version>.vsix
 *   npm run vsix -- --out some.vsix
 *
 * esbuild bundles the client (CommonJS, `vscode` external) and the server
 * (`sio lsp` and its type-resolution child, as lsp/bundle.ts bundles it, but
 * with every package inside), so the package has no node_modules; the static
 * files are staged
 * beside them in a temporary folder that @vscode/vsce packs. The version is
 * sio-router's (the root package.json); so is the LICENSE.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";
import { createVSIX } from "@vscode/vsce";
import { SERVER_BUNDLE } from "../../lsp/bundle.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");

/**
 * The two modules that locate files at run time to load faster from
 * node_modules (Chevrotain's single-file build, ts-morph with a code cache)
 * are replaced by plain imports: in a bundle there is no node_modules.
 */
const SHIMMED = new Map([
  [path.join(ROOT, "grammar", "chevrotain.js"), path.join(HERE, "src", "shims", "chevrotain.ts")],
  [path.join(ROOT, "generator", "resolve", "ts-morph.js"), path.join(HERE, "src", "shims", "ts-morph.ts")],
]);

const shims: Plugin = {
  name: "sio-shims",
  setup(context) {
    context.onResolve({ filter: /(chevrotain|ts-morph)\.js$/ }, (args) => {
      const shim = SHIMMED.get(path.resolve(args.resolveDir, args.path));
      return shim ? { path: shim } : undefined;
    });
  },
};

export async function buildVsix(out: string): Promise<string> {
  const root = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  const manifest = JSON.parse(await readFile(path.join(HERE, "package.json"), "utf8")) as Record<string, unknown>;
  const stage = await mkdtemp(path.join(tmpdir(), "sio-vsix-"));
  try {
    // The sources here are ES modules; the client is bundled to CommonJS, which VS Code loads.
    await writeFile(path.join(stage, "package.json"), `${JSON.stringify({ ...manifest, type: "commonjs", version: root.version }, null, 2)}\n`);
    for (const file of ["language-configuration.json", "README.md", "syntaxes"]) await cp(path.join(HERE, file), path.join(stage, file), { recursive: true });
    await cp(path.join(ROOT, "LICENSE"), path.join(stage, "LICENSE"));
    await build({
      entryPoints: [path.join(HERE, "src", "extension.ts")],
      outfile: path.join(stage, "out", "extension.js"),
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      minify: true,
      legalComments: "none",
      logLevel: "warning",
      external: ["vscode"],
    });
    await build({
      ...SERVER_BUNDLE,
      minify: true,
      entryPoints: { main: path.join(HERE, "src", "server.ts"), "resolve-worker": path.join(ROOT, "lsp", "resolve-worker.ts") },
      outdir: path.join(stage, "server"),
      conditions: ["@sio-router/source"],
      plugins: [shims],
    });
    // The server finds its version and the rules' documentation through a package.json named sio-router.
    await writeFile(path.join(stage, "server", "package.json"), `${JSON.stringify({ name: "sio-router", version: root.version, private: true, type: "module" }, null, 2)}\n`);
    await mkdir(path.join(stage, "server", "docs"));
    await cp(path.join(ROOT, "docs", "rules.md"), path.join(stage, "server", "docs", "rules.md"));
    await mkdir(path.dirname(out), { recursive: true });
    await createVSIX({ cwd: stage, packagePath: out, dependencies: false, allowMissingRepository: true });
    return out;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  const version = (JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  const written = await buildVsix(path.resolve(values.out ?? path.join(HERE, "dist", `sio-vscode-${version}.vsix`)));
  console.log(`wrote ${path.relative(process.cwd(), written)}`);
}
