/**
 * `sio lsp`: the language server over stdin/stdout (`--stdio`, what language
 * clients pass, is the default and only transport). Runs until the client
 * exits it; nothing but the protocol may reach stdout.
 */
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { parseCommandArgs } from "../cli/args.js";
import { UsageError } from "../cli/errors.js";
import type { Io } from "../cli/io.js";
import { startServer } from "./server.js";

export async function runLsp(args: readonly string[], _io: Io): Promise<number> {
  const { positionals } = parseCommandArgs("lsp", args, { stdio: { type: "boolean" } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`, "lsp");
  // A library printing to the console must not corrupt the protocol.
  console.log = console.info = console.debug = console.error;
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection);
  // The connection ends the process when the client exits it or closes stdin.
  return new Promise<number>(() => {});
}
