/**
 * Where a command writes, and whether it may colour what it writes. Commands
 * take this instead of touching `process` so the choice of colours is made
 * once, in `main.ts`.
 */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colours on stdout: a TTY and NO_COLOR unset. */
  color: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function processIo(): Io {
  const env = process.env;
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: process.stdout.isTTY === true && !env.NO_COLOR,
    cwd: process.cwd(),
    env,
  };
}
