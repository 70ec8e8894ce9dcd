/**
 * The pure pieces of emission: URL templates read off compiled patterns (Django's
 * reverse rules), regex literals, import specifiers, and emitRouter's endpoint
 * hoisting on specs bound in memory with hand-given import kinds.
 */
import path from "node:path";
import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { analyzeText } from "../../analyze.js";
import { compilePattern } from "@sio-router/runtime/matching";
import type { ImportKind } from "../../model/classify.js";
import { emitRouter, moduleSpecifierFor } from "../emit-router.js";
import { joinTemplates, templateOf, type UrlTemplate } from "../url-template.js";
import { regexLiteral } from "../writers.js";

function template(kind: "re_path" | "path", source: string, endpoint = true): UrlTemplate {
  const compiled = compilePattern(kind, source, { endpoint });
  if (!compiled.ok) throw new Error(compiled.error.message);
  return templateOf(compiled.pattern);
}

const text = (t: UrlTemplate) => t.parts.map((part) => ("literal" in part ? part.literal : `{${part.kwarg}}`)).join("");

test("templates: path() converters and literal text", () => {
  const t = template("path", "rooms/<int:room>/files/<path:file>");
  assert.is(text(t), "rooms/{room}/files/{file}");
  assert.equal(t.kwargs, [
    { name: "room", converter: "int" },
    { name: "file", converter: "path" },
  ]);
  assert.is(text(template("path", "")), "");
});

test("templates: re_path follows Django's normalize", () => {
  assert.is(text(template("re_path", String.raw`^socket\.io/?$`)), "socket.io", "an optional piece is left out");
  assert.is(text(template("re_path", String.raw`^chat/(?P<room>\w+)/$`)), "chat/{room}/");
  assert.is(text(template("re_path", String.raw`^v[12]/x+/\d{2}/`, false)), "v1/x/00/", "first of a class, minimum counts");
  assert.is(text(template("re_path", String.raw`^(?:a|b)/(?P<id>\d+)?/$`)), "a/{id}/", "first branch; an optional kwarg is kept");
  assert.is(text(template("re_path", String.raw`^(?P<x>\w+)/(?P=x)/$`)), "{x}/{x}/", "a backreference repeats the kwarg");
  const named = template("re_path", String.raw`^(?P<a>\d+)/(?P<b>[a-z]+)$`);
  assert.equal(named.kwargs, [
    { name: "a", converter: null },
    { name: "b", converter: null },
  ]);
});

test("templates: prefix chains concatenate and merge kwargs", () => {
  const joined = joinTemplates([template("path", "rooms/<int:room>/", false), template("path", "messages/<slug:id>/")]);
  assert.is(text(joined), "rooms/{room}/messages/{id}/");
  assert.equal(
    joined.kwargs.map((k) => k.name),
    ["room", "id"],
  );
});

function written(expr: ReturnType<typeof regexLiteral>): string {
  let out = "";
  expr({ write: (s: string) => ((out += s), undefined) } as never);
  return out;
}

test("regex literals escape / outside classes and survive an empty pattern", () => {
  assert.is(written(regexLiteral(String.raw`^a/b[/]c\/d$`, "u")), String.raw`/^a\/b[/]c\/d$/u`);
  assert.is(written(regexLiteral("", "u")), "/(?:)/u");
  const literal = written(regexLiteral(String.raw`^x/[^/]+/(?<n>\d+)$`, "u"));
  const [, body, flags] = /^\/(.*)\/(\w*)$/.exec(literal)!;
  assert.ok(new RegExp(body!, flags).test("x/abc/12"));
});

test("import specifiers: relative to the output file, .js for NodeNext, packages kept", () => {
  const out = "/p/src/routes.generated.ts";
  assert.is(moduleSpecifierFor("./consumers", "/p/src/consumers.ts", out), "./consumers.js");
  assert.is(moduleSpecifierFor("../lib/app", "/p/lib/app/index.tsx", "/p/src/gen/router.ts"), "../../lib/app/index.js");
  assert.is(moduleSpecifierFor("./esm", "/p/src/esm.mts", out), "./esm.mjs");
  assert.is(moduleSpecifierFor("./types", "/p/src/types.d.ts", out), "./types.js");
  assert.is(moduleSpecifierFor("my-app/handler", "/p/node_modules/my-app/handler.js", out), "my-app/handler");
});

const FOLDER = path.resolve("fixtures/generate/seed");

function emit(spec: string, kinds: Record<string, ImportKind>): string {
  const analysis = analyzeText(path.join(FOLDER, "routes.sio"), spec, { lint: false });
  assert.equal(analysis.diagnostics, [], "the spec parses and binds");
  return emitRouter(
    analysis.spec,
    { kinds: new Map(Object.entries(kinds)), modules: new Map() },
    { outFile: path.join(FOLDER, "routes.generated.ts"), specFile: path.join(FOLDER, "routes.sio") },
  );
}

test("one endpoint for the same consumer written in both tables, another for other options", () => {
  const output = emit(
    `import { Chat } from "./consumers"
application = ProtocolTypeRouter({
  "websocket": AllowedHostsOriginValidator(URLRouter([re_path(r"^socket\\.io/?$", Chat.as_asgi(ping_interval=5000))])),
  "http": URLRouter([
    re_path(r"^socket\\.io/?$", SocketIO(Chat, ping_interval=5000)),
    re_path(r"^other\\.io/?$", Chat.as_asgi()),
  ]),
})
`,
    { Chat: "socketio-consumer" },
  );
  assert.is(output.match(/Chat\.as_asgi\(/g)?.length, 2, "two distinct endpoints");
  assert.match(output, /const chatEndpoint = Chat\.as_asgi\(\{\s*pingInterval: 5000\s*\}\)/);
  assert.is(output.match(/, chatEndpoint\)/g)?.length, 2, "shared by both tables");
  assert.match(output, /const chatEndpoint2 = Chat\.as_asgi\(\)/);
});

test("names that collide with the generated ones are renamed", () => {
  const output = emit(
    `import { nodeApp } from "./app"
import fetchApp from "./fetch"
application = ProtocolTypeRouter({
  "http": URLRouter([re_path(r"^a/", nodeApp), re_path("", fetchApp)]),
})
`,
    { nodeApp: "node-listener", fetchApp: "fetch-handler" },
  );
  assert.match(output, /\bfetchApp as fetchApp2, nodeApp as nodeApp2\b/);
  assert.match(output, /nodeApp2\(nodeApp\)/);
  assert.match(output, /fetchApp2\(fetchApp\)/);
});

test.run();
