/**
 * Memoised disjointness of character sets. A table's patterns share their
 * character sets (see `parse.ts`), so the same large Unicode sets
 * (`\p{Nd}`, `[\p{L}\p{N}_-]`) meet again and again in the products of
 * two automata. Keyed by identity; weak, so the cache never keeps a set
 * alive.
 */
import type { CharSet } from "refa";

/** With this many ranges or fewer on either side, a direct test is as cheap as the lookup. */
const SMALL = 4;

const disjoint = new WeakMap<CharSet, WeakMap<CharSet, boolean>>();

/** Whether `a` and `b` share no character. */
export function areDisjoint(a: CharSet, b: CharSet): boolean {
  if (a === b) return a.isEmpty;
  if (a.ranges.length <= SMALL || b.ranges.length <= SMALL) return a.isDisjointWith(b);
  let withA = disjoint.get(a);
  if (withA === undefined) disjoint.set(a, (withA = new WeakMap()));
  let result = withA.get(b);
  if (result === undefined) withA.set(b, (result = a.isDisjointWith(b)));
  return result;
}
