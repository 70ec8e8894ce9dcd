/**
 * Hovers. On a route: what it reaches, the patterns a request passes through
 * (prefix routes first) and the middleware it enters, per protocol, and
 * example requests the runtime's resolver sends there. On a built-in: its
 * signature and docs. On an imported name: the TypeScript declaration that
 * type resolution found.
 */
import path from "node:path";
import type { Hover, MarkupContent } from "vscode-languageserver";
import { exampleRequests } from "../cli/explain/examples.js";
import { routeLabel } from "../cli/explain/format.js";
import { describeApp } from "../cli/explain/walk.js";
import { AS_ASGI, builtinNamed, type Builtin } from "../generator/model/builtins.js";
import { routesOf, tablesOf, unwrapMiddleware, type ResolvedKinds } from "../generator/model/classify.js";
import type { ImportedName, MiddlewareNode, RouteNode, Spec } from "../generator/model/model.js";
import type { ResolvedImport } from "../generator/resolve/resolve-imports.js";
import { describePath, describeRoute } from "../generator/rules/describe.js";
import type { Span } from "../grammar/diagnostics.js";
import type { SourceText } from "../grammar/source.js";
import { rangeOf, readSource } from "./convert.js";
import { targetAt } from "./names.js";
import type { DocumentAnalysis } from "./workspace.js";

/** Type resolution's finding for an import of the document, resolving it first if need be. */
export type ImportLookup = (ref: ImportedName) => Promise<ResolvedImport | null>;

export async function hoverAt(document: DocumentAnalysis, offset: number, lookup: ImportLookup): Promise<Hover | null> {
  const { spec } = document.analysis;
  const target = targetAt(spec, offset);
  if (!target) return null;
  const hover = (value: string, span: Span): Hover => ({
    contents: { kind: "markdown", value } satisfies MarkupContent,
    range: rangeOf(document.source, span),
  });
  switch (target.kind) {
    case "route":
      return hover(routeHover(document.source, spec, target.route, document.resolution?.kinds), target.span);
    case "as_asgi":
      return hover(builtinHover(AS_ASGI), target.node.span);
    case "import":
      return hover(await importHover(target.ref, lookup), target.span);
    case "reference": {
      const meaning = target.meaning;
      if (meaning?.kind === "builtin") return hover(builtinHover(builtinNamed(meaning.name)!), target.node.span);
      if (meaning?.kind === "import") return hover(await importHover(meaning.ref, lookup), target.node.span);
      return null;
    }
    case "declaration":
      return null;
  }
}

function builtinHover(builtin: Builtin): string {
  return `\`\`\`sio\n${builtin.signature}\n\`\`\`\n\n${builtin.doc}`;
}

async function importHover(ref: ImportedName, lookup: ImportLookup): Promise<string> {
  const name = ref.imported === "default" ? `the default export of "${ref.from}"` : `'${ref.imported}' from "${ref.from}"`;
  const resolved = await lookup(ref);
  if (!resolved) return `${ref.local}: ${name} (not resolved: the spec is not a saved file, or resolution failed; see the server's log)`;
  if (!resolved.file) return `${ref.local}: ${name}: module not found`;
  const site = resolved.declaration;
  const declaration = site ? readSource(site.file) : undefined;
  if (!resolved.found || !site || !declaration) return `${ref.local}: ${name}${resolved.found ? `, ${resolved.description}` : ": not exported as a value"}`;
  const { line } = declaration.locate(site.span.start);
  const text = declaration.text.split(/\r\n|\r|\n/)[line - 1]!.trim();
  return `\`\`\`typescript\n${text}\n\`\`\`\n\n${ref.local}: ${resolved.description}, ${name} (${path.basename(site.file)}:${line})`;
}

function chainOf(middleware: readonly MiddlewareNode[]): string {
  return middleware.length === 0 ? "no middleware" : `middleware ${middleware.map((node) => node.name).join(" → ")}`;
}

/** Per protocol (protocols alike merged): the patterns from the outermost table, and the middleware. */
function routeHover(source: SourceText, spec: Spec, route: RouteNode, kinds: ResolvedKinds | undefined): string {
  const lines: { protocol: string; text: string }[] = [];
  const add = (protocol: string, text: string) => {
    const same = lines.find((line) => line.text === text);
    if (same) same.protocol += `, ${protocol}`;
    else lines.push({ protocol, text });
  };
  let heading: string;
  if (route.prefix) {
    const inner = unwrapMiddleware(route.target).app;
    const count = inner.kind === "URLRouter" ? inner.routes.length : 0;
    heading = `prefix route into a URLRouter of ${count} route${count === 1 ? "" : "s"}`;
    for (const table of tablesOf(spec)) {
      if (table.via[table.via.length - 1] !== route) continue;
      add(table.protocol, `\`${table.via.map(describeRoute).join(" › ")}\`, ${chainOf(table.middleware)}`);
    }
  } else {
    const endpoint = describeApp(unwrapMiddleware(route.target).app, route, kinds);
    heading = `${endpoint.label}${endpoint.targets.length > 0 ? ` (${endpoint.targets.join(", ")})` : ""}`;
    for (const routed of routesOf(spec)) {
      if (routed.route === route) add(routed.protocol, `\`${describePath(routed)}\`, ${chainOf(routed.middleware)}`);
    }
  }
  const out = [`**${routeLabel(source, route)}** → ${heading}`, ""];
  if (lines.length === 0) {
    out.push("Not routed: no protocol of `application` reaches this route's table.");
    return out.join("\n");
  }
  for (const line of lines) out.push(`- **${line.protocol === "*" ? "every protocol" : line.protocol}**: ${line.text}`);
  if (route.prefix) return out.join("\n");
  const examples = exampleRequests(spec, route, kinds);
  out.push("");
  if (examples.length === 0) out.push("No example request found among the shortest paths its patterns match.");
  else {
    out.push("Requests that reach it:");
    for (const example of examples) out.push(`- \`${example.method} ${example.path}${example.query ? `?${example.query}` : ""}\``);
  }
  return out.join("\n");
}
