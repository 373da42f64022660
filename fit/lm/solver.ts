/**
 * The Marquardt–Levenberg iteration behind `leastSquares` (fit/lm.ts), with
 * hooks for multi-start drivers and structured problems (hooks.ts): a stop
 * test after every accepted step, lazy or fused Jacobians, residual functions
 * that return their cost. Allocation-free inside the loop: the normal matrix,
 * gradient and damped system live in preallocated `Float64Array`s and are
 * rebuilt only when the parameters move (a rejected step only changes λ);
 * with the linear loss and no weights the loss-scaled residuals and Jacobian
 * are the evaluated ones (no copy), and for blocks of 3, 5 or 6 columns the
 * normal equations take one pass (normal_columns.ts).
 *
 * @module
 */
import { cholesky, choleskySolve, invertSPD } from "./linalg.ts";
import { normal } from "./normal.ts";
import { hasColumnKernel, normalColumns } from "./normal_columns.ts";
import { type SolverHooks, STOPPED } from "./hooks.ts";
export type { JacobianBlocks } from "./normal.ts";
export { STOPPED } from "./hooks.ts";
export type { SolverHooks, SolverState } from "./hooks.ts";
import type { LeastSquaresOptions, LeastSquaresResult, ResidualFunction } from "./types.ts";

const EPS = 2.220446049250313e-16;

/**
 * Minimise ½ Σ ρ((wᵢ rᵢ(p)/C)²)·C² over box-bounded parameters (see `leastSquares`).
 *
 * @example
 * ```ts
 * import { solve } from "./solver.ts";
 * const res = solve((p, r, J) => {
 *   r[0] = p[0] - 3;
 *   if (J) J[0] = 1;
 * }, [0], 1);
 * console.log(res.p[0]); // 3
 * ```
 */
