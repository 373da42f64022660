/**
 * One least-squares core for finkit's fitters: a Marquardt–Levenberg solver
 * with λ·diag(JᵀJ) damping (scale-invariant, so t0 ≈ 2.46e6 can sit beside
 * u0 ≈ 0.1), analytic Jacobians, box bounds (projected steps with an active
 * set), step rejection by gain ratio, MINPACK-style convergence tests, the
 * `linear` and `soft_l1` losses of `scipy.optimize.least_squares` and the
 * covariance (JᵀJ)⁻¹.
 *
 * @module
 */
import { solve } from "./lm/solver.ts";
import type { LeastSquaresOptions, LeastSquaresResult, ResidualFunction } from "./lm/types.ts";
export type {
  LeastSquaresOptions,
  LeastSquaresResult,
  Loss,
  ResidualFunction,
} from "./lm/types.ts";

/**
 * Minimise ½ Σ ρ((wᵢ rᵢ(p)/C)²)·C² over box-bounded parameters with a
 * Marquardt–Levenberg iteration.
 *
 * @param fn residual function (fills residuals and, if asked, the Jacobian)
 * @param p0 starting parameters (clipped into the bounds)
 * @param m number of residuals
 * @example
 * ```ts
 * import { leastSquares } from "./lm.ts";
 * // fit y = a·exp(−b x)
 * const x = [0, 1, 2, 3], y = [2, 1.2131, 0.7358, 0.4463];
 * const res = leastSquares((p, r, J) => {
 *   for (let i = 0; i < 4; i++) {
 *     const e = Math.exp(-p[1] * x[i]);
 *     r[i] = p[0] * e - y[i];
 *     if (J) { J[2 * i] = e; J[2 * i + 1] = -p[0] * x[i] * e; }
 *   }
 * }, [1, 1], 4);
 * console.log(res.p); // ≈ [2, 0.5]
 * ```
 */
export function leastSquares(
  fn: ResidualFunction,
  p0: ArrayLike<number>,
  m: number,
  options: LeastSquaresOptions = {},
): LeastSquaresResult {
  return solve(fn, p0, m, options);
}
