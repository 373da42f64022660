/**
 * Residuals and analytic Jacobians of the phase-curve models for
 * {@link fitPhaseCurve}: V = H − 2.5 log10 D(G…) [+ 2.5 log10(1 − (1 − R)|cos Λ|)],
 * ∂V/∂H = 1, ∂V/∂G1 = −(2.5/ln10)(Φ1 − Φ3)/D, ∂V/∂G2 = −(2.5/ln10)(Φ2 − Φ3)/D,
 * chain rule through G12 → (G1, G2), and ∂/∂(R, α0, δ0) of the aspect term.
 *
 * @module
 */
import type { ResidualFunction } from "./lm.ts";
import type { JacobianBlocks } from "./lm/solver.ts";
import type { FusedNormal } from "./lm/hooks.ts";
import { g12StarToG1G2, g12ToG1G2 } from "./phasecurve_models.ts";
export type { ResidualFunction } from "./lm.ts";

/** Phase-curve model names. `"HG12star"` is Penttilä et al. 2016 (fink-utils' "HG12"). */
export type PhaseCurveModel = "HG" | "HG12" | "HG12star" | "HG1G2" | "SHG1G2";

const K = 2.5 / Math.LN10;

/** Per-band parameter names, Fink's starting values and bounds of a model. */
export interface ModelSpec {
  /** Parameter names (keys of the result, suffixed by `_<band>`). */
  names: string[];
  /** Starting values (fink-utils p0). */
  p0: number[];
  /** Lower bounds (fink-utils). */
  lower: number[];
  /** Upper bounds (fink-utils). */
  upper: number[];
}

/**
 * Per-band parameters of each model with fink-utils' defaults: H ∈ [−3, 30] from 15,
 * G, G12, G1, G2 ∈ [0, 1] from 0.15. sHG1G2 adds shared R ∈ [0.3, 1], α0, δ0 ∈ [−90°, 90°].
 *
 * @example
 * ```ts
 * import { MODEL_SPECS } from "./phasecurve_residual.ts";
 * MODEL_SPECS.HG1G2.names; // ["H", "G1", "G2"]
 * ```
 */
export const MODEL_SPECS: Readonly<Record<PhaseCurveModel, ModelSpec>> = {
  HG: { names: ["H", "G"], p0: [15, 0.15], lower: [-3, 0], upper: [30, 1] },
  HG12: { names: ["H", "G12"], p0: [15, 0.15], lower: [-3, 0], upper: [30, 1] },
  HG12star: { names: ["H", "G12"], p0: [15, 0.15], lower: [-3, 0], upper: [30, 1] },
  HG1G2: { names: ["H", "G1", "G2"], p0: [15, 0.15, 0.15], lower: [-3, 0, 0], upper: [30, 1, 1] },
  SHG1G2: { names: ["H", "G1", "G2"], p0: [15, 0.15, 0.15], lower: [-3, 0, 0], upper: [30, 1, 1] },
};

/** Per-point precomputed quantities (basis functions do not depend on the parameters). */
export interface PhaseCurvePoints {
  /** Band index of each point. */
  bandIdx: Int32Array;
  /** Reduced magnitudes. */
  mag: Float64Array;
  /** 1σ errors (1 if none were given). */
  err: Float64Array;
  /** Φ1 (HG: Bowell Φ1) at each phase. */
  f1: Float64Array;
  /** Φ2 (HG: Bowell Φ2) at each phase. */
  f2: Float64Array;
  /** Φ3 at each phase (unused by HG). */
  f3: Float64Array;
  /** RA [rad] (SHG1G2). */
  ra: Float64Array;
  /** Dec [rad] (SHG1G2). */
  dec: Float64Array;
}

/**
 * Residual function r = w·(model − mag) with its analytic Jacobian; parameters are
 * [R, α0, δ0]? followed by the per-band parameters of {@link MODEL_SPECS}; w = 1/err if
 * `weighted`, else 1. The points must be stored **band by band** (`bandIdx` non-decreasing),
 * and the Jacobian is written **column-major** (`jacobian[j * N + i]`, solver layout
 * `"column"`) and only at its non-zero entries ({@link phaseCurveBlocks}); the others must
 * already be zero.
 *
 * @example
 * ```ts
 * import { phaseCurveResidual } from "./phasecurve_residual.ts";
 * const one = Float64Array.of(1);
 * const pts = { bandIdx: Int32Array.of(0), mag: Float64Array.of(15), err: one, f1: one, f2: one,
 *   f3: one, ra: Float64Array.of(0), dec: Float64Array.of(0) };
 * const r = new Float64Array(1);
 * phaseCurveResidual("HG1G2", pts, false)(Float64Array.of(15, 0.2, 0.3), r, null); // r[0] = 0
 * ```
 */
