/**
 * The bundled server's entry: `sio lsp` alone, without the rest of the
 * command line (whose commands would bring prettier and the runtime along).
 */
import { processIo } from "../../../cli/io.js";
import { runLsp } from "../../../lsp/main.js";

process.exitCode = await runLsp(process.argv.slice(2), processIo()).catch((error: unknown) => {
  process.stderr.write(`sio lsp: ${error instanceof Error ? error.message : String(error)}\n`);
  return 2;
});
