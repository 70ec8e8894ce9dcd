/**
 * `npm run bench:generate`: wall time of `sio generate` as a whole process for
 * specs of 10, 100 and 1,000 routes, and where it goes: start-up (Node, module
 * loading), lint (parse, bind, rules), ts-morph resolution of the imports,
 * emission, prettier, write.
 *
 * Each size runs in fresh child processes (median of RUNS): the phases come
 * from a child that calls `generate()` and reports its timings; the
 * whole-process time is also measured on the built CLI (`dist/cli/main.js`)
 * when `npm run build` has produced it — that is what a user's build runs.
 * The specs live in a scratch folder inside the repository so their modules
 * resolve `@sio-router/runtime` like a user's do; it is removed at the end.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SIZES = [10, 100, 1_000];
const RUNS = Number(process.env["RUNS"] ?? 5);
const TARGET_MS = 1_500;

interface ChildReport {
  /** User + system CPU of the whole child process: less sensitive than wall time to a busy machine. */
  cpu: number;
  startup: number;
  lint: number;
  resolve: number;
  emit: number;
  format: number;
  write: number;
  status: string;
}

/** A lint-clean spec: the seed's Socket.IO endpoint on both protocols, then named REST-like routes with converters. */
function specText(routes: number): string {
  const lines = [
    `import { ChatConsumer } from "./consumers"`,
    `import api from "./api"`,
    ``,
    `settings {`,
    `  allowed_hosts = ["localhost"]`,
    `}`,
    ``,
    `socketio_urlpatterns = [`,
    `  re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi(ping_interval=25000)),`,
    `]`,
    ``,
    `api_routes = [`,
  ];
  for (let i = 0; i < routes - 2; i++) {
    lines.push(i % 2 === 0 ? `  path("items${i}/<int:id>/", api, name="item-${i}"),` : `  re_path(r"^things${i}/(?P<slug>[-\\w]+)/$", api, name="thing-${i}"),`);
  }
  lines.push(
    `]`,
    ``,
    `application = ProtocolTypeRouter({`,
    `  "websocket": AllowedHostsOriginValidator(URLRouter(socketio_urlpatterns)),`,
    `  "http": URLRouter(socketio_urlpatterns + api_routes + [`,
    `    re_path("", api),`,
    `  ]),`,
    `})`,
    ``,
  );
  return lines.join("\n");
}

function prepare(folder: string, routes: number): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "consumers.ts"), `import { SocketIOConsumer } from "@sio-router/runtime";\n\nexport class ChatConsumer extends SocketIOConsumer {}\n`);
  writeFileSync(
    path.join(folder, "api.ts"),
    `import type { IncomingMessage, ServerResponse } from "node:http";\n\nexport default function api(_req: IncomingMessage, res: ServerResponse): void {\n  res.end("ok");\n}\n`,
  );
  const spec = path.join(folder, `routes${routes}.sio`);
  writeFileSync(spec, specText(routes));
  return spec;
}

function timed(command: string, args: string[]): { ms: number; stdout: string; status: number | null; stderr: string } {
  const started = performance.now();
  const child = spawnSync(command, args, { cwd: ROOT, encoding: "utf8" });
  return { ms: performance.now() - started, stdout: child.stdout, status: child.status, stderr: child.stderr };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (ms: number) => ms.toFixed(0).padStart(7);

async function child(spec: string): Promise<void> {
  const { generate } = await import("../generator/generate.js");
  // From process start (Node's time origin) to generate() ready: boot, loader, module loading.
  const startup = performance.now();
  const result = await generate({ spec });
  const usage = process.cpuUsage();
  const report: ChildReport = { cpu: (usage.user + usage.system) / 1000, startup, ...result.timings, status: result.status };
  process.stdout.write(JSON.stringify(report));
}

async function main(): Promise<void> {
  const folder = path.join(ROOT, "bench", `.generate-${process.pid}`);
  const cli = path.join(ROOT, "dist", "cli", "main.js");
  const hasCli = existsSync(cli);
  console.log(`sio generate benchmark — whole process, median of ${RUNS} runs, Node ${process.version}`);
  console.log(hasCli ? "CLI: node dist/cli/main.js generate" : "CLI: dist/cli/main.js missing (run `npm run build` for the whole-process CLI column)");
  console.log(" routes   CLI ms  child ms   cpu ms  start-up    lint  resolve    emit  prettier  write");
  try {
    for (const size of SIZES) {
      const spec = prepare(folder, size);
      const reports: ChildReport[] = [];
      const walls: number[] = [];
      const cliWalls: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        rmSync(spec.replace(/\.sio$/, ".generated.ts"), { force: true });
        const run1 = timed(process.execPath, ["--conditions=@sio-router/source", "--import", "tsx", fileURLToPath(import.meta.url), "--child", spec]);
        if (run1.status !== 0) throw new Error(`child failed: ${run1.stderr}`);
        const report = JSON.parse(run1.stdout) as ChildReport;
        if (report.status !== "written") throw new Error(`generate ${report.status} for ${size} routes`);
        reports.push(report);
        walls.push(run1.ms);
        if (hasCli) {
          rmSync(spec.replace(/\.sio$/, ".generated.ts"), { force: true });
          const run2 = timed(process.execPath, [cli, "generate", spec]);
          if (run2.status !== 0) throw new Error(`sio generate failed: ${run2.stdout}${run2.stderr}`);
          cliWalls.push(run2.ms);
        }
      }
      const phase = (key: keyof Omit<ChildReport, "status">) => fmt(median(reports.map((r) => r[key])));
      const cliMs = hasCli ? fmt(median(cliWalls)) : "      –";
      console.log(
        `${String(size).padStart(7)}  ${cliMs}  ${fmt(median(walls)).padStart(8)}  ${phase("cpu")}  ${phase("startup").padStart(8)} ${phase("lint")} ${phase("resolve").padStart(8)} ${phase("emit")}  ${phase("format").padStart(8)} ${phase("write").padStart(6)}`,
      );
      if (size === 100) {
        const whole = hasCli ? median(cliWalls) : median(walls);
        console.log(`         target: 100 routes under ${TARGET_MS} ms whole-process — ${whole < TARGET_MS ? "met" : "NOT met"} (${whole.toFixed(0)} ms)`);
      }
    }
    console.log("child ms: the same through tsx (TypeScript sources), split into phases; start-up = process start until generate() is loaded;");
    console.log(`cpu ms: the child's user + system CPU time. Load average now: ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores.`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]!);
else await main();
