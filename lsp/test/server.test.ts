/**
 * `sio lsp --stdio` driven by a real language client over its pipes: the
 * diagnostics a user sees while editing, the quick fix, and each feature's
 * answer, asserted exactly.
 */
import * as assert from "uvu/assert";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  PrepareRenameRequest,
  RenameRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Position,
  type TextEdit,
} from "vscode-languageserver-protocol/node";
import path from "node:path";
import { removeDir, SHADOWED, tempDir } from "../../cli/test/helpers.js";
import { suite } from "../../tests/harness.js";
import { startClient, uriOf, type Client } from "./client.js";
import { APP, CONSUMERS, FEATURES } from "./specs.js";


interface Context {
  dir: string;
  client: Client;
}

const lsp = suite<Context>("sio lsp", {} as Context, { timeout: 60_000 });

lsp.before(async (context) => {
  context.dir = await tempDir({ "consumers.ts": CONSUMERS, "app.ts": APP, "routes.sio": SHADOWED });
  context.client = await startClient(context.dir);
});

lsp.after(async ({ client, dir }) => {
  const code = await client.close();
  await removeDir(dir);
  assert.is(code, 0, client.stderr());
});

const at = (line: number, character: number): Position => ({ line, character });

/** The position of the `nth` occurrence of `needle` in `text`, plus `delta` characters. */
function find(text: string, needle: string, delta = 0, nth = 1): Position {
  let index = -1;
  for (let i = 0; i < nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`'${needle}' is not in the text`);
  }
  return TextDocument.create("file:///x.sio", "sio", 1, text).positionAt(index + delta);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("file:///x.sio", "sio", 1, text), [...edits]);
}

lsp("initialize announces the features", ({ client }) => {
  const capabilities = client.initialized.capabilities;
  assert.equal(client.initialized.serverInfo?.name, "sio");
  assert.ok(capabilities.hoverProvider);
  assert.ok(capabilities.definitionProvider);
  assert.ok(capabilities.documentFormattingProvider);
  assert.ok(capabilities.documentSymbolProvider);
  assert.equal(capabilities.renameProvider, { prepareProvider: true });
  assert.equal(capabilities.completionProvider?.triggerCharacters, ["<", ".", "(", ","]);
});

lsp("the fallback before the Socket.IO route: SIO101 at the route, fixed by its quick fix, then clean", async ({ client, dir }) => {
  const uri = uriOf(path.join(dir, "routes.sio"));
  await client.open(uri, SHADOWED);
  const published = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
  assert.is(published.version, 1);
  const [sio101, ...others] = published.diagnostics;
  assert.equal(others, []);
  assert.equal(sio101, {
    range: { start: at(9, 4), end: at(9, 54) },
    severity: 1,
    code: "SIO101",
    codeDescription: { href: `${uriOf(path.resolve("docs/rules.md"))}#sio101` },
    source: "sio",
    message: "Socket.IO route re_path('^socket\\.io/?$') is captured by the earlier route re_path(''): requests such as 'socket.io/' never reach it",
    relatedInformation: [{ location: { uri, range: { start: at(8, 4), end: at(8, 20) } }, message: "re_path('') comes first" }],
  } satisfies Diagnostic);

  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: sio101!.range,
    context: { diagnostics: [sio101!] },
  })) as CodeAction[];
  assert.equal(
    actions.map((action) => [action.title, action.kind]),
    [
      ["move the Socket.IO route above the route that captures it", "quickfix"],
      ["Suppress SIO101 on this line", "quickfix"],
      ["Fix all sio problems that have a fix", "source.fixAll.sio"],
    ],
  );
  assert.equal(actions[1]!.edit!.changes![uri], [{ range: { start: at(9, 0), end: at(9, 0) }, newText: "    # sio-ignore: SIO101 <reason>\n" }]);
  const fix = actions[0]!;
  assert.equal(fix.diagnostics, [sio101]);
  const fixed = applyEdits(SHADOWED, fix.edit!.changes![uri]!);
  assert.ok(fixed.includes(`  "http": URLRouter([
    re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()),
    re_path("", app),
  ]),`));

  await client.change(uri, 2, [{ text: fixed }]);
  const clean = await client.diagnostics(uri, (params) => params.version === 2);
  assert.equal(clean.diagnostics, []);
});

