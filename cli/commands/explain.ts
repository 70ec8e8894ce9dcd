/** `sio explain FILE (GET|POST|WS) URL`: which route a request reaches, and why. */
import { analyzeText } from "../../generator/analyze.js";
import { parseCommandArgs, parseFormat } from "../args.js";
import { UsageError } from "../errors.js";
import { formatExplainHuman, formatExplainJson } from "../explain/format.js";
import { explainRequest, type Method, type Request } from "../explain/walk.js";
import type { Io } from "../io.js";
import { printReport, readSpec, ReportBuilder } from "../report.js";

const METHODS: readonly Method[] = ["GET", "POST", "WS"];


export async function runExplain(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs("explain", args, {
    format: { type: "string" },
    "root-path": { type: "string" },
  });
  const format = parseFormat("explain", values.format, ["human", "json"]);
  if (positionals.length !== 3) throw new UsageError("expected FILE METHOD URL", "explain");
  const [file, methodArg, url] = positionals as [string, string, string];
  const method = methodArg.toUpperCase() as Method;
  if (!METHODS.includes(method)) throw new UsageError(`METHOD must be GET, POST or WS, got '${methodArg}'`, "explain");
  const rootPath = values["root-path"] ?? "";
  if (rootPath !== "" && !rootPath.startsWith("/")) throw new UsageError("--root-path must start with '/'", "explain");
  const request = { method, rootPath, ...parseRequestTarget(url) };

  const analysis = analyzeText(file, await readSpec(file, io.cwd), { lint: false });
  const errors = analysis.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  if (errors.length > 0) {
    // Explaining a spec that does not bind would be guesswork: show why instead.
    const report = new ReportBuilder(io.cwd);
    report.add(analysis.source, errors);
    printReport(io, report.build(), { format: format === "json" ? "json" : "human" });
    return 1;
  }
  const explanation = explainRequest(analysis.spec, request);
  io.stdout(
    format === "json"
      ? formatExplainJson(analysis.source, explanation)
      : formatExplainHuman(analysis.source, explanation, io.color),
  );
  return explanation.match ? 0 : 1;
}

/**
 * The scope path and query string the runtime would build from this request
 * target: split at "?", percent-decoded path. A target without a leading "/"
 * gets one; an absolute URL gives its path.
 */
export function parseRequestTarget(target: string): Pick<Request, "path" | "query"> {
  const queryAt = target.indexOf("?");
  let raw = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? "" : target.slice(queryAt + 1);
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(raw);
  if (absolute) raw = raw.slice(absolute[0].length);
  if (!raw.startsWith("/")) raw = `/${raw}`;
  try {
    return { path: decodeURIComponent(raw), query };
  } catch {
    throw new UsageError(`URL has invalid percent-encoding: '${target}'`, "explain");
  }
}