export function phaseCurveResidual(
  modelName: PhaseCurveModel,
  pts: PhaseCurvePoints,
  weighted: boolean,
): ResidualFunction {
  const { residual, jacobian } = phaseCurveProblem(modelName, pts, weighted);
  return (p: Float64Array, r: Float64Array, J: Float64Array | null) => {
    residual(p, r, null);
    if (J) jacobian(p, J);
  };
}

/** The residuals and, separately, the Jacobian at the point last evaluated. */
export interface PhaseCurveProblem {
  /** Residuals at p (the `jacobian` argument is ignored: use {@link PhaseCurveProblem.jacobian}). */
  residual: ResidualFunction;
  /**
   * Fill the column-major Jacobian at p, which must be the point of the last `residual` call
   * (it reuses that call's per-point quantities).
   */
  jacobian: (p: Float64Array, J: Float64Array) => void;
  /**
   * sHG1G2 only: the solver's fused normal equations (`SolverHooks.normal`) at p, the point
   * of the last `residual` call — JᵀJ and Jᵀr of the Jacobian `jacobian` would fill, rows
   * scaled by `scale`, without storing it; the same sums as `normalColumns` on that Jacobian.
   */
  normal?: FusedNormal;
}

/**
 * {@link phaseCurveResidual} split in two for the solver's lazy Jacobian: trial points that
 * the LM rejects (four in ten in the sHG1G2 tails) cost the residuals only.
 *
 * @example
 * ```ts
 * import { phaseCurveProblem } from "./phasecurve_residual.ts";
 * const one = Float64Array.of(1);
 * const pts = { bandIdx: Int32Array.of(0), mag: Float64Array.of(15), err: one, f1: one, f2: one,
 *   f3: one, ra: Float64Array.of(0), dec: Float64Array.of(0) };
 * const { residual, jacobian } = phaseCurveProblem("HG1G2", pts, false);
 * const p = Float64Array.of(15, 0.2, 0.3), r = new Float64Array(1), J = new Float64Array(3);
 * residual(p, r, null);
 * jacobian(p, J); // J = [1, 0, 0]
 * ```
 */
