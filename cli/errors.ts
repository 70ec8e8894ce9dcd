/**
 * Failures the command line reports in one line and exit code 2: a usage
 * mistake (unknown flag, missing argument) or an I/O error (missing file).
 * Anything else that escapes a command is an internal error.
 */
export class UsageError extends Error {
  /** The command whose `--help` the message points at; empty for the top level. */
  readonly command: string;

  constructor(message: string, command = "") {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

export class IoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IoError";
  }
}

/** "cannot read routes.sio: no such file or directory" from a Node fs error. */
export function describeFsError(action: string, file: string, error: unknown): IoError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === "ENOENT"
      ? "no such file or directory"
      : code === "EISDIR"
        ? "is a directory"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : error instanceof Error
            ? error.message
            : String(error);
  return new IoError(`cannot ${action} ${file}: ${reason}`);
}
