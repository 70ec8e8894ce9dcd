/**
 * Parser benchmark (not a test): `node --conditions=@sio-router/source --import tsx grammar/bench.ts`.
 * Parses specs of 10, 1,000 and 10,000 routes shaped like the seed example
 * (re_path and path routes, keyword arguments, nested routers) and the 1 MB
 * single-line robustness inputs, and prints the median process CPU time of
 * `parseSpec` per input: CPU time, because other jobs share the machine.
 * `RUNS=n` sets the repetitions (default 15).
 */
import { parseSpec } from "./index.js";

const RE_SHAPES = [
  String.raw`users/(?P<id>\d+)/?$`,
  String.raw`posts/(?P<id>\d+)/comments/(?P<comment>\d+)/?$`,
  String.raw`orgs/(?P<org>[\w-]+)/repos/(?P<repo>[\w.-]+)/?$`,
  String.raw`blog/(?P<year>\d{4})/(?P<month>\d{2})/(?P<slug>[\w-]+)/?$`,
  String.raw`static/(?P<path>.+)$`,
];
const PATH_SHAPES = [
  "users/<int:id>/",
  "posts/<int:id>/likes/",
  "docs/<slug:slug>/",
  "files/<path:rest>",
  "teams/<uuid:team>/members/<str:member>/",
];

/** One route line; `i` varies the pattern, target and keyword arguments. */
function route(i: number, prefix: string): string {
  if (i % 2 === 0) {
    const shape = RE_SHAPES[(i / 2) % RE_SHAPES.length]!;
    return `  re_path(r"^${prefix}${shape}", api, name="r${i}"),`;
  }
  const shape = PATH_SHAPES[i % PATH_SHAPES.length]!;
  return i % 3 === 0
    ? `  path("${prefix}${shape}", ChatConsumer.as_asgi(ping_interval=${i}, cors=true), kwargs={"n": ${i}}),`
    : `  path('${prefix}${shape}', djangoApp),`;
}

/** A spec of `count` routes: the seed's stacks, every fifth group nested under a prefix router. */
function spec(count: number): string {
  const lines = [
    'import { ChatConsumer } from "./fixtures/chat/consumers"',
    'import djangoApp, { api as api } from "./fixtures/chat/app"',
    "",
    "settings {",
    '  allowed_hosts = ["localhost", "127.0.0.1", "[::1]"]',
    "  debug = false",
    "}",
    "",
    "socketio_urlpatterns = [",
    '  re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),',
    "]",
    "",
  ];
  const top: string[] = [];
  const GROUP = 50;
  for (let group = 0; group * GROUP < count; group++) {
    const size = Math.min(GROUP, count - group * GROUP);
    const routes = Array.from({ length: size }, (_, i) =>
      route(group * GROUP + i, group % 5 === 0 ? "" : `g${group}/`),
    );
    if (group % 5 === 0) {
      lines.push(`group${group} = URLRouter([`, ...routes, "])", "");
      top.push(
        `  re_path(r"^g${group}/", AuthMiddlewareStack(group${group})),`,
      );
    } else {
      top.push(...routes);
    }
  }
  lines.push(
    "application = ProtocolTypeRouter({",
    '  "websocket": AllowedHostsOriginValidator(',
    "    AuthMiddlewareStack(URLRouter(socketio_urlpatterns))",
    "  ),",
    '  "http": AuthMiddlewareStack(',
    "    URLRouter(socketio_urlpatterns + [",
    ...top.map((line) => `    ${line}`),
    '      re_path("", djangoApp),',
    "    ])",
    "  ),",
    "})",
    "",
  );
  return lines.join("\n");
}

const inputs: [string, string][] = [
  ["10 routes", spec(10)],
  ["1,000 routes", spec(1_000)],
  ["10,000 routes", spec(10_000)],
  ["1 MB list", `a = [${'"x", '.repeat(200_000)}]`],
  ["1 MB string", `a = "${"x".repeat(1_000_000)}"`],
  ["1 MB '@'", "@".repeat(1_000_000)],
  ["1 MB ')'", ")".repeat(1_000_000)],
  ["1 MB '1 '", "1 ".repeat(500_000)],
];

const RUNS = Number(process.env.RUNS ?? 15);

function cpuMs(text: string): number {
  const start = process.cpuUsage();
  parseSpec(text);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// Start-up: load and optimise everything before measuring.
for (let i = 0; i < 5; i++) for (const [, text] of inputs) parseSpec(text);

console.log(
  `parseSpec, median CPU ms of ${RUNS} runs (Node ${process.version})`,
);
console.log(
  "input               size KB   median     min     max   diagnostics",
);
for (const [name, text] of inputs) {
  const samples = Array.from({ length: RUNS }, () => cpuMs(text));
  console.log(
    [
      name.padEnd(16),
      (text.length / 1024).toFixed(0).padStart(10),
      median(samples).toFixed(1).padStart(9),
      Math.min(...samples)
        .toFixed(1)
        .padStart(8),
      Math.max(...samples)
        .toFixed(1)
        .padStart(8),
      String(parseSpec(text).diagnostics.length).padStart(14),
    ].join(""),
  );
}
