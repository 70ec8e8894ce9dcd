/**
 * The extension packs into a .vsix offline (the build script's own
 * function), holds what VS Code needs, and the server bundled in it runs:
 * a real client gets its diagnostics, type resolution (SIO201) included.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as assert from "uvu/assert";
import { readZip } from "@vscode/vsce/out/zip.js";
import { removeDir, tempDir } from "../../../cli/test/helpers.js";
import { startClient, uriOf } from "../../../lsp/test/client.js";
import { APP, CONSUMERS, FEATURES } from "../../../lsp/test/specs.js";
import { suite } from "../../../tests/harness.js";
import { buildVsix } from "../build.js";

const vsix = suite<{ dir: string; files: Map<string, Buffer> }>("VS Code extension package", { dir: "", files: new Map() }, { timeout: 180_000 });

vsix.before(async (context) => {
  context.dir = await tempDir();
  const out = await buildVsix(path.join(context.dir, "sio.vsix"));
  context.files = await readZip(out, () => true);
});

vsix.after(({ dir }) => removeDir(dir));

vsix("the package holds the manifest, the grammar, the client and the bundled server", async ({ files }) => {
  // vsce's reader gives the names lower-cased.
  assert.equal([...files.keys()].sort(), [
    "[content_types].xml",
    "extension.vsixmanifest",
    "extension/language-configuration.json",
    "extension/license.txt",
    "extension/out/extension.js",
    "extension/package.json",
    "extension/readme.md",
    "extension/server/docs/rules.md",
    "extension/server/main.js",
    "extension/server/package.json",
    "extension/server/resolve-worker.js",
    "extension/syntaxes/sio.tmlanguage.json",
  ]);
  const manifest = JSON.parse(files.get("extension/package.json")!.toString("utf8")) as Record<string, any>;
  const root = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
  assert.is(manifest.version, root.version);
  assert.is(manifest.type, "commonjs");
  assert.is(manifest.main, "./out/extension.js");
  assert.equal(manifest.contributes.languages[0].extensions, [".sio"]);
  assert.equal(manifest.contributes.grammars[0].scopeName, "source.sio");
});

vsix("the bundled server answers a real client, type resolution included", async ({ dir, files }) => {
  for (const [name, content] of files) {
    if (!name.startsWith("extension/server/")) continue;
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  const project = path.join(dir, "project");
  await mkdir(project);
  const typo = FEATURES.replaceAll("ChatConsumer", "ChatConsumr");
  await writeFile(path.join(project, "consumers.ts"), CONSUMERS);
  await writeFile(path.join(project, "app.ts"), APP);
  const client = await startClient(project, [path.join(dir, "extension", "server", "main.js"), "--stdio"]);
  try {
    assert.equal(client.initialized.serverInfo, { name: "sio", version: JSON.parse(await readFile("package.json", "utf8")).version });
    const uri = uriOf(path.join(project, "routes.sio"));
    await client.open(uri, typo);
    const typed = await client.diagnostics(uri, (params) => params.diagnostics.length > 0, 60_000);
    assert.equal(
      typed.diagnostics.map((d) => [d.code, d.message, d.codeDescription?.href]),
      [["SIO201", "'./consumers' has no export 'ChatConsumr' (did you mean 'ChatConsumer'?)", `${uriOf(path.join(dir, "extension", "server", "docs", "rules.md"))}#sio201`]],
    );
  } finally {
    assert.is(await client.close(), 0, client.stderr());
  }
});

vsix.run();