export function solve(
  fn: ResidualFunction,
  p0: ArrayLike<number>,
  m: number,
  options: LeastSquaresOptions = {},
  hooks: SolverHooks = {},
): LeastSquaresResult {
  const n = p0.length;
  // The solver's n-vectors and n×n matrices share one buffer (fewer allocations per run).
  const work = new Float64Array(7 * n + 2 * n * n);
  const vec = (k: number) => work.subarray(k * n, (k + 1) * n);
  const lower = vec(0), upper = vec(1);
  for (let i = 0; i < n; i++) {
    lower[i] = options.lower?.[i] ?? -Infinity;
    upper[i] = options.upper?.[i] ?? Infinity;
  }
  const loss = options.loss ?? "linear";
  if (loss !== "linear" && loss !== "soft_l1") {
    throw new RangeError(`loss must be "linear" or "soft_l1", got ${JSON.stringify(loss)}`);
  }
  const robust = loss === "soft_l1";
  const C = options.fScale ?? 1;
  const weights = options.weights;
  const ftol = options.ftol ?? 1e-10, xtol = options.xtol ?? 1e-10, gtol = options.gtol ?? 1e-10;
  const maxEval = options.maxEvaluations ?? 500;
  const numeric = options.jacobian === "2-point";
  const stop = hooks.stop;
  const blocks = hooks.blocks ?? {
    rowStart: Int32Array.of(0, m),
    cols: [Int32Array.from({ length: n }, (_, j) => j)],
  };
  const nGroups = blocks.cols.length;
  const columnMajor = hooks.layout === "column" && !numeric;
  const fused = numeric || options.weights ? undefined : hooks.normal;
  const lazy = numeric || fused ? undefined : hooks.jacobian;
  const trusted = (!!hooks.finiteJacobian || !!lazy || !!fused) && !numeric;
  // The residuals with their sum of squares, for the plain χ² of a trusted Jacobian.
  const squares = trusted && !robust && C === 1 && !options.weights
    ? hooks.residualSquares
    : undefined;
  // Offset of entry (i, j) = i·rs + j·cs.
  const rs = columnMajor ? 1 : n, cs = columnMajor ? m : 1;
  // One-pass normal equations that scale the rows on the fly: J itself stays unscaled until
  // the result needs it (see `normalColumns`).
  const onePass = columnMajor && hasColumnKernel(blocks);

  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.min(upper[i], Math.max(lower[i], p0[i]));
  const mn = fused ? 0 : m * n;
  let r = new Float64Array(m), J = new Float64Array(mn);
  // A lazy Jacobian is filled at accepted points only: trial points need no second buffer.
  let rT = new Float64Array(m), JT = (lazy && !weights) || fused ? J : new Float64Array(mn);
  // Loss-scaled copies only for the robust loss; the linear loss uses r and J themselves.
  // The robust loss scales J in place (the unscaled J is not needed again) and keeps the
  // scaled residuals apart (r itself is returned).
  // The soft-L1 buffers share one allocation too.
  const soft = new Float64Array(robust ? 4 * m : 0);
  const rsBuf = robust ? soft.subarray(0, m) : r;
  const js2 = soft.subarray(m, 2 * m);
  // √(1 + z) of the soft-L1 loss at the evaluated points, paired with r and rT.
  let sq = soft.subarray(2 * m, 3 * m), sqT = soft.subarray(3 * m, 4 * m);
  let rsc = rsBuf;
  const tmp = numeric ? new Float64Array(m) : r;
  const q = numeric ? new Float64Array(n) : x;
  let evaluations = 0;

  /** Evaluate weighted residuals and Jacobian at p into (res, jac); return the cost or NaN. */
  const evaluate = (
    p: Float64Array,
    res: Float64Array,
    jac: Float64Array,
    root: Float64Array,
  ): number => {
    evaluations++;
    if (squares) {
      const cost = 0.5 * squares(p, res);
      return Number.isFinite(cost) ? cost : NaN;
    }
    fn(p, res, numeric || lazy || fused ? null : jac);
    if (numeric) {
      q.set(p);
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
        for (let j = 0; j < n; j++) jac[i * rs + j * cs] *= w;
      }
    }
    let cost = 0;
    if (robust) {
      for (let i = 0; i < m; i++) {
        const z = C === 1 ? res[i] * res[i] : (res[i] / C) ** 2, s = Math.sqrt(1 + z);
        root[i] = s;
        cost += 2 * z / (s + 1);
      }
    } else if (C === 1) {
      for (let i = 0; i < m; i++) cost += res[i] * res[i];
    } else {
      for (let i = 0; i < m; i++) cost += (res[i] / C) ** 2;
    }
    cost *= 0.5 * C * C;
    if (trusted) return Number.isFinite(cost) ? cost : NaN;
    // x·0 is NaN exactly when x is not finite.
    let bad = 0;
    for (let k = 0; k < nGroups; k++) {
      const cols = blocks.cols[k], q = cols.length;
      const i0 = blocks.rowStart[k], i1 = blocks.rowStart[k + 1];
      for (let a = 0; a < q; a++) {
        for (let i = i0, o = i0 * rs + cols[a] * cs; i < i1; i++, o += rs) bad += jac[o] * 0;
      }
    }
    return Number.isFinite(cost) && bad === 0 ? cost : NaN;
  };

  /**
   * Loss-scaled residuals and Jacobian (scipy `scale_for_robust_loss_function`): the residuals
   * into `rsc`, the row scale into `js2`; J is scaled in place unless the one-pass kernel
   * scales it on the fly (then `scaleJ` does it when the result needs it).
   */
  let jScaled = false, rn2 = 0;
  const scale = () => {
    rsc = robust ? rsBuf : r;
    jScaled = !robust;
    // Σ rsc²: for the linear loss with C = 1 it is 2·cost exactly (the same sum, halved).
    rn2 = 0;
    if (!robust) {
      if (C === 1) rn2 = 2 * cost;
      else for (let i = 0; i < m; i++) rn2 += r[i] * r[i];
      return;
    }
    // ρ' = 1/s, ρ'' = −1/(2s³C²) with s = √(1 + z): ρ' + 2ρ''r² = 1/s³, so the Jacobian
    // scale is s^(−3/2) (at least √EPS) and the residual scale ρ'/scale = √s.
    for (let i = 0; i < m; i++) {
      const s = sq[i], rt = Math.sqrt(s), js = 1 / (s * rt);
      let v: number;
      if (js * js >= EPS) {
        v = r[i] * rt;
        js2[i] = js;
      } else {
        const jsMin = Math.sqrt(EPS);
        v = r[i] / (s * jsMin);
        js2[i] = jsMin;
      }
      rsc[i] = v;
      rn2 += v * v;
    }
    if (!onePass) scaleJ();
  };
  const scaleJ = () => {
    if (jScaled || fused) return;
    jScaled = true;
    for (let k = 0; k < nGroups; k++) {
      const cols = blocks.cols[k], q = cols.length;
      const i0 = blocks.rowStart[k], i1 = blocks.rowStart[k + 1];
      for (let a = 0; a < q; a++) {
        for (let i = i0, o = i0 * rs + cols[a] * cs; i < i1; i++, o += rs) J[o] *= js2[i];
      }
    }
  };
  /** JᵀJ into H and Jᵀr into g at x, of the loss-scaled Jacobian and residuals. */
  const normalAt = () =>
    fused
      ? (fused(x, robust ? js2 : null, rsc, H, g), H)
      : onePass
      ? normalColumns(J, rsc, jScaled ? null : js2, n, m, blocks, H, g)
      : normal(J, rsc, n, blocks, rs, cs, H, g);

  let cost = evaluate(x, r, J, sq);
  if (lazy && Number.isFinite(cost)) lazy(x, J);
  const g = vec(2), D = vec(3), H = work.subarray(7 * n, 7 * n + n * n);
  let lambda = options.lambda0 ?? 1e-3;
  if (hooks.state?.D) {
    lambda = hooks.state.lambda;
    D.set(hooks.state.D);
  }
  let hValid = false;
  const finish = (status: number, message: string, iterations: number): LeastSquaresResult => {
    if (hooks.state) {
      hooks.state.lambda = lambda;
      hooks.state.D = Float64Array.from(D);
    }
    let chi2 = 0;
    for (let i = 0; i < m; i++) chi2 += r[i] * r[i];
    // H is already the normal matrix at x unless x moved since it was formed.
    const covariance = status < 0 ? null : invertSPD(hValid ? H : normalAt(), n);
    if (status >= 0 && robust) scaleJ();
    const sigma = new Float64Array(n);
    for (let i = 0; i < n; i++) sigma[i] = covariance ? Math.sqrt(covariance[i * n + i]) : NaN;
    return {
      p: x,
      cost,
      chi2,
      residuals: r,
      jacobian: J,
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

  let nu = 2, iterations = 0;
  const free = new Uint8Array(n), idx = new Int32Array(n);
  const xNew = vec(4), step = vec(5), b = vec(6), A = work.subarray(7 * n + n * n);
  let k = 0, stale = true;
  scale();
  while (evaluations < maxEval) {
    if (stale) {
      // Normal matrix, gradient and active set at the current x (unchanged by rejected steps).
      normalAt();
      hValid = true;
      for (let j = 0; j < n; j++) {
        D[j] = Math.max(D[j], H[j * n + j]);
        free[j] = (x[j] <= lower[j] && g[j] > 0) || (x[j] >= upper[j] && g[j] < 0) ? 0 : 1;
      }
      // gtol: largest |cos| between the residual vector and a free Jacobian column.
      const rn = Math.sqrt(rn2);
      let gmax = 0;
      for (let j = 0; j < n; j++) {
        if (free[j] && H[j * n + j] > 0) {
          gmax = Math.max(gmax, Math.abs(g[j]) / Math.sqrt(H[j * n + j]));
        }
      }
      if (rn === 0 || gmax <= gtol * rn) {
        return finish(1, "gtol: gradient is orthogonal to the residuals", iterations);
      }
      k = 0;
      for (let j = 0; j < n; j++) if (free[j] && D[j] > 0) idx[k++] = j;
      stale = false;
    }
    for (let a = 0; a < k; a++) {
      const ia = idx[a];
      // The lower triangle: all that cholesky reads.
      for (let c = 0; c <= a; c++) A[a * k + c] = H[ia * n + idx[c]];
      A[a * k + a] += lambda * D[ia];
      b[a] = -g[ia];
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
    const costNew = predicted > 0 ? evaluate(xNew, rT, JT, sqT) : NaN;
    if (costNew < cost) {
      const actual = cost - costNew;
      const ratio = actual / predicted;
      let small = true;
      for (let j = 0; j < n; j++) {
        if (Math.abs(step[j]) > xtol * (xtol + Math.abs(x[j]))) small = false;
      }
      const fconv = actual <= ftol * cost && predicted <= ftol * cost && ratio <= 2;
      x.set(xNew);
      const r0 = r, J0 = J, sq0 = sq;
      r = rT, J = JT, sq = sqT, rT = r0, JT = J0, sqT = sq0;
      if (lazy) lazy(x, J);
      cost = costNew;
      iterations++;
      scale();
      stale = true;
      hValid = false;
      lambda *= Math.max(1 / 3, 1 - (2 * Math.min(ratio, 1) - 1) ** 3);
      nu = 2;
      if (fconv && small) return finish(4, "ftol and xtol: both tests satisfied", iterations);
      if (fconv) return finish(2, "ftol: relative reduction of the cost below ftol", iterations);
      if (small) return finish(3, "xtol: relative step below xtol", iterations);
      if (stop?.(x, cost)) {
        return finish(STOPPED, "stopped: joined an optimum found from another start", iterations);
      }
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
