import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { Budget } from "../budget.js";
import { acceptsPath, isUndecidable, languageOf } from "../index.js";
import { rePath } from "./patterns.js";

test("acceptsPath: full match for an re_path endpoint ending with $, search otherwise", () => {
  assert.is(acceptsPath(rePath(""), "anything/at/all"), true);
  assert.is(acceptsPath(rePath("chat/"), "api/chat/x"), true);
  assert.is(acceptsPath(rePath("a|b$"), "xay"), false);
  assert.is(acceptsPath(rePath("a|b$", { endpoint: false }), "xay"), true);
  assert.is(acceptsPath(rePath("^socket\\.io/?$"), "socket.io/"), true);
  assert.is(acceptsPath(rePath("^socket\\.io$"), "socket.io/"), false);
});

test("languages agree with the regexes on sample paths", () => {
  const patterns = [
    rePath(""),
    rePath("^socket\\.io/?$"),
    rePath("chat/"),
    rePath("a|b$"),
    rePath("a|b$", { endpoint: false }),
    rePath("\\bchat\\b"),
    rePath("^(?!api/).*$"),
    rePath("^a$", { flags: "mu" }),
    rePath("^Chat/", { flags: "i" }),
    rePath("^n/\\p{Nd}+$"),
    rePath("(?:^|/)room/(?<id>[0-9]+)$"),
    // What precedes an anchor must match the empty word: read off the tree.
    rePath("x*^chat"),
    rePath("(?:a|)^b$"),
    rePath("(?:xa?)?^a"),
    rePath("a^b"),
    rePath("b$(?:x?)*"),
  ];
  const paths = ["", "a", "ab", "xchat", "xay", "xb", "chat", "chat/", "api/chat/x", "chatroom", "socket.io", "socket.io/", "api/x", "CHAT/x", "a\nb", "b\na", "n/42", "n/\u0663", "room/1", "x/room/12", "xroom/1"];
  for (const pattern of patterns) {
    const language = languageOf(pattern);
    if (isUndecidable(language)) throw new Error(`${pattern.regexSource}: ${language.undecidable}`);
    for (const path of paths) {
      const word = [...path].map((c) => c.codePointAt(0)!);
      assert.is(language.dfa(new Budget()).test(word), acceptsPath(pattern, path), `${pattern.regexSource} on ${JSON.stringify(path)}`);
    }
  }
});

test("languages are cached per source", () => {
  assert.is(languageOf(rePath("^cached/$")), languageOf(rePath("^cached/$")));
});

test("literal prefix and catch-all detection", () => {
  const seed = languageOf(rePath("^socket\\.io/?$"));
  const all = languageOf(rePath(""));
  if (isUndecidable(seed) || isUndecidable(all)) throw new Error("expected decidable");
  assert.is(seed.prefix, "socket.io");
  assert.is(seed.universal, false);
  assert.is(all.universal, true);
  assert.is(all.prefix, "");
});

test("undecidable constructs name the reason", () => {
  const backreference = languageOf(rePath("^(a+)b\\1$"));
  assert.ok(isUndecidable(backreference));
  assert.match(isUndecidable(backreference) ? backreference.undecidable : "", /backreference/);
  // A backreference to a single-word group is resolved, so decidable.
  assert.not.ok(isUndecidable(languageOf(rePath("^(a)b\\1$"))));
});

test.run();
