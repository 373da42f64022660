/**
 * Speed of the least-squares fitters, in steady state (STEADY_STATE: 200
 * warm-up calls, at least 2,000 measured): PSPL on ZTF18abktckv (2,078
 * forced-photometry points in g, r, i) end to end and from the start the
 * scipy anchor uses, PSPL on 400 synthetic points (2 bands), sHG1G2 on
 * asteroid 8467 (216 ZTF points) and on the 200-point SYN_sHG1G2 reference
 * set, HG1G2 and HG. The anchors (scipy, fink-utils) are timed on the same
 * data by scripts/anchors/run.sh.
 * Run: deno bench -A bench/fit_bench.ts
 *
 * @module
 */
import { fitPSPL, psplMagnification } from "../fit/microlensing.ts";
import { fitPhaseCurve, reducedMagnitude } from "../fit/phasecurve.ts";
import { solve } from "../fit/lm/solver.ts";
import { prepareLightCurve } from "../fit/microlensing_problem.ts";
import { magBlocks, magResidual } from "../fit/microlensing_residual.ts";
import { STEADY_STATE } from "./generate.ts";

const read = (path: string) => Deno.readTextFileSync(new URL(path, import.meta.url));
const fixtures = JSON.parse(read("../tests/fixtures/fitters.json"));

// ZTF18abktckv, bands in the order of scripts/anchors/pspl_start.json; the magnitude-space
// LM from that start is exactly fitPSPL's refinement step (same residuals, λ0 = 1e-5).
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
const bounds = {
  lower: [-Infinity, 1e-9, 1e-3, ...q0.slice(3).map(() => -Infinity)],
  upper: [Infinity, 10, 1e5, ...q0.slice(3).map(() => Infinity)],
};

// PSPL: the SYN2B recipe (spec §2.2) extended to 400 points.
const PHI = (Math.sqrt(5) - 1) / 2, frac = (x: number) => x - Math.floor(x);
const truth = { t0: 2459100.3, u0: 0.12, tE: 18.5 };
const t: number[] = [], mag: number[] = [], magErr: number[] = [], band: number[] = [];
for (let k = 1; k <= 400; k++) {
  const tk = 2459000 + Math.floor(200 * frac(k * PHI)) + 0.15 * frac(k * Math.SQRT2);
  const b = frac(k * Math.sqrt(3)) < 0.5 ? 1 : 2;
  const fs = 10 ** (0.4 * (22 - (b === 1 ? 19.2 : 18.7))), fb = fs * (b === 1 ? 0.3 : 0.5);
  const err = 0.02 + 0.03 * frac(k * PHI * 7);
  t.push(tk);
  band.push(b);
  magErr.push(err);
  mag.push(
    22 - 2.5 * Math.log10(fs * psplMagnification(tk, truth) + fb) + err * Math.sin(91.7 * k),
  );
}
const pspl = { t, mag, magErr, band };

const s = fixtures.phase_curves.SYN_sHG1G2.data;
const syn = {
  phase: s.phase_deg,
  mag: s.mag,
  err: s.err,
  band: s.fid,
  ra: s.ra_deg,
  dec: s.dec_deg,
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

Deno.bench("PSPL ZTF18abktckv, 2078 points, 3 bands, mag χ², end to end", STEADY_STATE, () => {
  fitPSPL(event);
});
Deno.bench("PSPL ZTF18abktckv, 2078 points, 3 bands, flux χ², end to end", STEADY_STATE, () => {
  fitPSPL(event, { space: "flux" });
});
Deno.bench("PSPL ZTF18abktckv, mag-space LM from the scipy anchor's start", STEADY_STATE, () => {
  solve(magFit, q0, prepared.t.length, { ...bounds, lambda0: 1e-5 }, {
    blocks,
    layout: "column",
    finiteJacobian: true,
  });
});
Deno.bench("PSPL fit, 400 points, 2 bands, mag χ² (grid + LM)", STEADY_STATE, () => {
  fitPSPL(pspl);
});
Deno.bench("PSPL fit, 400 points, 2 bands, flux χ² (grid + LM)", STEADY_STATE, () => {
  fitPSPL(pspl, { space: "flux" });
});
Deno.bench("sHG1G2 asteroid 8467, 216 points, 2 bands, 5 pole starts", STEADY_STATE, () => {
  fitPhaseCurve(a8467, { model: "SHG1G2" });
});
Deno.bench("sHG1G2 asteroid 8467, 216 points, 2 bands, Fink's start", STEADY_STATE, () => {
  fitPhaseCurve(a8467, { model: "SHG1G2", poleStarts: [[180, 0]] });
});
Deno.bench("sHG1G2 SYN_sHG1G2, 200 points, 2 bands, 5 pole starts", STEADY_STATE, () => {
  fitPhaseCurve(syn, { model: "SHG1G2" });
});
Deno.bench("HG1G2 fit, 200 points, 2 bands (soft_l1)", STEADY_STATE, () => {
  fitPhaseCurve(syn, { model: "HG1G2" });
});
Deno.bench("HG fit, 200 points, 2 bands (soft_l1)", STEADY_STATE, () => {
  fitPhaseCurve(syn, { model: "HG" });
});
