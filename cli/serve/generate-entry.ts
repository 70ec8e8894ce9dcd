/**
 * The generator process of `sio serve`: one generation, its report and
 * routing table sent to the supervisor, then exit. Generating here keeps the
 * toolchain (ts-morph, prettier, the parser) out of the supervisor and out of
 * the server process.
 */
import { analyzeText } from "../../generator/analyze.js";
import { generate } from "../../generator/generate.js";
import { SourceText } from "../../grammar/source.js";
import { formatRoutingTable } from "../format/routing-table.js";
import { collectingIo } from "../io.js";
import { printReport, ReportBuilder } from "../report.js";
import type { GenerateReply, GenerateRequest } from "./protocol.js";

// The supervisor is gone (killed): no one to report to.
process.on("disconnect", () => process.exit(1));

const request = JSON.parse(process.argv[2]!) as GenerateRequest;
// The router alone: serving needs no client module.
const result = await generate({ spec: request.specFile, out: request.outFile, client: false });

const printed = collectingIo({ color: request.color, cwd: request.cwd, env: process.env });
if (result.source && result.diagnostics.length > 0) {
  const builder = new ReportBuilder(request.cwd);
  builder.add(new SourceText(request.spec, result.source.text), result.diagnostics);
  printReport(printed, builder.build(), { format: "human" });
}

const reply: GenerateReply = { status: result.status, files: result.files, report: printed.out + printed.err };
if (result.error !== undefined) reply.error = result.error;
if ((result.status === "written" || result.status === "unchanged") && result.source) {
  const analysis = analyzeText(request.spec, result.source.text, { lint: false });
  reply.table = formatRoutingTable(analysis.source, analysis.spec, request.color);
}
process.send!(reply, () => process.exit(0));
