/**
 * The budget of one analysis: how many automaton states (or pairs of
 * states) it may create and how long it may run. Every construction that can
 * grow beyond a pattern's size (DFAs, products, searches, word enumeration)
 * draws from one; on exhaustion it throws `BudgetExceeded`, which the rules
 * turn into SIO114 ("check skipped for this route, and why"), never into a
 * verdict. Refa's own limits count nodes only: a DFA of 20,000 states over a
 * large NFA can still take seconds, hence the clock.
 */
import { DFA, NFA, type NodeFactory } from "refa";

/** Why an analysis stopped: which construction, and which limit it hit. */
export class BudgetExceeded extends Error {
  constructor(
    readonly construction: string,
    readonly limit: string,
  ) {
    super(`${construction} exceeds the budget of ${limit}`);
    this.name = "BudgetExceeded";
  }
}

export interface BudgetLimits {
  /** States or pairs of states created, summed over the analysis. */
  steps: number;
  /** Milliseconds of wall time. */
  milliseconds: number;
}

/**
 * Per route: a route table's realistic patterns use a few hundred steps and
 * well under a millisecond; the limits sit orders of magnitude above that and
 * orders below what exhausts memory. Steps are the limit that decides (the
 * same on every machine); the clock is a safety net for constructions whose
 * steps are slow, set high enough that a loaded machine's warm-up (first
 * Unicode sets, JIT) never reaches it on realistic patterns.
 */
export const ROUTE_BUDGET: BudgetLimits = { steps: 50_000, milliseconds: 2_000 };

/** Clock reads are cheap but not free: one every this many steps. */
const CLOCK_EVERY = 64;

export class Budget {
  private steps = 0;
  private readonly deadline: number;

  constructor(readonly limits: BudgetLimits = ROUTE_BUDGET) {
    this.deadline = performance.now() + limits.milliseconds;
  }

  /** Spends `count` steps on `construction`; throws `BudgetExceeded` past a limit. */
  spend(construction: string, count = 1): void {
    const before = this.steps;
    this.steps += count;
    const late = Math.floor(before / CLOCK_EVERY) !== Math.floor(this.steps / CLOCK_EVERY) && performance.now() > this.deadline;
    if (this.steps > this.limits.steps || late) throw new BudgetExceeded(construction, this.describe());
  }

  /** Both limits, whichever was hit: which one trips first depends on the machine, and messages must not. */
  describe(): string {
    const time = this.limits.milliseconds % 1000 === 0 ? `${this.limits.milliseconds / 1000} s` : `${this.limits.milliseconds} ms`;
    return `${this.limits.steps.toLocaleString("en-US")} automaton states or ${time}`;
  }

  nfaFactory(construction: string): NodeFactory<NFA.Node> {
    const nodes = new NFA.LimitedNodeFactory(Infinity);
    return { createNode: () => (this.spend(construction), nodes.createNode()) };
  }

  dfaFactory(construction: string): NodeFactory<DFA.Node> {
    const nodes = new DFA.LimitedNodeFactory(Infinity);
    return { createNode: () => (this.spend(construction), nodes.createNode()) };
  }
}
