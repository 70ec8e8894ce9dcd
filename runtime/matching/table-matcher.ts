/**
 * A whole URLRouter table compiled for speed, with exactly the semantics of
 * trying `matchPattern` on each route in declaration order.
 *
 * - Literal-prefix dispatch: a route whose regex can only match at the start
 *   of the path (`^lit…`) can only match paths starting with `lit`. A radix
 *   trie over these prefixes picks, for a path, the routes whose prefix it
 *   starts with; routes that search (unanchored) or have no literal prefix
 *   are in every bucket, at their declaration position.
 * - Combined alternation: a run of consecutive anchored routes in a bucket is
 *   one RegExp `^(?:()A|()B|…)`. Every alternative can only match at 0, so the
 *   first alternative that matches is the first route in declaration order
 *   that matches, with the captures its own regex would give. The empty
 *   marker group opening each alternative tells which one matched: it is the
 *   first `""` in the result (groups of the alternatives tried before are
 *   unset again after they failed).
 * - Captures only for the chosen route. Every capture register of a combined
 *   RegExp costs on every exec, so a run with few groups in all keeps them
 *   (and the chosen route's are read at their offsets after its marker),
 *   while a run with many makes them non-capturing and runs the chosen
 *   route's own regex. A route without groups is tried with `test` on a `g`
 *   copy of its regex: `lastIndex` gives the end of the match, no result is
 *   built.
 */
import { RegExpParser, type AST } from "@eslint-community/regexpp";
import { matchPattern } from "./match.js";
import { NO_ARGS, NO_KWARGS, newKwargs, type CompiledPattern, type PatternMatch } from "./types.js";

export interface TableMatch {
  /** Index of the matched route in the table. */
  index: number;
  match: PatternMatch;
}

export interface TableMatcher {
  /**
   * The first route at or after `from`, in declaration order, whose pattern
   * matches `path` — what trying `matchPattern` on each route in turn gives —
   * or null.
   */
  match(path: string, from?: number): TableMatch | null;
}

export interface TableOptions {
  /** Literal-prefix dispatch (default true). */
  dispatch?: boolean;
  /** Combined alternations of consecutive anchored routes (default true). */
  combine?: boolean;
}

/** Alternatives per combined RegExp: the exec result holds every group of them. */
const MAX_ALTERNATIVES = 64;
/** Shorter runs cost less as separate execs than as one alternation with markers. */
const MIN_ALTERNATIVES = 3;
/** A combined RegExp keeps its alternatives' groups up to this many in all. */
const MAX_CAPTURES = 16;

/** What the table matcher knows about one pattern, from its JavaScript regex. */
interface RouteShape {
  /** Literal text every match starts the path with; null when a match may start anywhere. */
  prefix: string | null;
  /** Whether the pattern may join a combined alternation: it only matches at 0 and has no backreference. */
  combinable: boolean;
  /** The regex source. */
  source: string;
  /** Where each capturing group opens in `source`: `(` or `(?<name>`. */
  groupHeads: Array<{ start: number; length: number }>;
  /** Number of capturing groups in the regex; -1 when it could not be parsed. */
  groupCount: number;
  /** For each of `groupNames`, its group number in the pattern. */
  nameGroups: number[];
}

/** One step of a bucket: a single route's own regex, or a combined alternation. */
interface Step {
  /**
   * Combined: the alternation. Single route without groups: its regex with
   * `g`, for `test` and `lastIndex`. Built on first use (building parses it,
   * Unicode property classes included: milliseconds across a large table).
   */
  regex: RegExp | null;
  source: string;
  flags: string;
  /** Table indices of the routes, ascending. */
  routes: number[];
  first: number;
  last: number;
  /** Combined only: the route whose marker is at each group number (-1 elsewhere). */
  routeOfGroup: Int32Array | null;
  /** Combined only: the alternatives keep their groups. */
  capturing: boolean;
  /** Single route: tried with `test` on `regex` (it has no groups), not with matchPattern. */
  probe: boolean;
}

function regexOf(step: Step): RegExp {
  return (step.regex ??= new RegExp(step.source, step.flags));
}

interface TrieNode {
  edge: string;
  ascii: Array<TrieNode | undefined>;
  other: Map<number, TrieNode> | null;
  steps: Step[];
}

const parser = new RegExpParser();

/**
 * Compiles a router's routes, in declaration order, once (URLRouter does it
 * when it is built). The options switch techniques off, for benchmarks; the
 * answers are the same with any of them.
 */
