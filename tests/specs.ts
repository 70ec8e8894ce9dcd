/**
 * Generated `.sio` specs for property tests: a routing structure (imports,
 * settings, route tables, nested routers, middleware, Socket.IO endpoints)
 * printed in a random layout — line breaks or none inside brackets, trailing
 * commas or none, comments after brackets and commas and between
 * statements, names and patterns long enough to force lines past 80
 * columns. Every spec parses; most bind cleanly, some have lint findings.
 */
import fc from "fast-check";

/** An expression tree, printed by `print` in a layout of its own. */
export type Expr =
  | { kind: "atom"; text: string }
  | { kind: "member"; object: Expr; property: string }
  | { kind: "call"; callee: Expr; args: Array<{ name?: string; value: Expr }> }
  | { kind: "list"; items: Expr[] }
  | { kind: "dict"; entries: Array<[string, Expr]> }
  | { kind: "add"; left: Expr; right: Expr };

export interface SpecTree {
  imports: string[];
  settings: Array<[string, Expr]> | null;
  bindings: Array<[string, Expr]>;
}

const atom = (text: string): Expr => ({ kind: "atom", text });
const name = (text: string): Expr => atom(text);
const str = (text: string, raw = true): Expr => atom(`${raw ? "r" : ""}"${text}"`);
const call = (callee: string | Expr, ...args: Array<Expr | [string, Expr]>): Expr => ({
  kind: "call",
  callee: typeof callee === "string" ? name(callee) : callee,
  args: args.map((arg) => (Array.isArray(arg) ? { name: arg[0], value: arg[1] } : { value: arg })),
});
const asAsgi = (consumer: string, ...args: Array<[string, Expr]>): Expr => call({ kind: "member", object: name(consumer), property: "as_asgi" }, ...args);

const CONSUMERS = ["ChatConsumer", "NewsConsumer", "AVeryLongConsumerNameThatFillsLines"];
const APPS = ["djangoApp", "api", "anotherRatherLongHttpApplicationName"];
const IMPORTS = [
  'import { ChatConsumer, NewsConsumer } from "./consumers"',
  'import { AVeryLongConsumerNameThatFillsLines } from "./deep/consumers"',
  'import djangoApp from "./app"',
  'import { api as api, anotherRatherLongHttpApplicationName } from "./apps"',
];

const rePattern = fc.constantFrom(
  String.raw`^socket\.io/?$`,
  String.raw`^socket.io/?$`,
  "",
  "chat/$",
  String.raw`^chat/(?P<room>[\w-]+)/$`,
  String.raw`^api/v(?P<version>[12])/`,
  String.raw`(?i)^docs/[a-z.]+$`,
  String.raw`^blog/(?P<year>\d{4})/(?P<month>\d{2})/(?P<slug>[\w-]+)/?$`,
  String.raw`^files/(?P<name>.+)$`,
  String.raw`^[]a.b]$`,
);
const pathPattern = fc.constantFrom("", "users/<int:id>/", "tags/<slug:tag>/", "files/<path:file>", "rooms/<int:room>/messages/<slug:message>/");
const routeName = fc.constantFrom("home", "user", "room-socket", "a_route_name_long_enough_to_matter");
const kwargsDict = fc.constantFrom<Expr>(
  { kind: "dict", entries: [['"page"', str("about", false)]] },
  { kind: "dict", entries: [['"n"', atom("1")], ['"flags"', { kind: "list", items: [atom("true"), atom("false")] }]] },
);

const consumerTarget: fc.Arbitrary<Expr> = fc.oneof(
  fc.constantFrom(...CONSUMERS).map((consumer) => asAsgi(consumer)),
  fc.constantFrom(...CONSUMERS).map((consumer) => asAsgi(consumer, ["ping_interval", atom("300")])),
  fc.subarray(CONSUMERS, { minLength: 1 }).map((consumers) => call("SocketIO", ...consumers.map(name), ["ping_interval", atom("10000")], ["max_payload", atom("1000000")])),
);

const MIDDLEWARE = ["AuthMiddlewareStack", "SessionMiddlewareStack", "AllowedHostsOriginValidator", "CookieMiddleware"];

