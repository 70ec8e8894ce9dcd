import { once } from "node:events";
import { access, readdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { removeDir, ROOT, SHADOWED, sio, startSio, tempDir } from "./helpers.js";

const exists = (file: string) => access(file).then(() => true, () => false);

test("serve the seed spec on port 0: URL and routing table printed, / answered by the fallback, SIGTERM exits 0", async () => {
  const server = startSio(["serve", "routes.sio", "--port", "0"], { cwd: ROOT });
  let url = "";
  try {
    const stdout = await server.waitFor(/Press Ctrl\+C to stop\.\n/);
    url = /^sio serving routes\.sio on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)?.[1] ?? "";
    assert.ok(url, stdout);
    assert.not.match(url, /:0$/);
    assert.match(stdout, /^websocket {2}AllowedHostsOriginValidator → AuthMiddlewareStack\n {2}re_path\(r"\^socket\\\.io\/\?\$"\) {2}→ Socket\.IO endpoint \(ChatConsumer\) {2}routes\.sio:10\n/m);
    assert.match(stdout, /^http {2}AuthMiddlewareStack\n/m);
    assert.match(stdout, /^ {2}re_path\(""\) +→ HTTP app \(djangoApp\) +routes\.sio:19\n/m);
    // The generated module is loaded and already removed.
    assert.not.ok(await exists(path.join(ROOT, `.sio-serve-${server.pid}.generated.ts`)));

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
});

test("serve refuses a spec with errors: diagnostics, exit 1, no temporary module left", async () => {
  const dir = await tempDir({ "routes.sio": SHADOWED });
  try {
    const result = await sio(["serve", "routes.sio", "--port", "0"], { cwd: dir });
    assert.is(result.code, 1);
    assert.match(result.stdout, /^routes\.sio:10:5 error SIO101 /m);
    assert.match(result.stderr, /sio: not serving routes\.sio: fix the errors first\n$/);
    assert.equal((await readdir(dir)).filter((name) => name.startsWith(".sio-serve-")), []);
  } finally {
    await removeDir(dir);
  }
});

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
});

test.run();
