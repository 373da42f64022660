/**
 * Residual functions of the PSPL fits, written for speed: one pass per band
 * over contiguous points (see `prepareLightCurve`), the magnification and its
 * gradient inlined, no allocation per call.
 * - {@link fluxResidual}: variable projection in flux space over (t0, u0, tE),
 *   fluxes solved per band at every call, Kaufman's projected Jacobian.
 * - {@link magResidual}: joint magnitude-space residuals over
 *   (t0, u0, tE, fs_1, [fb_1], …), with its block-sparse Jacobian layout
 *   ({@link magBlocks}).
 *
 * @module
 */
import type { ResidualFunction } from "./lm.ts";
import type { JacobianBlocks } from "./lm/solver.ts";
import type { FusedNormal } from "./lm/hooks.ts";
import type { PreparedLightCurve } from "./microlensing_problem.ts";

const K = 2.5 / Math.LN10;

/**
 * Variable-projection residuals w(f_s·A + f_b − F) over θ = (t0, u0, tE), fluxes solved per
 * band at every call (weighted linear least squares, f_b = 0 if `blendZero` or if A is
 * constant over the band), with Kaufman's projected Jacobian (I − P)·∂r/∂θ, written
 * **column-major** (`jacobian[j * N + i]`, solver layout `"column"`).
 *
 * @example
 * ```ts
 * import { prepareLightCurve } from "./microlensing_problem.ts";
 * import { fluxResidual } from "./microlensing_residual.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * const r = new Float64Array(5);
 * if (typeof lc !== "string") fluxResidual(lc, false)(Float64Array.of(10, 0.5, 5), r, null);
 * ```
 */
export function fluxResidual(p: PreparedLightCurve, blendZero: boolean): ResidualFunction {
  return withJacobian(fluxProblem(p, blendZero));
}

/** Residuals and, separately, the Jacobian at the point last evaluated (a lazy Jacobian). */
export interface SplitResidual {
  /** Residuals at p (the `jacobian` argument is ignored: use {@link SplitResidual.jacobian}). */
  residual: ResidualFunction;
  /**
   * Fill the column-major Jacobian at p, which must be the point of the last `residual` call
   * (it reuses that call's per-point quantities).
   */
  jacobian: (p: Float64Array, J: Float64Array) => void;
  /** The residuals, returning their sum of squares (`SolverHooks.residualSquares`). */
  squares: (p: Float64Array, r: Float64Array) => number;
  /** The fused normal equations of that Jacobian (`SolverHooks.normal`), if written. */
  normal?: FusedNormal;
}

/** The residual function of a {@link SplitResidual}: the Jacobian right after the residuals. */
function withJacobian({ residual, jacobian }: SplitResidual): ResidualFunction {
  return (x: Float64Array, r: Float64Array, J: Float64Array | null) => {
    residual(x, r, null);
    if (J) jacobian(x, J);
  };
}

/**
 * {@link fluxResidual} split in two for the solver's lazy Jacobian: trial points that the LM
 * rejects cost the residuals only (same values as {@link fluxResidual}).
 *
 * @example
 * ```ts
 * import { prepareLightCurve } from "./microlensing_problem.ts";
 * import { fluxProblem } from "./microlensing_residual.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * if (typeof lc !== "string") {
 *   const { residual, jacobian } = fluxProblem(lc, false);
 *   const th = Float64Array.of(10, 0.5, 5), r = new Float64Array(5), J = new Float64Array(15);
 *   residual(th, r, null);
 *   jacobian(th, J);
 * }
 * ```
 */
