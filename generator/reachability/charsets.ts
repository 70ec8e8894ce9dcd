/**
 * Memoised operations on character sets. A table's patterns share their
 * character sets (see `parse.ts`), so the same large Unicode sets
 * (`\p{Nd}`, `[\p{L}\p{N}_-]`) meet again and again: in the edge summaries
 * of every route and in every product of two automata. Keyed by identity;
 * weak, so the cache never keeps a set alive.
 */
import type { CharSet } from "refa";

/** Below this many ranges on both sides a direct test is as cheap as the lookup. */
const SMALL = 4;

const unions = new WeakMap<CharSet, WeakMap<CharSet, CharSet>>();
const disjoint = new WeakMap<CharSet, WeakMap<CharSet, boolean>>();

/** `a ∪ b`. Pairwise unions merge two sorted range lists (refa's variadic form sorts). */
export function unionOf(a: CharSet, b: CharSet): CharSet {
  if (a === b) return a;
  let withA = unions.get(a);
  if (withA === undefined) unions.set(a, (withA = new WeakMap()));
  let union = withA.get(b);
  if (union === undefined) withA.set(b, (union = a.union(b)));
  return union;
}

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
