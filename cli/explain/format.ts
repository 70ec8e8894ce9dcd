/**
 * `sio explain` output: human (a trace of the routes tried, the match with a
 * code frame) and JSON. Pure functions of an Explanation and its source.
 */
import pc from "picocolors";
import type { MiddlewareNode, RouteNode } from "../../generator/model/model.js";
import type { Span } from "../../grammar/diagnostics.js";
import type { SourceText } from "../../grammar/source.js";
import { codeFrame, splitLines } from "../format/code-frame.js";
import { locateSpan } from "../format/located.js";
import type { Explanation, RouteStep } from "./walk.js";

type Outcome = "no-match" | "fell-through" | "prefix" | "match";

/** One line of the trace: a route tried, at the depth of its router. */
export interface TraceLine {
  step: RouteStep;
  outcome: Outcome;
}

/**
 * The trace in reading order: each table's routes in the order tried, and
 * under a prefix route the routes of its inner table. The resolver reports a
 * prefix's outcome after its inner routes (it only knows it then), so this
 * nests them back under it.
 */
export function traceOf(explanation: Explanation): TraceLine[] {
  interface Node {
    line: TraceLine;
    children: Node[];
  }
  const pending = new Map<number, Node[]>();
  const take = (depth: number) => {
    const nodes = pending.get(depth) ?? [];
    pending.delete(depth);
    return nodes;
  };
  const put = (depth: number, node: Node) => pending.set(depth, [...(pending.get(depth) ?? []), node]);
  for (const { step, outcome } of explanation.tried) {
    put(step.depth, { line: { step, outcome }, children: outcome === "fell-through" ? take(step.depth + 1) : [] });
  }
  const chain = explanation.match?.chain ?? [];
  let matched: Node | undefined;
  for (let k = chain.length - 1; k >= 0; k--) {
    const step = chain[k]!;
    const children = take(step.depth + 1);
    matched = {
      line: { step, outcome: k === chain.length - 1 ? "match" : "prefix" },
      children: matched ? [...children, matched] : children,
    };
  }
  const top = [...take(0), ...(matched ? [matched] : [])];
  const lines: TraceLine[] = [];
  const flatten = (nodes: Node[]) => {
    for (const node of nodes) {
      lines.push(node.line);
      flatten(node.children);
    }
  };
  flatten(top);
  return lines;
}

const OUTCOME_TEXT: Record<Outcome, string> = {
  "no-match": "no match",
  "fell-through": "prefix matched, its router has no route for the rest: fell through",
  prefix: "prefix match, into its router",
  match: "match",
};

function where(source: SourceText, span: Span): string {
  const { line, column } = source.locate(span.start);
  return `${source.path}:${line}:${column}`;
}

/** `re_path(r"^socket\.io/?$")`: the pattern as written. */
export function routeLabel(source: SourceText, route: RouteNode): string {
  const literal = route.pattern.literal.span;
  return `${route.fn}(${source.text.slice(literal.start, literal.end)})`;
}

function middlewareChain(source: SourceText, middleware: readonly MiddlewareNode[]): string {
  if (middleware.length === 0) return "(none)";
  return middleware.map((node) => `${node.name} (${where(source, node.span)})`).join(" → ");
}

function requestLine(explanation: Explanation): string {
  const { method, path, query } = explanation.request;
  return `${method} ${path}${query ? `?${query}` : ""}`;
}

export function formatExplainHuman(source: SourceText, explanation: Explanation, color: boolean): string {
  const colors = pc.createColors(color);
  const out: string[] = [colors.bold(requestLine(explanation))];
  const field = (name: string, value: string) => out.push(`${`${name}:`.padEnd(16)}${value}`);
  field("protocol", explanation.protocol + (explanation.entry === "*" ? " (the application routes every protocol)" : ""));
  if (explanation.entry === null) {
    out.push(colors.red(`no match: the application has no "${explanation.protocol}" entry (${refusal(explanation)})`));
    return out.join("\n") + "\n";
  }
  if (explanation.request.rootPath) field("root_path", explanation.request.rootPath);
  const middleware = explanation.match?.middleware ?? explanation.entryMiddleware;
  field("middleware", middlewareChain(source, middleware));
  if (explanation.table) {
    out.push(`routes tried (URLRouter at ${where(source, explanation.table.span)}):`);
    const trace = traceOf(explanation);
    if (trace.length === 0) out.push("  (the table has no routes)");
    for (const { step, outcome } of trace) {
      const mark = outcome === "no-match" || outcome === "fell-through" ? colors.dim("✗") : colors.green("✓");
      const text = `${where(source, step.route.span)}  ${routeLabel(source, step.route)}  ${OUTCOME_TEXT[outcome]}`;
      out.push(`${"  ".repeat(step.depth + 1)}${mark} ${outcome === "no-match" ? colors.dim(text) : text}`);
    }
  }
  const match = explanation.match;
  if (!match) {
    out.push(colors.red(`no match: ${refusal(explanation)}`));
    return out.join("\n") + "\n";
  }
  const last = match.chain[match.chain.length - 1];
  if (last) {
    const range = locateSpan(source, last.route.span);
    out.push(`${colors.green("matched:".padEnd(16))}${where(source, last.route.span)}  ${routeLabel(source, last.route)}`);
    out.push(codeFrame(splitLines(source.text), range, color));
  } else if (explanation.directApp) {
    out.push(`${colors.green("matched:".padEnd(16))}no URLRouter: every ${explanation.protocol} request goes to the app at ${where(source, explanation.directApp.span)}`);
  }
  field("args", JSON.stringify(match.urlRoute.args));
  field("kwargs", JSON.stringify(match.urlRoute.kwargs));
  field("path_remaining", JSON.stringify(match.pathRemaining));
  const targets = match.endpoint.targets.length > 0 ? ` (${match.endpoint.targets.join(", ")})` : "";
  field("endpoint", `${match.endpoint.label}${targets}`);
  return out.join("\n") + "\n";
}

function refusal(explanation: Explanation): string {
  return explanation.protocol === "http" ? "HTTP 404" : "WebSocket upgrade refused with 404";
}

function position(source: SourceText, span: Span) {
  return { file: source.path, ...locateSpan(source, span) };
}

/** The `--format json` object. */
export function explainJson(source: SourceText, explanation: Explanation) {
  const match = explanation.match;
  const last = match?.chain[match.chain.length - 1];
  return {
    method: explanation.request.method,
    path: explanation.request.path,
    query: explanation.request.query,
    rootPath: explanation.request.rootPath,
    protocol: explanation.protocol,
    entry: explanation.entry,
    middleware: (match?.middleware ?? explanation.entryMiddleware).map((node) => ({
      name: node.name,
      ...position(source, node.span),
    })),
    table: explanation.table ? position(source, explanation.table.span) : null,
    trace: traceOf(explanation).map(({ step, outcome }) => ({
      route: routeLabel(source, step.route),
      depth: step.depth,
      outcome,
      ...position(source, step.route.span),
    })),
    match: match
      ? {
          route: last ? { text: routeLabel(source, last.route), ...position(source, last.route.span) } : null,
          args: match.urlRoute.args,
          kwargs: match.urlRoute.kwargs,
          pathRemaining: match.pathRemaining,
          endpoint: match.endpoint,
        }
      : null,
  };
}

export function formatExplainJson(source: SourceText, explanation: Explanation): string {
  return JSON.stringify(explainJson(source, explanation), null, 2) + "\n";
}
