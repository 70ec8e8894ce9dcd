/**
 * The routing table `sio serve` prints: per protocol, the middleware chain,
 * then every route in order with its pattern, its target and its line;
 * prefix routes with their inner table indented beneath.
 */
import pc from "picocolors";
import { unwrapMiddleware } from "../../generator/model/classify.js";
import type { AppNode, MiddlewareNode, RouteNode, Spec, URLRouterNode } from "../../generator/model/model.js";
import type { SourceText } from "../../grammar/source.js";
import { describeApp } from "../explain/walk.js";

export function formatRoutingTable(source: SourceText, spec: Spec, color: boolean): string {
  const colors = pc.createColors(color);
  const root = spec.application;
  if (!root) return "";
  const entries =
    root.kind === "ProtocolTypeRouter"
      ? root.protocols.map((entry) => ({ protocol: entry.protocol, app: entry.app }))
      : [{ protocol: "*", app: root }];
  const lines: string[] = [];
  const chain = (middleware: readonly MiddlewareNode[]) => middleware.map((node) => node.name).join(" → ");
  const lineOf = (span: { start: number }) => colors.dim(`${source.path}:${source.locate(span.start).line}`);

  const table = (router: URLRouterNode, depth: number) => {
    const indent = "  ".repeat(depth);
    const labels = router.routes.map((route) => {
      const literal = route.pattern.literal.span;
      return `${route.fn}(${source.text.slice(literal.start, literal.end)})`;
    });
    const targets = router.routes.map((route) => {
      const { app, middleware } = unwrapMiddleware(route.target);
      const wrapped = middleware.length > 0 ? `${chain(middleware)} → ` : "";
      return wrapped + (app.kind === "URLRouter" ? "URLRouter" : endpointText(app, route));
    });
    const labelWidth = Math.max(0, ...labels.map((label) => label.length));
    const targetWidth = Math.max(0, ...targets.map((target) => target.length));
    router.routes.forEach((route, index) => {
      lines.push(`${indent}  ${labels[index]!.padEnd(labelWidth)}  → ${targets[index]!.padEnd(targetWidth)}  ${lineOf(route.span)}`);
      const inner = unwrapMiddleware(route.target).app;
      if (route.prefix && inner.kind === "URLRouter") table(inner, depth + 1);
    });
    if (router.routes.length === 0) lines.push(`${indent}  (no routes)`);
  };

  for (const { protocol, app: entryApp } of entries) {
    const { app, middleware } = unwrapMiddleware(entryApp);
    const head = colors.bold(protocol === "*" ? "every protocol" : protocol);
    lines.push(middleware.length > 0 ? `${head}  ${chain(middleware)}` : head);
    if (app.kind === "URLRouter") table(app, 0);
    else lines.push(`  every request → ${endpointText(app, undefined)}  ${lineOf(app.span)}`);
  }
  return lines.join("\n") + "\n";
}

function endpointText(app: AppNode, route: RouteNode | undefined): string {
  const endpoint = describeApp(app, route);
  return endpoint.targets.length > 0 ? `${endpoint.label} (${endpoint.targets.join(", ")})` : endpoint.label;
}
