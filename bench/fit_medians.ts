/**
 * Medians and ranges of the fitter benchmarks (deno bench reports averages):
 * each case of bench/fit_bench.ts that issue 15 sets a target for, warmed up
 * over 200 calls (STEADY_STATE) and then timed call by call, with the cases
 * interleaved round by round so that a busy neighbour on the shared machine
 * slows them alike. Prints median, min, p10 and p90 per case; compare with
 * the anchors of scripts/anchors/run.sh measured at about the same time.
 * Run: deno run -A bench/fit_medians.ts [rounds, default 2000]
 *
 * @module
 */
import { fitPSPL } from "../fit/microlensing.ts";
import { fitPhaseCurve } from "../fit/phasecurve.ts";
import { solve } from "../fit/lm/solver.ts";
import { STEADY_STATE } from "./generate.ts";
import { a8467, blocks, event, magFit, magOptions, prepared, q0, syn } from "./fit_data.ts";

const cases: [string, () => unknown][] = [
  ["PSPL ZTF18abktckv mag χ², end to end", () => fitPSPL(event)],
  ["PSPL ZTF18abktckv flux χ², end to end", () => fitPSPL(event, { space: "flux" })],
  [
    "PSPL ZTF18abktckv mag LM, anchor's start",
    () =>
      solve(magFit, q0, prepared.t.length, magOptions, {
        blocks,
        layout: "column",
        finiteJacobian: true,
      }),
  ],
  ["sHG1G2 8467, 5 pole starts", () => fitPhaseCurve(a8467, { model: "SHG1G2" })],
  [
    "sHG1G2 8467, Fink's start",
    () => fitPhaseCurve(a8467, { model: "SHG1G2", poleStarts: [[180, 0]] }),
  ],
  ["sHG1G2 SYN_sHG1G2, 5 pole starts", () => fitPhaseCurve(syn, { model: "SHG1G2" })],
];

const rounds = Number(Deno.args[0] ?? STEADY_STATE.n);
const times = cases.map(() => [] as number[]);
for (let k = 0; k < STEADY_STATE.warmup + rounds; k++) {
  cases.forEach(([, f], c) => {
    const t = performance.now();
    f();
    if (k >= STEADY_STATE.warmup) times[c].push(performance.now() - t);
  });
  if (k % 200 === 0) Deno.stderr.writeSync(new TextEncoder().encode(`\rround ${k}`));
}
Deno.stderr.writeSync(new TextEncoder().encode("\n"));
const q = (v: number[], p: number) => v[Math.floor(p * (v.length - 1))].toFixed(2);
for (const [c, [name]] of cases.entries()) {
  const v = times[c].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(42)} median ${q(v, 0.5)} ms  (min ${q(v, 0)}, p10 ${q(v, 0.1)}, p90 ${
      q(v, 0.9)
    })`,
  );
}
