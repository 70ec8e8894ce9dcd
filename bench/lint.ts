/**
 * `npm run bench:lint`: parse, bind and lint times for generated specs of
 * 100, 1,000 and 10,000 routes (median of several runs, after a warm-up).
 *
 * The specs are shaped like a real application: a Socket.IO endpoint shared
 * by both protocols, groups of REST-like routes (users, posts, orgs, chat,
 * admin, static...), half of the groups nested under prefix routers, and a
 * catch-all last. Every run uses fresh pattern texts (a per-run salt), so the
 * reachability engine's per-pattern cache never serves a measured run.
 */
import { parseSpec } from "../grammar/index.js";
import { SourceText } from "../grammar/source.js";
import { bindSpec } from "../generator/model/bind.js";
import { rules } from "../generator/rules/index.js";
import { toDiagnostic } from "../generator/rules/rule.js";
import type { Diagnostic } from "../grammar/diagnostics.js";
import { generateSpec } from "./lint-spec.js";

interface Sample {
  parse: number;
  bind: number;
  lint: number;
  /** Process CPU time of all three phases: steadier than wall time when other jobs share the machine. */
  cpu: number;
  routes: number;
  diagnostics: number;
}

function measure(text: string): Sample {
  const source = new SourceText("bench.sio", text);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const parsed = parseSpec(text);
  const t1 = performance.now();
  const bound = bindSpec(source, parsed.program);
  const t2 = performance.now();
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    rule.check?.({ spec: bound.spec, kinds: undefined, report: (report) => diagnostics.push(toDiagnostic(rule, report)) });
  }
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const all = [...parsed.diagnostics, ...bound.diagnostics, ...diagnostics];
  return { parse: t1 - t0, bind: t2 - t1, lint: t3 - t2, cpu: (cpu.user + cpu.system) / 1000, routes: bound.spec.routes.length, diagnostics: all.length };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const SIZES = [100, 1_000, 10_000];
const RUNS = Number(process.env.RUNS ?? 7);

// Start-up: load and JIT everything on a spec the measured runs do not share patterns with.
for (let i = 0; i < 3; i++) measure(generateSpec(1_000, `warm${i}`));

console.log(`sio lint benchmark — median of ${RUNS} runs, fresh patterns each run, Node ${process.version}`);
console.log("routes    parse ms   bind ms   lint ms   total ms   cpu ms   per route µs   diagnostics");
const totals: number[] = [];
for (const size of SIZES) {
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) samples.push(measure(generateSpec(size, `r${run}s${size}`)));
  const parse = median(samples.map((s) => s.parse));
  const bind = median(samples.map((s) => s.bind));
  const lint = median(samples.map((s) => s.lint));
  const total = median(samples.map((s) => s.parse + s.bind + s.lint));
  const cpu = median(samples.map((s) => s.cpu));
  totals.push(total);
  const row = [
    String(samples[0]!.routes).padStart(6),
    parse.toFixed(1).padStart(10),
    bind.toFixed(1).padStart(9),
    lint.toFixed(1).padStart(9),
    total.toFixed(1).padStart(10),
    cpu.toFixed(1).padStart(9),
    ((total * 1000) / samples[0]!.routes).toFixed(0).padStart(14),
    String(samples[0]!.diagnostics).padStart(13),
  ];
  console.log(row.join(""));
}
const growth = totals.slice(1).map((t, i) => (t / totals[i]!).toFixed(1));
console.log(`growth per 10× routes: ${growth.join("×, ")}× (linear would be 10×)`);
console.log(`target: 1,000 routes in under 300 ms — ${totals[1]! < 300 ? "met" : "missed"} (${totals[1]!.toFixed(1)} ms)`);
