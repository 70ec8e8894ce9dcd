/**
 * The package's version, read from its package.json: the CLI runs from
 * `cli/` (sources) or `dist/cli/` (built), so look upwards for it.
 */
import { readFileSync } from "node:fs";

interface PackageJson {
  name?: string;
  version?: string;
  homepage?: string;
}

let cached: PackageJson | undefined;

function packageJson(): PackageJson {
  if (cached) return cached;
  let dir = new URL("./", import.meta.url);
  for (let depth = 0; depth < 4; depth++) {
    try {
      const parsed = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as PackageJson;
      if (parsed.name === "sio") return (cached = parsed);
    } catch {
      // Not here (or unreadable): keep looking upwards.
    }
    dir = new URL("../", dir);
  }
  return (cached = {});
}

export function version(): string {
  return packageJson().version ?? "0.0.0";
}

/** Where the project's documentation lives (package.json `homepage`), for SARIF's informationUri/helpUri; undefined when unpublished. */
export function homepage(): string | undefined {
  return packageJson().homepage;
}
