/**
 * SIO120 — a Socket.IO endpoint's `cors` is incoherent with the origin
 * validator on its websocket route.
 *
 * An endpoint applies one origin policy to both transports: its `cors`
 * origins plus what the validator around its websocket route admits. But on
 * the websocket the validator runs first and refuses what it does not admit
 * itself — so a `cors` origin outside `allowed_hosts` connects by polling and
 * never upgrades (a direct WebSocket fails). And `cors` admitting every origin
 * with `credentials` is what browsers refuse (`*`) or, reflected, lets any
 * page read the endpoint as the logged-in user.
 *
 * Bad:
 * ```
 * settings { allowed_hosts = ["chat.example.com"] }
 * sio = [re_path(r"^socket\.io/?$", ChatConsumer.as_asgi(cors={"origin": ["https://app.example.org"]}))]
 * "websocket": AllowedHostsOriginValidator(URLRouter(sio)),
 * ```
 * Good:
 * ```
 * settings { allowed_hosts = ["chat.example.com", "app.example.org"] }
 * sio = [re_path(r"^socket\.io/?$", ChatConsumer.as_asgi(cors={"origin": ["https://app.example.org"]}))]
 * "websocket": AllowedHostsOriginValidator(URLRouter(sio)),
 * ```
 */
import { createOriginCheck, resolveAllowedHosts } from "@sio-router/runtime/security";
import { corsOriginsOf, type SocketIOOptions } from "@sio-router/runtime/socketio-options";
import { unwrapMiddleware } from "../model/classify.js";
import type { MiddlewareNode, Spec, Value, ValueNode } from "../model/model.js";
import type { Rule, RuleContext } from "./rule.js";
import { socketIOUsesOf, type SocketIOEndpointUses } from "./socketio-uses.js";

const isOriginValidator = (m: MiddlewareNode): boolean =>
  m.builtin === "AllowedHostsOriginValidator" || m.builtin === "OriginValidator";

/** The endpoint's `cors=` option, from the first route that reaches it. */
function corsOption(endpoint: SocketIOEndpointUses): ValueNode | undefined {
  for (const use of [...endpoint.http, ...endpoint.websocket]) {
    const { app } = unwrapMiddleware(use.routed.route.target);
    if (app.kind === "SocketIO" || app.kind === "Consumer") return app.options.cors;
  }
  return undefined;
}

/** `cors` as the runtime takes it, or undefined when the runtime would refuse it at start. */
function runtimeCors(value: Value): SocketIOOptions["cors"] | undefined {
  if (typeof value === "boolean") return value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const { origin, credentials } = value;
  const originOk =
    origin === undefined || typeof origin === "boolean" || typeof origin === "string" || (Array.isArray(origin) && origin.every((o) => typeof o === "string"));
  if (!originOk || (credentials !== undefined && typeof credentials !== "boolean")) return undefined;
  return value as SocketIOOptions["cors"];
}

/** The patterns a validator admits, as the runtime resolves them (the environment left out: lint is about the spec). */
function patternsOf(validator: MiddlewareNode, spec: Spec): readonly string[] {
  if (validator.builtin === "OriginValidator") return validator.origins ?? [];
  return resolveAllowedHosts({ allowed_hosts: spec.settings.allowedHosts ?? [], debug: spec.settings.debug }, {});
}

export const incoherentCors: Rule = {
  code: "SIO120",
  name: "incoherent-cors",
  severity: "warning",
  summary: "a Socket.IO endpoint's cors is incoherent with the origin validator on its websocket route",
  stage: "check",
  check(context: RuleContext) {
    const { spec } = context;
    for (const endpoint of socketIOUsesOf(spec, context.kinds).endpoints) {
      const option = corsOption(endpoint);
      const cors = option === undefined ? undefined : runtimeCors(option.value);
      if (option === undefined || cors === undefined) continue;
      const admitted = corsOriginsOf(cors);
      if (admitted.all && admitted.credentials) {
        context.report({
          span: option.span,
          message:
            "cors admits every origin with credentials: browsers refuse credentials with \"*\", and a reflected origin lets any page use this endpoint as the logged-in user; list the origins that may connect",
        });
        continue;
      }
      const validators = [...new Set(endpoint.websocket.flatMap((use) => use.routed.middleware.filter(isOriginValidator)))];
      if (validators.length === 0) continue;
      const patterns = validators.map((validator) => ({ validator, patterns: patternsOf(validator, spec) }));
      const admits = (origin: string) => patterns.some(({ patterns }) => createOriginCheck(patterns)(origin));
      const validator = validators[0]!;
      const named = `the websocket route's ${validator.name} (${JSON.stringify(patterns[0]!.patterns)})`;
      const related = [{ span: validator.span, message: `${validator.name} on the websocket route` }];
      if (admitted.all) {
        if (patterns.some(({ patterns }) => patterns.includes("*"))) continue;
        context.report({
          span: option.span,
          message: `cors admits every origin, but ${named} does not: any page can use polling, and its WebSocket is refused; list the origins in cors, and their hosts in allowed_hosts`,
          related,
        });
        continue;
      }
      const outside = admitted.origins.filter((origin) => !admits(origin));
      if (outside.length === 0) continue;
      const listed = outside.map((origin) => JSON.stringify(origin)).join(", ");
      context.report({
        span: option.span,
        message:
          `cors ${outside.length === 1 ? "origin" : "origins"} ${listed} ${outside.length === 1 ? "is" : "are"} outside ${named}: ` +
          `polling admits ${outside.length === 1 ? "it" : "them"}, the WebSocket refuses ${outside.length === 1 ? "it" : "them"}; ` +
          `add ${outside.length === 1 ? "its host" : "their hosts"} to allowed_hosts, or remove ${outside.length === 1 ? "it" : "them"} from cors`,
        related,
      });
    }
  },
};
