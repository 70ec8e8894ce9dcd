/**
 * The way back from the routing model to the syntax tree, for fixes: the
 * model keeps spans, the tree keeps the expressions those spans came from.
 * Built once per spec and looked up by span.
 */
import type { Binding, CallExpression, DictEntry, Expression, Program } from "../../grammar/ast.js";
import type { Span } from "../../grammar/diagnostics.js";
import type { Spec } from "../model/model.js";

export interface SyntaxIndex {
  /** Calls by span. */
  calls: Map<string, CallExpression>;
  /** Dict entries by the span of their key. */
  entries: Map<string, DictEntry>;
  /** Bindings by name (the first one; duplicates are SIO110). */
  bindings: Map<string, Binding>;
}

const cache = new WeakMap<Program, SyntaxIndex>();

export function spanKey(span: Span): string {
  return `${span.start}:${span.end}`;
}

export function syntaxOf(spec: Spec): SyntaxIndex {
  const cached = cache.get(spec.program);
  if (cached) return cached;
  const index: SyntaxIndex = { calls: new Map(), entries: new Map(), bindings: new Map() };
  // An explicit stack: a spec nested 10,000 calls deep must not overflow the call stack.
  const stack: Expression[] = [];
  for (const statement of spec.program.statements) {
    if (statement.kind === "Binding") {
      if (!index.bindings.has(statement.name.name)) index.bindings.set(statement.name.name, statement);
      stack.push(statement.value);
    } else if (statement.kind === "SettingsBlock") {
      for (const entry of statement.entries) stack.push(entry.value);
    }
  }
  while (stack.length > 0) {
    const expression = stack.pop()!;
    switch (expression.kind) {
      case "CallExpression":
        index.calls.set(spanKey(expression.span), expression);
        stack.push(expression.callee);
        for (const argument of expression.args) stack.push(argument.value);
        break;
      case "MemberExpression":
        stack.push(expression.object);
        break;
      case "ListExpression":
        stack.push(...expression.elements);
        break;
      case "DictExpression":
        for (const entry of expression.entries) {
          index.entries.set(spanKey(entry.key.span), entry);
          stack.push(entry.value);
        }
        break;
      case "AddExpression":
        stack.push(expression.left, expression.right);
        break;
      default:
        break;
    }
  }
  cache.set(spec.program, index);
  return index;
}

/** Follows names bound to other expressions (`urls = [...]`), at most `limit` hops. */
export function resolveExpression(index: SyntaxIndex, expression: Expression, limit = 64): Expression {
  let current = expression;
  for (let hop = 0; hop < limit && current.kind === "NameExpression"; hop++) {
    const binding = index.bindings.get(current.name);
    if (!binding) break;
    current = binding.value;
  }
  return current;
}

/** The first positional argument of a call, if any. */
export function firstArgument(call: CallExpression): Expression | null {
  const argument = call.args.find((a) => a.kind === "PositionalArgument");
  return argument ? argument.value : null;
}
