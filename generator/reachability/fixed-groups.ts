/**
 * An under-approximation of a pattern with backreferences, for proofs of
 * reachability: each group a backreference repeats is fixed to one of its
 * shortest paths, and the backreference to the same text (`^(\w)(\w)\2\1/$`
 * becomes `^(a)(a)(?:a)(?:a)/$`). What remains is regular, and every path it
 * matches the original matches too, so a path found there that no earlier
 * route captures (confirmed by the regexes) shows the route is reachable.
 */
import { RegExpParser, type AST } from "@eslint-community/regexpp";
import { JS, NFA, type Char, type CharSet } from "refa";
import type { CompiledPattern } from "@sio-router/runtime/matching";
import { shortestWord } from "./automaton.js";
import type { Budget } from "./budget.js";

/** The pattern with its backreferenced groups fixed; null when it has none, or they nest or cannot be spelled. */
export function withFixedGroups(pattern: CompiledPattern, budget: Budget, pick: (set: CharSet) => Char): CompiledPattern | null {
  const source = pattern.regexSource;
  const unicode = pattern.flags.includes("u");
  const unicodeSets = pattern.flags.includes("v");
  let ast: AST.Pattern;
  try {
    ast = new RegExpParser().parsePattern(source, 0, source.length, { unicode, unicodeSets });
  } catch {
    return null;
  }
  const references: AST.Backreference[] = [];
  collect(ast, references);
  // A name used by several groups (`(?|…)`-like duplicates): which one a backreference repeats depends on the match.
  if (references.some((r) => r.ambiguous)) return null;
  const groups = [...new Set(references.map((r) => r.resolved as AST.CapturingGroup))];
  if (groups.length === 0) return null;
  // A fixed group inside another fixed group, or a backreference inside its own group: not spelled here.
  const inside = (node: AST.Node, outer: AST.Node) => node !== outer && node.start >= outer.start && node.end <= outer.end;
  if (groups.some((g) => groups.some((h) => inside(g, h)) || references.some((r) => groups.some((h) => inside(r, h))))) return null;
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const group of groups) {
    const first = group.alternatives[0]!;
    const last = group.alternatives[group.alternatives.length - 1]!;
    const word = shortestPath(source.slice(first.start, last.end), pattern.flags, budget, pick);
    if (word === null) return null;
    edits.push({ start: first.start, end: last.end, text: word });
    for (const reference of references) {
      if (reference.resolved === group) edits.push({ start: reference.start, end: reference.end, text: `(?:${word})` });
    }
  }
  let rewritten = source;
  for (const edit of edits.sort((a, b) => b.start - a.start)) rewritten = rewritten.slice(0, edit.start) + edit.text + rewritten.slice(edit.end);
  try {
    return { ...pattern, regexSource: rewritten, regex: new RegExp(rewritten, pattern.flags) };
  } catch {
    return null;
  }
}

function collect(node: AST.Node, into: AST.Backreference[]): void {
  if (node.type === "Backreference") into.push(node);
  const children: readonly AST.Node[] =
    "alternatives" in node ? node.alternatives : "elements" in node ? node.elements : "element" in node ? [node.element] : [];
  for (const child of children) collect(child, into);
}

/** One shortest path of a group's own pattern, escaped as regex text; null when it has none or cannot be built. */
function shortestPath(groupSource: string, flags: string, budget: Budget, pick: (set: CharSet) => Char): string | null {
  try {
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source: groupSource, flags }).parse({ backreferences: "throw", assertions: "throw" });
    const nfa = NFA.fromRegex(expression, { maxCharacter }, { assertions: "throw" }, budget.nfaFactory("a fixed group"));
    const word = shortestWord(nfa, budget, pick);
    return word === undefined ? null : word.map((c) => escape(c, /[uv]/.test(flags))).join("");
  } catch {
    // A nested backreference or assertion, or beyond the budget: no under-approximation, which proves nothing.
    return null;
  }
}

/** A character as regex text: letters and digits as themselves, anything else as an escape. */
function escape(c: Char, unicode: boolean): string {
  const text = String.fromCodePoint(c);
  if (/^[\p{L}\p{N}_]$/u.test(text)) return text;
  return unicode ? `\\u{${c.toString(16)}}` : `\\u${c.toString(16).padStart(4, "0")}`;
}
