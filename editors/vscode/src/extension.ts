/**
 * The VS Code extension's client: starts `sio lsp` for `.sio` files. The
 * project's own sio comes first (the `sio` in a workspace folder's
 * node_modules/.bin, so the editor checks with the version the project
 * builds with), else the server bundled in the extension; the setting
 * `sio.server.path` names another `sio` executable.
 */
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { commands, window, workspace, type ExtensionContext } from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

let client: LanguageClient | undefined;

/** How to start the server, and a line saying which one, for the output channel. */
function serverOptions(context: ExtensionContext): { options: ServerOptions; which: string } {
  const configured = workspace.getConfiguration("sio").get<string>("server.path");
  if (configured) return { options: serverAt(configured), which: `${configured} (sio.server.path)` };
  for (const folder of workspace.workspaceFolders ?? []) {
    const bin = path.join(folder.uri.fsPath, "node_modules", ".bin", process.platform === "win32" ? "sio.cmd" : "sio");
    if (existsSync(bin)) return { options: serverAt(bin), which: `${bin} (the project's)` };
  }
  const bundled = context.asAbsolutePath(path.join("server", "main.js"));
  return { options: { module: bundled, transport: TransportKind.stdio }, which: `${bundled} (bundled with the extension)` };
}

/**
 * A `sio` executable. On POSIX node_modules/.bin/sio links to the CLI's
 * JavaScript, which runs on the editor's own Node (no `node` on PATH
 * needed); a Windows .cmd shim or another executable runs as a command.
 */
function serverAt(executable: string): ServerOptions {
  const target = realpathSync(executable);
  if (/\.[cm]?js$/.test(target)) return { module: target, args: ["lsp"], transport: TransportKind.stdio };
  return { command: executable, args: ["lsp"], transport: TransportKind.stdio, options: { shell: process.platform === "win32" } };
}

async function start(context: ExtensionContext): Promise<void> {
  const { options, which } = serverOptions(context);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "sio" },
      { scheme: "untitled", language: "sio" },
    ],
  };
  client = new LanguageClient("sio", "sio", options, clientOptions);
  client.outputChannel.appendLine(`sio: starting ${which}`);
  await client.start();
}

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    commands.registerCommand("sio.restartServer", async () => {
      await client?.stop();
      await start(context);
      void window.setStatusBarMessage("sio: language server restarted", 3000);
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
