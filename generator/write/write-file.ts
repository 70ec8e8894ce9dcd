/**
 * Writing generated files: only when the content changed (so watchers and
 * build tools downstream see no spurious change), atomically (a temp file in
 * the same folder renamed over the target, so a reader never sees half a file).
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** The file's current content, or null when it does not exist. */
export async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Whether the file on disk differs from `content` (a missing file is stale). */
export async function isStale(file: string, content: string): Promise<boolean> {
  return (await readIfExists(file)) !== content;
}

/** Writes `content` unless the file already holds it (creating its folder if needed); true when it wrote. */
export async function writeIfChanged(file: string, content: string): Promise<boolean> {
  if (!(await isStale(file, content))) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, content, "utf8");
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return true;
}
