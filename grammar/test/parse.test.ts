import { readFileSync } from "node:fs";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import type {
  AddExpression,
  Binding,
  CallExpression,
  DictExpression,
  Expression,
  ImportDeclaration,
  KeywordArgument,
  ListExpression,
  MemberExpression,
  PositionalArgument,
  SettingsBlock,
  StringLiteral,
} from "../index.js";
import { expectValid, slice, where } from "./harness.js";

/** The value of the only binding in a one-statement text. */
function valueOf(text: string): Expression {
  const program = expectValid(text);
  assert.is(program.statements.length, 1);
  return (program.statements[0] as Binding).value;
}

test("an empty file has no statements and no diagnostics", () => {
  const program = expectValid("");
  assert.equal(program, {
    kind: "Program",
    span: { start: 0, end: 0 },
    statements: [],
  });
  assert.is(
    expectValid("  # only a comment\n// and another\n\n").statements.length,
    0,
  );
});

test("default import: binding, source and spans", () => {
  const text = 'import djangoApp from "./fixtures/chat/app"';
  const declaration = expectValid(text).statements[0] as ImportDeclaration;
  assert.is(declaration.kind, "ImportDeclaration");
  assert.is(where(text, declaration.span), "1:1-1:44");
  assert.is(declaration.defaultBinding?.name, "djangoApp");
  assert.is(where(text, declaration.defaultBinding!.span), "1:8-1:17");
  assert.equal(declaration.specifiers, []);
  assert.is(declaration.source.value, "./fixtures/chat/app");
  assert.is(slice(text, declaration.source.span), '"./fixtures/chat/app"');
});

test("named imports with 'as', a trailing comma, and a default beside them", () => {
  const text = "import App, {\n  A,\n  B as C,\n} from 'm'";
  const declaration = expectValid(text).statements[0] as ImportDeclaration;
  assert.is(declaration.defaultBinding?.name, "App");
  assert.equal(
    declaration.specifiers.map((s) => [
      s.imported.name,
      s.local.name,
      where(text, s.span),
    ]),
    [
      ["A", "A", "2:3-2:4"],
      ["B", "C", "3:3-3:9"],
    ],
  );
  // Without `as`, local is the same node as imported.
  assert.ok(
    declaration.specifiers[0]!.local === declaration.specifiers[0]!.imported,
  );
  assert.is(where(text, declaration.specifiers[1]!.local.span), "3:8-3:9");
  assert.is(declaration.source.value, "m");
});

test("keywords are identifiers when longer: as_asgi, settings_x, from_x, importer", () => {
  const text = "settings_x = from_x.as_asgi(importer=True, trueish=False)";
  const call = valueOf(text) as CallExpression;
  assert.is(
    (expectValid(text).statements[0] as Binding).name.name,
    "settings_x",
  );
  const member = call.callee as MemberExpression;
  assert.is(member.property.name, "as_asgi");
  assert.equal(
    call.args.map((a) => (a as KeywordArgument).name.name),
    ["importer", "trueish"],
  );
});

test("settings block: entries separated by new lines or commas", () => {
  const text =
    'settings {\n  allowed_hosts = ["localhost"]\n  debug = true, ping_interval = 25\n}';
  const block = expectValid(text).statements[0] as SettingsBlock;
  assert.is(block.kind, "SettingsBlock");
  assert.is(where(text, block.span), "1:1-4:2");
  assert.equal(
    block.entries.map((e) => [e.name.name, e.value.kind, where(text, e.span)]),
    [
      ["allowed_hosts", "ListExpression", "2:3-2:32"],
      ["debug", "BooleanLiteral", "3:3-3:15"],
      ["ping_interval", "NumberLiteral", "3:17-3:35"],
    ],
  );
  assert.equal(
    (expectValid("settings {}").statements[0] as SettingsBlock).entries,
    [],
  );
});

test("binding: name, value and span", () => {
  const text = "\n\n  answer = 42  # why not\n";
  const binding = expectValid(text).statements[0] as Binding;
  assert.is(binding.kind, "Binding");
  assert.is(where(text, binding.span), "3:3-3:14");
  assert.is(where(text, binding.name.span), "3:3-3:9");
  assert.equal(binding.value, {
    kind: "NumberLiteral",
    span: { start: 13, end: 15 },
    value: 42,
  });
});

test("call with positional and keyword arguments and a trailing comma", () => {
  const text =
    'r = re_path(r"^chat/$", ChatConsumer, name="chat", kwargs={"room": "lobby"},)';
  const call = valueOf(text) as CallExpression;
  assert.is(call.kind, "CallExpression");
  assert.is(slice(text, call.span), text.slice(4));
  assert.equal(call.callee, {
    kind: "NameExpression",
    span: { start: 4, end: 11 },
    name: "re_path",
  });
  assert.equal(
    call.args.map((a) => [a.kind, slice(text, a.span)]),
    [
      ["PositionalArgument", 'r"^chat/$"'],
      ["PositionalArgument", "ChatConsumer"],
      ["KeywordArgument", 'name="chat"'],
      ["KeywordArgument", 'kwargs={"room": "lobby"}'],
    ],
  );
  const kwargs = (call.args[3] as KeywordArgument).value as DictExpression;
  assert.is(kwargs.entries[0]!.key.value, "room");
  assert.is(slice(text, kwargs.entries[0]!.span), '"room": "lobby"');
  assert.is((kwargs.entries[0]!.value as StringLiteral).value, "lobby");
});

