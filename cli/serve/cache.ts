/**
 * Where `sio serve` writes the router it serves: never beside the spec, but
 * in `node_modules/.cache/sio/serve-<pid>/` of the nearest folder above the
 * spec that has a `node_modules` folder. Packages resolve from there exactly
 * as from the spec's folder (no `node_modules` lies between them), and the
 * generated module imports the spec's modules by relative paths. With no
 * `node_modules` above the spec (where `@sio-router/runtime` cannot resolve
 * either) it goes to the system's temporary folder rather than create one.
 */
import { mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface ServeCache {
  dir: string;
  /** The generated router: `.mts`, an ES module although node_modules has no package.json saying so. */
  outFile: string;
  /**
   * Whether the spec's package scope is ESM (`"type": "module"` in its nearest package.json), as sio
   * needs: in a CommonJS scope TypeScript modules load as CommonJS, and their default exports reach
   * the router as objects.
   */
  esm: boolean;
  /** Removes the folder; synchronous, so it can run in an `exit` handler. Idempotent. */
  remove(): void;
}

export function createServeCache(specFile: string): ServeCache {
  const project = nodeModulesFolder(path.dirname(specFile));
  const root = project === undefined ? path.join(tmpdir(), "sio") : path.join(project, "node_modules", ".cache", "sio");
  mkdirSync(root, { recursive: true });
  removeAbandoned(root);
  mkdirSync(path.join(root, `serve-${process.pid}`), { recursive: true });
  // Node resolves a module's relative imports from its real path: with a symlinked node_modules, the
  // generated module's imports must be written from there too.
  const dir = realpathSync(path.join(root, `serve-${process.pid}`));
  const base = path.basename(specFile).replace(/\.sio$/, "");
  return {
    dir,
    outFile: path.join(dir, `${base}.generated.mts`),
    esm: packageType(path.dirname(specFile)) === "module",
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The nearest folder from `start` upwards that holds a node_modules folder. */
function nodeModulesFolder(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (isDirectory(path.join(dir, "node_modules"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The `type` of the nearest package.json from `start` upwards, as Node looks it up; "commonjs" without one. */
function packageType(start: string): string {
  for (let dir = start; path.basename(dir) !== "node_modules"; dir = path.dirname(dir)) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, "package.json"), "utf8");
    } catch {
      if (path.dirname(dir) === dir) break;
      continue;
    }
    try {
      return (JSON.parse(text) as { type?: string }).type ?? "commonjs";
    } catch {
      return "commonjs";
    }
  }
  return "commonjs";
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The folders of `sio serve` processes that were killed before they could clean up (SIGKILL, a power cut). */
function removeAbandoned(root: string): void {
  for (const name of readdirSync(root)) {
    const pid = /^serve-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

