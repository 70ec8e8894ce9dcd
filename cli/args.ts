/**
 * Argument parsing with `node:util`'s parseArgs, turning its errors (unknown
 * flag, missing value) into usage errors that exit 2.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: readonly string[]; options: O; allowPositionals: true; strict: true }>
>;

export function parseCommandArgs<const O extends Options>(command: string, args: readonly string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      const message = (error as Error).message;
      // Node's text for an unknown option goes on about positionals; the option's name is what helps.
      const option = code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /'([^']+)'/.exec(message)?.[1] : undefined;
      throw new UsageError(option ? `unknown option '${option}'` : message.charAt(0).toLowerCase() + message.slice(1), command);
    }
    throw error;
  }
}

/** A non-negative integer flag value (`--max-warnings 0`, `--port 8000`). */
export function parseCount(command: string, flag: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new UsageError(`--${flag} expects an integer from 0 to ${max}, got '${value}'`, command);
  }
  return Number(value);
}

export type OutputFormat = "human" | "json" | "sarif";

export function parseFormat(command: string, value: string | undefined, allowed: readonly OutputFormat[]): OutputFormat {
  const format = (value ?? "human") as OutputFormat;
  if (!allowed.includes(format)) {
    throw new UsageError(`--format expects one of ${allowed.join(", ")}, got '${value}'`, command);
  }
  return format;
}

/** The FILE that stands for standard input, as in ESLint and Prettier. */
export const STDIN = "-";

/**
 * Checks the use of `-` among FILEs: alone or not at all, and
 * `--stdin-filename` only with it. Returns whether stdin is read.
 */
export function checkStdin(command: string, files: readonly string[], stdinFilename: string | undefined): boolean {
  const stdin = files.includes(STDIN);
  if (stdin && files.length > 1) throw new UsageError("- (standard input) cannot be combined with other files", command);
  if (!stdin && stdinFilename !== undefined) throw new UsageError("--stdin-filename names standard input: give - as the FILE", command);
  return stdin;
}
