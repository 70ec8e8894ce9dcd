/**
 * From a parsed regex (refa's RE AST) to an NFA of the whole paths it
 * captures, resolving the assertions that automata can express exactly:
 *
 * - "nothing before/after" (`^`, `$` without `m`, and the search wrapper's own
 *   edges) at the top level of a sequence: the part before/after must match
 *   the empty word and is dropped;
 * - lookaheads at the top level of a sequence: `P (?=X) S` accepts
 *   `P · (S ∩ X·Σ*)`, `(?!X)` the difference; lookbehinds mirror that.
 *
 * Anything else (assertions nested in groups or quantifiers, lookaheads and
 * lookbehinds mixed in one sequence, lookarounds containing lookarounds) is
 * left to refa's `simplify` transformer by the caller, and what survives
 * that is undecidable here.
 */
import {
  CharSet,
  DFA,
  NFA,
  type Char,
  type Concatenation,
  type Element,
  type NoParent,
  type ReadonlyDFA,
  type ReadonlyNFA,
  type ReadonlyWord,
} from "refa";
import type { Budget } from "./budget.js";
import { areDisjoint } from "./charsets.js";

type Elements = NoParent<Element>[];

/** An assertion this builder cannot turn into an automaton. */
export class UnresolvedAssertion extends Error {}

export function isInputBoundary(node: NoParent<Element>, kind: "behind" | "ahead"): boolean {
  if (node.type !== "Assertion" || node.kind !== kind || !node.negate) return false;
  if (node.alternatives.length !== 1) return false;
  const elements = node.alternatives[0]!.elements;
  const only = elements[0];
  return elements.length === 1 && only?.type === "CharacterClass" && only.characters.isAll;
}

export function anyStar(maxCharacter: Char): NoParent<Element> {
  return {
    type: "Quantifier",
    lazy: false,
    min: 0,
    max: Infinity,
    alternatives: [
      { type: "Concatenation", elements: [{ type: "CharacterClass", characters: CharSet.all(maxCharacter) }] },
    ],
  };
}

/** Whether any of the nodes is or contains an assertion (a plain walk: `visitAst` is slower on this hot path). */
export function hasAssertion(nodes: readonly NoParent<Element>[]): boolean {
  for (const node of nodes) {
    if (node.type === "Assertion") return true;
    if (node.type === "Alternation" || node.type === "Quantifier") {
      for (const alternative of node.alternatives) if (hasAssertion(alternative.elements)) return true;
    }
  }
  return false;
}

/**
 * Whether elements accept the empty word, read off the tree (what is left
 * of the search wrapper's `[^]*` before a `^` is the usual case: no
 * automaton needed for it). An assertion met on the way is not resolved.
 */
function nullable(elements: readonly NoParent<Element>[]): boolean {
  return elements.every((element) => {
    switch (element.type) {
      case "CharacterClass":
        return false;
      case "Quantifier":
        return element.min === 0 || element.alternatives.some((a) => nullable(a.elements));
      case "Alternation":
        return element.alternatives.some((a) => nullable(a.elements));
      case "Assertion":
        throw new UnresolvedAssertion("nested assertion");
      case "Unknown":
        throw new Error(`unresolved backreference ${element.id}`);
    }
  });
}

export class AutomatonBuilder {
  private readonly options: NFA.Options;

  constructor(
    readonly maxCharacter: Char,
    readonly budget: Budget,
  ) {
    this.options = { maxCharacter };
  }

  /** The union of the given sequences, each a whole-path language. */
  alternatives(alternatives: readonly NoParent<Concatenation>[]): NFA {
    if (alternatives.length === 1) return this.sequence([...alternatives[0]!.elements]);
    const nfa = NFA.empty(this.options, this.factory());
    for (const alternative of alternatives) nfa.union(this.sequence([...alternative.elements]));
    return nfa;
  }

  private factory() {
    return this.budget.nfaFactory("the pattern's automaton");
  }

  private plain(elements: Elements): NFA {
    if (hasAssertion(elements)) throw new UnresolvedAssertion("nested assertion");
    return NFA.fromRegex(
      { type: "Concatenation", elements },
      this.options,
      { assertions: "throw" },
      this.factory(),
    );
  }

