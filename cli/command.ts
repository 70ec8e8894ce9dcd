/** The shape of a subcommand: its name, its help, and what it does. */
import type { Io } from "./io.js";

export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: readonly string[], io: Io): Promise<number>;
}
