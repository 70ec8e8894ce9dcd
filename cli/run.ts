/**
 * The command line: dispatch to a subcommand, and the one place failures
 * become exit codes — usage and I/O errors exit 2 with one line on stderr; an
 * unexpected exception is an "internal error" (its stack only with SIO_DEBUG=1).
 */
import { commands } from "./commands/index.js";
import { IoError, UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { docsPage, version } from "./version.js";

export function topHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const list = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join("\n");
  return `sio ${version()} — declarative, Socket.IO-aware routing for Node.js

Usage: sio <command> [options] [arguments]

Commands:
${list}

Options:
  -h, --help     show help (sio <command> --help for a command's)
  -v, --version  print the version

Exit codes: 0 clean (or only warnings), 1 errors, 2 usage or I/O error.
Documentation: ${docsPage("cli.md")}
`;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    return report(error, io);
  }
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(topHelp());
    return 2;
  }
  if (name === "-h" || name === "--help") {
    io.stdout(topHelp());
    return 0;
  }
  if (name === "-v" || name === "--version") {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (name === "help") {
    const topic = rest[0] === undefined ? undefined : commands.find((command) => command.name === rest[0]);
    if (rest[0] !== undefined && !topic) throw new UsageError(`unknown command '${rest[0]}'`);
    io.stdout(topic ? topic.help : topHelp());
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    throw new UsageError(name.startsWith("-") ? `unknown option '${name}'` : `unknown command '${name}'`);
  }
  // Help wins over everything else on the line, before any argument is checked.
  const end = rest.indexOf("--");
  const flags = end === -1 ? rest : rest.slice(0, end);
  if (flags.includes("--help") || flags.includes("-h")) {
    io.stdout(command.help);
    return 0;
  }
  return (await command.load())(rest, io);
}

/** The exit code of a failure, after one line on stderr. */
export function report(error: unknown, io: Io): number {
  if (error instanceof UsageError) {
    const help = error.command ? `sio ${error.command} --help` : "sio --help";
    io.stderr(`sio: ${error.message}\nRun '${help}' for usage.\n`);
    return 2;
  }
  if (error instanceof IoError) {
    io.stderr(`sio: ${error.message}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`sio: internal error: ${message.split("\n")[0]}\n`);
  if (io.env.SIO_DEBUG === "1" && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return 2;
}
