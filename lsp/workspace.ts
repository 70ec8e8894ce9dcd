/**
 * The open `.sio` documents and their analyses. Every change is analysed
 * again (the whole text: parsing, binding and the rules take milliseconds for
 * a real spec, and the reachability engine keeps each pattern's automaton
 * between runs). A change after a pause is analysed at once; changes coming
 * faster wait until as long as the last analysis took has passed since it
 * ended, so at most half the time goes to analysing while someone types, and
 * each analysis takes the latest text.
 *
 * Type resolution (SIO2xx, import kinds) runs on open and save only, in a
 * worker; its diagnostics then move with the edits made since (a diagnostic
 * whose text is edited is dropped until the next save), and the import kinds
 * it found keep informing the rules.
 */
import path from "node:path";
import type { Connection, TextDocumentContentChangeEvent } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyze, type Analysis } from "../generator/analyze.js";
import { analyzeResolved } from "../generator/resolve/analyze-resolved.js";
import type { ImportedName } from "../generator/model/model.js";
import type { Resolution, ResolvedImport } from "../generator/resolve/resolve-imports.js";
import { compareDiagnostics, type Diagnostic, type Span } from "../grammar/diagnostics.js";
import { SourceText } from "../grammar/source.js";
import { fileOf, toLspDiagnostic } from "./convert.js";
import type { ImportResolver } from "./resolver.js";

/** The longest wait before analysing a change. */
const MAX_DELAY_MS = 100;

/** One document's text as analysed, with everything the features ask of it. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  source: SourceText;
  analysis: Analysis;
  /** The analysis' diagnostics and the last resolution's, sorted: what is published. */
  diagnostics: Diagnostic[];
  /** The last type resolution (imports by local name); null before the first one ends or without imports. */
  resolution: Resolution | null;
}

/** A replacement of `[start, end)` of the text before it by `length` characters. */
interface OffsetEdit {
  start: number;
  end: number;
  length: number;
}

interface Typed {
  resolution: Resolution;
  /** SIO2xx diagnostics, in the current text's offsets. */
  diagnostics: Diagnostic[];
}

interface PendingResolution {
  text: string;
  /** Edits made since the text was sent, to move the answer's diagnostics with. */
  edits: OffsetEdit[];
  done: Promise<void>;
}

interface State {
  document: TextDocument;
  analyzed: DocumentAnalysis | null;
  /** The analysis whose diagnostics were published last (a request may analyse before the timer fires). */
  published: DocumentAnalysis | null;
  typed: Typed | null;
  pending: PendingResolution | null;
  timer: NodeJS.Timeout | undefined;
  /** Milliseconds the last analysis took, and when it ended (performance.now()). */
  cost: number;
  analysedAt: number;
}

export class Workspace {
  private readonly states = new Map<string, State>();

  constructor(
    private readonly connection: Connection,
    private readonly resolver: ImportResolver,
  ) {}

  open(uri: string, text: string, version: number): void {
    this.states.set(uri, {
      document: TextDocument.create(uri, "sio", version, text),
      analyzed: null,
      published: null,
      typed: null,
      pending: null,
      timer: undefined,
      cost: 0,
      analysedAt: 0,
    });
    this.publish(uri);
    void this.resolve(uri);
  }

  change(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    const state = this.states.get(uri);
    if (!state) return;
    const edits: OffsetEdit[] = [];
    let document = state.document;
    for (const change of changes) {
      if ("range" in change) {
        const start = document.offsetAt(change.range.start);
        edits.push({ start, end: document.offsetAt(change.range.end), length: change.text.length });
      } else {
        edits.push({ start: 0, end: document.getText().length, length: change.text.length });
      }
      document = TextDocument.update(document, [change], version);
    }
    state.document = document;
    if (state.typed) state.typed.diagnostics = moveDiagnostics(state.typed.diagnostics, edits);
    state.pending?.edits.push(...edits);
    clearTimeout(state.timer);
    const wait = state.analysedAt + state.cost - performance.now();
    state.timer = setTimeout(() => this.publish(uri), Math.min(MAX_DELAY_MS, Math.max(0, wait)));
  }

  save(uri: string): void {
    void this.resolve(uri);
  }

