import { once } from "node:events";
import { access, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { test, within } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { linkNodeModules, processesMentioning, removeDir, ROOT, serveCacheFolder, SHADOWED, sio, startSio, tempDir, type RunningSio } from "./helpers.js";

const exists = (file: string) => access(file).then(() => true, () => false);
/** A test that starts `sio serve` (three processes, each loading TypeScript through tsx) gets more than the default 30 s. */
const SERVE_TIMEOUT = { timeout: 90_000 };

const SPEC = 'import app from "./app"\n\napplication = URLRouter([\n  re_path("", app),\n])\n';
const answering = (text: string) => `export default function app(request: Request): Response {\n  return new Response("${text}");\n}\n`;
/** sio needs an ESM package scope, as the projects `sio init` makes. */
const PACKAGE_JSON = '{ "type": "module" }\n';

/** After `sio serve` (process `pid`) ended: its cache folder is gone and none of its child processes is left. */
async function assertCleanedUp(pid: number): Promise<void> {
  assert.not.ok(await exists(serveCacheFolder(pid)), "the cache folder is removed");
  assert.equal(await processesMentioning(`serve-${pid}`), [], "no child process is left");
}

test("serve the seed spec on port 0: URL and routing table printed, / answered by the fallback, SIGTERM exits 0", async () => {
  const before = await readdir(ROOT);
  const server = startSio(["serve", "routes.sio", "--port", "0"], { cwd: ROOT });
  let url = "";
  try {
    const stdout = await server.waitFor(/Press Ctrl\+C to stop\.\n/);
    url = /^sio serving routes\.sio on (http:\/\/127\.0\.0\.1:\d+)\n/m.exec(stdout)?.[1] ?? "";
    assert.ok(url, stdout);
    assert.not.match(url, /:0$/);
    assert.match(stdout, /^websocket {2}AllowedHostsOriginValidator → AuthMiddlewareStack\n {2}re_path\(r"\^socket\\\.io\/\?\$"\) {2}→ Socket\.IO endpoint \(ChatConsumer\) {2}routes\.sio:10\n/m);
    assert.match(stdout, /^http {2}AuthMiddlewareStack\n/m);
    assert.match(stdout, /^ {2}re_path\(""\) +→ HTTP app \(djangoApp\) +routes\.sio:19\n/m);
    // Generated into the cache folder, where the spec's relative imports still resolve; nothing beside the spec.
    const generated = await readFile(path.join(serveCacheFolder(server.pid), "routes.generated.mts"), "utf8");
    assert.match(generated, /from "\.\.\/\.\.\/\.\.\/\.\.\/fixtures\/chat\/consumers\.js"/);
    assert.equal(await readdir(ROOT), before);

    const page = await fetch(`${url}/`);
    assert.is(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(await page.text(), /<html/i);
    const handshake = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
    assert.is(handshake.status, 200);
    assert.match(await handshake.text(), /^0\{"sid":/);
  } finally {
    const exit = await server.stop("SIGTERM");
    assert.is(exit.code, 0, exit.stderr);
    assert.match(exit.stdout, /SIGTERM: shutting down\n$/);
  }
  const after = await fetch(`${url}/`).then(
    () => "answered",
    () => "refused",
  );
  assert.is(after, "refused", "the server is closed after shutdown");
  await assertCleanedUp(server.pid);
}, SERVE_TIMEOUT);

test("serve refuses a spec with errors: diagnostics, exit 1, nothing left behind", async () => {
  const dir = await tempDir({ "package.json": PACKAGE_JSON, "routes.sio": SHADOWED });
  try {
    await linkNodeModules(dir);
    const server = startSio(["serve", "routes.sio", "--port", "0"], { cwd: dir });
    const result = await server.exited;
    assert.is(result.code, 1);
    assert.match(result.stdout, /^routes\.sio:10:5 error SIO101 /m);
    assert.match(result.stderr, /sio: not serving routes\.sio: fix the errors first\n$/);
    assert.equal((await readdir(dir)).sort(), ["node_modules", "package.json", "routes.sio"]);
    await assertCleanedUp(server.pid);
  } finally {
    await removeDir(dir);
  }
}, SERVE_TIMEOUT);

test("serve: a port in use and a bad PORT are one line and exit 2", async () => {
  const blocker = createServer();
  blocker.listen(0, "127.0.0.1");
  await once(blocker, "listening");
  const port = (blocker.address() as { port: number }).port;
  try {
    const busy = await sio(["serve", "routes.sio", "--port", String(port)], { cwd: ROOT });
    assert.is(busy.code, 2);
    assert.match(busy.stderr, new RegExp(`sio: cannot listen on 127\\.0\\.0\\.1:${port}: address already in use\\n$`));
    const bad = await sio(["serve", "routes.sio"], { cwd: ROOT, env: { PORT: "eighty" } });
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /^sio: PORT must be an integer from 0 to 65535, got 'eighty'\n/);
  } finally {
    blocker.close();
  }
}, SERVE_TIMEOUT);

test("SIGINT and SIGHUP stop it as SIGTERM does: exit 0, cache folder and child processes gone", async () => {
  await Promise.all(
    (["SIGINT", "SIGHUP"] as const).map(async (signal) => {
      const server = startSio(["serve", "routes.sio", "--port", "0"], { cwd: ROOT });
      await server.waitFor(/Press Ctrl\+C to stop\.\n/);
      const exit = await server.stop(signal);
      assert.is(exit.code, 0, `${signal}: ${exit.stderr}`);
      assert.match(exit.stdout, new RegExp(`${signal}: shutting down\\n$`));
      await assertCleanedUp(server.pid);
    }),
  );
}, { timeout: 120_000 });

test("a signal during start-up (while generating): exit 0, never served, nothing left behind", async () => {
  const server = startSio(["serve", "routes.sio", "--port", "0"], { cwd: ROOT });
  // The cache folder appears once the supervisor handles signals, before the router is generated.
  for (let tries = 0; tries < 600 && !(await exists(serveCacheFolder(server.pid))); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const exit = await server.stop("SIGTERM");
  assert.is(exit.code, 0, exit.stderr);
  assert.not.match(exit.stdout, /sio serving/);
  await assertCleanedUp(server.pid);
}, SERVE_TIMEOUT);

test("an application module that throws while loading: one line, exit 2, nothing left behind", async () => {
  const dir = await tempDir({ "package.json": PACKAGE_JSON, "routes.sio": SPEC, "app.ts": `${answering("v1")}throw new Error("no database");\n` });
  try {
    await linkNodeModules(dir);
    const server = startSio(["serve", "routes.sio", "--port", "0"], { cwd: dir });
    const result = await server.exited;
    assert.is(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /^sio: cannot load the application: no database\n$/m);
    await assertCleanedUp(server.pid);
  } finally {
    await removeDir(dir);
  }
}, SERVE_TIMEOUT);

test("a spec in a CommonJS package scope: the load error says what sio needs", async () => {
  const dir = await tempDir({ "routes.sio": SPEC, "app.ts": answering("v1") });
  try {
    await linkNodeModules(dir);
    const result = await sio(["serve", "routes.sio", "--port", "0"], { cwd: dir });
    assert.is(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /^sio: cannot load the application: .+ \(sio needs "type": "module" in package\.json\)\n$/m);
  } finally {
    await removeDir(dir);
  }
}, SERVE_TIMEOUT);

async function body(url: string): Promise<string> {
  const response = await fetch(url);
  return `${response.status} ${await response.text()}`;
}

/** The next banner after offset `from`, and the URL it names. */
async function nextStart(server: RunningSio, from: number): Promise<string> {
  const banner = server.waitFor(/sio serving routes\.sio on http:\/\/[\d.:]+\n[\s\S]*Press Ctrl\+C to stop\.\n/, { from });
  const stdout = await within(banner, 60_000, "sio serve to (re)start");
  return /sio serving routes\.sio on (http:\/\/[\d.:]+)\n/.exec(stdout.slice(from))![1]!;
}

test("serve --watch: restarts on a change of the spec or a module; a broken spec or module keeps the last good version serving", async () => {
  const dir = await tempDir({ "package.json": PACKAGE_JSON, "routes.sio": SPEC, "app.ts": answering("v1") });
  await linkNodeModules(dir);
  const server = startSio(["serve", "--watch", "routes.sio", "--port", "0"], { cwd: dir });
  try {
    const url = await nextStart(server, 0);
    assert.match(server.stdout, /Restarts when routes\.sio or a module it imports changes\. Press Ctrl\+C to stop\.\n$/);
    assert.is(await body(`${url}/`), "200 v1");

    // An imported module changes: a new server process loads it, on the same URL (--port 0 included).
    let from = server.stdout.length;
    await writeFile(path.join(dir, "app.ts"), answering("v2"));
    assert.is(await nextStart(server, from), url);
    assert.match(server.stdout.slice(from), /^\nsio: a file changed: regenerating routes\.sio\n/);
    assert.is(await body(`${url}/`), "200 v2");

    // The spec breaks: its diagnostics, and v2 goes on serving.
    from = server.stdout.length;
    let fromErr = server.stderr.length;
    await writeFile(path.join(dir, "routes.sio"), "application = URLRouter([\n");
    const refused = server.waitFor(/sio: still serving the last good version: fix routes\.sio\n/, { from: fromErr, stream: "stderr" });
    await within(refused, 60_000, "the broken spec to be reported");
    assert.match(server.stdout.slice(from), /^routes\.sio:1:26 error SIO100 /m);
    assert.is(await body(`${url}/`), "200 v2");

    // A module that throws while loading: the new version never replaces the old one.
    fromErr = server.stderr.length;
    await writeFile(path.join(dir, "routes.sio"), SPEC);
    await writeFile(path.join(dir, "app.ts"), `${answering("v3")}throw new Error("half-written");\n`);
    const unloaded = server.waitFor(/sio: cannot load the application: half-written; still serving the last good version\n/, { from: fromErr, stream: "stderr" });
    await within(unloaded, 60_000, "the broken module to be reported");
    assert.is(await body(`${url}/`), "200 v2");

    // Both fixed, with a route of its own: served.
    from = server.stdout.length;
    await writeFile(path.join(dir, "app.ts"), answering("v4"));
    await writeFile(path.join(dir, "routes.sio"), SPEC.replace('re_path("", app)', 're_path(r"^only/$", app)'));
    // The two writes may make two runs: wait for the one that saw both.
    for (let runs = 0; runs < 2; runs++) {
      await nextStart(server, from);
      if ((await body(`${url}/only/`)) === "200 v4") break;
      from = server.stdout.length;
    }
    assert.is(await body(`${url}/only/`), "200 v4");
    assert.is(await body(`${url}/`), "404 Not Found");
  } finally {
    const exit = await server.stop("SIGTERM");
    await removeDir(dir);
    assert.is(exit.code, 0, exit.stderr);
  }
  await assertCleanedUp(server.pid);
}, { timeout: 180_000 });

test("the supervisor and the server process load none of the toolchain", async () => {
  // The static import graph, from each of them: no parser, generator or formatter, only the watcher.
  const toolchain = /^(ts-morph|typescript|prettier|chevrotain|refa|@babel\/code-frame)$/;
  const seen = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = await readFile(file, "utf8");
    for (const [, specifier] of text.matchAll(/(?:^import (?!type )[^"]*?from |\bimport\()"([^"]+)"/gm)) {
      assert.not.match(specifier!, toolchain, `${path.relative(ROOT, file)} imports ${specifier}`);
      if (specifier!.startsWith(".")) await visit(path.resolve(path.dirname(file), specifier!.replace(/\.js$/, ".ts")));
    }
  };
  await visit(path.join(ROOT, "cli/commands/serve.ts"));
  await visit(path.join(ROOT, "cli/serve/server-entry.ts"));
  const inToolchain = [...seen].map((file) => path.relative(ROOT, file)).filter((file) => /^(grammar|generator)\//.test(file));
  assert.equal(inToolchain, ["generator/watch.ts"]);
});

test.run();
