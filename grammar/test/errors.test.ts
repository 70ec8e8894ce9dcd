import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import {
  MAX_NESTING,
  MAX_SYNTAX_DIAGNOSTICS,
  parseSpec,
  type Binding,
  type CallExpression,
} from "../index.js";
import { expectErrors, locate } from "./harness.js";

test("a missing closing parenthesis at the end of the file points after the last token", () => {
  expectErrors("a = f(\n  1,\n  x=2\n", [
    {
      line: 3,
      column: 6,
      message: "expected ')' to close the call, found end of file",
    },
  ]);
});

test("a missing closer before the next line points at the end of the line", () => {
  expectErrors("a = [1, 2\n\nsettings {\n  debug = true\n", [
    { line: 1, column: 10, message: "expected ']' to close the list" },
    {
      line: 4,
      column: 15,
      message: "expected '}' to close the settings block, found end of file",
    },
  ]);
});

test("a missing closer on the same line points at what came instead", () => {
  expectErrors('x = {"a" 1}\ny = f(a.)\nz = ("a" "b")', [
    { line: 1, column: 10, message: "expected ':' after the dict key" },
    { line: 2, column: 9, message: "expected a property name after '.'" },
    { line: 3, column: 10, message: "expected ')' to close the parenthesis" },
  ]);
});

test("a missing comma is reported where it belongs, with a fix", () => {
  const text = "a = f(1 2)";
  const { diagnostics } = parseSpec(text);
  assert.equal(locate(text, diagnostics), [
    { line: 1, column: 8, message: "expected ',' between arguments" },
  ]);
  assert.equal(diagnostics[0]!.span, { start: 7, end: 7 });
  assert.equal(diagnostics[0]!.fix, {
    description: "Insert ','",
    edits: [{ span: { start: 7, end: 7 }, text: "," }],
  });
  expectErrors('a = [1\n  2]\nimport { A B } from "m"\nd = {"a": 1 "b": 2}', [
    { line: 1, column: 7, message: "expected ',' between list elements" },
    { line: 3, column: 11, message: "expected ',' between imported names" },
    { line: 4, column: 12, message: "expected ',' between dict entries" },
  ]);
});

test("a doubled or leading comma is an error at the comma", () => {
  const program = expectErrors("a = f(,1,,x=2)", [
    { line: 1, column: 7, message: "expected an argument before ','" },
    { line: 1, column: 10, message: "expected an argument before ','" },
  ]);
  assert.is(
    ((program.statements[0] as Binding).value as CallExpression).args.length,
    2,
  );
  expectErrors("a = [,]", [
    { line: 1, column: 6, message: "expected a list element before ','" },
  ]);
});

test("settings entries need a new line or a comma between them; statements need a new line", () => {
  expectErrors("settings { a = 1 b = 2 }\nx = 1 y = 2", [
    {
      line: 1,
      column: 17,
      message: "expected ',' or a new line between settings",
    },
    {
      line: 2,
      column: 7,
      message: "expected a new line before the next statement",
    },
  ]);
});

test("missing pieces of statements", () => {
  expectErrors(
    'import X "m"\nimport from "m"\nimport { A as } from "m"\nimport Y from\nc = \n',
    [
      {
        line: 1,
        column: 10,
        message: "expected 'from' after the imported names",
      },
      { line: 2, column: 8, message: "expected a name or '{' after 'import'" },
      { line: 3, column: 15, message: "expected a name after 'as'" },
      {
        line: 4,
        column: 14,
        message: "expected a module path string after 'from'",
      },
      {
        line: 5,
        column: 4,
        message: "expected an expression, found end of file",
      },
    ],
  );
  expectErrors("b\n", [
    {
      line: 1,
      column: 2,
      message: "expected '=' after the name, found end of file",
    },
  ]);
  expectErrors("settings\n  debug = true\n}", [
    { line: 1, column: 9, message: "expected '{' after 'settings'" },
  ]);
});

test("a statement the end of the file cuts short is kept with what it parsed", () => {
  const { program, diagnostics } = parseSpec('a = 1\napplication = URLRouter([\n  re_path("", app),\n');
  assert.is(diagnostics.length, 1);
  assert.equal(
    program.statements.map((s) => (s as Binding).name.name),
    ["a", "application"],
  );
  const router = (program.statements[1] as Binding).value as CallExpression;
  assert.is(router.kind, "CallExpression");
  const table = router.args[0]!.value;
  assert.ok(table.kind === "ListExpression", table.kind);
  const route = table.elements[0] as CallExpression;
  assert.is(route.callee.kind === "NameExpression" && route.callee.name, "re_path");
  for (const text of ["x = f(1, 2\n", 'x = {"a": [1,', "x = f(g(h(", "settings {\n debug = true\n"]) {
    assert.is(parseSpec(text).program.statements.length, 1, text);
  }
});

