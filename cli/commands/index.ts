/**
 * The subcommands: names, help texts, and their code loaded only when run,
 * so `sio --help` or `sio lint` never pays for ts-morph, prettier or the
 * runtime.
 */
import type { Io } from "../io.js";

export type CommandRun = (args: readonly string[], io: Io) => Promise<number>;

export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  load(): Promise<CommandRun>;
}

const sharedFlags = `  --format human|json|sarif   output format (default human)
  --max-warnings N            exit 1 when there are more than N warnings
  -h, --help                  show this help`;

const diagnosticExitCodes = `Exit codes: 0 clean or only warnings/info, 1 errors (or more warnings than
--max-warnings), 2 usage or I/O error.`;

export const commands: readonly Command[] = [
  {
    name: "check",
    summary: "report syntax and binding errors (SIO100, SIO110)",
    help: `Usage: sio check [options] FILE...

Parse and bind each .sio file and report syntax errors (SIO100) and binding
errors (SIO110: unknown names, wrong shapes, duplicate bindings, a missing
application). Runs no lint rules.

Options:
${sharedFlags}

${diagnosticExitCodes}

Example:
  sio check routes.sio
`,
    load: async () => (await import("./lint.js")).runCheck,
  },
  {
    name: "lint",
    summary: "run every lint rule (SIO100–SIO111)",
    help: `Usage: sio lint [options] FILE...

Report every problem in each .sio file: syntax and binding errors and all
rules SIO100–SIO111 (see docs/rules.md). Imports need not resolve.

Options:
  --fix                       apply the mechanical fixes (SIO101: move the
                              Socket.IO route above the route that captures it),
                              write the file, print the diff, report what remains
${sharedFlags}

${diagnosticExitCodes}

Examples:
  sio lint routes.sio
  sio lint --fix routes.sio
  sio lint --format sarif routes.sio > sio.sarif
`,
    load: async () => (await import("./lint.js")).runLint,
  },
  {
    name: "explain",
    summary: "show which route a request reaches, and the routes it passed",
    help: `Usage: sio explain [options] FILE METHOD URL

Walk the application of FILE statically, with the runtime's own matching,
and show what a request reaches: the protocol (GET and POST are http, WS is
websocket), the middleware chain, every route tried in each router (with its
file:line:col), the matching route with a code frame, the captured args and
kwargs (int converters as numbers), path_remaining, and the kind of endpoint
(Socket.IO endpoint, HTTP app, WebSocket consumer).

METHOD is GET, POST or WS. URL is a path with an optional query
("/socket.io/?EIO=4&transport=polling"); "http://host/path" is accepted too.

Options:
  --root-path P         the mount point the server strips first (default "")
  --format human|json   output format (default human)
  -h, --help            show this help

Exit codes: 0 a route matches, 1 no route matches or the spec has errors,
2 usage or I/O error.

Examples:
  sio explain routes.sio GET "/socket.io/?EIO=4&transport=polling"
  sio explain routes.sio WS /socket.io/
  sio explain --format json routes.sio GET /anything
`,
    load: async () => (await import("./explain.js")).runExplain,
  },
];
