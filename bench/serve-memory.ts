/**
 * `npm run bench:serve`: the memory of the process that serves under
 * `sio serve routes.sio` against the same generated router served alone
 * (bench/lib/serve-generated.ts), both from the built CLI and runtime
 * (`npm run build` first), both loading the user's modules through tsx.
 * Each run starts the server, sends the same requests (the chat page, Socket.IO
 * polling handshakes), waits for the heap to settle, reads VmRSS from
 * /proc, and stops it. Target: the ratio at most 1.2×. Also printed: the RSS
 * of the supervising `sio serve` process, which serves nothing.
 *
 *   npm run bench:serve [-- --reps N]
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchOptions, machineLine } from "./lib/options.js";
import { alternate, compareMedians, formatEstimate, formatSummary, formatTable, summarize, verdict, writeResults } from "./lib/stats.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = path.join(ROOT, "dist", "cli", "main.js");
const PEER = fileURLToPath(new URL("./lib/serve-generated.ts", import.meta.url));
const GENERATED = path.join(ROOT, "node_modules", ".cache", "sio", `bench-serve-${process.pid}`, "routes.generated.mts");
/** Requests of each kind per run: enough to load every module a request touches. */
const REQUESTS = 50;
const SETTLE_MS = 2_000;
const START_TIMEOUT_MS = 120_000;

type Peer = "sio serve" | "served alone";

interface Run {
  /** Resident set of the process that serves, in MiB. */
  rss: number;
  /** Of the `sio serve` supervisor; undefined for the peer. */
  supervisorRss?: number;
}

const options = benchOptions({ reps: 5, quickReps: 3, duration: 0, quickDuration: 0 });
if (!existsSync(CLI)) throw new Error("dist/ is missing: run npm run build first");
const generated = spawnSync(process.execPath, [CLI, "generate", "routes.sio", "-o", GENERATED], { cwd: ROOT, encoding: "utf8" });
if (generated.status !== 0) throw new Error(`sio generate failed:\n${generated.stdout}${generated.stderr}`);

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)![1]) / 1024;
}

/** The child of `pid` whose command line mentions `text`. */
function childOf(pid: number, text: string): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).map(Number);
  const found = children.find((child) => readFileSync(`/proc/${child}/cmdline`, "utf8").includes(text));
  if (found === undefined) throw new Error(`no child of ${pid} runs ${text}`);
  return found;
}

/** Starts a process and resolves with the URL it prints. */
function start(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no URL within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      const url = pattern.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once("exit", (code) => reject(new Error(`exited (${code}) before serving:\n${output}`)));
  });
}

async function exercise(url: string): Promise<void> {
  for (let i = 0; i < REQUESTS; i++) {
    await (await fetch(`${url}/`)).text();
    await (await fetch(`${url}/socket.io/?EIO=4&transport=polling`)).text();
  }
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

async function measure(peer: Peer): Promise<Run> {
  const sioServe = peer === "sio serve";
  const child = sioServe
    ? spawn(process.execPath, [CLI, "serve", "routes.sio", "--port", "0"], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] })
    : spawn(process.execPath, ["--import", "tsx", PEER, GENERATED], { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"] });
  try {
    const url = await start(child, sioServe ? /sio serving routes\.sio on (\S+)\n[\s\S]*Press Ctrl/ : /serving on (\S+)\n/);
    await exercise(url);
    if (!sioServe) return { rss: rssOf(child.pid!) };
    return { rss: rssOf(childOf(child.pid!, "server-entry")), supervisorRss: rssOf(child.pid!) };
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
}

try {
  console.log(`bench:serve — resident memory of the serving process; ${machineLine()}; ${options.reps} runs each`);
  const runs = await alternate<Peer, Run>(["sio serve", "served alone"], options.reps, measure);
  const serving = runs.get("sio serve")!;
  const alone = runs.get("served alone")!;
  const estimate = compareMedians(serving, alone, (run) => run.rss);
  const supervisor = summarize(serving.map((run) => run.supervisorRss!));
  console.log(
    formatTable(
      ["process", "RSS MiB, median (min–max)"],
      [
        ["sio serve: the server process", formatSummary(summarize(serving.map((run) => run.rss)), 1)],
        ["the generated router served alone", formatSummary(summarize(alone.map((run) => run.rss)), 1)],
        ["sio serve: the supervisor (serves nothing)", formatSummary(supervisor, 1)],
      ],
    ),
  );
  console.log(`\nserver process / served alone: ${formatEstimate(estimate)}; ${verdict(estimate, 1.2, "at most")}`);
  writeResults("serve-memory", { machine: machineLine(), runs: Object.fromEntries(runs), ratio: estimate });
} finally {
  rmSync(path.dirname(GENERATED), { recursive: true, force: true });
}
