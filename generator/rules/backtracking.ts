/**
 * Super-linear backtracking in route regexes (SIO112), found with `scslre`
 * on the regexpp AST of the compiled JavaScript regex: what V8 runs on every
 * request path. scslre reports a quantifier that can trade characters with
 * itself inside a repeated group (`(a+)+`: exponential; `(.*a){20}`: n^20)
 * or with another quantifier (`[^/]+-[^/]+`: quadratic), with a character to
 * repeat; it checks that a rejecting suffix exists, so a report is
 * exploitable. Its "Move" reports (the quadratic cost of an unanchored
 * search, `\w+/`) are left out: every unanchored route would have one.
 *
 * scslre and regexp-ast-analysis are loaded lazily, only for a pattern with
 * two unbounded quantifiers or an unbounded one inside a repeated group (the
 * shapes it can report): the usual route table never loads them.
 */
import { createRequire } from "node:module";
import { RegExpParser, type AST } from "@eslint-community/regexpp";
import { JS, NFA } from "refa";
import type { CompiledPattern } from "@sio-router/runtime/matching";
import { shortestWord } from "../reachability/automaton.js";
import { Budget } from "../reachability/budget.js";
import { pickChar } from "../reachability/language.js";
import type * as Scslre from "scslre";
import type { RouteNode, Spec } from "../model/model.js";

export interface Backtracking {
  route: RouteNode;
  /** Exponential, or a polynomial degree (at least 2). */
  growth: { exponential: true } | { exponential: false; degree: number };
  /** Where in `regexSource` the repeated quantifier is. */
  start: number;
  end: number;
  /** The attack: a prefix reaching the quantifier, a character to repeat, and a suffix that makes the match fail. */
  prefix: string;
  pump: string;
  suffix: string;
}

export interface BacktrackingFindings {
  found: Backtracking[];
  /** Routes whose pattern was too large to analyse: the reason, for SIO114. */
  skipped: Array<{ route: RouteNode; reason: string }>;
}

/** A regex longer than this is not analysed (scslre's cost grows with the pattern): SIO114 says so. */
const MAX_SOURCE_LENGTH = 2_000;

const cache = new WeakMap<Spec, BacktrackingFindings>();

export function backtrackingOf(spec: Spec): BacktrackingFindings {
  let findings = cache.get(spec);
  if (findings === undefined) {
    findings = { found: [], skipped: [] };
    for (const route of spec.routes) {
      const pattern = route.pattern.compiled;
      if (pattern === null) continue;
      if (pattern.regexSource.length > MAX_SOURCE_LENGTH) {
        findings.skipped.push({ route, reason: `its regex is longer than ${MAX_SOURCE_LENGTH.toLocaleString("en-US")} characters` });
        continue;
      }
      const found = analysePattern(pattern);
      if (found) findings.found.push({ route, ...found });
    }
    cache.set(spec, findings);
  }
  return findings;
}

/** Per regex: the worst report, or null. Equal patterns in many routes are analysed once. */
const results = new Map<string, Omit<Backtracking, "route"> | null>();
const RESULTS_LIMIT = 10_000;

function analysePattern(pattern: CompiledPattern): Omit<Backtracking, "route"> | null {
  const key = `${pattern.flags}/${pattern.regexSource}`;
  let result = results.get(key);
  if (result === undefined) {
    result = worstReport(pattern);
    if (results.size >= RESULTS_LIMIT) results.clear();
    results.set(key, result);
  }
  return result;
}

function worstReport(pattern: CompiledPattern): Omit<Backtracking, "route"> | null {
  const flags = pattern.flags;
  let ast: AST.Pattern;
  try {
    ast = new RegExpParser().parsePattern(pattern.regexSource, 0, pattern.regexSource.length, {
      unicode: flags.includes("u"),
      unicodeSets: flags.includes("v"),
    });
  } catch {
    return null;
  }
  if (!mayBacktrack(ast)) return null;
  const parsed = { pattern: ast, flags: parseFlags(flags) };
  const reports = scslre().analyse(parsed, { reportTypes: { Move: false } }).reports;
  let worst: { report: Scslre.Report; growth: Backtracking["growth"] } | null = null;
  for (const report of reports) {
    const growth = growthOf(report);
    if (worst === null || rank(growth) > rank(worst.growth)) worst = { report, growth };
  }
  if (worst === null) return null;
  const quantifier = worst.report.type === "Self" ? worst.report.parentQuant : worst.report.type === "Trade" ? worst.report.startQuant : worst.report.quant;
  const prefix = prefixOf(quantifier, parsed);
  const pump = worst.report.character.pick;
  return { growth: worst.growth, start: quantifier.start, end: quantifier.end, prefix, pump, suffix: rejectingSuffix(pattern, prefix, pump) };
}

