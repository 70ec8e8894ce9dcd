/**
 * Where a command writes, and whether it may colour what it writes. Commands
 * take this instead of touching `process` so the choice of colours is made
 * once, in `main.ts`.
 */
import { text } from "node:stream/consumers";

export interface Io {
  /** All of standard input, as UTF-8 (`sio lint -`, `sio fmt -`). */
  stdin(): Promise<string>;
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
    stdin: () => text(process.stdin),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: process.stdout.isTTY === true && !env.NO_COLOR,
    cwd: process.cwd(),
    env,
  };
}

/** An Io that keeps what is printed instead (standard input empty): output to pass on, or to test. */
export function collectingIo(options: Partial<Pick<Io, "color" | "cwd" | "env">> = {}): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdin: () => Promise.resolve(""),
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    color: options.color ?? false,
    cwd: options.cwd ?? "/",
    env: options.env ?? {},
  };
  return io;
}