test("stray tokens on one line are one error; the next statement still parses", () => {
  const program = expectErrors("a = 1 ) ] 5\n= 2\nb = 3", [
    { line: 1, column: 7, message: "unexpected ') ] 5'" },
    { line: 2, column: 1, message: "unexpected '= 2'" },
  ]);
  assert.equal(
    program.statements.map((s) => (s as Binding).name.name),
    ["a", "b"],
  );
});

test("shapes the AST cannot hold are errors: non-string dict keys, calling a non-name", () => {
  expectErrors('x = {name: 1, "ok": 2}\ny = f()()\nz = "s"(1)', [
    { line: 1, column: 6, message: "dict keys must be strings" },
    {
      line: 2,
      column: 5,
      message: "only a name or a member such as X.as_asgi can be called",
    },
    {
      line: 3,
      column: 5,
      message: "only a name or a member such as X.as_asgi can be called",
    },
  ]);
});

test("consecutive unlexable characters are one diagnostic", () => {
  const text = "a = @@@ 1\n\x01\x02 b = 2 ¤";
  const { diagnostics, program } = parseSpec(text);
  assert.equal(locate(text, diagnostics), [
    { line: 1, column: 5, message: "unexpected characters '@@@'" },
    { line: 2, column: 1, message: "unexpected characters '\\x01\\x02'" },
    { line: 2, column: 10, message: "unexpected character '¤'" },
  ]);
  assert.equal(diagnostics[0]!.span, { start: 4, end: 7 });
  assert.is(program.statements.length, 2);
});

test("every error of a realistic broken spec, each at its own line", () => {
  const text = [
    'import { ChatConsumer } from "./consumers"',
    "",
    "socketio_urlpatterns = [",
    '  re_path(r"^socket\\.io/?$", ChatConsumer.as_asgi()',
    '  re_path("", app),',
    "]",
    "",
    "application = ProtocolTypeRouter({",
    '  "http": URLRouter(socketio_urlpatterns,',
    "})",
    "settings { debug = }",
  ].join("\n");
  const program = expectErrors(text, [
    { line: 4, column: 52, message: "expected ',' between arguments" },
    { line: 5, column: 20, message: "expected ')' to close the call" },
    { line: 9, column: 42, message: "expected ')' to close the call" },
    { line: 11, column: 20, message: "expected an expression" },
  ]);
  assert.equal(
    program.statements.map((s) => s.kind),
    ["ImportDeclaration", "Binding", "Binding", "SettingsBlock"],
  );
});

test(`nesting deeper than ${MAX_NESTING} levels is refused at the bracket that crosses the limit`, () => {
  const ok = `a = ${"f(".repeat(MAX_NESTING)}${")".repeat(MAX_NESTING)}`;
  assert.equal(parseSpec(ok).diagnostics, []);
  const text = `a = ${"[".repeat(MAX_NESTING + 1)}${"]".repeat(MAX_NESTING + 1)}`;
  const { diagnostics, program } = parseSpec(text);
  assert.equal(locate(text, diagnostics), [
    {
      line: 1,
      column: 5 + MAX_NESTING,
      message: `nesting deeper than ${MAX_NESTING} levels`,
    },
  ]);
  assert.equal(diagnostics[0]!.span, {
    start: 4 + MAX_NESTING,
    end: 5 + MAX_NESTING,
  });
  assert.equal(program.statements, []);
});

test(`at most ${MAX_SYNTAX_DIAGNOSTICS} syntax errors, then one "too many"`, () => {
  const text = ")\n".repeat(150);
  const { diagnostics } = parseSpec(text);
  assert.is(diagnostics.length, MAX_SYNTAX_DIAGNOSTICS + 1);
  const located = locate(text, diagnostics);
  assert.equal(located[0], { line: 1, column: 1, message: "unexpected ')'" });
  assert.equal(located[MAX_SYNTAX_DIAGNOSTICS - 1], {
    line: 100,
    column: 1,
    message: "unexpected ')'",
  });
  assert.equal(located[MAX_SYNTAX_DIAGNOSTICS], {
    line: 101,
    column: 1,
    message: `too many syntax errors; stopped after ${MAX_SYNTAX_DIAGNOSTICS}`,
  });
});

test.run();