const features = suite<Context & { uri: string }>("sio lsp features", {} as Context & { uri: string }, { timeout: 60_000 });

features.before(async (context) => {
  context.dir = await tempDir({ "consumers.ts": CONSUMERS, "app.ts": APP, "features.sio": FEATURES });
  context.client = await startClient(context.dir);
  context.uri = uriOf(path.join(context.dir, "features.sio"));
  await context.client.open(context.uri, FEATURES);
  assert.equal((await context.client.diagnostics(context.uri)).diagnostics, []);
});

features.after(async ({ client, dir }) => {
  const code = await client.close();
  await removeDir(dir);
  assert.is(code, 0, client.stderr());
});

const hover = async ({ client, uri }: { client: Client; uri: string }, position: Position) =>
  client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });

features("hover on a route: what it reaches, per protocol the patterns and middleware, requests that reach it", async (context) => {
  const result = await hover(context, find(FEATURES, "re_path(r\"^socket", 3));
  assert.equal(result, {
    contents: {
      kind: "markdown",
      value: [
        '**re_path(r"^socket\\.io/?$")** → Socket.IO endpoint (ChatConsumer)',
        "",
        "- **websocket**: `re_path('^socket\\.io/?$')`, middleware AllowedHostsOriginValidator → AuthMiddlewareStack",
        "- **http**: `re_path('^socket\\.io/?$')`, middleware AuthMiddlewareStack",
        "",
        "Requests that reach it:",
        "- `WS /socket.io/?EIO=4&transport=websocket`",
        "- `GET /socket.io/?EIO=4&transport=polling`",
      ].join("\n"),
    },
    range: { start: at(8, 2), end: at(8, 9) },
  });
});

features("hover on a nested route's pattern: the effective pattern through its prefix", async (context) => {
  const result = await hover(context, find(FEATURES, "<int:id>", 1));
  assert.equal(result, {
    contents: {
      kind: "markdown",
      value: [
        '**path("rooms/<int:id>/")** → HTTP app (djangoApp)',
        "",
        "- **http**: `re_path('^api/') › path('rooms/<int:id>/')`, middleware AuthMiddlewareStack",
        "",
        "Requests that reach it:",
        "- `GET /api/rooms/0/`",
      ].join("\n"),
    },
    range: { start: at(12, 7), end: at(12, 24) },
  });
  const prefix = await hover(context, find(FEATURES, "re_path(r\"^api"));
  assert.equal(prefix?.contents, {
    kind: "markdown",
    value: ['**re_path(r"^api/")** → prefix route into a URLRouter of 1 route', "", "- **http**: `re_path('^api/')`, middleware AuthMiddlewareStack"].join("\n"),
  });
});

features("hover on a built-in: its signature and docs", async (context) => {
  const result = await hover(context, find(FEATURES, "ProtocolTypeRouter", 4));
  assert.equal(result, {
    contents: {
      kind: "markdown",
      value: '```sio\nProtocolTypeRouter({"http": app, "websocket": app})\n```\n\nDispatches on the connection type; a type with no entry is refused.',
    },
    range: { start: at(15, 14), end: at(15, 32) },
  });
});

features("hover on an imported name: the TypeScript declaration it resolves to", async (context) => {
  const result = await hover(context, find(FEATURES, "ChatConsumer.as_asgi", 2));
  assert.equal(result, {
    contents: {
      kind: "markdown",
      value: '```typescript\nexport class ChatConsumer extends SocketIOConsumer {}\n```\n\nChatConsumer: a Socket.IO consumer class, \'ChatConsumer\' from "./consumers" (consumers.ts:3)',
    },
    range: { start: at(8, 29), end: at(8, 41) },
  });
});

