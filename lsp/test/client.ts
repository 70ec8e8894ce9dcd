/**
 * A real language client for the tests: spawns `sio lsp --stdio` (the
 * TypeScript sources through tsx, as the CLI tests run `sio`; or another
 * command line, such as the server bundled in the VS Code extension) and
 * talks the protocol to it with vscode-languageserver-protocol over the
 * child's pipes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";
import { sioArgs } from "../../cli/test/helpers.js";
import { within } from "../../tests/harness.js";

export interface Client {
  connection: ProtocolConnection;
  child: ChildProcess;
  initialized: InitializeResult;
  /** Everything the server wrote to stderr. */
  stderr(): string;
  /** The messages the server logged (window/logMessage). */
  logs: string[];
  open(uri: string, text: string): Promise<void>;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void>;
  save(uri: string): Promise<void>;
  /** The next diagnostics published for `uri` that satisfy `accept` (earlier ones are skipped). */
  diagnostics(uri: string, accept?: (params: PublishDiagnosticsParams) => boolean, ms?: number): Promise<PublishDiagnosticsParams>;
  /** Shutdown, exit, and the server's exit code. */
  close(): Promise<number | null>;
}

export const uriOf = (file: string): string => pathToFileURL(file).href;

/** `nodeArgs`: what `node` runs, by default `sio lsp --stdio` from the sources. */
export async function startClient(cwd: string, nodeArgs: readonly string[] = sioArgs(["lsp", "--stdio"])): Promise<Client> {
  const child = spawn(process.execPath, nodeArgs, { cwd, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters = new Set<() => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    for (const wake of waiters) wake();
  });
  const logs: string[] = [];
  connection.onNotification(LogMessageNotification.method, ({ message }: LogMessageParams) => {
    logs.push(message);
  });
  connection.listen();
  const initialized = await within(
    connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(cwd),
      capabilities: {},
      workspaceFolders: null,
    }),
    20_000,
    "the server's answer to initialize",
  );
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    child,
    initialized,
    stderr: () => stderr,
    logs,
    async open(uri, text) {
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "sio", version: 1, text } });
    },
    async change(uri, version, changes) {
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    },
    async save(uri) {
      await connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    },
    diagnostics(uri, accept = () => true, ms = 20_000) {
      const take = (): PublishDiagnosticsParams | undefined => {
        const index = published.findIndex((params) => params.uri === uri && accept(params));
        if (index === -1) return undefined;
        const [found] = published.splice(0, index + 1).slice(-1);
        return found;
      };
      const now = take();
      if (now) return Promise.resolve(now);
      let wake!: () => void;
      const found = new Promise<PublishDiagnosticsParams>((resolve) => {
        wake = () => {
          const params = take();
          if (params) resolve(params);
        };
        waiters.add(wake);
      });
      return within(found, ms, `diagnostics for ${uri}`).finally(() => waiters.delete(wake));
    },
    async close() {
      await within(connection.sendRequest(ShutdownRequest.type), 10_000, "the server's answer to shutdown");
      await connection.sendNotification(ExitNotification.type);
      const code = await within(exited, 10_000, "the server to exit");
      connection.dispose();
      return code;
    },
  };
}
