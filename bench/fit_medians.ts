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
import { fitPhaseCurve, reducedMagnitude } from "../fit/phasecurve.ts";
import { solve } from "../fit/lm/solver.ts";
import { prepareLightCurve } from "../fit/microlensing_problem.ts";
import { magBlocks, magResidual } from "../fit/microlensing_residual.ts";
import { STEADY_STATE } from "./generate.ts";

const read = (path: string) => Deno.readTextFileSync(new URL(path, import.meta.url));
const anchor = JSON.parse(read("../scripts/anchors/pspl_start.json"));
const event = {
  t: [] as number[],
  mag: [] as number[],
  magErr: [] as number[],
  band: [] as string[],
};
for (const b of anchor.bands as string[]) {
  for (
    const line of read(`../data/sample/fink-tutorials/galactic/Data/ZTF18abktckv_${b}.dat`).split(
      "\n",
    )
  ) {
    if (!line.trim() || line.startsWith("#")) continue;
    const [x, m, e] = line.trim().split(/\s+/).map(Number);
    event.t.push(x), event.mag.push(m), event.magErr.push(e), event.band.push(b);
  }
}
const prepared = prepareLightCurve(event, 22, false);
if (typeof prepared === "string") throw new Error(prepared);
const magFit = magResidual(prepared, false), blocks = magBlocks(prepared, false);
const q0: number[] = anchor.q0;
const magOptions = {
  lower: [-Infinity, 1e-9, 1e-3, ...q0.slice(3).map(() => -Infinity)],
  upper: [Infinity, 10, 1e5, ...q0.slice(3).map(() => Infinity)],
  lambda0: 1e-5,
};
const o = JSON.parse(read("../tests/fixtures/sso_phasecurves.json")).objects["8467"];
const a8467 = {
  phase: o.Phase,
  mag: o.cmagpsf.map((m: number, i: number) => reducedMagnitude(m, o.Dobs[i], o.Dhelio[i])),
  err: o.csigmapsf,
  band: o.cfid,
  ra: o.RA,
  dec: o.DEC,
};
const s = JSON.parse(read("../tests/fixtures/fitters.json")).phase_curves.SYN_sHG1G2.data;
const syn = {
  phase: s.phase_deg,
  mag: s.mag,
  err: s.err,
  band: s.fid,
  ra: s.ra_deg,
  dec: s.dec_deg,
};

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