features("definition: a name to its binding, an imported name to its TypeScript declaration", async ({ client, uri, dir }) => {
  const definition = (position: Position) => client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position });
  assert.equal(await definition(find(FEATURES, "api)", 1)), { uri, range: { start: at(11, 0), end: at(11, 3) } });
  assert.equal(await definition(find(FEATURES, "ChatConsumer.as_asgi", 1)), {
    uri: uriOf(path.join(dir, "consumers.ts")),
    range: { start: at(2, 13), end: at(2, 25) },
  });
  assert.equal(await definition(find(FEATURES, "djangoApp", 1)), {
    uri: uriOf(path.join(dir, "app.ts")),
    range: { start: at(2, 24), end: at(2, 27) },
  });
  assert.is(await definition(find(FEATURES, "URLRouter(socketio", 2)), null);
});

async function complete(client: Client, uri: string, text: string, version: number, position: Position): Promise<CompletionItem[]> {
  await client.change(uri, version, [{ text }]);
  const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
  return Array.isArray(result) ? result : (result as CompletionList).items;
}

features("completion: converters in a path pattern, Socket.IO options, as_asgi, names in scope", async ({ client, uri }) => {
  const converter = FEATURES.replace('path("rooms/<int:id>/"', 'path("rooms/<');
  const converters = await complete(client, uri, converter, 10, find(converter, 'rooms/<', 7));
  assert.equal(
    converters.map((item) => [item.label, item.insertText, item.detail]),
    [
      ["str", "str:", "[^/]+"],
      ["int", "int:", "[0-9]+"],
      ["slug", "slug:", "[\\-a-zA-Z0-9_]+"],
      ["uuid", "uuid:", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"],
      ["path", "path:", "[^\\n]+"],
    ],
  );

  const option = FEATURES.replace("ChatConsumer.as_asgi()", "ChatConsumer.as_asgi(ping_interval=5, ping_t)");
  const options = await complete(client, uri, option, 11, find(option, "ping_t", 6));
  const labels = options.map((item) => item.label);
  assert.equal(labels.slice(0, 4), ["ping_timeout=", "max_payload=", "connect_timeout=", "upgrade_timeout="]);
  assert.not.ok(labels.includes("ping_interval="), "an option already given is not offered again");
  assert.equal(options.find((item) => item.label === "ping_timeout="), {
    label: "ping_timeout=",
    kind: 10,
    detail: "number (Socket.IO pingTimeout)",
    insertText: "ping_timeout=",
    filterText: "ping_timeout",
    sortText: "0ping_timeout",
  });

  const member = FEATURES.replace("ChatConsumer.as_asgi()", "ChatConsumer.");
  assert.equal((await complete(client, uri, member, 12, find(member, "ChatConsumer.)", 13))).map((item) => item.insertText), ["as_asgi()"]);

  const name = FEATURES.replace('re_path("", djangoApp)', 're_path("", dj)');
  const names = await complete(client, uri, name, 13, find(name, "dj)", 2));
  assert.equal(
    names.map((item) => item.label),
    [
      "ProtocolTypeRouter",
      "URLRouter",
      "re_path",
      "path",
      "SocketIO",
      "AllowedHostsOriginValidator",
      "OriginValidator",
      "AuthMiddlewareStack",
      "SessionMiddlewareStack",
      "CookieMiddleware",
      "socketio_urlpatterns",
      "api",
      "ChatConsumer",
      "djangoApp",
    ],
  );
  assert.equal(names.find((item) => item.label === "djangoApp")?.detail, 'default export of "./app"');
  await client.change(uri, 14, [{ text: FEATURES }]);
});

features("formatting: the canonical layout of sio fmt", async ({ client, uri }) => {
  const messy = FEATURES.replace('api = URLRouter([\n  path("rooms/<int:id>/", djangoApp),\n])', 'api = URLRouter( [ path( "rooms/<int:id>/",djangoApp ) ] )');
  await client.change(uri, 20, [{ text: messy }]);
  const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  });
  assert.equal(applyEdits(messy, edits ?? []), FEATURES.replace('api = URLRouter([\n  path("rooms/<int:id>/", djangoApp),\n])', 'api = URLRouter([path("rooms/<int:id>/", djangoApp)])'));
  await client.change(uri, 21, [{ text: FEATURES }]);
  assert.equal(await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
});

