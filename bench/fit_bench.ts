/**
 * Speed of the least-squares fitters, in steady state (STEADY_STATE: 200
 * warm-up calls, at least 2,000 measured): PSPL on ZTF18abktckv (2,078
 * forced-photometry points in g, r, i) end to end and from the start the
 * scipy anchor uses, PSPL on 400 synthetic points (2 bands), sHG1G2 on
 * asteroid 8467 (216 ZTF points) and on the 200-point SYN_sHG1G2 reference
 * set, HG1G2 and HG. The anchors (scipy, fink-utils) are timed on the same
 * data by scripts/anchors/run.sh. Last, an SSoFT row (fit, period search,
 * astrometry) and its period search alone, 20 runs each.
 * Run: deno bench -A bench/fit_bench.ts
 *
 * @module
 */
import { fitPSPL, psplMagnification } from "../fit/microlensing.ts";
import { fitPhaseCurve } from "../fit/phasecurve.ts";
import { solve } from "../fit/lm/solver.ts";
import { STEADY_STATE } from "./generate.ts";
import { a8467, blocks, event, magFit, magOptions, prepared, q0, syn } from "./fit_data.ts";
import { aggregatedLightCurves } from "../query/api/ssobulk.ts";
import {
  periodOfResiduals,
  type SsoftObservations,
  ssoftObservations,
  ssoftRow,
} from "../query/api/ssoft.ts";

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

Deno.bench("PSPL ZTF18abktckv, 2078 points, 3 bands, mag χ², end to end", STEADY_STATE, () => {
  fitPSPL(event);
});
Deno.bench("PSPL ZTF18abktckv, 2078 points, 3 bands, flux χ², end to end", STEADY_STATE, () => {
  fitPSPL(event, { space: "flux" });
});
Deno.bench("PSPL ZTF18abktckv, mag-space LM from the scipy anchor's start", STEADY_STATE, () => {
  solve(magFit, q0, prepared.t.length, magOptions, {
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

// The SSoFT's row of asteroid 8467 (query/api/ssoft.ts): the sHG1G2 fit, the period search of its
// residuals (multiband Lomb-Scargle, 1 h–30 d: ~230,000 trial frequencies) and the astrometry.
const ssoLc = (await aggregatedLightCurves()).find((c) => c.ssnamenr === "8467")!;
const ssoObs = ssoftObservations(ssoLc, Infinity) as SsoftObservations;
const FEW = { warmup: 3, n: 20 };
Deno.bench("SSoFT row, asteroid 8467 (216 points), SHG1G2: fit + period + astrometry", FEW, () => {
  ssoftRow(ssoLc, "SHG1G2", Infinity);
});
Deno.bench("SSoFT period search of 8467's residuals (216 points, 2 bands)", FEW, () => {
  periodOfResiduals(ssoObs.jdLight, ssoObs.mag, ssoObs.err, ssoObs.band);
});
