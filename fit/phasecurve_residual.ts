/**
 * Residuals and analytic Jacobians of the phase-curve models for
 * {@link fitPhaseCurve}: V = H − 2.5 log10 D(G…) [+ 2.5 log10(1 − (1 − R)|cos Λ|)],
 * ∂V/∂H = 1, ∂V/∂G1 = −(2.5/ln10)(Φ1 − Φ3)/D, ∂V/∂G2 = −(2.5/ln10)(Φ2 − Φ3)/D,
 * chain rule through G12 → (G1, G2), and ∂/∂(R, α0, δ0) of the aspect term.
 *
 * @module
 */
import type { ResidualFunction } from "./lm.ts";
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
 * `weighted`, else 1.
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
  const { bandIdx, mag, err, f1, f2, f3, ra, dec } = pts;
  const N = mag.length, spin = modelName === "SHG1G2";
  const nb = MODEL_SPECS[modelName].names.length, ns = spin ? 3 : 0;
  const toG = modelName === "HG12" ? g12ToG1G2 : g12StarToG1G2;
  const dG = (g12: number) =>
    modelName === "HG12"
      ? (g12 < 0.2 ? [0.7527, -0.9612] : [0.9529, -0.6125])
      : [0.84293649, -0.5351335];

  // Precompute the trigonometry of the line of sight once.
  const sd = dec.map(Math.sin),
    cd = dec.map(Math.cos),
    sr = ra.map(Math.sin),
    cr = ra.map(Math.cos);
  const hg = modelName === "HG", g12 = modelName === "HG12" || modelName === "HG12star";
  return (p: Float64Array, r: Float64Array, J: Float64Array | null) => {
    const P = p.length;
    if (J) J.fill(0);
    const R = p[0], sa0 = Math.sin(p[1]), ca0 = Math.cos(p[1]);
    const sd0 = Math.sin(p[2]), cd0 = Math.cos(p[2]);
    for (let k = 0; k < N; k++) {
      const o = ns + nb * bandIdx[k], row = k * P;
      let D: number, dD1: number, dD2 = 0;
      if (hg) {
        const G = p[o + 1];
        D = (1 - G) * f1[k] + G * f2[k];
        dD1 = f2[k] - f1[k];
      } else if (g12) {
        const { G1, G2 } = toG(p[o + 1]);
        const [d1, d2] = dG(p[o + 1]);
        D = G1 * f1[k] + G2 * f2[k] + (1 - G1 - G2) * f3[k];
        dD1 = (f1[k] - f3[k]) * d1 + (f2[k] - f3[k]) * d2;
      } else {
        const G1 = p[o + 1], G2 = p[o + 2];
        D = G1 * f1[k] + G2 * f2[k] + (1 - G1 - G2) * f3[k];
        dD1 = f1[k] - f3[k];
        dD2 = f2[k] - f3[k];
      }
      let m = p[o] - K * Math.log(D);
      const w = weighted ? 1 / err[k] : 1;
      if (spin) {
        // cos Λ = sin δ sin δ0 + cos δ cos δ0 cos(α − α0), with cos(α − α0) expanded.
        const cdiff = cr[k] * ca0 + sr[k] * sa0, sdiff = sr[k] * ca0 - cr[k] * sa0;
        const cl = sd[k] * sd0 + cd[k] * cd0 * cdiff;
        const sg = cl < 0 ? -1 : 1, c = Math.abs(cl), E = 1 - (1 - R) * c;
        m += K * Math.log(E);
        if (J) {
          const dA0 = cd[k] * cd0 * sdiff;
          const dD0 = sd[k] * cd0 - cd[k] * sd0 * cdiff;
          J[row] = w * K * c / E;
          J[row + 1] = -w * K * (1 - R) * sg * dA0 / E;
          J[row + 2] = -w * K * (1 - R) * sg * dD0 / E;
        }
      }
      r[k] = w * (m - mag[k]);
      if (J) {
        J[row + o] = w;
        J[row + o + 1] = -w * K * dD1 / D;
        if (nb === 3) J[row + o + 2] = -w * K * dD2 / D;
      }
    }
  };
}
