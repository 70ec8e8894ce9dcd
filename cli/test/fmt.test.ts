import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { formatSpec } from "../fmt/format-spec.js";
import { removeDir, ROOT, SEED, sio, sioInProcess, tempDir } from "./helpers.js";

function format(text: string): string {
  const result = formatSpec(text);
  if (!result.ok) throw new Error(`not formatted: ${JSON.stringify(result)}`);
  return result.text;
}

test("the seed spec (routes.sio) is already in the canonical layout", async () => {
  assert.is(format(SEED), SEED);
  const routes = await readFile(path.join(ROOT, "routes.sio"), "utf8");
  assert.is(format(routes), routes);
});

test("short expressions join one line; long ones break one item per line with trailing commas", () => {
  const input = `import   {a,b as c}   from "./m"
x=[ re_path( "" ,a ) ]
application = ProtocolTypeRouter({"http": URLRouter([re_path(r"^socket\\.io/?$", c.as_asgi(ping_interval=300)), re_path("", a)])})
`;
  assert.is(
    format(input),
    `import { a, b as c } from "./m"
x = [re_path("", a)]
application = ProtocolTypeRouter({
  "http": URLRouter([
    re_path(r"^socket\\.io/?$", c.as_asgi(ping_interval=300)),
    re_path("", a),
  ]),
})
`,
  );
});

test("a single-argument call that breaks gets no trailing comma; several arguments do", () => {
  const input = `application = AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(socketio_urlpatterns_with_a_long_name)))
y = SocketIO(ChatConsumer, NewsConsumer, ping_interval=10000, max_payload=1000000, transports=["websocket"])
`;
  assert.is(
    format(input),
    `application = AllowedHostsOriginValidator(
  AuthMiddlewareStack(URLRouter(socketio_urlpatterns_with_a_long_name))
)
y = SocketIO(
  ChatConsumer,
  NewsConsumer,
  ping_interval=10000,
  max_payload=1000000,
  transports=["websocket"],
)
`,
  );
});

test("comments and single blank lines between statements are kept", () => {
  const input = `# header
import app from "./app"  // why this app


// the table
urls = [  # open
  re_path("", app)  # fallback
  # closing note
]
settings {
  debug = true # dbg
}
`;
  assert.is(
    format(input),
    `# header
import app from "./app" // why this app

// the table
urls = [
  # open
  re_path("", app), # fallback
  # closing note
]
settings {
  debug = true # dbg
}
`,
  );
});

test("formatting is idempotent", () => {
  const messy = `urls=[re_path(r"^a/",x),   # a
path("b/<int:id>/",y,name="b",kwargs={"k":1,"l":[1,2,3]}),]
application=URLRouter(urls+[re_path("",z)])`;
  const once = format(messy);
  assert.is(format(once), once);
});

test("syntax errors: nothing to format, the diagnostics come back", () => {
  const result = formatSpec("application = URLRouter([\n");
  assert.is(result.ok, false);
  assert.ok(!result.ok && result.diagnostics.some((d) => d.code === "SIO100"));
});

test("a comment with no place in the layout fails instead of being dropped", () => {
  const result = formatSpec('application = # here\n  URLRouter([])\n');
  assert.is(result.ok, false);
  assert.equal(!result.ok && result.unplaced, { start: 14, end: 20 });
});

test("sio fmt: stdout, --check (exit 1, names the file), --write", async () => {
  const messy = 'import app from "./app"\napplication=URLRouter([re_path("",app)])\n';
  const dir = await tempDir({ "routes.sio": messy, "clean.sio": SEED });
  try {
    const printed = await sio(["fmt", "routes.sio"], { cwd: dir });
    assert.is(printed.code, 0);
    assert.is(printed.stdout, 'import app from "./app"\napplication = URLRouter([re_path("", app)])\n');
    const check = await sioInProcess(["fmt", "--check", "routes.sio", "clean.sio"], { cwd: dir });
    assert.is(check.code, 1);
    assert.is(check.stdout, "routes.sio is not formatted\n");
    const write = await sioInProcess(["fmt", "--write", "routes.sio", "clean.sio"], { cwd: dir });
    assert.is(write.code, 0);
    assert.is(write.stdout, "formatted routes.sio\n");
    assert.is(await readFile(path.join(dir, "routes.sio"), "utf8"), printed.stdout);
    const again = await sioInProcess(["fmt", "--check", "routes.sio", "clean.sio"], { cwd: dir });
    assert.is(again.code, 0);
  } finally {
    await removeDir(dir);
  }
});

test("sio fmt -: standard input formatted on stdout; --check names it; syntax errors on stderr only", async () => {
  const messy = 'import app from "./app"\napplication=URLRouter([re_path("",app)])\n';
  const dir = await tempDir();
  try {
    const printed = await sio(["fmt", "-"], { cwd: dir, input: messy });
    assert.is(printed.code, 0);
    assert.is(printed.stdout, 'import app from "./app"\napplication = URLRouter([re_path("", app)])\n');
    const check = await sioInProcess(["fmt", "--check", "--stdin-filename", "routes.sio", "-"], { cwd: dir, input: messy });
    assert.is(check.code, 1);
    assert.is(check.stdout, "routes.sio is not formatted\n");
    const clean = await sioInProcess(["fmt", "--check", "-"], { cwd: dir, input: printed.stdout });
    assert.is(clean.code, 0);
    assert.is(clean.stdout, "");
    const broken = await sioInProcess(["fmt", "--stdin-filename", "routes.sio", "-"], { cwd: dir, input: "application = URLRouter([\n" });
    assert.is(broken.code, 1);
    assert.is(broken.stdout, "", "stdout carries only formatted text");
    assert.match(broken.stderr, /^routes\.sio:1:26 error SIO100 /);
    assert.match(broken.stderr, /sio: not formatting routes\.sio: fix the syntax errors first\n$/);
    const write = await sioInProcess(["fmt", "--write", "-"], { cwd: dir, input: messy });
    assert.is(write.code, 2);
    assert.ok(write.stderr.startsWith("sio: --write rewrites files: it cannot rewrite standard input\n"), write.stderr);
  } finally {
    await removeDir(dir);
  }
});

test.run();
