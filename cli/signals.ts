/** Long-running commands (`serve`, `generate --watch`) run until the user stops them. */

/**
 * Resolves with the first SIGINT or SIGTERM. Later signals (an impatient
 * second Ctrl+C while shutting down) exit at once with 130.
 */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.off("SIGINT", first);
      process.off("SIGTERM", first);
      process.once("SIGINT", () => process.exit(130));
      process.once("SIGTERM", () => process.exit(130));
      resolve(signal);
    };
    process.on("SIGINT", first);
    process.on("SIGTERM", first);
  });
}
