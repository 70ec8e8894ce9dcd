/**
 * SIO110 — the spec does not bind: an invalid pattern (at the exact
 * character), an unknown name, a wrong argument shape (`URLRouter("x")`), a
 * duplicate binding, a missing `application`. Reported by the binder
 * (generator/model/bind.ts); this entry registers the code.
 *
 * Bad:
 * ```
 * application = ProtocolTypeRouter({
 *   "http": URLRouter(re_path("", djangoApp)),
 * })
 * ```
 * Good:
 * ```
 * application = ProtocolTypeRouter({
 *   "http": URLRouter([re_path("", djangoApp)]),
 * })
 * ```
 */
import { BIND_CODE } from "../model/bind.js";
import type { Rule } from "./rule.js";

export const bindingError: Rule = {
  code: BIND_CODE,
  name: "binding-error",
  severity: "error",
  summary: "invalid pattern, unknown name, wrong argument shape, duplicate binding or missing application",
  stage: "bind",
};
