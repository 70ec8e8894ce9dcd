// Preloaded (`node --import`) into a measured CLI process: on exit, writes the
// process's own user + system CPU time (µs) to $BENCH_CPU_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on("exit", () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, String(user + system));
  });
}