  close(uri: string): void {
    const state = this.states.get(uri);
    if (!state) return;
    clearTimeout(state.timer);
    this.states.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** The analysis of the document's current text (analysed now if a change is still waiting). */
  current(uri: string): DocumentAnalysis | null {
    const state = this.states.get(uri);
    if (!state) return null;
    if (state.analyzed?.version === state.document.version) return state.analyzed;
    const started = performance.now();
    const source = new SourceText(fileOf(uri) ?? uri, state.document.getText());
    const analysis = analyze(source, state.typed ? { kinds: state.typed.resolution.kinds } : {});
    const diagnostics = state.typed ? [...analysis.diagnostics, ...state.typed.diagnostics].sort(compareDiagnostics) : analysis.diagnostics;
    state.analysedAt = performance.now();
    state.cost = state.analysedAt - started;
    state.analyzed = { uri, version: state.document.version, source, analysis, diagnostics, resolution: state.typed?.resolution ?? null };
    return state.analyzed;
  }

  /**
   * What type resolution found for an import of the document, for hovers and
   * definitions: from the last resolution, or (when there is none yet, or
   * the import is written differently since) from one made now. Null when
   * the document is not a file.
   */
  async resolvedImport(uri: string, ref: ImportedName): Promise<ResolvedImport | null> {
    const found = () => {
      const resolved = this.states.get(uri)?.typed?.resolution.imports.get(ref.local);
      return resolved && sameImport(resolved.ref, ref) ? resolved : null;
    };
    const settled = async () => {
      for (let pending = this.states.get(uri)?.pending; pending; pending = this.states.get(uri)?.pending) await pending.done;
    };
    await settled();
    if (found()) return found();
    void this.resolve(uri);
    await settled();
    return found();
  }

  private publish(uri: string): void {
    const state = this.states.get(uri);
    if (!state) return;
    clearTimeout(state.timer);
    const current = this.current(uri);
    if (!current || current === state.published) return;
    state.published = current;
    void this.connection.sendDiagnostics({
      uri,
      version: current.version,
      diagnostics: current.diagnostics.map((diagnostic) => toLspDiagnostic(current.source, uri, diagnostic)),
    });
  }

  /** Type resolution of the current text in the worker; its diagnostics replace the last ones. */
  private resolve(uri: string): Promise<void> {
    const state = this.states.get(uri);
    const file = fileOf(uri);
    const current = this.current(uri);
    if (!state || !file || !current) return Promise.resolve();
    const imports = current.analysis.spec.imports;
    if (imports.length === 0) {
      state.typed = null;
      state.pending = null;
      return Promise.resolve();
    }
    const text = current.source.text;
    const started = performance.now();
    const pending: PendingResolution = {
      text,
      edits: [],
      done: this.resolver.resolve(file, imports).then(
        (resolution) => {
          if (this.states.get(uri) !== state || state.pending !== pending) return;
          state.pending = null;
          const took = Math.round(performance.now() - started);
          this.connection.console.info(`resolved the ${imports.length} imports of ${path.basename(file)} in ${took} ms`);
          // Resolved for the text sent; its diagnostics follow the edits made since.
          const typed = analyzeResolved(new SourceText(file, text), resolution);
          const own = typed.diagnostics.filter((diagnostic) => !typed.analysis.diagnostics.includes(diagnostic));
          state.typed = { resolution, diagnostics: moveDiagnostics(own, pending.edits) };
          state.analyzed = null;
          this.publish(uri);
        },
        (error: Error) => {
          if (state.pending === pending) state.pending = null;
          this.connection.console.warn(error.message);
        },
      ),
    };
    state.pending = pending;
    return pending.done;
  }
}

/** A span after an edit; null when the edit replaces some of it. */
function moveSpan(span: Span, edit: OffsetEdit): Span | null {
  if (span.end <= edit.start) return span;
  if (span.start < edit.end) return null;
  const delta = edit.length - (edit.end - edit.start);
  return { start: span.start + delta, end: span.end + delta };
}

function moveDiagnostics(diagnostics: readonly Diagnostic[], edits: readonly OffsetEdit[]): Diagnostic[] {
  const moved: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    let span: Span | null = diagnostic.span;
    let related = diagnostic.related;
    for (const edit of edits) {
      if (!span) break;
      span = moveSpan(span, edit);
      related = related.flatMap((info) => {
        if (info.file !== undefined) return [info];
        const infoSpan = moveSpan(info.span, edit);
        return infoSpan ? [{ ...info, span: infoSpan }] : [];
      });
    }
    if (span) moved.push({ ...diagnostic, span, related });
  }
  return moved;
}

const sameImport = (a: ImportedName, b: ImportedName): boolean => a.local === b.local && a.imported === b.imported && a.from === b.from;
