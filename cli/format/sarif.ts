/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it — one run,
 * the tool's rules with help links, results with relative artifact URIs
 * (against %SRCROOT%, the working directory) and 1-based UTF-16 regions.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ArtifactLocation, Log, Region, Result } from "sarif";
import type { Severity } from "../../grammar/diagnostics.js";
import type { LocatedDiagnostic, LocatedRange, Report } from "./located.js";

export interface SarifRuleMeta {
  code: string;
  name: string;
  severity: Severity;
  summary: string;
}

export interface SarifOptions {
  toolVersion: string;
  /** The tool's home page; omitted from the log when unknown. */
  informationUri?: string;
  /** The documentation page of a rule code; no helpUri when absent. */
  helpUri?(code: string): string;
  /** Every rule the tool knows, in code order. */
  rules: readonly SarifRuleMeta[];
  /** The directory relative URIs are resolved against. */
  cwd: string;
}

const SRCROOT = "%SRCROOT%";

function levelOf(severity: Severity): Result.level {
  return severity === "info" ? "note" : severity;
}

function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(absolute).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

function region(range: LocatedRange): Region {
  return {
    startLine: range.line,
    startColumn: range.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
  };
}

export function formatSarif(report: Report, options: SarifOptions): string {
  const rules = [...options.rules];
  for (const diagnostic of report.diagnostics) {
    if (!rules.some((rule) => rule.code === diagnostic.code)) {
      rules.push({ code: diagnostic.code, name: diagnostic.code, severity: diagnostic.severity, summary: diagnostic.code });
    }
  }
  const ruleIndex = new Map(rules.map((rule, index) => [rule.code, index]));
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "sio",
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: rules.map((rule) => ({
              id: rule.code,
              name: rule.name,
              shortDescription: { text: rule.summary },
              ...(options.helpUri ? { helpUri: options.helpUri(rule.code) } : {}),
              defaultConfiguration: { level: levelOf(rule.severity) },
            })),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { uri: pathToFileURL(options.cwd + path.sep).href },
        },
        columnKind: "utf16CodeUnits",
        results: report.diagnostics.map((diagnostic) => result(diagnostic, ruleIndex.get(diagnostic.code)!, options.cwd)),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}

function result(diagnostic: LocatedDiagnostic, index: number, cwd: string): Result {
  const artifact = artifactLocation(diagnostic.file, cwd);
  return {
    ruleId: diagnostic.code,
    ruleIndex: index,
    level: levelOf(diagnostic.severity),
    message: { text: diagnostic.message },
    locations: [{ physicalLocation: { artifactLocation: artifact, region: region(diagnostic) } }],
    ...(diagnostic.related.length > 0
      ? {
          relatedLocations: diagnostic.related.map((related, id) => ({
            id,
            message: { text: related.message },
            physicalLocation: { artifactLocation: artifactLocation(related.file, cwd), region: region(related) },
          })),
        }
      : {}),
    ...(diagnostic.fix
      ? {
          fixes: [
            {
              description: { text: diagnostic.fix.description },
              artifactChanges: [
                {
                  artifactLocation: artifact,
                  replacements: diagnostic.fix.edits.map((edit) => ({
                    deletedRegion: region(edit),
                    insertedContent: { text: edit.text },
                  })),
                },
              ],
            },
          ],
        }
      : {}),
  };
}
