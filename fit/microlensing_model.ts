/**
 * Point-source point-lens (Paczyński 1986) kernels: magnification, its
 * analytic derivatives, and the per-band linear solve of source and blend
 * fluxes (MulensModel `fit_fluxes`, pyLIMA `polyfit(A, F, 1, w=1/σ)`).
 *
 * @module
 */

/** PSPL nonlinear parameters: time of closest approach, impact parameter, Einstein time [days]. */
export interface PSPLParams {
  /** Time of closest approach (same time system as the data, e.g. JD/BJD). */
  t0: number;
  /** Impact parameter in Einstein radii. */
  u0: number;
  /** Einstein radius crossing time [days]. */
  tE: number;
}

/**
 * Paczyński magnification A(u) = (u² + 2) / (u √(u² + 4)).
 *
 * @example
 * ```ts
 * import { magnification } from "./microlensing_model.ts";
 * magnification(0.1); // 10.037461005722339
 * ```
 */
export function magnification(u: number): number {
  const u2 = u * u;
  return (u2 + 2) / (u * Math.sqrt(u2 + 4));
}

/**
 * PSPL magnification at time t: A(u(t)), u = √(u0² + ((t − t0)/tE)²) (no parallax).
 *
 * @example
 * ```ts
 * import { psplMagnification } from "./microlensing_model.ts";
 * psplMagnification(2456789, { t0: 2456789.2, u0: 0.1, tE: 34.5 }); // 10.020762809533643
 * ```
 */
export function psplMagnification(t: number, { t0, u0, tE }: PSPLParams): number {
  const tau = (t - t0) / tE;
  return magnification(Math.sqrt(u0 * u0 + tau * tau));
}

/**
 * Magnification and its analytic gradient ∂A/∂(t0, u0, tE) at time t
 * (dA/du = −8/(u²(u²+4)^{3/2}); du/dt0 = −τ/(u tE); du/du0 = u0/u; du/dtE = −τ²/(u tE)).
 *
 * @example
 * ```ts
 * import { psplMagnificationGradient } from "./microlensing_model.ts";
 * psplMagnificationGradient(2456789, { t0: 2456789.2, u0: 0.1, tE: 34.5 });
 * // { A: 10.0207…, dA_dt0: −0.16656…, dA_du0: −99.1248…, dA_dtE: 0.00096557… }
 * ```
 */
export function psplMagnificationGradient(
  t: number,
  { t0, u0, tE }: PSPLParams,
): { A: number; dA_dt0: number; dA_du0: number; dA_dtE: number } {
  const tau = (t - t0) / tE;
  const u2 = u0 * u0 + tau * tau, u = Math.sqrt(u2);
  const s = Math.sqrt(u2 + 4);
  const A = (u2 + 2) / (u * s);
  const dAdu = -8 / (u2 * s * s * s);
  return {
    A,
    dA_dt0: dAdu * (-tau / (u * tE)),
    dA_du0: dAdu * (u0 / u),
    dA_dtE: dAdu * (-tau * tau / (u * tE)),
  };
}

/** Source and blend flux of one band. */
export interface BandFluxes {
  /** Source flux f_s. */
  fs: number;
  /** Blend flux f_b (0 when the blend is fixed to zero). */
  fb: number;
}

/**
 * Weighted linear least squares of F ≈ fs·A + fb (or fb = 0) over the points
 * `idx`, weights w = 1/σ². If A is (numerically) constant over the band, the
 * problem is degenerate and fb is set to 0.
 *
 * @example
 * ```ts
 * import { solveFluxes } from "./microlensing_model.ts";
 * const A = [1, 2, 3], F = [5, 7, 9], w = [1, 1, 1];
 * solveFluxes(A, F, w, [0, 1, 2], false); // { fs: 2, fb: 3 }
 * ```
 */
export function solveFluxes(
  A: ArrayLike<number>,
  F: ArrayLike<number>,
  w: ArrayLike<number>,
  idx: ArrayLike<number>,
  blendZero: boolean,
): BandFluxes {
  let W = 0, Wa = 0, Waa = 0, Wy = 0, Way = 0;
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k], wi = w[i], a = A[i];
    W += wi;
    Wa += wi * a;
    Waa += wi * a * a;
    Wy += wi * F[i];
    Way += wi * a * F[i];
  }
  const det = Waa * W - Wa * Wa;
  if (blendZero || !(det > 1e-12 * Waa * W)) return { fs: Way / Waa, fb: 0 };
  return { fs: (Way * W - Wa * Wy) / det, fb: (Waa * Wy - Wa * Way) / det };
}