features("rename a binding: its declaration and every reference", async ({ client, uri }) => {
  const position = find(FEATURES, "socketio_urlpatterns))");
  assert.equal(await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position }), {
    range: { start: position, end: { line: position.line, character: position.character + 20 } },
    placeholder: "socketio_urlpatterns",
  });
  const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: "sio_routes" });
  assert.equal(
    applyEdits(FEATURES, edit!.changes![uri]!),
    FEATURES.replaceAll("socketio_urlpatterns", "sio_routes"),
  );
  const taken = client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: "api" });
  await taken.then(
    () => assert.unreachable("renaming onto another binding's name is refused"),
    (error: Error) => assert.is(error.message, "'api' is already a name in this spec"),
  );
  const keyword = client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: "import" });
  await keyword.then(
    () => assert.unreachable("a keyword is not a name"),
    (error: Error) => assert.is(error.message, "'import' is not a name"),
  );
  assert.is(await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: find(FEATURES, "djangoApp", 2) }), null);
});

features("document symbols: the routing tree as an outline", async ({ client, uri }) => {
  const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  const outline = (list: DocumentSymbol[], depth = 0): string[] =>
    list.flatMap((symbol) => [`${"  ".repeat(depth)}${symbol.name}${symbol.detail ? ` — ${symbol.detail}` : ""}`, ...outline(symbol.children ?? [], depth + 1)]);
  assert.equal(outline(symbols), [
    'ChatConsumer — from "./consumers"',
    'djangoApp — from "./app"',
    "settings",
    "  allowed_hosts",
    "socketio_urlpatterns",
    '  re_path(r"^socket\\.io/?$") — Socket.IO endpoint (ChatConsumer)',
    "api",
    "  URLRouter",
    '    path("rooms/<int:id>/") — HTTP app (djangoApp)',
    "application",
    "  ProtocolTypeRouter",
    '    "websocket"',
    "      AllowedHostsOriginValidator",
    "        AuthMiddlewareStack",
    "          URLRouter",
    '    "http"',
    "      AuthMiddlewareStack",
    "        URLRouter",
    '          re_path(r"^api/") — prefix',
    '          re_path("") — HTTP app (djangoApp)',
  ]);
});

features("type resolution (SIO2xx) runs on open and save, its diagnostics move with edits in between", async ({ client, dir }) => {
  const uri = uriOf(path.join(dir, "typo.sio"));
  const typo = FEATURES.replaceAll("ChatConsumer", "ChatConsumr");
  const resolutions = () => client.logs.filter((line) => line.startsWith("resolved the 2 imports of typo.sio")).length;
  await client.open(uri, typo);
  assert.equal((await client.diagnostics(uri)).diagnostics, [], "the first diagnostics do not wait for type resolution");
  const typed = await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
  const related = [
    {
      location: { uri: uriOf(path.join(dir, "consumers.ts")), range: { start: at(0, 0), end: at(0, 0) } },
      message: "the module './consumers' resolves to this file",
    },
  ];
  const sio201 = (line: number): Diagnostic => ({
    range: { start: at(line, 9), end: at(line, 20) },
    severity: 1,
    code: "SIO201",
    codeDescription: { href: `${uriOf(path.resolve("docs/rules.md"))}#sio201` },
    source: "sio",
    message: "'./consumers' has no export 'ChatConsumr' (did you mean 'ChatConsumer'?)",
    relatedInformation: related,
  });
  assert.equal(typed.diagnostics, [sio201(0)]);
  assert.is(resolutions(), 1);

  await client.change(uri, 2, [{ range: { start: at(0, 0), end: at(0, 0) }, text: "# routes\n" }]);
  assert.equal((await client.diagnostics(uri, (params) => params.version === 2)).diagnostics, [sio201(1)]);
  await client.change(uri, 3, [
    { range: { start: at(1, 9), end: at(1, 20) }, text: "ChatConsumer" },
    { range: { start: at(9, 29), end: at(9, 40) }, text: "ChatConsumer" },
  ]);
  assert.equal((await client.diagnostics(uri, (params) => params.version === 3)).diagnostics, [], "edited away until the next save");
  assert.is(resolutions(), 1, "no resolution while typing");

  await client.change(uri, 4, [{ text: FEATURES }]);
  await client.save(uri);
  const saved = await client.diagnostics(uri, (params) => params.version === 4 && resolutions() === 2);
  assert.equal(saved.diagnostics, []);
});

lsp.run();
features.run();
