/**
 * The package's version and folder, found through its package.json: the CLI
 * runs from `cli/` (sources) or `dist/cli/` (built), so look upwards for it.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface PackageJson {
  name?: string;
  version?: string;
  homepage?: string;
}

interface Found {
  json: PackageJson;
  /** The package's folder, with a trailing slash; undefined when not found. */
  root?: URL;
}

let cached: Found | undefined;

function packageJson(): Found {
  if (cached) return cached;
  let dir = new URL("./", import.meta.url);
  for (let depth = 0; depth < 4; depth++) {
    try {
      const parsed = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as PackageJson;
      if (parsed.name === "sio-router") return (cached = { json: parsed, root: dir });
    } catch {
      // Not here (or unreadable): keep looking upwards.
    }
    dir = new URL("../", dir);
  }
  return (cached = { json: {} });
}

export function version(): string {
  return packageJson().json.version ?? "0.0.0";
}

/** Where the project's documentation lives (package.json `homepage`), for SARIF's informationUri/helpUri; undefined when unpublished. */
export function homepage(): string | undefined {
  return packageJson().json.homepage;
}

/** A page of the documentation shipped in the package (`docs/` is in its `files`), as a path that exists wherever it is installed. */
export function docsPage(page: string): string {
  const root = packageJson().root;
  return root ? fileURLToPath(new URL(`docs/${page}`, root)) : `docs/${page}`;
}

/** The web page documenting a rule (`docs/rules.md#sio101` under the homepage); undefined when unpublished. */
export function ruleDocUrl(code: string): string | undefined {
  const home = homepage();
  return home ? `${home}/blob/main/docs/rules.md#${code.toLowerCase()}` : undefined;
}