export function fluxProblem(p: PreparedLightCurve, blendZero: boolean): SplitResidual {
  const N = p.t.length, nb = p.bands.length;
  const { t, F, w, w2, bandStart } = p;
  // Per point: A, τ and q = 1/(u√(u²+4)) of the last residual call; per band: its fluxes and sums.
  const A = new Float64Array(N), T = new Float64Array(N), Q = new Float64Array(N);
  const d0 = new Float64Array(N), d1 = new Float64Array(N), d2 = new Float64Array(N);
  const sums = new Float64Array(6 * nb);
  const ab = new Float64Array(6);
  const residual = (th: Float64Array, r: Float64Array): number => {
    const t0 = th[0], u0 = th[1], tE = th[2], u02 = u0 * u0, itE = 1 / tE;
    let ss = 0;
    for (let b = 0; b < nb; b++) {
      const i0 = bandStart[b], i1 = bandStart[b + 1];
      let W = 0, Wa = 0, Waa = 0, Wy = 0, Way = 0;
      for (let i = i0; i < i1; i++) {
        // One square root and one division per point: q = 1/(u√(u²+4)), A = (u²+2)·q.
        const tau = (t[i] - t0) * itE, u2 = u02 + tau * tau;
        const q = 1 / Math.sqrt(u2 * (u2 + 4)), a = (u2 + 2) * q;
        A[i] = a, T[i] = tau, Q[i] = q;
        const wi = w2[i], wa = wi * a;
        W += wi;
        Wa += wa;
        Waa += wa * a;
        Wy += wi * F[i];
        Way += wa * F[i];
      }
      const det = Waa * W - Wa * Wa;
      const single = blendZero || !(det > 1e-12 * Waa * W);
      const fs = single ? Way / Waa : (Way * W - Wa * Wy) / det;
      const fb = single ? 0 : (Waa * Wy - Wa * Way) / det;
      for (let i = i0; i < i1; i++) {
        const ri = w[i] * (fs * A[i] + fb - F[i]);
        r[i] = ri;
        ss += ri * ri;
      }
      const o = 6 * b;
      sums[o] = fs, sums[o + 1] = W, sums[o + 2] = Wa, sums[o + 3] = Waa, sums[o + 4] = det;
      sums[o + 5] = single ? 1 : 0;
    }
    return ss;
  };
  /** ∂A/∂θ of band b into d0, d1, d2 and the projection coefficients (α, β) into `ab`. */
  const project = (u0: number, itE: number, b: number) => {
    const i0 = bandStart[b], i1 = bandStart[b + 1], o = 6 * b;
    const fs = sums[o], W = sums[o + 1], Wa = sums[o + 2], Waa = sums[o + 3], det = sums[o + 4];
    // (dA/du)/u = −8q³; du/dt0 = −τ/(u tE), du/du0 = u0/u, du/dtE = −τ²/(u tE).
    // Project out the span of the linear columns (w·A, w) of this band.
    let ca0 = 0, ca1 = 0, ca2 = 0, c10 = 0, c11 = 0, c12 = 0;
    for (let i = i0; i < i1; i++) {
      const q = Q[i], tau = T[i], g = -8 * q * q * q;
      const e0 = -g * tau * itE, e1 = g * u0, e2 = -g * tau * tau * itE;
      d0[i] = e0, d1[i] = e1, d2[i] = e2;
      const wf = w2[i] * fs, wfa = wf * A[i];
      ca0 += wfa * e0;
      ca1 += wfa * e1;
      ca2 += wfa * e2;
      c10 += wf * e0;
      c11 += wf * e1;
      c12 += wf * e2;
    }
    ab.fill(0);
    if (sums[o + 5]) ab[0] = ca0 / Waa, ab[1] = ca1 / Waa, ab[2] = ca2 / Waa;
    else {
      ab[0] = (ca0 * W - c10 * Wa) / det, ab[3] = (Waa * c10 - Wa * ca0) / det;
      ab[1] = (ca1 * W - c11 * Wa) / det, ab[4] = (Waa * c11 - Wa * ca1) / det;
      ab[2] = (ca2 * W - c12 * Wa) / det, ab[5] = (Waa * c12 - Wa * ca2) / det;
    }
  };
  const jacobian = (th: Float64Array, J: Float64Array) => {
    const u0 = th[1], itE = 1 / th[2];
    for (let b = 0; b < nb; b++) {
      project(u0, itE, b);
      const fs = sums[6 * b], al0 = ab[0], al1 = ab[1], al2 = ab[2];
      const be0 = ab[3], be1 = ab[4], be2 = ab[5];
      for (let i = bandStart[b], i1 = bandStart[b + 1]; i < i1; i++) {
        const wi = w[i], a = A[i];
        J[i] = wi * (fs * d0[i] - (al0 * a + be0));
        J[N + i] = wi * (fs * d1[i] - (al1 * a + be1));
        J[2 * N + i] = wi * (fs * d2[i] - (al2 * a + be2));
      }
    }
  };
  // JᵀJ and Jᵀr of that Jacobian (one block of three columns over all rows), never stored.
  const normal: FusedNormal = (th, scale, r, H, g) => {
    const u0 = th[1], itE = 1 / th[2];
    let g0 = 0, g1 = 0, g2 = 0, h00 = 0, h01 = 0, h02 = 0, h11 = 0, h12 = 0, h22 = 0;
    for (let b = 0; b < nb; b++) {
      project(u0, itE, b);
      const fs = sums[6 * b], al0 = ab[0], al1 = ab[1], al2 = ab[2];
      const be0 = ab[3], be1 = ab[4], be2 = ab[5];
      for (let i = bandStart[b], i1 = bandStart[b + 1]; i < i1; i++) {
        const wi = w[i], a = A[i];
        let j0 = wi * (fs * d0[i] - (al0 * a + be0));
        let j1 = wi * (fs * d1[i] - (al1 * a + be1));
        let j2 = wi * (fs * d2[i] - (al2 * a + be2));
        if (scale) {
          const s = scale[i];
          j0 *= s, j1 *= s, j2 *= s;
        }
        const ri = r[i];
        g0 += j0 * ri, g1 += j1 * ri, g2 += j2 * ri;
        h00 += j0 * j0, h01 += j0 * j1, h02 += j0 * j2;
        h11 += j1 * j1, h12 += j1 * j2, h22 += j2 * j2;
      }
    }
    g[0] = g0, g[1] = g1, g[2] = g2;
    H[0] = h00, H[1] = h01, H[2] = h02, H[3] = h01, H[4] = h11, H[5] = h12;
    H[6] = h02, H[7] = h12, H[8] = h22;
  };
  return { residual, squares: residual, jacobian, normal };
}

