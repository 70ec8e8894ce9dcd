/**
 * The subcommands: names, help texts, and their code loaded only when run,
 * so `sio --help` or `sio lint` never pays for ts-morph, prettier or the
 * runtime.
 */
import type { Io } from "../io.js";
import { docsPage } from "../version.js";

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

const stdinFlag = `  --stdin-filename NAME       the name of standard input (FILE -) in messages
                              (default <stdin>)`;

const diagnosticExitCodes = `Exit codes: 0 clean or only warnings/info, 1 errors (or more warnings than
--max-warnings), 2 usage or I/O error.`;

export const commands: readonly Command[] = [
  {
    name: "check",
    summary: "report syntax and binding errors (SIO100, SIO110)",
    help: `Usage: sio check [options] FILE... | -

Parse and bind each .sio file and report syntax errors (SIO100) and binding
errors (SIO110: unknown names, wrong shapes, duplicate bindings, a missing
application). Runs no lint rules. FILE - reads standard input.

Options:
${stdinFlag}
${sharedFlags}

${diagnosticExitCodes}

Example:
  sio check routes.sio
`,
    load: async () => (await import("./lint.js")).runCheck,
  },
  {
    name: "lint",
    summary: "run every lint rule (SIO1xx)",
    help: `Usage: sio lint [options] FILE... | -

Report every problem in each .sio file: syntax and binding errors and all
rules SIO1xx. Imports need not resolve. FILE - reads standard input
(an editor's unsaved buffer).

Options:
  --fix                       apply the mechanical fixes (SIO101: move the
                              Socket.IO route above the route that captures it),
                              write the file, print the diff, report what remains
${stdinFlag}
${sharedFlags}

${diagnosticExitCodes}

Examples:
  sio lint routes.sio
  sio lint --fix routes.sio
  sio lint --format sarif routes.sio > sio.sarif
  sio lint --format json --stdin-filename routes.sio - < routes.sio

The rules: ${docsPage("rules.md")}
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
  {
    name: "generate",
    summary: "write the typed router module (and Socket.IO client) for a spec",
    help: `Usage: sio generate [options] SPEC

Lint SPEC, resolve its imports in your TypeScript, and write the typed router
module (default: routes.sio → routes.generated.ts beside it) and, when SPEC
has a Socket.IO endpoint, the typed client module (routes.client.ts). Refuses to
write while an error stands (diagnostics are printed as sio lint prints
them). Writes only when the content changed, atomically.

Options:
  -o, --out FILE              where to write (default <spec>.generated.ts)
  --client FILE               where to write the Socket.IO client module
                              (default: the router's name, .client.ts)
  --no-client                 write no client module
  --check                     write nothing; exit 1 and name the files that are
                              stale (missing or different from what would be
                              generated): for CI
  --watch                     generate again whenever the spec or a module it
                              imports changes; keeps running after errors
  --format human|json|sarif   diagnostics format (default human); status lines
                              then go to stderr
  -h, --help                  show this help

Exit codes: 0 written or up to date, 1 errors (refused) or a stale file with
--check, 2 usage or I/O error.

Examples:
  sio generate routes.sio
  sio generate routes.sio -o src/router.generated.ts
  sio generate --check routes.sio
  sio generate --watch routes.sio
`,
    load: async () => (await import("./generate.js")).runGenerate,
  },
  {
    name: "serve",
    summary: "generate a spec's router and serve it (--watch: restart on changes)",
    help: `Usage: sio serve [options] SPEC

Generate SPEC's router and serve it: HTTP, WebSocket and Socket.IO on one
port. The router is generated in a child process into node_modules/.cache/sio/
(never beside the spec; removed again) and served by a server process that
loads it and your TypeScript modules through tsx, with none of sio's
toolchain. Prints the URL and the routing table it serves, then runs until
SIGINT, SIGTERM or SIGHUP, and shuts down gracefully (open requests finish,
Socket.IO sessions close). Your package.json needs "type": "module".

Options:
  --host H      interface to listen on (default $HOST, else 127.0.0.1)
  --port P      port, 0 for any free one (default $PORT, else 8000)
  --watch       regenerate and restart whenever SPEC or a module it imports
                changes; while a change has errors (printed) or does not
                load, the last good version keeps serving
  -h, --help    show this help

Exit codes: 0 stopped by a signal, 1 the spec has errors or the server
process died, 2 usage or I/O error (a missing spec, a port in use, an
application that does not load).

Examples:
  sio serve routes.sio
  sio serve --watch routes.sio
  sio serve routes.sio --port 0
  PORT=3000 sio serve routes.sio
`,
    load: async () => (await import("./serve.js")).runServe,
  },
  {
    name: "fmt",
    summary: "print or rewrite .sio files in the canonical layout",
    help: `Usage: sio fmt [--check | --write] FILE... | -

Lay a .sio file out the canonical way: two-space indents, 80 columns; an
expression stays on one line when it fits, else its list, dict or call breaks
one item per line with a trailing comma (a single-argument call gets none and
hugs a lone list or dict: URLRouter([ ... ])). A trailing comma already in a
container keeps it broken. Comments and single blank lines between
statements are kept. Files with syntax errors are not touched.

Without options, prints the formatted FILE on stdout (diagnostics then go
to stderr). FILE - formats standard input, as editors' format-on-save does.

Options:
  --check                 write nothing; list the files that are not formatted
                          (exit 1)
  -w, --write             rewrite the files that are not formatted
  --stdin-filename NAME   the name of standard input (FILE -) in messages
                          (default <stdin>)
  -h, --help              show this help

Exit codes: 0 formatted (or already so), 1 a file is not formatted (--check)
or cannot be (syntax errors), 2 usage or I/O error.

Examples:
  sio fmt routes.sio
  sio fmt --write routes.sio
  sio fmt --check specs/*.sio
  sio fmt --stdin-filename routes.sio - < routes.sio
`,
    load: async () => (await import("./fmt.js")).runFmt,
  },
  {
    name: "lsp",
    summary: "run the language server for editors (over stdio)",
    help: `Usage: sio lsp [--stdio]

Run the .sio language server, speaking the Language Server Protocol over
stdin and stdout (--stdio, which language clients pass, is the default).
Editors start it themselves; see docs/editors.md for VS Code, Neovim and
Helix. It reports diagnostics as you type (type resolution, SIO2xx, on open
and save), and offers quick fixes, hover, go to definition, completion,
formatting, the routing tree as an outline, and renaming of bindings.

Options:
  --stdio       talk over stdin/stdout (the default)
  -h, --help    show this help

Exit codes: 0 after the client's shutdown and exit, 1 when the client exits
(or closes stdin) without a shutdown, 2 usage error.

Example:
  sio lsp --stdio    what an editor runs
`,
    load: async () => (await import("../../lsp/main.js")).runLsp,
  },
];
