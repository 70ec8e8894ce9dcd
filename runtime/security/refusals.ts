/**
 * Refusals are logged once per refused value (an Origin, a Host) per check,
 * with what is allowed and how to allow more: a misconfigured origin shows
 * up in the log at its first refusal, and a client retrying in a loop, or
 * an attacker sending many values, cannot flood it.
 */
import type { Logger } from "../logger.js";

/** Distinct values a check remembers; past that, one line says refusals are no longer logged. */
const MAX_LOGGED = 1000;

export class RefusalLog {
  readonly #seen = new Set<string>();

  /** Logs `message()` unless `value` was logged before. */
  log(logger: Logger, value: string, message: () => string): void {
    if (this.#seen.has(value) || this.#seen.size > MAX_LOGGED) return;
    this.#seen.add(value);
    if (this.#seen.size > MAX_LOGGED) {
      logger.warn(`more than ${MAX_LOGGED} distinct refused values; further refusals are not logged`);
      return;
    }
    logger.warn(`${message()} (logged once per value)`);
  }
}
