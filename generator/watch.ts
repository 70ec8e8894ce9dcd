/**
 * Running a job again whenever the files it depends on change: what
 * `sio generate --watch` and `sio serve --watch` share. Only Node built-ins
 * here, so a process that watches need not load the toolchain.
 */
import { watch, type FSWatcher } from "node:fs";
import path from "node:path";

/** Milliseconds to wait for a burst of file events (an editor's save) to settle. */
const SETTLE_MS = 50;
const SOURCE_FILE = /\.(sio|[cm]?[jt]sx?|json)$/;

/** What a run depends on: the files to watch, absolute, and a file of its own output to ignore. */
export interface RunFiles {
  files: readonly string[];
  output?: string;
}

export interface Watcher {
  /** Stops watching; resolves once the run under way, if any, has finished. */
  close(): Promise<void>;
}

/**
 * Runs `run` now and again whenever one of the files its last run listed
 * (through `depends`, as soon as it knows them) changes, or another source
 * file appears or changes in their folders (a module that was missing may
 * just have been created). Runs never overlap: changes during a run make one
 * more run after it. Folders are watched rather than files, so editors that
 * save by renaming are seen.
 */
export function watchRuns(run: (depends: (files: RunFiles) => void) => Promise<void>): Watcher {
  const watchers = new Map<string, FSWatcher>();
  let files = new Set<string>();
  let output = "";
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let pending = false;
  let closed = false;

  const depends = (result: RunFiles) => {
    output = result.output ?? "";
    files = new Set(result.files);
    if (!closed) syncWatchers();
  };
  const start = () => {
    running = run(depends).finally(() => {
      running = null;
      if (pending) {
        pending = false;
        schedule();
      }
    });
  };
  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) pending = true;
      else start();
    }, SETTLE_MS);
  };
  const syncWatchers = () => {
    const folders = new Set([...files].map((file) => path.dirname(file)));
    for (const [folder, watcher] of watchers) {
      if (folders.has(folder)) continue;
      watcher.close();
      watchers.delete(folder);
    }
    for (const folder of folders) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, (_event, name) => {
          if (!name) return schedule();
          const file = path.join(folder, name.toString());
          if (file !== output && (files.has(file) || SOURCE_FILE.test(file))) schedule();
        });
        watcher.on("error", () => {
          watcher.close();
          watchers.delete(folder);
        });
        watchers.set(folder, watcher);
      } catch {
        // A folder that vanished is watched again once a later run lists it.
      }
    }
  };

  start();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      await running;
    },
  };
}
