/**
 * One-off measurement behind the decision recorded in docs/fitters.md: does npm
 * `ml-levenberg-marquardt` reach the reference optima? Fits the SYN2B two-band PSPL
 * vector (flux space, 7 parameters, weighted by 1/σ_F) and the SYN_sHG1G2 data with
 * HG1G2 (linear loss, 6 parameters, unweighted) with both the library and finkit's
 * `leastSquares`, from the same starts.
 * Run: deno run -A scripts/compare_ml_lm.ts
 *
 * @module
 */
import { levenbergMarquardt } from "ml-levenberg-marquardt";
import { fitPSPL, psplChi2, psplMagnificationGradient } from "../fit/microlensing.ts";
import { fitPhaseCurve, funcHg1g2 } from "../fit/phasecurve.ts";

const fx = JSON.parse(Deno.readTextFileSync("tests/fixtures/fitters.json"));
const S = fx.pspl.SYN2B;
const F = S.data.mag.map((m: number) => 10 ** (0.4 * (22 - m)));
const sF = S.data.err.map((e: number, i: number) => e * F[i] * Math.LN10 / 2.5);
const x = F.map((_: number, i: number) => i);
const start = { t0: S.start[0], u0: S.start[1], tE: S.start[2] };
const lin = psplChi2({ t: S.data.t, flux: F, fluxErr: sF, band: S.data.band }, start).fluxes;
const p0 = [start.t0, start.u0, start.tE, lin["1"].fs, lin["1"].fb, lin["2"].fs, lin["2"].fb];
const model = (p: number[]) => (i: number) => {
  const o = S.data.band[i] === 1 ? 3 : 5;
  const g = psplMagnificationGradient(S.data.t[i], { t0: p[0], u0: p[1], tE: p[2] });
  return p[o] * g.A + p[o + 1];
};
const jac = (p: number[]) => (i: number) => {
  const o = S.data.band[i] === 1 ? 3 : 5;
  const g = psplMagnificationGradient(S.data.t[i], { t0: p[0], u0: p[1], tE: p[2] });
  const row = [p[o] * g.dA_dt0, p[o] * g.dA_du0, p[o] * g.dA_dtE, 0, 0, 0, 0];
  row[o] = g.A;
  row[o + 1] = 1;
  return row;
};
const chi2 = (p: number[]) =>
  x.reduce((s: number, i: number) => s + ((F[i] - model(p)(i)) / sF[i]) ** 2, 0);
const ours = fitPSPL({ t: S.data.t, flux: F, fluxErr: sF, band: S.data.band });
console.log(`PSPL SYN2B: finkit χ² = ${ours.chi2} (reference scipy ${S.fit_noisy.chi2})`);
for (
  const [label, weights] of [
    ["no weights", undefined],
    ["weights = σ", sF],
    ["weights = 1/σ", sF.map((s: number) => 1 / s)],
    ["weights = 1/σ²", sF.map((s: number) => 1 / s ** 2)],
  ] as const
) {
  const t = performance.now();
  const r = levenbergMarquardt({ x, y: F }, model, {
    initialValues: p0,
    weights: weights as number[] | undefined,
    jacobianFunction: jac,
    maxIterations: 1000,
  });
  const ms = performance.now() - t;
  const p = r.parameterValues;
  console.log(
    `  ml-levenberg-marquardt ${label}: χ² = ${chi2(p).toFixed(4)}, t0 = ${p[0].toFixed(4)}, ` +
      `u0 = ${p[1].toFixed(5)}, tE = ${p[2].toFixed(4)}, iterations ${r.iterations}, ${
        ms.toFixed(1)
      } ms`,
  );
}

const d = fx.phase_curves.SYN_sHG1G2.data;
const D = Math.PI / 180;
const hgModel = (p: number[]) => (i: number) => {
  const o = d.fid[i] === 1 ? 0 : 3;
  return funcHg1g2(d.phase_deg[i] * D, { H: p[o], G1: p[o + 1], G2: p[o + 2] });
};
const ssq = (p: number[]) =>
  d.mag.reduce((s: number, m: number, i: number) => s + (m - hgModel(p)(i)) ** 2, 0);
const ref = fitPhaseCurve({ phase: d.phase_deg, mag: d.mag, band: d.fid }, {
  model: "HG1G2",
  loss: "linear",
});
const pr = ["H_1", "G1_1", "G2_1", "H_2", "G1_2", "G2_2"].map((k) =>
  (ref as unknown as Record<string, number>)[k]
);
console.log(`HG1G2 SYN_sHG1G2 (linear, unweighted): finkit Σr² = ${ssq(pr)}`);
const r = levenbergMarquardt({ x: d.mag.map((_: number, i: number) => i), y: d.mag }, hgModel, {
  initialValues: [15, 0.15, 0.15, 15, 0.15, 0.15],
  minValues: [-3, 0, 0, -3, 0, 0],
  maxValues: [30, 1, 1, 30, 1, 1],
  maxIterations: 1000,
});
console.log(
  `  ml-levenberg-marquardt (finite differences): Σr² = ${ssq(r.parameterValues)}, ` +
    `H_1 = ${r.parameterValues[0].toFixed(5)} vs ${pr[0].toFixed(5)}, iterations ${r.iterations}`,
);