/** A route table entry, its target possibly a nested router. */
const route = (target: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> =>
  fc
    .tuple(fc.boolean(), rePattern, pathPattern, target, fc.option(routeName), fc.option(kwargsDict))
    .map(([isRe, re, pathText, value, routeNameText, kwargs]) => {
      const args: Array<Expr | [string, Expr]> = [isRe ? str(re) : str(pathText, false), value];
      if (routeNameText !== null) args.push(["name", str(routeNameText, false)]);
      if (kwargs !== null) args.push(["kwargs", kwargs]);
      return call(isRe ? "re_path" : "path", ...args);
    });

const { app } = fc.letrec<{ app: Expr; router: Expr; target: Expr }>((tie) => ({
  app: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("router"),
    fc.tuple(fc.constantFrom(...MIDDLEWARE), tie("app")).map(([middleware, inner]) => call(middleware, inner)),
  ),
  router: fc
    .tuple(fc.array(route(tie("target")), { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([routes, concatenated]) =>
      call("URLRouter", concatenated ? { kind: "add", left: name("socketio_urlpatterns"), right: { kind: "list", items: routes } } : { kind: "list", items: routes }),
    ),
  target: fc.oneof({ depthSize: "small" }, fc.constantFrom(...APPS).map(name), consumerTarget, tie("router")),
}));

const settings = fc.option(
  fc.subarray<[string, Expr]>(
    [
      ["allowed_hosts", { kind: "list", items: [str("localhost", false), str("127.0.0.1", false), str("[::1]", false)] }],
      ["debug", atom("true")],
    ],
    { minLength: 1 },
  ),
);

export const specTree: fc.Arbitrary<SpecTree> = fc
  .record({
    settings,
    socketio: fc.array(route(consumerTarget), { minLength: 1, maxLength: 3 }),
    protocols: fc.subarray(["http", "websocket"], { minLength: 1 }),
    apps: fc.array(app, { minLength: 2, maxLength: 2 }),
  })
  .map(({ settings, socketio, protocols, apps }) => ({
    imports: IMPORTS,
    settings,
    bindings: [
      ["socketio_urlpatterns", { kind: "list", items: socketio }],
      ["application", call("ProtocolTypeRouter", { kind: "dict", entries: protocols.map((protocol, i): [string, Expr] => [`"${protocol}"`, apps[i]!]) })],
    ],
  }));

/** Layout choices, consumed in order (cycling) while printing. */
export interface Layout {
  choices: number[];
}

export const layout: fc.Arbitrary<Layout> = fc.record({ choices: fc.array(fc.nat(99), { minLength: 1, maxLength: 64 }) });

class Printer {
  private next = 0;
  private comments = 0;

  constructor(private readonly layout: Layout) {}

  private choose(n: number): number {
    const choice = this.layout.choices[this.next++ % this.layout.choices.length]!;
    return choice % n;
  }

  private comment(): string {
    return `${this.choose(2) === 0 ? "#" : "//"} note ${++this.comments}`;
  }

  /** What separates an opening bracket or a comma from the next item: a comment one time in ten. */
  private gap(indent: string): string {
    const choice = this.choose(20);
    if (choice < 6) return "";
    if (choice < 12) return " ";
    if (choice === 12) return `  ${this.comment()}\n${indent}`;
    if (choice === 13) return `\n${indent}${this.comment()}\n${indent}`;
    return `\n${indent}`;
  }

  /** What comes before a closing bracket, after the last item. */
  private close(outer: string): string {
    const choice = this.choose(20);
    if (choice < 10) return "";
    if (choice === 10) return `  ${this.comment()}\n${outer}`;
    return `\n${outer}`;
  }

  private items(open: string, close: string, parts: string[], indent: string): string {
    if (parts.length === 0) return open + close;
    const inner = `${indent}  `;
    let text = open;
    parts.forEach((part, index) => {
      text += this.gap(inner) + part;
      if (index < parts.length - 1 || this.choose(2) === 0) text += ",";
    });
    return text + this.close(indent) + close;
  }

  expr(expr: Expr, indent: string): string {
    switch (expr.kind) {
      case "atom":
        return expr.text;
      case "member":
        return `${this.expr(expr.object, indent)}.${expr.property}`;
      case "add":
        return `${this.expr(expr.left, indent)} + ${this.expr(expr.right, indent)}`;
      case "list":
        return this.items("[", "]", expr.items.map((item) => this.expr(item, `${indent}  `)), indent);
      case "dict":
        return this.items("{", "}", expr.entries.map(([key, value]) => `${key}: ${this.expr(value, `${indent}  `)}`), indent);
      case "call":
        return (
          this.expr(expr.callee, indent) +
          this.items(
            "(",
            ")",
            expr.args.map((arg) => (arg.name ? `${arg.name}=` : "") + this.expr(arg.value, `${indent}  `)),
            indent,
          )
        );
    }
  }

  /** Statements, with own-line comments and blank lines between some of them. */
  spec(tree: SpecTree): string {
    const statements = [...tree.imports];
    if (tree.settings) {
      statements.push(`settings {\n${tree.settings.map(([key, value]) => `  ${key} = ${this.expr(value, "  ")}`).join("\n")}\n}`);
    }
    for (const [target, value] of tree.bindings) statements.push(`${target} = ${this.expr(value, "")}`);
    return statements
      .map((statement) => {
        const choice = this.choose(6);
        const before = choice === 0 ? `${this.comment()}\n` : choice === 1 ? "\n" : "";
        const after = this.choose(6) === 0 ? `  ${this.comment()}` : "";
        return before + statement + after;
      })
      .join("\n")
      .concat("\n");
  }
}

export function printSpec(tree: SpecTree, choices: Layout): string {
  return new Printer(choices).spec(tree);
}

/** A generated spec's text. */
export const specText: fc.Arbitrary<string> = fc.tuple(specTree, layout).map(([tree, choices]) => printSpec(tree, choices));
