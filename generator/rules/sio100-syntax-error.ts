/**
 * SIO100 — a syntax error. Reported by the parser (grammar/), which recovers
 * and reports every error, each at its own place; this entry registers the
 * code so every code lives in the registry.
 *
 * Bad:
 * ```
 * socketio_urlpatterns = [
 *   re_path(r"^socket\.io/?$" ChatConsumer.as_asgi()),
 * ]
 * ```
 * Good:
 * ```
 * socketio_urlpatterns = [
 *   re_path(r"^socket\.io/?$", ChatConsumer.as_asgi()),
 * ]
 * ```
 */
import type { Rule } from "./rule.js";

export const syntaxError: Rule = {
  code: "SIO100",
  name: "syntax-error",
  severity: "error",
  summary: "syntax error (the parser recovers and reports every one)",
  stage: "parse",
};
