/**
 * The fused paths of the least-squares core give the same numbers, bit for bit, as
 * the plain ones: one-pass normal equations (fit/lm/normal_columns.ts) against the
 * multi-pass `normal` on a Jacobian scaled beforehand, and solver runs with the
 * fitters' fused hooks (normal equations formed by the problem, residuals that
 * return their sum of squares, lazy Jacobians) against runs with a plain residual
 * function that fills J.
 */
import { assert, assertEquals } from "../assert.ts";
import { normal } from "../../fit/lm/normal.ts";
import { normalColumns } from "../../fit/lm/normal_columns.ts";
import { solve } from "../../fit/lm/solver.ts";
import type { LeastSquaresResult } from "../../fit/lm.ts";
import { prepareLightCurve } from "../../fit/microlensing_problem.ts";
import {
  fluxProblem,
  fluxResidual,
  magBlocks,
  magProblem,
  magResidual,
} from "../../fit/microlensing_residual.ts";
import { psplMagnification } from "../../fit/microlensing_model.ts";
import { phaseCurveBlocks, phaseCurveProblem } from "../../fit/phasecurve_residual.ts";
import { phi1, phi2, phi3 } from "../../fit/phasecurve_models.ts";

const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

Deno.test("normalColumns equals normal on the pre-scaled Jacobian, bit for bit", () => {
  // Three blocks of 3, 5 and 6 columns sharing columns 0–2, as in the fitters.
  const blocks = {
    rowStart: Int32Array.of(0, 40, 77, 120),
    cols: [Int32Array.of(0, 1, 2), Int32Array.of(0, 1, 2, 3, 4), Int32Array.of(0, 1, 2, 5, 6, 7)],
  };
  const m = 120, n = 8;
  for (const scaled of [false, true]) {
    const J = new Float64Array(m * n), r = new Float64Array(m), s = new Float64Array(m);
    blocks.cols.forEach((cols, k) => {
      for (let i = blocks.rowStart[k]; i < blocks.rowStart[k + 1]; i++) {
        for (const c of cols) J[c * m + i] = Math.sin(1.7 * i + 3.1 * c) * 10 ** (c % 4 - 1);
      }
    });
    for (let i = 0; i < m; i++) r[i] = Math.cos(0.3 * i), s[i] = 0.2 + Math.abs(Math.sin(i));
    const H1 = new Float64Array(n * n), g1 = new Float64Array(n);
    normalColumns(J, r, scaled ? s : null, n, m, blocks, H1, g1);
    const Js = Float64Array.from(J, (v, o) => (scaled ? v * s[o % m] : v));
    const H2 = new Float64Array(n * n), g2 = new Float64Array(n);
    normal(Js, r, n, blocks, 1, m, H2, g2);
    assert(same(H1, H2) && same(g1, g2), `scaled ${scaled}: H or g differ`);
  }
});

function assertSameRun(a: LeastSquaresResult, b: LeastSquaresResult, what: string) {
  assert(same(a.p, b.p), `${what}: p ${a.p} vs ${b.p}`);
  assertEquals([a.cost, a.chi2, a.status, a.evaluations], [
    b.cost,
    b.chi2,
    b.status,
    b.evaluations,
  ]);
  assert(a.covariance && b.covariance && same(a.covariance, b.covariance), `${what}: covariance`);
  assert(same(a.residuals, b.residuals), `${what}: residuals`);
}