function growthOf(report: Scslre.Report): Backtracking["growth"] {
  if (report.exponential) return { exponential: true };
  // A quantifier repeating itself under a bounded parent backtracks in n^max (scslre's own reading).
  if (report.type === "Self" && Number.isFinite(report.parentQuant.max)) return { exponential: false, degree: report.parentQuant.max };
  return { exponential: false, degree: 2 };
}

function rank(growth: Backtracking["growth"]): number {
  return growth.exponential ? Infinity : growth.degree;
}

let loaded: typeof Scslre | undefined;

function scslre(): typeof Scslre {
  loaded ??= createRequire(import.meta.url)("scslre") as typeof Scslre;
  return loaded;
}

/**
 * Whether scslre could report anything: two unbounded quantifiers, or an
 * unbounded one inside a quantifier that repeats (max ≥ 2).
 */
function mayBacktrack(ast: AST.Pattern): boolean {
  let unbounded = 0;
  let nested = false;
  const visit = (node: AST.Node, repeated: boolean): void => {
    if (node.type === "Quantifier") {
      if (node.max === Infinity) {
        unbounded++;
        if (repeated) nested = true;
      }
      visit(node.element, repeated || node.max >= 2);
      return;
    }
    const children: readonly AST.Node[] = "alternatives" in node ? node.alternatives : "elements" in node ? node.elements : [];
    for (const child of children) visit(child, repeated);
  };
  visit(ast, false);
  return nested || unbounded >= 2;
}

function parseFlags(flags: string): AST.Flags {
  return new RegExpParser().parseFlags(flags);
}

/**
 * The shortest text that leads the regex to the quantifier: for each
 * enclosing sequence, outermost first, the shortest text of the elements
 * before it (assertions count as empty). Empty when something before it
 * cannot be spelled (a backreference).
 */
function prefixOf(node: AST.Node, parsed: { pattern: AST.Pattern; flags: AST.Flags }): string {
  const before: AST.Element[] = [];
  for (let child: AST.Node = node, parent = node.parent; parent !== null; child = parent, parent = parent.parent) {
    if (parent.type === "Alternative") before.unshift(...parent.elements.slice(0, parent.elements.indexOf(child as AST.Element)));
    if (parent.type === "Pattern") break;
  }
  const parser = JS.Parser.fromAst(parsed);
  const budget = new Budget();
  let text = "";
  try {
    for (const element of before) {
      const { expression, maxCharacter } = parser.parseElement(element, { assertions: "ignore", backreferences: "throw" });
      const word = shortestWord(NFA.fromRegex(expression, { maxCharacter }, {}, budget.nfaFactory("a prefix")), budget, pickChar);
      if (word === undefined) return "";
      text += String.fromCodePoint(...word);
    }
  } catch {
    // Best effort: a backreference before the quantifier, or a prefix beyond the budget, is not spelled.
    return "";
  }
  return text;
}

/** Characters tried as the end of the attack, readable ones first. */
const SUFFIXES = ["!", "~", "#", " ", "/", "\n", "\u0000"];

/**
 * A character after which the regex rejects the pumped text, so the engine
 * tries every way to split it. Tried on a short pump (8 characters: even an
 * exponential regex answers at once); empty when none of the candidates does.
 */
function rejectingSuffix(pattern: CompiledPattern, prefix: string, pump: string): string {
  const text = prefix + pump.repeat(8);
  return SUFFIXES.find((suffix) => !pattern.regex.test(text + suffix)) ?? "";
}