  private sequence(input: Elements): NFA {
    let elements = input;
    // Resolve "nothing before" from the left and "nothing after" from the right.
    for (let k = elements.findIndex((e) => isInputBoundary(e, "behind")); k !== -1; ) {
      if (!nullable(elements.slice(0, k))) return NFA.empty(this.options);
      elements = elements.slice(k + 1);
      k = elements.findIndex((e) => isInputBoundary(e, "behind"));
    }
    for (let k = lastIndex(elements, (e) => isInputBoundary(e, "ahead")); k !== -1; ) {
      if (!nullable(elements.slice(k + 1))) return NFA.empty(this.options);
      elements = elements.slice(0, k);
      k = lastIndex(elements, (e) => isInputBoundary(e, "ahead"));
    }
    const aheads = elements.flatMap((e, i) => (e.type === "Assertion" && e.kind === "ahead" ? [i] : []));
    const behinds = elements.flatMap((e, i) => (e.type === "Assertion" && e.kind === "behind" ? [i] : []));
    if (aheads.length > 0 && behinds.length > 0) {
      throw new UnresolvedAssertion("lookahead and lookbehind in one sequence");
    }
    if (aheads.length > 0) {
      // The leftmost lookahead sees exactly the rest of the path: the suffix.
      const k = aheads[0]!;
      const assertion = elements[k]!;
      if (assertion.type !== "Assertion") throw new UnresolvedAssertion("not an assertion");
      const looked = this.looked(assertion.alternatives, "ahead");
      const suffix = this.restrict(this.sequence(elements.slice(k + 1)), looked, assertion.negate);
      const result = this.plain(elements.slice(0, k));
      result.append(suffix);
      return result;
    }
    if (behinds.length > 0) {
      // The rightmost lookbehind sees exactly the path so far: the prefix.
      const k = behinds[behinds.length - 1]!;
      const assertion = elements[k]!;
      if (assertion.type !== "Assertion") throw new UnresolvedAssertion("not an assertion");
      const looked = this.looked(assertion.alternatives, "behind");
      const result = this.restrict(this.sequence(elements.slice(0, k)), looked, assertion.negate);
      result.append(this.plain(elements.slice(k + 1)));
      return result;
    }
    return this.plain(elements);
  }

  /**
   * The paths a lookaround accepts seen from its position: `X·Σ*` ahead,
   * `Σ*·X` behind, or just `X` where it ends at the path's edge (`(?!api$)`).
   */
  private looked(alternatives: readonly NoParent<Concatenation>[], kind: "behind" | "ahead"): NFA {
    const nfa = NFA.empty(this.options, this.factory());
    for (const alternative of alternatives) {
      const elements = [...alternative.elements];
      const edge = kind === "ahead" ? elements.length - 1 : 0;
      const atEdge = elements[edge] !== undefined && isInputBoundary(elements[edge], kind);
      if (atEdge) elements.splice(edge, 1);
      const language = this.plain(elements);
      if (!atEdge && kind === "ahead") language.append(NFA.all(this.options));
      if (!atEdge && kind === "behind") language.prepend(NFA.all(this.options));
      nfa.union(language);
    }
    return nfa;
  }

  /** `language ∩ looked`, or `language \ looked` when negated. */
  private restrict(language: NFA, looked: NFA, negate: boolean): NFA {
    if (!negate) return NFA.fromIntersection(language, looked, this.factory());
    const rejected = DFA.fromFA(looked, this.budget.dfaFactory("a negative lookaround"));
    rejected.complement();
    return NFA.fromIntersection(language, rejected, this.factory());
  }
}

function lastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

/**
 * Whether two NFAs accept a common word: a depth-first search of their
 * product that pairs states only along transitions whose labels meet. No
 * product automaton is built and label tests are memoised (`charsets.ts`),
 * where refa's `isDisjointWith` intersects the labels of every pair of
 * transitions, large Unicode sets included. Each pair visited is a step of
 * the budget (`BudgetExceeded` beyond it).
 */