Deno.test("PSPL solver runs with the fused hooks equal the plain runs, bit for bit", () => {
  const truth = { t0: 2459060, u0: 0.15, tE: 12 };
  const t: number[] = [], mag: number[] = [], magErr: number[] = [], band: number[] = [];
  for (let i = 0; i < 300; i++) {
    const x = 2459000 + 0.4 * i + 0.1 * Math.sin(i), b = i % 3, fs = 200 * (b + 1);
    t.push(x), band.push(b), magErr.push(0.02 + 0.01 * (i % 5));
    const F = fs * psplMagnification(x, truth) + 0.4 * fs;
    mag.push(22 - 2.5 * Math.log10(F) + 0.02 * Math.sin(7.3 * i));
  }
  const p = prepareLightCurve({ t, mag, magErr, band }, 22, false);
  if (typeof p === "string") throw new Error(p);
  const N = p.t.length, bounds = { lower: [-Infinity, 1e-9, 1e-3], upper: [Infinity, 10, 1e5] };
  const flux = fluxProblem(p, false), start = [2459058, 0.4, 20];
  const plain = solve(fluxResidual(p, false), start, N, bounds, { layout: "column" });
  const fused = solve(flux.residual, start, N, bounds, {
    layout: "column",
    jacobian: flux.jacobian,
    normal: flux.normal,
    residualSquares: flux.squares,
  });
  assertSameRun(fused, plain, "flux");
  for (const blendZero of [false, true]) {
    const q0 = [...plain.p, ...(blendZero ? [300, 600, 900] : [200, 80, 400, 160, 600, 240])];
    const lower = [...bounds.lower, ...q0.slice(3).map(() => -Infinity)];
    const upper = [...bounds.upper, ...q0.slice(3).map(() => Infinity)];
    const mag = magProblem(p, blendZero), blocks = magBlocks(p, blendZero);
    const magPlain = solve(magResidual(p, blendZero), q0, N, { lower, upper }, {
      blocks,
      layout: "column",
    });
    const magFused = solve(mag.residual, q0, N, { lower, upper }, {
      blocks,
      layout: "column",
      jacobian: mag.jacobian,
      residualSquares: mag.squares,
    });
    assertSameRun(magFused, magPlain, `mag${blendZero ? ", f_b ≡ 0" : ""}`);
  }
});

Deno.test("sHG1G2 solver runs with fused normal equations equal the lazy-Jacobian runs", () => {
  const N = 120, D = Math.PI / 180;
  const a = Float64Array.from({ length: N }, (_, i) => (1 + (i * 37) % 25) * D);
  const pts = {
    bandIdx: Int32Array.from({ length: N }, (_, i) => (i < 60 ? 0 : 1)),
    mag: new Float64Array(N),
    err: Float64Array.from({ length: N }, (_, i) => 0.03 + 0.01 * (i % 4)),
    f1: a.map(phi1),
    f2: a.map(phi2),
    f3: a.map(phi3),
    ra: Float64Array.from({ length: N }, (_, i) => ((i * 53) % 360) * D),
    dec: Float64Array.from({ length: N }, (_, i) => (((i * 29) % 120) - 60) * D),
  };
  for (let i = 0; i < N; i++) {
    const cl = Math.sin(pts.dec[i]) * Math.sin(40 * D) +
      Math.cos(pts.dec[i]) * Math.cos(40 * D) * Math.cos(pts.ra[i] - 120 * D);
    const Dph = 0.3 * pts.f1[i] + 0.3 * pts.f2[i] + 0.4 * pts.f3[i];
    pts.mag[i] = 15 + 0.3 * pts.bandIdx[i] - 2.5 * Math.log10(Dph) +
      2.5 * Math.log10(1 - 0.3 * Math.abs(cl)) + 0.03 * Math.sin(5.1 * i);
  }
  const lower = [0.3, -Infinity, -Math.PI / 2, -3, 0, 0, -3, 0, 0];
  const upper = [1, Infinity, Math.PI / 2, 30, 1, 1, 30, 1, 1];
  const p0 = [0.8, Math.PI, 0, 15, 0.15, 0.15, 15, 0.15, 0.15];
  for (const weighted of [false, true]) {
    for (const loss of ["soft_l1", "linear"] as const) {
      const pr = phaseCurveProblem("SHG1G2", pts, weighted);
      const hooks = {
        blocks: phaseCurveBlocks("SHG1G2", pts.bandIdx),
        layout: "column" as const,
        jacobian: pr.jacobian,
      };
      const lazy = solve(pr.residual, p0, N, { lower, upper, loss }, hooks);
      const fused = solve(pr.residual, p0, N, { lower, upper, loss }, {
        ...hooks,
        normal: pr.normal,
      });
      assertSameRun(fused, lazy, `${loss}${weighted ? " weighted" : ""}`);
    }
  }
});