export function phaseCurveProblem(
  modelName: PhaseCurveModel,
  pts: PhaseCurvePoints,
  weighted: boolean,
): PhaseCurveProblem {
  const { mag, err, f1, f2, f3 } = pts;
  const N = mag.length, spin = modelName === "SHG1G2";
  const nb = MODEL_SPECS[modelName].names.length, ns = spin ? 3 : 0;
  const kind = modelName === "HG" ? 0 : modelName === "HG12" || modelName === "HG12star" ? 1 : 2;
  const star = modelName === "HG12star";
  const start = bandStarts(pts.bandIdx);
  const nBands = start.length - 1;
  const w = new Float64Array(N);
  for (let i = 0; i < N; i++) w[i] = weighted ? 1 / err[i] : 1;
  // The trigonometry of the line of sight, once.
  const sd = new Float64Array(N), cd = new Float64Array(N);
  const sr = new Float64Array(N), cr = new Float64Array(N);
  if (spin) {
    for (let i = 0; i < N; i++) {
      sd[i] = Math.sin(pts.dec[i]), cd[i] = Math.cos(pts.dec[i]);
      sr[i] = Math.sin(pts.ra[i]), cr[i] = Math.cos(pts.ra[i]);
    }
  }
  // Per-point quantities of the last residual call, for the Jacobian.
  const cD = new Float64Array(N), cInvE = new Float64Array(N), cC = new Float64Array(N);
  const cSg = new Float64Array(N), cCdiff = new Float64Array(N), cSdiff = new Float64Array(N);
  // D = c1·Φ1 + c2·Φ2 + c3·Φ3 of band b and ∂D/∂ (first, second) G parameter per Φ.
  const coef = new Float64Array(8);
  const coefficients = (p: Float64Array, o: number) => {
    if (kind === 0) {
      const G = p[o + 1];
      coef[0] = 1 - G, coef[1] = G, coef[2] = 0, coef[3] = -1, coef[4] = 1, coef[5] = 0;
    } else if (kind === 1) {
      const x = p[o + 1];
      const { G1, G2 } = star ? g12StarToG1G2(x) : g12ToG1G2(x);
      const k1 = star ? 0.84293649 : x < 0.2 ? 0.7527 : 0.9529;
      const k2 = star ? -0.5351335 : x < 0.2 ? -0.9612 : -0.6125;
      coef[0] = G1, coef[1] = G2, coef[2] = 1 - G1 - G2, coef[3] = k1, coef[4] = k2;
      coef[5] = -k1 - k2;
    } else {
      const G1 = p[o + 1], G2 = p[o + 2];
      coef[0] = G1, coef[1] = G2, coef[2] = 1 - G1 - G2, coef[3] = 1, coef[4] = 0, coef[5] = -1;
      coef[6] = 1, coef[7] = -1;
    }
  };
  const residual = (p: Float64Array, r: Float64Array) => {
    const R = p[0], sa0 = Math.sin(p[1]), ca0 = Math.cos(p[1]);
    const sd0 = Math.sin(p[2]), cd0 = Math.cos(p[2]);
    for (let b = 0; b < nBands; b++) {
      const o = ns + nb * b, H = p[o];
      coefficients(p, o);
      const c1 = coef[0], c2 = coef[1], c3 = coef[2];
      for (let i = start[b], e = start[b + 1]; i < e; i++) {
        const D = c1 * f1[i] + c2 * f2[i] + c3 * f3[i];
        cD[i] = D;
        // m = H − K ln D (+ K ln E for sHG1G2), one logarithm per point.
        let ratio = D;
        if (spin) {
          // cos Λ = sin δ sin δ0 + cos δ cos δ0 cos(α − α0), with cos(α − α0) expanded.
          const cdiff = cr[i] * ca0 + sr[i] * sa0, sdiff = sr[i] * ca0 - cr[i] * sa0;
          const cl = sd[i] * sd0 + cd[i] * cd0 * cdiff;
          const c = Math.abs(cl), iE = 1 / (1 - (1 - R) * c);
          ratio = D * iE;
          cInvE[i] = iE, cC[i] = c, cSg[i] = cl < 0 ? -1 : 1, cCdiff[i] = cdiff, cSdiff[i] = sdiff;
        }
        r[i] = w[i] * (H - K * Math.log(ratio) - mag[i]);
      }
    }
  };
  const jacobian = (p: Float64Array, J: Float64Array) => {
    const R = p[0], sd0 = Math.sin(p[2]), cd0 = Math.cos(p[2]);
    for (let b = 0; b < nBands; b++) {
      const o = ns + nb * b;
      coefficients(p, o);
      const d11 = coef[3], d12 = coef[4], d13 = coef[5], d22 = coef[6], d23 = coef[7];
      for (let i = start[b], e = start[b + 1]; i < e; i++) {
        const wi = w[i];
        if (spin) {
          const iE = cInvE[i], k = -wi * K * (1 - R) * cSg[i] * iE;
          J[i] = wi * K * cC[i] * iE;
          J[N + i] = k * cd[i] * cd0 * cSdiff[i];
          J[2 * N + i] = k * (sd[i] * cd0 - cd[i] * sd0 * cCdiff[i]);
        }
        const k = -wi * K / cD[i];
        J[o * N + i] = wi;
        J[(o + 1) * N + i] = k * (d11 * f1[i] + d12 * f2[i] + d13 * f3[i]);
        if (nb === 3) J[(o + 2) * N + i] = k * (d22 * f2[i] + d23 * f3[i]);
      }
    }
  };
  const ones = new Float64Array(N).fill(1);
  /** The sHG1G2 Jacobian of `jacobian`, accumulated in registers band by band (six columns). */
  const spinNormal: FusedNormal = (p, scale, r, H, g) => {
    const R = p[0], sd0 = Math.sin(p[2]), cd0 = Math.cos(p[2]), n = ns + nb * nBands;
    const sc = scale ?? ones;
    H.fill(0);
    g.fill(0);
    for (let b = 0; b < nBands; b++) {
      const o = ns + nb * b;
      coefficients(p, o);
      const d11 = coef[3], d12 = coef[4], d13 = coef[5], d22 = coef[6], d23 = coef[7];
      let g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0;
      let h00 = 0, h01 = 0, h02 = 0, h03 = 0, h04 = 0, h05 = 0, h11 = 0, h12 = 0, h13 = 0;
      let h14 = 0, h15 = 0, h22 = 0, h23 = 0, h24 = 0, h25 = 0, h33 = 0, h34 = 0, h35 = 0;
      let h44 = 0, h45 = 0, h55 = 0;
      for (let i = start[b], e = start[b + 1]; i < e; i++) {
        const wi = w[i], iE = cInvE[i], k = -wi * K * (1 - R) * cSg[i] * iE, kD = -wi * K / cD[i];
        let j0 = wi * K * cC[i] * iE, j1 = k * cd[i] * cd0 * cSdiff[i];
        let j2 = k * (sd[i] * cd0 - cd[i] * sd0 * cCdiff[i]), j3 = wi;
        let j4 = kD * (d11 * f1[i] + d12 * f2[i] + d13 * f3[i]),
          j5 = kD * (d22 * f2[i] + d23 * f3[i]);
        const s = sc[i];
        j0 *= s, j1 *= s, j2 *= s, j3 *= s, j4 *= s, j5 *= s;
        const ri = r[i];
        g0 += j0 * ri, g1 += j1 * ri, g2 += j2 * ri, g3 += j3 * ri, g4 += j4 * ri, g5 += j5 * ri;
        h00 += j0 * j0, h01 += j0 * j1, h02 += j0 * j2, h03 += j0 * j3, h04 += j0 * j4;
        h05 += j0 * j5, h11 += j1 * j1, h12 += j1 * j2, h13 += j1 * j3, h14 += j1 * j4;
        h15 += j1 * j5, h22 += j2 * j2, h23 += j2 * j3, h24 += j2 * j4, h25 += j2 * j5;
        h33 += j3 * j3, h34 += j3 * j4, h35 += j3 * j5, h44 += j4 * j4, h45 += j4 * j5;
        h55 += j5 * j5;
      }
      const a3 = o * n, a4 = a3 + n;
      g[0] += g0, g[1] += g1, g[2] += g2, g[o] += g3, g[o + 1] += g4, g[o + 2] += g5;
      H[0] += h00, H[1] += h01, H[2] += h02, H[o] += h03, H[o + 1] += h04, H[o + 2] += h05;
      H[n + 1] += h11, H[n + 2] += h12, H[n + o] += h13, H[n + o + 1] += h14;
      H[n + o + 2] += h15, H[2 * n + 2] += h22, H[2 * n + o] += h23, H[2 * n + o + 1] += h24;
      H[2 * n + o + 2] += h25, H[a3 + o] += h33, H[a3 + o + 1] += h34, H[a3 + o + 2] += h35;
      H[a4 + o + 1] += h44, H[a4 + o + 2] += h45, H[a4 + n + o + 2] += h55;
    }
    for (let a = 0; a < n; a++) for (let c = 0; c < a; c++) H[a * n + c] = H[c * n + a];
  };
  return { residual, jacobian, normal: spin && nb === 3 ? spinNormal : undefined };
}