export function compileTable(patterns: readonly CompiledPattern[], options: TableOptions = {}): TableMatcher {
  const dispatch = options.dispatch ?? true;
  const combine = options.combine ?? true;
  const table = patterns.slice();
  const shapes = table.map(shapeOf);
  const stepsOf = stepBuilder(table, shapes, combine);
  let root: TrieNode;
  if (dispatch) {
    root = buildTrie(shapes);
    assignSteps(root, shapes, stepsOf);
  } else {
    root = newNode("");
    root.steps = stepsOf(table.map((_, index) => index));
  }
  return new CompiledTable(table, shapes, root);
}

class CompiledTable implements TableMatcher {
  constructor(
    private readonly table: readonly CompiledPattern[],
    private readonly shapes: readonly RouteShape[],
    private readonly root: TrieNode,
  ) {}

  match(path: string, from = 0): TableMatch | null {
    let node = this.root;
    let pos = 0;
    while (pos < path.length) {
      const code = path.charCodeAt(pos);
      const child = code < 128 ? node.ascii[code] : node.other?.get(code);
      if (child === undefined) break;
      // The first character is the one just looked up.
      const edge = child.edge;
      if (edge.length > 1 && !path.startsWith(edge, pos)) break;
      pos += edge.length;
      node = child;
    }
    const steps = node.steps;
    for (let s = 0; s < steps.length; s++) {
      const step = steps[s] as Step;
      if (step.last < from) continue;
      const routeOfGroup = step.routeOfGroup;
      if (routeOfGroup === null) {
        const index = step.first;
        if (step.probe) {
          const probe = regexOf(step);
          probe.lastIndex = 0;
          if (probe.test(path)) return { index, match: { remaining: path.slice(probe.lastIndex), args: NO_ARGS, kwargs: NO_KWARGS } };
        } else {
          const match = matchPattern(this.table[index] as CompiledPattern, path);
          if (match !== null) return { index, match };
        }
      } else if (step.first >= from) {
        const result = regexOf(step).exec(path);
        if (result !== null) {
          const marker = result.indexOf("", 1);
          const index = routeOfGroup[marker] as number;
          return { index, match: this.read(step.capturing, result, marker, index, path) };
        }
      } else {
        // Continuing after a fall-through inside this run: the routes left, one by one.
        for (const index of step.routes) {
          if (index < from) continue;
          const match = matchPattern(this.table[index] as CompiledPattern, path);
          if (match !== null) return { index, match };
        }
      }
    }
    return null;
  }

  /**
   * `matchPattern`'s result for the route whose alternative matched (at 0, so
   * what the route's own regex matches): its groups after `marker`, or from
   * its own regex when the combined one does not capture.
   */
  private read(capturing: boolean, result: RegExpExecArray, marker: number, index: number, path: string): PatternMatch {
    const pattern = this.table[index] as CompiledPattern;
    const shape = this.shapes[index] as RouteShape;
    const count = shape.groupCount;
    if (count === 0) return { remaining: path.slice(result[0].length), args: NO_ARGS, kwargs: NO_KWARGS };
    if (!capturing) return matchPattern(pattern, path) as PatternMatch;
    const remaining = path.slice(result[0].length);
    const names = pattern.groupNames;
    if (names.length === 0) return { remaining, args: result.slice(marker + 1, marker + 1 + count), kwargs: NO_KWARGS };
    const nameGroups = shape.nameGroups;
    const converters = pattern.converters;
    const kwargs = newKwargs<string | number>();
    for (let n = 0; n < names.length; n++) {
      const value = result[marker + (nameGroups[n] as number)];
      if (value !== undefined) {
        const name = names[n] as string;
        kwargs[name] = converters[name] === "int" ? Number(value) : value;
      }
    }
    return { remaining, args: NO_ARGS, kwargs };
  }
}

/** Reads prefix, anchoring and groups off the pattern's regex (the RegExp matchPattern runs). */
function shapeOf(pattern: CompiledPattern): RouteShape {
  const { source, flags } = pattern.regex;
  let ast: AST.Pattern;
  try {
    ast = parser.parsePattern(source, 0, source.length, { unicode: flags.includes("u"), unicodeSets: flags.includes("v") });
  } catch {
    // A regex newer than the parser knows: correct, just not accelerated.
    return { prefix: null, combinable: false, source, groupHeads: [], groupCount: -1, nameGroups: [] };
  }
  const groups: AST.CapturingGroup[] = [];
  let backreference = false;
  walk(ast, (node) => {
    if (node.type === "CapturingGroup") groups.push(node);
    else if (node.type === "Backreference") backreference = true;
  });
  groups.sort((a, b) => a.start - b.start);
  const groupCount = groups.length;
  const nameGroups = pattern.groupNames.map((name) => groups.findIndex((group) => group.name === name) + 1);
  // With `m`, `^` also matches after a line break; `g`/`y` make exec stateful.
  const groupHeads = groups.map((group) => ({ start: group.start, length: group.name === null ? 1 : group.raw.indexOf(">") + 1 }));
  const shape = { prefix: null, combinable: false, source, groupHeads, groupCount, nameGroups };
  if (/[gmy]/.test(flags)) return shape;
  const lead = leadOf(ast.alternatives, { anchored: false, prefix: "" }, flags.includes("i"));
  // A pattern that is only literals and anchors, none of them, is "": it matches at 0.
  const atStart = lead.anchored || (lead.complete && lead.prefix === "");
  if (!atStart) return shape;
  return { ...shape, prefix: lead.prefix, combinable: !nameGroups.includes(0) && !backreference };
}

