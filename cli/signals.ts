/** Long-running commands (`serve`, `generate --watch`) run until the user stops them. */

/** What stops them: Ctrl+C, a service manager, a closed terminal. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Resolves with the first SIGINT, SIGTERM or SIGHUP from now on. Later
 * signals (an impatient second Ctrl+C while shutting down) exit at once with
 * 130.
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      for (const stop of STOP_SIGNALS) {
        process.off(stop, first);
        process.once(stop, () => process.exit(130));
      }
      resolve(signal);
    };
    for (const signal of STOP_SIGNALS) process.on(signal, first);
  });
}