/** First point of each band and N last; throws if the points are not stored band by band. */
function bandStarts(bandIdx: Int32Array): Int32Array {
  const N = bandIdx.length, nBands = N ? bandIdx[N - 1] + 1 : 0;
  const start = new Int32Array(nBands + 1);
  for (let i = 0; i < N; i++) {
    if (i > 0 && bandIdx[i] < bandIdx[i - 1]) {
      throw new RangeError(
        "phase-curve points must be stored band by band (bandIdx non-decreasing)",
      );
    }
    start[bandIdx[i] + 1]++;
  }
  for (let b = 0; b < nBands; b++) start[b + 1] += start[b];
  return start;
}

/**
 * The block-sparse layout of {@link phaseCurveResidual}'s Jacobian: the rows of band b touch
 * only the shared (R, α0, δ0) of sHG1G2 and that band's parameters.
 *
 * @example
 * ```ts
 * import { phaseCurveBlocks } from "./phasecurve_residual.ts";
 * phaseCurveBlocks("HG1G2", Int32Array.of(0, 0, 1)).cols; // [[0, 1, 2], [3, 4, 5]]
 * ```
 */
export function phaseCurveBlocks(modelName: PhaseCurveModel, bandIdx: Int32Array): JacobianBlocks {
  const spin = modelName === "SHG1G2", nb = MODEL_SPECS[modelName].names.length;
  const ns = spin ? 3 : 0, start = bandStarts(bandIdx);
  return {
    rowStart: start,
    cols: Array.from({ length: start.length - 1 }, (_, b) =>
      Int32Array.from([
        ...(spin ? [0, 1, 2] : []),
        ...Array.from({ length: nb }, (_, j) => ns + nb * b + j),
      ])),
  };
}