/**
 * Magnitude-space residuals (model − m)/σ_m over (t0, u0, tE, fs_1, [fb_1], …). The Jacobian
 * is written **column-major** (`jacobian[j * N + i]`, solver layout `"column"`), and only its
 * non-zero entries (t0, u0, tE and the point's band fluxes, see {@link magBlocks}); the others
 * must already be zero.
 *
 * @example
 * ```ts
 * import { prepareLightCurve } from "./microlensing_problem.ts";
 * import { magResidual } from "./microlensing_residual.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * const r = new Float64Array(5);
 * if (typeof lc !== "string") magResidual(lc, false)(Float64Array.of(10, 0.5, 5, 80, 10), r, null);
 * ```
 */
export function magResidual(p: PreparedLightCurve, blendZero: boolean): ResidualFunction {
  return withJacobian(magProblem(p, blendZero));
}

/**
 * {@link magResidual} split in two for the solver's lazy Jacobian (same values).
 *
 * @example
 * ```ts
 * import { prepareLightCurve } from "./microlensing_problem.ts";
 * import { magProblem } from "./microlensing_residual.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * if (typeof lc !== "string") {
 *   const { residual, jacobian } = magProblem(lc, false);
 *   const x = Float64Array.of(10, 0.5, 5, 80, 10), r = new Float64Array(5);
 *   residual(x, r, null);
 *   jacobian(x, new Float64Array(25));
 * }
 * ```
 */
export function magProblem(p: PreparedLightCurve, blendZero: boolean): SplitResidual {
  const nf = blendZero ? 1 : 2, nb = p.bands.length, N = p.t.length;
  const { t, ym, wm, bandStart, zp } = p;
  // Per point: τ, q = 1/(u√(u²+4)), A and the model flux of the last residual call.
  const T = new Float64Array(N), Q = new Float64Array(N), A = new Float64Array(N);
  const M = new Float64Array(N);
  const residual = (x: Float64Array, r: Float64Array): number => {
    const t0 = x[0], u0 = x[1], tE = x[2], u02 = u0 * u0, itE = 1 / tE;
    let ss = 0;
    for (let b = 0; b < nb; b++) {
      const o = 3 + nf * b, fs = x[o], fb = blendZero ? 0 : x[o + 1];
      for (let i = bandStart[b], e = bandStart[b + 1]; i < e; i++) {
        const tau = (t[i] - t0) * itE, u2 = u02 + tau * tau;
        const q = 1 / Math.sqrt(u2 * (u2 + 4)), a = (u2 + 2) * q;
        const Fm = fs * a + fb;
        T[i] = tau, Q[i] = q, A[i] = a, M[i] = Fm;
        const ri = wm[i] * (zp - K * Math.log(Fm) - ym[i]);
        r[i] = ri;
        ss += ri * ri;
      }
    }
    return ss;
  };
  const jacobian = (x: Float64Array, J: Float64Array) => {
    const u0 = x[1], itE = 1 / x[2];
    for (let b = 0; b < nb; b++) {
      const o = 3 + nf * b, fs = x[o];
      for (let i = bandStart[b], e = bandStart[b + 1]; i < e; i++) {
        const tau = T[i], q = Q[i];
        const c = -wm[i] * K / M[i], g = -8 * c * fs * q * q * q;
        J[i] = -g * tau * itE;
        J[N + i] = g * u0;
        J[2 * N + i] = -g * tau * tau * itE;
        J[o * N + i] = c * A[i];
        if (!blendZero) J[(o + 1) * N + i] = c;
      }
    }
  };
  return { residual, squares: residual, jacobian };
}

/**
 * The block-sparse layout of {@link magResidual}'s Jacobian: the rows of band b touch only
 * (t0, u0, tE) and that band's fluxes.
 *
 * @example
 * ```ts
 * import { prepareLightCurve } from "./microlensing_problem.ts";
 * import { magBlocks } from "./microlensing_residual.ts";
 * const lc = prepareLightCurve({ t: [0, 1, 2, 3], mag: [18, 17, 18, 17], band: [1, 2, 1, 2] }, 22, false);
 * if (typeof lc !== "string") magBlocks(lc, false).cols; // [[0, 1, 2, 3, 4], [0, 1, 2, 5, 6]]
 * ```
 */
export function magBlocks(p: PreparedLightCurve, blendZero: boolean): JacobianBlocks {
  const nf = blendZero ? 1 : 2;
  return {
    rowStart: p.bandStart,
    cols: p.bands.map((_, b) =>
      Int32Array.from([0, 1, 2, ...Array.from({ length: nf }, (_, k) => 3 + nf * b + k)])
    ),
  };
}