interface Lead {
  /** A `^` comes before anything that consumes a character. */
  anchored: boolean;
  /** The characters every match consumes first (only counted once anchored). */
  prefix: string;
}

/**
 * Follows the elements every match starts with: anchors, literal characters,
 * and groups. `complete` is false where it had to stop (anything else), so
 * nothing after it is read.
 */
function leadOf(alternatives: readonly AST.Alternative[], lead: Lead, ignoreCase: boolean): Lead & { complete: boolean } {
  if (alternatives.length !== 1) {
    // Anchored when every branch is; the prefix is what all branches share.
    const branches = alternatives.map((alternative) => leadOf([alternative], { ...lead }, ignoreCase));
    const anchored = branches.every((branch) => branch.anchored);
    const prefixes = branches.map((branch) => branch.prefix);
    return { anchored, prefix: anchored ? commonPrefix(prefixes) : lead.prefix, complete: false };
  }
  const elements = (alternatives[0] as AST.Alternative).elements;
  let { anchored, prefix } = lead;
  for (const element of elements) {
    if (element.type === "Assertion" && element.kind === "start") {
      anchored = true;
    } else if (element.type === "Character" && anchored && !ignoreCase) {
      prefix += String.fromCodePoint(element.value);
    } else if (element.type === "Group" && element.modifiers === null) {
      const inner = leadOf(element.alternatives, { anchored, prefix }, ignoreCase);
      ({ anchored, prefix } = inner);
      if (!inner.complete) return { anchored, prefix, complete: false };
    } else {
      return { anchored, prefix, complete: false };
    }
  }
  return { anchored, prefix, complete: true };
}

function commonPrefix(strings: readonly string[]): string {
  let common = strings[0] ?? "";
  for (const string of strings) {
    let i = 0;
    while (i < common.length && i < string.length && common.charCodeAt(i) === string.charCodeAt(i)) i++;
    common = common.slice(0, i);
  }
  return common;
}

/**
 * The source as an alternative of a combined RegExp: named groups made
 * positional (names may repeat across alternatives), or all groups made
 * non-capturing.
 */
function alternativeSource(shape: RouteShape, capturing: boolean): string {
  const { source } = shape;
  let out = "";
  let at = 0;
  for (const head of shape.groupHeads) {
    out += `${source.slice(at, head.start)}${capturing ? "(" : "(?:"}`;
    at = head.start + head.length;
  }
  return out + source.slice(at);
}

function walk(node: AST.Node, visit: (node: AST.Node) => void): void {
  visit(node);
  switch (node.type) {
    case "Pattern":
    case "Group":
    case "CapturingGroup":
      for (const alternative of node.alternatives) walk(alternative, visit);
      return;
    case "Assertion":
      if (node.kind === "lookahead" || node.kind === "lookbehind") for (const alternative of node.alternatives) walk(alternative, visit);
      return;
    case "Alternative":
      for (const element of node.elements) walk(element, visit);
      return;
    case "Quantifier":
      walk(node.element, visit);
      return;
    default:
      return;
  }
}

function newNode(edge: string): TrieNode {
  return { edge, ascii: [], other: null, steps: [] };
}

function childAt(node: TrieNode, code: number): TrieNode | undefined {
  return code < 128 ? node.ascii[code] : node.other?.get(code);
}

function setChild(node: TrieNode, child: TrieNode): void {
  const code = child.edge.charCodeAt(0);
  if (code < 128) node.ascii[code] = child;
  else (node.other ??= new Map()).set(code, child);
}

/** A radix trie holding every non-empty route prefix. */
function buildTrie(shapes: readonly RouteShape[]): TrieNode {
  const root = newNode("");
  for (const shape of shapes) {
    const prefix = shape.prefix;
    if (!prefix) continue;
    let node = root;
    let pos = 0;
    while (pos < prefix.length) {
      const child = childAt(node, prefix.charCodeAt(pos));
      if (child === undefined) {
        setChild(node, newNode(prefix.slice(pos)));
        break;
      }
      const edge = child.edge;
      let shared = 0;
      while (shared < edge.length && pos + shared < prefix.length && edge.charCodeAt(shared) === prefix.charCodeAt(pos + shared)) shared++;
      if (shared < edge.length) {
        // Split the edge: the shared part becomes a node of its own.
        const middle = newNode(edge.slice(0, shared));
        child.edge = edge.slice(shared);
        setChild(middle, child);
        setChild(node, middle);
        node = middle;
      } else {
        node = child;
      }
      pos += shared;
    }
  }
  return root;
}

