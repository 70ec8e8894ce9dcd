/**
 * ts-morph, loaded for `sio generate` as cheaply as Node 20 allows.
 *
 * - With `require()`: imported from ESM, this CommonJS package makes Node lex
 *   its JavaScript (and the TypeScript compiler it re-exports, about 13 MB)
 *   for named exports before running it.
 * - With V8's code cache: compiling those 13 MB is the largest single cost of
 *   a run. The three big files are compiled through `vm.Script` with the code
 *   V8 produced last time (in `node_modules/.cache/sio/`, keyed by file, size,
 *   mtime and Node version), and put in `require.cache` so ts-morph's own
 *   `require`s find them. A missing, stale or rejected cache only costs the
 *   normal compile; it is rewritten when the process exits.
 *
 * Types come from `import type` as usual.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import { Script } from "node:vm";
import type * as TsMorph from "ts-morph";

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

const require = createRequire(import.meta.url);

/** The files ts-morph loads that are worth caching, in load order (dependencies first). */
function bigFiles(): string[] {
  const tsMorphFile = require.resolve("ts-morph");
  const commonFile = createRequire(tsMorphFile).resolve("@ts-morph/common");
  return [path.join(path.dirname(commonFile), "typescript.js"), commonFile, tsMorphFile];
}

function cacheFolderFor(file: string): string {
  const marker = `${path.sep}node_modules${path.sep}`;
  const root = file.slice(0, file.lastIndexOf(marker) + marker.length);
  return path.join(root, ".cache", "sio");
}

function loadWithCodeCache(file: string, pending: Array<() => void>): void {
  if (require.cache[file]) return;
  const stat = statSync(file);
  const key = createHash("sha1").update(`${file}\0${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}`).digest("hex");
  const cacheFile = path.join(cacheFolderFor(file), `${path.basename(file, ".js")}-${key.slice(0, 16)}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = readFileSync(file, "utf8");
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const loaded = new Module(file);
  loaded.filename = file;
  require.cache[file] = loaded;
  try {
    (script.runInThisContext() as ModuleWrapper)(loaded.exports, createRequire(file), loaded, file, path.dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  loaded.loaded = true;
  if (cachedData && !script.cachedDataRejected) return;
  // Written at exit, so the cache holds the functions this run compiled too.
  pending.push(() => {
    const temp = `${cacheFile}.${process.pid}.tmp`;
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  });
}

function loadTsMorph(): typeof TsMorph {
  const pending: Array<() => void> = [];
  try {
    for (const file of bigFiles()) loadWithCodeCache(file, pending);
  } catch {
    // Anything unusual (another package layout, an unreadable file): the plain require below.
  }
  if (pending.length > 0) {
    process.once("exit", () => {
      try {
        for (const write of pending) write();
      } catch {
        // A read-only node_modules: no cache, same results.
      }
    });
  }
  return require("ts-morph") as typeof TsMorph;
}

export const tsMorph = loadTsMorph();