export function languagesMeet(a: ReadonlyNFA, b: ReadonlyNFA, budget: Budget): boolean {
  const seen = new Map<NFA.ReadonlyNode, Set<NFA.ReadonlyNode>>([[a.initial, new Set([b.initial])]]);
  const stack: Array<[NFA.ReadonlyNode, NFA.ReadonlyNode]> = [[a.initial, b.initial]];
  for (let pair = stack.pop(); pair !== undefined; pair = stack.pop()) {
    const [p, q] = pair;
    if (a.finals.has(p) && b.finals.has(q)) return true;
    for (const [p2, left] of p.out) {
      let withP2 = seen.get(p2);
      for (const [q2, right] of q.out) {
        if (withP2?.has(q2) || areDisjoint(left, right)) continue;
        if (withP2 === undefined) seen.set(p2, (withP2 = new Set()));
        withP2.add(q2);
        budget.spend("the product of two languages");
        stack.push([p2, q2]);
      }
    }
  }
  return false;
}

/** An automaton's transitions from a state, as (label, next state) pairs: NFAs by state, DFAs by character range. */
type Label = CharSet | { min: Char; max: Char };
type Step<S> = (state: S) => Iterable<readonly [Label, S]>;

const nfaStep: Step<NFA.ReadonlyNode> = (state) => [...state.out].map(([to, via]) => [via, to] as const);
const dfaStep: Step<DFA.ReadonlyNode> = (state) => state.out;

/**
 * A shortest word both automata accept, or undefined when they share none: a
 * breadth-first search of their product, one step of the budget per pair of
 * states. Unlike refa's word-set enumeration, which walks paths (exponentially
 * many through a nondeterministic NFA), it visits each pair once. `pick`
 * chooses the character spelled for a label (a readable one, for messages).
 */
export function shortestCommonWord(
  a: ReadonlyNFA,
  b: ReadonlyNFA | ReadonlyDFA,
  budget: Budget,
  pick: (set: CharSet) => Char,
): ReadonlyWord | undefined {
  const step = (b instanceof NFA ? nfaStep : dfaStep) as Step<unknown>;
  const seen = new Map<NFA.ReadonlyNode, Set<unknown>>([[a.initial, new Set([b.initial])]]);
  const finalsB = b.finals as ReadonlySet<unknown>;
  let queue: Visit[] = [{ a: a.initial, b: b.initial, previous: null, via: null }];
  while (queue.length > 0) {
    const next: Visit[] = [];
    for (const visit of queue) {
      if (a.finals.has(visit.a) && finalsB.has(visit.b)) return spell(visit, pick);
      for (const [toA, viaA] of visit.a.out) {
        let withA = seen.get(toA);
        for (const [viaB, toB] of step(visit.b)) {
          if (withA?.has(toB) || viaA.commonCharacter(viaB) === undefined) continue;
          if (withA === undefined) seen.set(toA, (withA = new Set()));
          withA.add(toB);
          budget.spend("a search for a witness path");
          next.push({ a: toA, b: toB, previous: visit, via: [viaA, viaB] });
        }
      }
    }
    queue = next;
  }
  return undefined;
}

/** A shortest word the NFA accepts (breadth-first over its states), or undefined when it accepts none. */
export function shortestWord(nfa: ReadonlyNFA, budget: Budget, pick: (set: CharSet) => Char): ReadonlyWord | undefined {
  let all = ALL.get(nfa.maxCharacter);
  if (all === undefined) ALL.set(nfa.maxCharacter, (all = DFA.all({ maxCharacter: nfa.maxCharacter })));
  return shortestCommonWord(nfa, all, budget, pick);
}

const ALL = new Map<Char, ReadonlyDFA>();

interface Visit {
  a: NFA.ReadonlyNode;
  b: unknown;
  previous: Visit | null;
  /** The labels of the two transitions taken to get here. */
  via: readonly [CharSet, Label] | null;
}

function spell(visit: Visit, pick: (set: CharSet) => Char): ReadonlyWord {
  const word: Char[] = [];
  for (let v: Visit | null = visit; v.via !== null; v = v.previous!) word.push(pick(v.via[0].intersect(v.via[1])));
  return word.reverse();
}