/**
 * Gives each trie node the steps for the routes a path reaching it may
 * match: those whose prefix is a prefix of the node's text, in declaration
 * order. A node where no prefix ends shares its parent's steps.
 */
function assignSteps(root: TrieNode, shapes: readonly RouteShape[], stepsOf: StepsOf): void {
  const byPrefix = new Map<string, number[]>();
  shapes.forEach((shape, index) => {
    const key = shape.prefix ?? "";
    const list = byPrefix.get(key);
    if (list === undefined) byPrefix.set(key, [index]);
    else list.push(index);
  });
  const visit = (node: TrieNode, text: string, inherited: readonly number[], inheritedSteps: Step[] | null): void => {
    const own = byPrefix.get(text);
    let routes = inherited;
    if (own !== undefined || inheritedSteps === null) {
      routes = mergeSorted(inherited, own ?? []);
      node.steps = stepsOf(routes);
    } else {
      node.steps = inheritedSteps;
    }
    for (const child of node.ascii) if (child !== undefined) visit(child, text + child.edge, routes, node.steps);
    if (node.other !== null) for (const child of node.other.values()) visit(child, text + child.edge, routes, node.steps);
  };
  visit(root, "", [], null);
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as number) < (b[j] as number))) out.push(a[i++] as number);
    else out.push(b[j++] as number);
  }
  return out;
}

type StepsOf = (routes: readonly number[]) => Step[];

/**
 * Splits a bucket into runs of consecutive combinable routes with the same
 * flags. Buckets share their ancestors' routes, so equal runs (and single
 * routes) get one Step, built once.
 */
function stepBuilder(table: readonly CompiledPattern[], shapes: readonly RouteShape[], combine: boolean): StepsOf {
  const built = new Map<string, Step>();
  const stepOf = (run: readonly number[]): Step => {
    const key = run.join();
    let step = built.get(key);
    if (step === undefined) {
      step = run.length === 1 ? singleStep(run[0] as number, table, shapes) : combinedStep(run, table, shapes);
      built.set(key, step);
    }
    return step;
  };
  return (routes) => {
    const steps: Step[] = [];
    let run: number[] = [];
    const flush = (): void => {
      if (run.length >= MIN_ALTERNATIVES) steps.push(stepOf(run));
      else for (const index of run) steps.push(stepOf([index]));
      run = [];
    };
    for (const index of routes) {
      const flags = (table[index] as CompiledPattern).regex.flags;
      const joins = combine && (shapes[index] as RouteShape).combinable;
      if (!joins || run.length === MAX_ALTERNATIVES || (run.length > 0 && (table[run[0] as number] as CompiledPattern).regex.flags !== flags)) flush();
      if (joins) run.push(index);
      else steps.push(stepOf([index]));
    }
    flush();
    return steps;
  };
}

function singleStep(index: number, table: readonly CompiledPattern[], shapes: readonly RouteShape[]): Step {
  const { regex } = table[index] as CompiledPattern;
  const probe = (shapes[index] as RouteShape).groupCount === 0 && !/[gy]/.test(regex.flags);
  return { regex: null, source: regex.source, flags: `${regex.flags}g`, routes: [index], first: index, last: index, routeOfGroup: null, capturing: false, probe };
}

function combinedStep(run: readonly number[], table: readonly CompiledPattern[], shapes: readonly RouteShape[]): Step {
  const capturing = run.reduce((sum, index) => sum + (shapes[index] as RouteShape).groupCount, 0) <= MAX_CAPTURES;
  const alternatives: string[] = [];
  const markers: Array<[group: number, route: number]> = [];
  let group = 1;
  for (const index of run) {
    const shape = shapes[index] as RouteShape;
    alternatives.push(`()(?:${alternativeSource(shape, capturing)})`);
    markers.push([group, index]);
    group += 1 + (capturing ? shape.groupCount : 0);
  }
  const routeOfGroup = new Int32Array(group).fill(-1);
  for (const [marker, route] of markers) routeOfGroup[marker] = route;
  const flags = (table[run[0] as number] as CompiledPattern).regex.flags;
  return {
    regex: null,
    source: `^(?:${alternatives.join("|")})`,
    flags,
    routes: run.slice(),
    first: run[0] as number,
    last: run[run.length - 1] as number,
    routeOfGroup,
    capturing,
    probe: false,
  };
}
