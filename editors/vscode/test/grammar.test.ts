/**
 * The TextMate grammar, run by the engine VS Code runs it with
 * (vscode-textmate on vscode-oniguruma) over fixtures: the scopes of chosen
 * tokens, asserted exactly, including that each token is exactly that text.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as assert from "uvu/assert";
import oniguruma from "vscode-oniguruma";
import textmate, { type IGrammar } from "vscode-textmate";
import { suite } from "../../../tests/harness.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(createRequire(import.meta.url).resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== "source.sio") return null;
      const file = path.join(HERE, "..", "syntaxes", "sio.tmLanguage.json");
      return textmate.parseRawGrammar(readFileSync(file, "utf8"), file);
    },
  });
  return (await registry.loadGrammar("source.sio"))!;
}

interface Token {
  text: string;
  /** Scopes below `source.sio`, outermost first. */
  scopes: string[];
}

/** Every line of a fixture as tokens, the state carried from line to line as an editor does. */
function tokenize(grammar: IGrammar, text: string): Token[][] {
  let state = textmate.INITIAL;
  return text.split("\n").map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes.slice(1) }));
  });
}

const grammarSuite = suite<{ lines: Token[][]; routes: Token[][] }>("TextMate grammar", { lines: [], routes: [] });

grammarSuite.before(async (context) => {
  const grammar = await loadGrammar();
  context.lines = tokenize(grammar, readFileSync(path.join(HERE, "fixtures", "highlight.sio"), "utf8"));
  context.routes = tokenize(grammar, readFileSync(path.join(HERE, "..", "..", "..", "routes.sio"), "utf8"));
});

/** The scopes of the `nth` token of a 1-based line whose text is exactly `text`. */
function scopes(lines: Token[][], line: number, text: string, nth = 1): string[] {
  const matching = lines[line - 1]!.filter((token) => token.text === text);
  const token = matching[nth - 1];
  if (!token) throw new Error(`line ${line} has no token '${text}' (#${nth}): ${JSON.stringify(lines[line - 1]!.map((t) => t.text))}`);
  return token.scopes;
}

grammarSuite("comments, imports, settings and bindings", ({ lines }) => {
  assert.equal(scopes(lines, 1, "#"), ["comment.line.number-sign.sio", "punctuation.definition.comment.sio"]);
  assert.equal(scopes(lines, 2, "import"), ["meta.import.sio", "keyword.control.import.sio"]);
  assert.equal(scopes(lines, 2, "as"), ["meta.import.sio", "keyword.control.import.sio"]);
  assert.equal(scopes(lines, 2, "Echo"), ["meta.import.sio", "variable.other.readwrite.import.sio"]);
  assert.equal(scopes(lines, 2, "./consumers"), ["meta.import.sio", "string.quoted.double.sio"]);
  assert.equal(scopes(lines, 5, "settings"), ["meta.settings.sio", "storage.type.settings.sio"]);
  assert.equal(scopes(lines, 6, "allowed_hosts"), ["meta.settings.sio", "variable.other.property.setting.sio"]);
  assert.equal(scopes(lines, 7, "false"), ["meta.settings.sio", "constant.language.boolean.sio"]);
  assert.equal(scopes(lines, 10, "api"), ["variable.other.definition.sio"]);
  assert.equal(scopes(lines, 10, "URLRouter"), ["support.function.builtin.sio"]);
  assert.equal(scopes(lines, 21, "//"), ["comment.line.double-slash.sio", "punctuation.definition.comment.sio"]);
});

