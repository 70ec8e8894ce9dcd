/**
 * `sio fmt` on generated specs (tests/specs.ts: comments, trailing commas,
 * long lines, random line breaks): a second run changes nothing, the routing
 * model and the diagnostics are the same before and after, and no line is
 * wider than 80 columns but for what cannot break.
 */
import fc from "fast-check";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { specText } from "../../tests/specs.js";
import { analyzeText } from "../../generator/analyze.js";
import type { Spec } from "../../generator/model/model.js";
import { formatSpec } from "../fmt/format-spec.js";

const RUNS = { seed: 20240917, numRuns: 150 };

function format(text: string): string {
  const result = formatSpec(text);
  if (!result.ok) throw new Error(`not formatted: ${JSON.stringify(result)}\n${text}`);
  return result.text;
}

/** The routing model without positions: what a spec means. */
function meaning(spec: Spec): string {
  const { imports, settings, application, routes } = spec;
  return JSON.stringify({ imports, settings, application, routes }, (key, value: unknown) => {
    if (key === "span" || key === "keySpan" || key === "sourceSpan" || key === "literal") return undefined;
    if (key === "compiled") return value === null ? null : `/${(value as { regexSource: string }).regexSource}/${(value as { flags: string }).flags}`;
    if (value instanceof Map) return [...value];
    return value;
  });
}

/** The diagnostics without positions (fmt moves everything). */
function verdicts(text: string): string[] {
  return analyzeText("spec.sio", text).diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`);
}

/** A line without its trailing comment: the comment is the user's, and follows wherever the code goes. */
function code(line: string): string {
  const comment = /\s+(?:#|\/\/) note \d+$/.exec(line);
  return comment ? line.slice(0, comment.index) : line;
}

test("generated specs parse (the generator's own check)", () => {
  fc.assert(
    fc.property(specText, (text) => {
      assert.equal(analyzeText("spec.sio", text).diagnostics.filter((d) => d.code === "SIO100"), [], text);
    }),
    RUNS,
  );
});

test("fmt is idempotent: formatting formatted text changes nothing", () => {
  fc.assert(
    fc.property(specText, (text) => {
      const once = format(text);
      assert.is(format(once), once);
    }),
    RUNS,
  );
});

test("fmt keeps the meaning: the same routing model and the same diagnostics", () => {
  fc.assert(
    fc.property(specText, (text) => {
      const formatted = format(text);
      assert.is(meaning(analyzeText("spec.sio", formatted).spec), meaning(analyzeText("spec.sio", text).spec));
      assert.equal(verdicts(formatted), verdicts(text));
    }),
    RUNS,
  );
});

/** One name or string (a keyword argument's, a dict entry's) and its closers: nothing left to break. */
const UNBREAKABLE = /^ *(?:\w+=|"\w+": )?(?:r?"[^"]*"|[\w.]+)[,)\]}]*$/;

test("fmt keeps lines within 80 columns, but for a lone name or string too long for its indentation", () => {
  fc.assert(
    fc.property(specText, (text) => {
      for (const line of format(text).split("\n")) {
        assert.ok(code(line).length <= 80 || UNBREAKABLE.test(code(line)), `${code(line).length} columns: ${line}`);
      }
    }),
    RUNS,
  );
});

test("a single-argument call written with a trailing comma: formatted once, stable after", () => {
  for (const input of [
    "application = AuthMiddlewareStack(\n  URLRouter(urls),\n)\n",
    "application = URLRouter(\n  [\n    re_path(\"\", app),\n  ],\n)\n",
    "application = f(\n  a=1,\n)\n",
  ]) {
    const once = format(input);
    assert.is(format(once), once, input);
  }
  assert.is(format("application = AuthMiddlewareStack(\n  URLRouter(urls),\n)\n"), "application = AuthMiddlewareStack(URLRouter(urls))\n");
  assert.is(format("application = URLRouter(\n  [\n    re_path(\"\", app),\n  ],\n)\n"), 'application = URLRouter([\n  re_path("", app),\n])\n');
});

test("the width counts what follows an expression: 80 columns stay, 81 break", () => {
  // Each pair differs by one character in the name: the line with its `,` or `)` is 80 columns, or 81.
  const call = (name: string) => `application = URLRouter([re_path("", ${name}), re_path("", b)])\n`;
  const fits = call("a".repeat(80 - call("").length + 1));
  assert.is(format(fits).split("\n")[0]!.length, 80);
  assert.is(format(fits), fits);
  const over = call("a".repeat(81 - call("").length + 1));
  assert.is(format(over), `application = URLRouter([\n  re_path("", ${"a".repeat(81 - call("").length + 1)}),\n  re_path("", b),\n])\n`);
  // Inside a broken list: `    re_path("", name),` at 80 columns stays on one line; at 81 the call breaks.
  const item = (name: string) => `urls = [\n  re_path(r"^x/$", ${name}, name="n"),\n]\n`;
  const width = (name: string) => `  re_path(r"^x/$", ${name}, name="n"),`.length;
  const at80 = "b".repeat(80 - width(""));
  assert.is(format(item(at80)), item(at80));
  const at81 = "b".repeat(81 - width(""));
  assert.is(format(item(at81)), `urls = [\n  re_path(\n    r"^x/$",\n    ${at81},\n    name="n",\n  ),\n]\n`);
});

test.run();
