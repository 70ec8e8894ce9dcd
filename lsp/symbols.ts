/**
 * The outline: imports, settings, and each binding with the routing tree it
 * builds (protocols, middleware, routers, routes, nested as written). A
 * route is labelled by its pattern as written and described by what it
 * reaches. Names referring to other bindings are not repeated: their tree is
 * under their own binding.
 */
import { SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import { routeLabel } from "../cli/explain/format.js";
import { describeApp } from "../cli/explain/walk.js";
import { unwrapMiddleware } from "../generator/model/classify.js";
import type { Expression, Node } from "../grammar/ast.js";
import type { Span } from "../grammar/diagnostics.js";
import { spanKey } from "../generator/rules/syntax.js";
import type { RouteNode } from "../generator/model/model.js";
import { rangeOf } from "./convert.js";
import type { DocumentAnalysis } from "./workspace.js";

export function documentSymbols(document: DocumentAnalysis): DocumentSymbol[] {
  const { source, analysis } = document;
  const routes = new Map<string, RouteNode>(analysis.spec.routes.map((route) => [spanKey(route.span), route]));
  const kinds = document.resolution?.kinds;
  const symbol = (name: string, kind: SymbolKind, node: Node, selection: Span, children: DocumentSymbol[] = [], detail?: string): DocumentSymbol => ({
    name,
    kind,
    range: rangeOf(source, node.span),
    selectionRange: rangeOf(source, selection),
    ...(detail ? { detail } : {}),
    children,
  });

  const ofExpression = (expression: Expression): DocumentSymbol[] => {
    switch (expression.kind) {
      case "ListExpression":
        return expression.elements.flatMap(ofExpression);
      case "AddExpression":
        return [...ofExpression(expression.left), ...ofExpression(expression.right)];
      case "CallExpression": {
        const callee = expression.callee;
        if (callee.kind !== "NameExpression") return [];
        const args = expression.args.map((argument) => argument.value);
        const route = routes.get(spanKey(expression.span));
        if (route) {
          const endpoint = route.prefix ? null : describeApp(unwrapMiddleware(route.target).app, route, kinds);
          const detail = endpoint ? `${endpoint.label}${endpoint.targets.length > 0 ? ` (${endpoint.targets.join(", ")})` : ""}` : "prefix";
          return [symbol(routeLabel(source, route), SymbolKind.Method, expression, callee.span, args[1] ? ofExpression(args[1]) : [], detail)];
        }
        switch (callee.name) {
          case "ProtocolTypeRouter": {
            const dict = args[0]?.kind === "DictExpression" ? args[0] : null;
            const entries = (dict?.entries ?? []).map((entry) => symbol(`"${entry.key.value}"`, SymbolKind.Key, entry, entry.key.span, ofExpression(entry.value)));
            return [symbol(callee.name, SymbolKind.Object, expression, callee.span, entries)];
          }
          case "URLRouter":
            return [symbol(callee.name, SymbolKind.Namespace, expression, callee.span, args.flatMap(ofExpression))];
          case "SocketIO":
          case "re_path":
          case "path":
            return [];
          default:
            // A middleware, built in or imported: what it wraps is its first argument.
            return [symbol(callee.name, SymbolKind.Function, expression, callee.span, args[0] ? ofExpression(args[0]) : [])];
        }
      }
      default:
        return [];
    }
  };

  const symbols: DocumentSymbol[] = [];
  for (const statement of analysis.program.statements) {
    switch (statement.kind) {
      case "ImportDeclaration": {
        const from = `from "${statement.source.value}"`;
        if (statement.defaultBinding) symbols.push(symbol(statement.defaultBinding.name, SymbolKind.Class, statement.defaultBinding, statement.defaultBinding.span, [], from));
        for (const specifier of statement.specifiers) symbols.push(symbol(specifier.local.name, SymbolKind.Class, specifier, specifier.local.span, [], from));
        break;
      }
      case "SettingsBlock":
        symbols.push(
          symbol("settings", SymbolKind.Namespace, statement, { start: statement.span.start, end: statement.span.start + "settings".length }, statement.entries.map((entry) => symbol(entry.name.name, SymbolKind.Property, entry, entry.name.span))),
        );
        break;
      case "Binding": {
        const kind = statement.name.name === "application" ? SymbolKind.Module : SymbolKind.Variable;
        symbols.push(symbol(statement.name.name, kind, statement, statement.name.span, ofExpression(statement.value)));
        break;
      }
    }
  }
  return symbols;
}