test("member call: ChatConsumer.as_asgi(ping_interval=300)", () => {
  const text = "c = ChatConsumer.as_asgi(ping_interval=300)";
  const call = valueOf(text) as CallExpression;
  const member = call.callee as MemberExpression;
  assert.is(member.kind, "MemberExpression");
  assert.is(slice(text, member.span), "ChatConsumer.as_asgi");
  assert.equal(member.object, {
    kind: "NameExpression",
    span: { start: 4, end: 16 },
    name: "ChatConsumer",
  });
  assert.equal(member.property, {
    kind: "Identifier",
    span: { start: 17, end: 24 },
    name: "as_asgi",
  });
  const arg = call.args[0] as KeywordArgument;
  assert.is(arg.name.name, "ping_interval");
  assert.equal(arg.value, {
    kind: "NumberLiteral",
    span: { start: 39, end: 42 },
    value: 300,
  });
});

test("a member name may be a keyword: x.settings, x.from", () => {
  const member = valueOf("a = x.settings.from") as MemberExpression;
  assert.is(member.property.name, "from");
  assert.is((member.object as MemberExpression).property.name, "settings");
});

test("lists and dicts, empty, nested, multi-line, with trailing commas", () => {
  const text = 'x = [\n  [],\n  {},\n  {"a": [1, 2,], \'b\': {"c": true},},\n]';
  const list = valueOf(text) as ListExpression;
  assert.is(where(text, list.span), "1:5-5:2");
  assert.equal(
    list.elements.map((e) => e.kind),
    ["ListExpression", "DictExpression", "DictExpression"],
  );
  const dict = list.elements[2] as DictExpression;
  assert.is(where(text, dict.span), "4:3-4:36");
  assert.equal(
    dict.entries.map((e) => [e.key.value, e.value.kind]),
    [
      ["a", "ListExpression"],
      ["b", "DictExpression"],
    ],
  );
  assert.is((dict.entries[0]!.value as ListExpression).elements.length, 2);
});

test("numbers: ints, floats, leading minus, exponents, underscores", () => {
  const values = [
    "0",
    "42",
    "-7",
    "2.5",
    "-0.25",
    ".5",
    "1e3",
    "1_000_000",
  ].map((n) => (valueOf(`x = ${n}`) as { value: number }).value);
  assert.equal(values, [0, 42, -7, 2.5, -0.25, 0.5, 1000, 1000000]);
});

test("booleans: true/false and True/False", () => {
  const values = ["true", "false", "True", "False"].map((b) =>
    valueOf(`x = ${b}`),
  );
  assert.equal(
    values.map((v) => [v.kind, (v as { value: boolean }).value]),
    [
      ["BooleanLiteral", true],
      ["BooleanLiteral", false],
      ["BooleanLiteral", true],
      ["BooleanLiteral", false],
    ],
  );
});

test("'+' is left-associative; parentheses group", () => {
  const text = "x = a + [b] + c";
  const sum = valueOf(text) as AddExpression;
  assert.is(sum.kind, "AddExpression");
  assert.is(slice(text, sum.span), "a + [b] + c");
  assert.is(slice(text, sum.left.span), "a + [b]");
  assert.is(slice(text, sum.right.span), "c");

  const grouped = valueOf("x = a + (b + c)") as AddExpression;
  assert.is(grouped.left.kind, "NameExpression");
  assert.is(grouped.right.kind, "AddExpression");
  assert.is(valueOf("x = ((a))").kind, "NameExpression");
});

test("comments with # and // run to the end of the line, also inside brackets", () => {
  const text = "x = [ # first\n  a, // second\n  b,\n] // done";
  assert.is((valueOf(text) as ListExpression).elements.length, 2);
});

test("CRLF line endings count as one line break", () => {
  const text = "a = 1\r\nb = [\r\n  2,\r\n]\r\n";
  const program = expectValid(text);
  assert.is(where(text, program.statements[1]!.span), "2:1-4:2");
});

test("the seed example (DESIGN.md §2, routes.sio) parses clean into the expected tree", () => {
  const text = readFileSync(
    new URL("../../routes.sio", import.meta.url),
    "utf8",
  );
  const program = expectValid(text);
  assert.equal(
    program.statements.map((s) => [s.kind, where(text, s.span)]),
    [
      ["ImportDeclaration", "2:1-2:57"],
      ["ImportDeclaration", "3:1-3:44"],
      ["SettingsBlock", "5:1-7:2"],
      ["Binding", "9:1-11:2"],
      ["Binding", "13:1-22:3"],
    ],
  );

  const patterns = (program.statements[3] as Binding).value as ListExpression;
  const route = patterns.elements[0] as CallExpression;
  const pattern = (route.args[0] as PositionalArgument).value as StringLiteral;
  assert.equal([pattern.value, pattern.raw], ["^socket\\.io/?$", true]);
  assert.is(where(text, pattern.span), "10:11-10:28");
  const target = (route.args[1] as PositionalArgument).value as CallExpression;
  assert.is(slice(text, target.span), "ChatConsumer.as_asgi()");

  const application = program.statements[4] as Binding;
  assert.is(application.name.name, "application");
  const router = application.value as CallExpression;
  assert.is((router.callee as { name: string }).name, "ProtocolTypeRouter");
  const table = (router.args[0] as PositionalArgument).value as DictExpression;
  assert.equal(
    table.entries.map((e) => [e.key.value, where(text, e.key.span)]),
    [
      ["websocket", "14:3-14:14"],
      ["http", "17:3-17:9"],
    ],
  );
  const http = table.entries[1]!.value as CallExpression;
  const urlRouter = (http.args[0] as PositionalArgument)
    .value as CallExpression;
  const concatenation = (urlRouter.args[0] as PositionalArgument)
    .value as AddExpression;
  assert.is(concatenation.kind, "AddExpression");
  assert.is(slice(text, concatenation.left.span), "socketio_urlpatterns");
  assert.is(where(text, concatenation.right.span), "18:38-20:6");
});

test.run();
