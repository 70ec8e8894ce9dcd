/**
 * Lints texts in a worker thread, for the fuzz test's pathological inputs: a
 * worker can be bounded in memory (`resourceLimits`) and terminated when a
 * lint overruns, which a lint on the test's own thread cannot. Each message
 * is a text; each answer its diagnostics.
 */
import { parentPort } from "node:worker_threads";
import { analyzeText } from "../../analyze.js";

parentPort!.on("message", (text: string) => {
  parentPort!.postMessage(analyzeText("pathological.sio", text).diagnostics);
});
