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
import { cholesky, choleskySolve, invertSPD } from "./lm/linalg.ts";

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

/** Options of {@link leastSquares}; every field is optional. */
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

/** Outcome of {@link leastSquares}. */
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

const EPS = 2.220446049250313e-16;

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
  const n = p0.length;
  const lower = Float64Array.from({ length: n }, (_, i) => options.lower?.[i] ?? -Infinity);
  const upper = Float64Array.from({ length: n }, (_, i) => options.upper?.[i] ?? Infinity);
  const loss = options.loss ?? "linear";
  if (loss !== "linear" && loss !== "soft_l1") {
    throw new RangeError(`loss must be "linear" or "soft_l1", got ${JSON.stringify(loss)}`);
  }
  const C = options.fScale ?? 1;
  const weights = options.weights;
  const ftol = options.ftol ?? 1e-10, xtol = options.xtol ?? 1e-10, gtol = options.gtol ?? 1e-10;
  const maxEval = options.maxEvaluations ?? 500;
  const numeric = options.jacobian === "2-point";

  const x = Float64Array.from(p0, (v, i) => Math.min(upper[i], Math.max(lower[i], v)));
  let r = new Float64Array(m), J = new Float64Array(m * n);
  let rT = new Float64Array(m), JT = new Float64Array(m * n);
  const rs = new Float64Array(m), Js = new Float64Array(m * n);
  const tmp = new Float64Array(m);
  let evaluations = 0;

  /** Evaluate weighted residuals and Jacobian at p into (res, jac); return the cost or NaN. */
  const evaluate = (p: Float64Array, res: Float64Array, jac: Float64Array): number => {
    evaluations++;
    fn(p, res, numeric ? null : jac);
    if (numeric) {
      const q = Float64Array.from(p);
      for (let j = 0; j < n; j++) {
        let h = Math.sqrt(EPS) * Math.max(1, Math.abs(p[j]));
        if (p[j] + h > upper[j]) h = -h;
        q[j] = p[j] + h;
        fn(q, tmp, null);
        q[j] = p[j];
        for (let i = 0; i < m; i++) jac[i * n + j] = (tmp[i] - res[i]) / h;
      }
    }
    if (weights) {
      for (let i = 0; i < m; i++) {
        const w = weights[i];
        res[i] *= w;
        for (let j = 0; j < n; j++) jac[i * n + j] *= w;
      }
    }
    let cost = 0;
    for (let i = 0; i < m; i++) {
      const z = (res[i] / C) ** 2;
      cost += loss === "linear" ? z : 2 * z / (Math.sqrt(1 + z) + 1);
    }
    cost *= 0.5 * C * C;
    for (let k = 0; k < m * n; k++) if (!Number.isFinite(jac[k])) return NaN;
    return Number.isFinite(cost) ? cost : NaN;
  };

  /** Loss-scaled residuals and Jacobian (scipy `scale_for_robust_loss_function`). */
  const scale = () => {
    for (let i = 0; i < m; i++) {
      let fs = 1, js = 1;
      if (loss === "soft_l1") {
        const z = (r[i] / C) ** 2;
        const rho1 = 1 / Math.sqrt(1 + z);
        const rho2 = -0.5 / ((1 + z) * Math.sqrt(1 + z)) / (C * C);
        js = Math.sqrt(Math.max(rho1 + 2 * rho2 * r[i] * r[i], EPS));
        fs = rho1 / js;
      }
      rs[i] = r[i] * fs;
      for (let j = 0; j < n; j++) Js[i * n + j] = J[i * n + j] * js;
    }
  };

  let cost = evaluate(x, r, J);
  const g = new Float64Array(n), H = new Float64Array(n * n), D = new Float64Array(n);
  const finish = (status: number, message: string, iterations: number): LeastSquaresResult => {
    let chi2 = 0;
    for (let i = 0; i < m; i++) chi2 += r[i] * r[i];
    const covariance = status < 0 ? null : invertSPD(normal(Js, m, n, H), n);
    const sigma = Float64Array.from(
      { length: n },
      (_, i) => covariance ? Math.sqrt(covariance[i * n + i]) : NaN,
    );
    return {
      p: x,
      cost,
      chi2,
      residuals: r,
      jacobian: Js,
      covariance,
      sigma,
      iterations,
      evaluations,
      status,
      message,
      success: status > 0,
    };
  };
  if (Number.isNaN(cost)) {
    return finish(-1, "residuals or Jacobian are not finite at the starting point", 0);
  }

  let lambda = options.lambda0 ?? 1e-3, nu = 2, iterations = 0;
  const free = new Uint8Array(n);
  const xNew = new Float64Array(n), step = new Float64Array(n);
  scale();
  while (evaluations < maxEval) {
    normal(Js, m, n, H);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += Js[i * n + j] * rs[i];
      g[j] = s;
      D[j] = Math.max(D[j], H[j * n + j]);
      free[j] = (x[j] <= lower[j] && g[j] > 0) || (x[j] >= upper[j] && g[j] < 0) ? 0 : 1;
    }
    // gtol: largest |cos| between the residual vector and a free Jacobian column.
    let rn = 0;
    for (let i = 0; i < m; i++) rn += rs[i] * rs[i];
    rn = Math.sqrt(rn);
    let gmax = 0;
    for (let j = 0; j < n; j++) {
      if (free[j] && H[j * n + j] > 0) {
        gmax = Math.max(gmax, Math.abs(g[j]) / Math.sqrt(H[j * n + j]));
      }
    }
    if (rn === 0 || gmax <= gtol * rn) {
      return finish(1, "gtol: gradient is orthogonal to the residuals", iterations);
    }

    const idx: number[] = [];
    for (let j = 0; j < n; j++) if (free[j] && D[j] > 0) idx.push(j);
    const k = idx.length;
    const A = new Float64Array(k * k), b = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      for (let c = 0; c < k; c++) A[a * k + c] = H[idx[a] * n + idx[c]];
      A[a * k + a] += lambda * D[idx[a]];
      b[a] = -g[idx[a]];
    }
    if (k === 0 || !cholesky(A, k)) {
      lambda *= nu;
      nu *= 2;
      if (lambda > 1e20) {
        return finish(2, "no further reduction possible (singular system)", iterations);
      }
      continue;
    }
    choleskySolve(A, k, b);
    step.fill(0);
    for (let a = 0; a < k; a++) step[idx[a]] = b[a];
    for (let j = 0; j < n; j++) {
      xNew[j] = Math.min(upper[j], Math.max(lower[j], x[j] + step[j]));
      step[j] = xNew[j] - x[j];
    }
    let predicted = 0;
    for (let a = 0; a < n; a++) {
      let hs = 0;
      for (let c = 0; c < n; c++) hs += H[a * n + c] * step[c];
      predicted -= g[a] * step[a] + 0.5 * step[a] * hs;
    }
    const costNew = predicted > 0 ? evaluate(xNew, rT, JT) : NaN;
    if (costNew < cost) {
      const actual = cost - costNew;
      const ratio = actual / predicted;
      let small = true;
      for (let j = 0; j < n; j++) {
        if (Math.abs(step[j]) > xtol * (xtol + Math.abs(x[j]))) small = false;
      }
      const fconv = actual <= ftol * cost && predicted <= ftol * cost && ratio <= 2;
      x.set(xNew);
      [r, rT] = [rT, r];
      [J, JT] = [JT, J];
      cost = costNew;
      iterations++;
      scale();
      lambda *= Math.max(1 / 3, 1 - (2 * Math.min(ratio, 1) - 1) ** 3);
      nu = 2;
      if (fconv && small) return finish(4, "ftol and xtol: both tests satisfied", iterations);
      if (fconv) return finish(2, "ftol: relative reduction of the cost below ftol", iterations);
      if (small) return finish(3, "xtol: relative step below xtol", iterations);
    } else {
      lambda *= nu;
      nu *= 2;
      if (lambda > 1e16) {
        return finish(2, "no further reduction possible at machine precision", iterations);
      }
    }
  }
  return finish(0, `maximum number of evaluations (${maxEval}) reached`, iterations);
}

/** JᵀJ of a row-major m×n matrix into `out` (n×n). */
function normal(J: Float64Array, m: number, n: number, out: Float64Array): Float64Array {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const o = i * n;
    for (let a = 0; a < n; a++) {
      const ja = J[o + a];
      if (ja === 0) continue;
      for (let c = a; c < n; c++) out[a * n + c] += ja * J[o + c];
    }
  }
  for (let a = 0; a < n; a++) for (let c = 0; c < a; c++) out[a * n + c] = out[c * n + a];
  return out;
}
