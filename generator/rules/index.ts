/**
 * The rule registry: frozen, in code order. One traversal of the model per
 * rule; each rule reports through its context.
 */
import type { Rule } from "./rule.js";

export const rules: readonly Rule[] = Object.freeze([]);
