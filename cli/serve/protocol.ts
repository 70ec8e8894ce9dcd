/**
 * What `sio serve` (the supervisor) and its two kinds of child process say
 * to each other: the generator process (one generation, then it exits) and
 * the server process (the generated router, served until it is stopped).
 */
import type { GenerateStatus } from "../../generator/generate.js";

/** The generator process's argument (argv[2], as JSON). */
export interface GenerateRequest {
  /** The spec as the user named it, for messages. */
  spec: string;
  specFile: string;
  outFile: string;
  cwd: string;
  color: boolean;
}

/** The generator process's one message. */
export interface GenerateReply {
  status: GenerateStatus;
  /** The spec and the user's modules it depends on: what --watch watches. */
  files: string[];
  /** The diagnostics as `sio lint` prints them; empty when there are none. */
  report: string;
  /** The routing table, for the banner; set when a router was generated. */
  table?: string;
  /** Why, when the status is `failed`. */
  error?: string;
}

export type ToServer = { type: "load" } | { type: "listen"; host: string; port: number } | { type: "stop" };

export type FromServer =
  | { type: "loaded" }
  | { type: "listening"; url: string; port: number }
  | { type: "failed"; message: string };
