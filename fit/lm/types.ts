/**
 * Types of the least-squares core: the residual function, the options and the
 * result of `leastSquares` (re-exported by `fit/lm.ts`).
 *
 * @module
 */
/** Loss applied to the residuals, with scipy `least_squares` semantics. */
export type Loss = "linear" | "soft_l1";

/**
 * Residual function. Fill `residuals` (length m) at parameters `p`; when
 * `jacobian` is not `null`, also fill it row-major (m×n):
 * `jacobian[i * n + j] = ∂residuals[i]/∂p[j]`.
 */
export type ResidualFunction = (
  p: Float64Array,
  residuals: Float64Array,
  jacobian: Float64Array | null,
) => void;

/** Options of `leastSquares`; every field is optional. */
export interface LeastSquaresOptions {
  /** Lower bounds per parameter. Default: −∞ for all. */
  lower?: ArrayLike<number>;
  /** Upper bounds per parameter. Default: +∞ for all. */
  upper?: ArrayLike<number>;
  /** `"linear"` (ordinary χ²) or `"soft_l1"` (ρ(z) = 2(√(1+z) − 1)). Default `"linear"`. */
  loss?: Loss;
  /** Soft margin C of the robust loss, z = (r/C)². Default 1 (scipy's `f_scale`). */
  fScale?: number;
  /** Per-residual multipliers, e.g. 1/σ. Default: none (all 1). */
  weights?: ArrayLike<number>;
  /** `"analytic"` (the residual function fills J) or `"2-point"` forward differences. Default `"analytic"`. */
  jacobian?: "analytic" | "2-point";
  /** Relative cost-reduction tolerance. Default 1e-10. */
  ftol?: number;
  /** Relative per-parameter step tolerance. Default 1e-10. */
  xtol?: number;
  /** Tolerance on the largest cosine between residual vector and a Jacobian column. Default 1e-10. */
  gtol?: number;
  /** Maximum number of residual evaluations. Default 500. */
  maxEvaluations?: number;
  /** Initial Marquardt damping λ. Default 1e-3. */
  lambda0?: number;
}

/** Outcome of `leastSquares`. */
export interface LeastSquaresResult {
  /** Best parameters. */
  p: Float64Array;
  /** ½ Σ ρ(r²) at `p` (½ χ² for the linear loss), scipy's `cost`. */
  cost: number;
  /** Σ r² of the weighted residuals (χ² when weights = 1/σ), whatever the loss. */
  chi2: number;
  /** Weighted residuals at `p` (not loss-scaled). */
  residuals: Float64Array;
  /** Loss-scaled weighted Jacobian at `p` (scipy's `jac`), row-major m×n. */
  jacobian: Float64Array;
  /** (JᵀJ)⁻¹ of the loss-scaled Jacobian, n×n row-major; `null` if singular. */
  covariance: Float64Array | null;
  /** √diag(covariance); NaN where the covariance is unavailable. */
  sigma: Float64Array;
  /** Accepted iterations. */
  iterations: number;
  /** Residual evaluations. */
  evaluations: number;
  /**
   * scipy-like status: 1 gtol, 2 ftol (or no further reduction), 3 xtol, 4 ftol and xtol,
   * 0 evaluation budget exhausted, −1 residuals not finite at the start.
   */
  status: number;
  /** Human-readable explanation of `status`. */
  message: string;
  /** `status > 0`. */
  success: boolean;
}
