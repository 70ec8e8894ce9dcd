/**
 * The language server: the protocol's requests wired to the workspace of
 * open documents and to the features, each a function of a document's
 * current analysis.
 */
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
  type TextEdit,
} from "vscode-languageserver";
import { formatSpec } from "../cli/fmt/format-spec.js";
import { version } from "../cli/version.js";
import type { ImportedName } from "../generator/model/model.js";
import type { ResolvedImport } from "../generator/resolve/resolve-imports.js";
import { codeActions, FIX_ALL } from "./actions.js";
import { completionsAt } from "./completion.js";
import { offsetOf, rangeOf } from "./convert.js";
import { definitionAt } from "./definition.js";
import { hoverAt, type ImportLookup } from "./hover.js";
import { prepareRename, rename } from "./rename.js";
import { ImportResolver } from "./resolver.js";
import { documentSymbols } from "./symbols.js";
import { Workspace } from "./workspace.js";

export function startServer(connection: Connection): void {
  const resolver = new ImportResolver();
  const workspace = new Workspace(connection, resolver);

  connection.onInitialize(
    (): InitializeResult => ({
      serverInfo: { name: "sio", version: version() },
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { triggerCharacters: ["<", ".", "(", ","] },
        documentFormattingProvider: true,
        documentSymbolProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL] },
      },
    }),
  );
  connection.onShutdown(() => resolver.close());

  connection.onDidOpenTextDocument(({ textDocument }) => workspace.open(textDocument.uri, textDocument.text, textDocument.version));
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) =>
    workspace.change(textDocument.uri, contentChanges, textDocument.version),
  );
  connection.onDidSaveTextDocument(({ textDocument }) => workspace.save(textDocument.uri));
  connection.onDidCloseTextDocument(({ textDocument }) => workspace.close(textDocument.uri));

  /** A request's document, analysed, and the offset of its position. */
  const at = (uri: string, position: { line: number; character: number }) => {
    const document = workspace.current(uri);
    return document ? { document, offset: offsetOf(document.source, position) } : null;
  };
  const lookup =
    (uri: string): ImportLookup =>
    async (ref: ImportedName): Promise<ResolvedImport | null> =>
      workspace.resolvedImport(uri, ref);

  connection.onHover(async ({ textDocument, position }) => {
    const found = at(textDocument.uri, position);
    return found ? hoverAt(found.document, found.offset, lookup(textDocument.uri)) : null;
  });
  connection.onDefinition(async ({ textDocument, position }) => {
    const found = at(textDocument.uri, position);
    return found ? definitionAt(found.document, found.offset, lookup(textDocument.uri)) : null;
  });
  connection.onCompletion(({ textDocument, position }) => {
    const found = at(textDocument.uri, position);
    return found ? completionsAt(found.document, found.offset) : [];
  });
  connection.onDocumentSymbol(({ textDocument }) => {
    const document = workspace.current(textDocument.uri);
    return document ? documentSymbols(document) : [];
  });
  connection.onPrepareRename(({ textDocument, position }) => {
    const found = at(textDocument.uri, position);
    return found ? prepareRename(found.document, found.offset) : null;
  });
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const found = at(textDocument.uri, position);
    return found ? rename(found.document, found.offset, newName) : null;
  });
  connection.onCodeAction(({ textDocument, range, context }) => {
    const document = workspace.current(textDocument.uri);
    return document ? codeActions(document, range, context.only) : [];
  });
  connection.onDocumentFormatting(({ textDocument }): TextEdit[] => {
    const document = workspace.current(textDocument.uri);
    if (!document) return [];
    const result = formatSpec(document.source.text);
    if (!result.ok) {
      const why = result.unplaced
        ? `a comment at line ${document.source.locate(result.unplaced.start).line} cannot be placed; fmt keeps comments between items and at line ends`
        : "fix the syntax errors first";
      void connection.window.showWarningMessage(`sio: not formatting: ${why}`);
      return [];
    }
    if (result.text === document.source.text) return [];
    return [{ range: rangeOf(document.source, { start: 0, end: document.source.text.length }), newText: result.text }];
  });

  connection.listen();
}