grammarSuite("path(): converters and parameters inside the route string, other strings plain", ({ lines }) => {
  const route = "string.quoted.double.route.sio";
  assert.equal(scopes(lines, 11, "path"), ["support.function.builtin.sio"]);
  assert.equal(scopes(lines, 11, "rooms/"), [route]);
  assert.equal(scopes(lines, 11, "<"), [route, "meta.parameter.route.sio", "punctuation.definition.parameter.begin.sio"]);
  assert.equal(scopes(lines, 11, "int"), [route, "meta.parameter.route.sio", "support.type.converter.sio"]);
  assert.equal(scopes(lines, 11, ":"), [route, "meta.parameter.route.sio", "punctuation.separator.converter.sio"]);
  assert.equal(scopes(lines, 11, "id"), [route, "meta.parameter.route.sio", "variable.parameter.route.sio"]);
  assert.equal(scopes(lines, 11, "slug"), [route, "meta.parameter.route.sio", "support.type.converter.sio"]);
  assert.equal(scopes(lines, 11, "name", 2), ["variable.parameter.sio"], "the keyword argument name=");
  assert.equal(scopes(lines, 11, "room"), ["string.quoted.double.sio"], "name='room' is no route");
  assert.equal(scopes(lines, 12, "uid"), ["string.quoted.single.route.sio", "meta.parameter.route.sio", "variable.parameter.route.sio"]);
});

grammarSuite("re_path(): a regular expression inside the pattern, raw or not, and only there", ({ lines }) => {
  const regex = "string.regexp.quoted.double.sio";
  assert.equal(scopes(lines, 13, "r"), [regex, "storage.type.string.sio"]);
  assert.equal(scopes(lines, 13, "^"), [regex, "keyword.control.anchor.regexp"]);
  assert.equal(scopes(lines, 13, "?P"), [regex, "keyword.other.group.regexp"]);
  assert.equal(scopes(lines, 13, "path"), [regex, "entity.name.tag.named.group.regexp"]);
  assert.equal(scopes(lines, 13, "["), [regex, "constant.other.character-class.set.regexp", "punctuation.character.set.begin.regexp"]);
  assert.equal(scopes(lines, 13, "^", 2), [regex, "constant.other.character-class.set.regexp", "keyword.operator.negation.regexp"]);
  assert.equal(scopes(lines, 13, "+"), [regex, "keyword.operator.quantifier.regexp"]);
  assert.equal(scopes(lines, 13, "\\."), [regex, "constant.character.escape.regexp"]);
  assert.equal(scopes(lines, 13, "$"), [regex, "keyword.control.anchor.regexp"]);
  assert.equal(scopes(lines, 13, "limit"), ["string.quoted.double.sio"], "the kwargs dict is no regex");
  assert.equal(scopes(lines, 13, "10"), ["constant.numeric.sio"]);
  assert.equal(scopes(lines, 14, "?:"), [regex, "keyword.other.group.regexp"]);
  assert.equal(scopes(lines, 14, "|"), [regex, "keyword.operator.disjunction.regexp"]);
  assert.equal(scopes(lines, 14, "{2,3}"), [regex, "keyword.operator.quantifier.regexp"]);
  assert.equal(scopes(lines, 14, "\\d"), [regex, "constant.other.character-class.regexp"]);
  assert.equal(scopes(lines, 15, "route_name"), ["variable.other.sio"], "a pattern given by name");
  assert.equal(scopes(lines, 20, "\\."), [regex, "constant.character.escape.regexp"]);
  assert.equal(scopes(lines, 20, "?"), [regex, "keyword.operator.quantifier.regexp"]);
  assert.equal(scopes(lines, 20, "ping_interval"), ["variable.parameter.sio"]);
  assert.equal(scopes(lines, 20, "25"), ["constant.numeric.sio"]);
  assert.equal(scopes(lines, 21, "https://example.com"), ["string.quoted.double.sio"]);
  assert.equal(scopes(lines, 22, "^"), ["string.regexp.quoted.single.sio", "keyword.control.anchor.regexp"]);
  assert.equal(scopes(lines, 22, "as_asgi"), ["support.function.as-asgi.sio"]);
});

grammarSuite("the project's routes.sio", ({ routes }) => {
  assert.equal(scopes(routes, 10, "socket"), ["string.regexp.quoted.double.sio"]);
  assert.equal(scopes(routes, 10, "\\."), ["string.regexp.quoted.double.sio", "constant.character.escape.regexp"]);
  assert.equal(scopes(routes, 13, "application"), ["variable.other.definition.sio"]);
  assert.equal(scopes(routes, 14, "AllowedHostsOriginValidator"), ["support.function.builtin.sio"]);
  assert.equal(scopes(routes, 19, "djangoApp"), ["variable.other.sio"]);
});

grammarSuite.run();
