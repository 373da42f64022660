/**
 * Small dense linear algebra on row-major `Float64Array`s, sized for
 * least-squares normal equations (n ≲ 20). Pure kernels, no allocation
 * beyond what the caller passes unless stated.
 *
 * @module
 */

/**
 * In-place Cholesky factorisation of a symmetric positive-definite n×n matrix
 * (row-major). The lower triangle is overwritten with L (A = L Lᵀ).
 *
 * @returns `true` on success, `false` if the matrix is not positive definite.
 * @example
 * ```ts
 * import { cholesky } from "./linalg.ts";
 * const a = new Float64Array([4, 2, 2, 3]);
 * cholesky(a, 2); // a[0] = 2, a[2] = 1, a[3] = √2
 * ```
 */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / ljj;
    }
  }
  return true;
}

/**
 * Solve L Lᵀ x = b in place (b becomes x) with a factor from {@link cholesky}.
 *
 * @example
 * ```ts
 * import { cholesky, choleskySolve } from "./linalg.ts";
 * const a = new Float64Array([4, 2, 2, 3]);
 * cholesky(a, 2);
 * const b = new Float64Array([6, 5]);
 * choleskySolve(a, 2, b); // b = [1, 1]
 * ```
 */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}

/**
 * Inverse of a symmetric positive-definite matrix, computed with a
 * Jacobi-preconditioned Cholesky factorisation (robust to parameters of very
 * different scales, e.g. t0 ≈ 2.46e6 beside u0 ≈ 0.1).
 *
 * @returns a new n×n matrix, or `null` if the matrix is singular.
 * @example
 * ```ts
 * import { invertSPD } from "./linalg.ts";
 * invertSPD(new Float64Array([2, 0, 0, 4]), 2); // [0.5, 0, 0, 0.25]
 * ```
 */
export function invertSPD(a: ArrayLike<number>, n: number): Float64Array | null {
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i];
    if (!(d > 0) || !Number.isFinite(d)) return null;
    s[i] = 1 / Math.sqrt(d);
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) m[i * n + j] = a[i * n + j] * s[i] * s[j];
  }
  if (!cholesky(m, n)) return null;
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    choleskySolve(m, n, col);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i] * s[i] * s[j];
  }
  for (let i = 0; i < n * n; i++) if (!Number.isFinite(inv[i])) return null;
  return inv;
}

/**
 * The leading `size` × `size` block of an n×n covariance (row-major) as rows, symmetric to the
 * last bit: each entry the mean of its two triangles, mapped by `value(mean, i, j)` for i ≤ j
 * and mirrored; NaN everywhere without a covariance.
 *
 * @example
 * ```ts
 * import { symmetricBlock } from "./linalg.ts";
 * const c = new Float64Array([4, 1, 0, 1.5, 9, 0, 0, 0, 1]);
 * console.log(symmetricBlock(c, 3, 2)); // [[4, 1.25], [1.25, 9]]
 * ```
 */
export function symmetricBlock(
  covariance: ArrayLike<number> | null,
  n: number,
  size: number,
  value: (mean: number, i: number, j: number) => number = (mean) => mean,
): number[][] {
  const at = (i: number, j: number) =>
    covariance ? value((covariance[i * n + j] + covariance[j * n + i]) / 2, i, j) : NaN;
  const k = Array.from({ length: size }, (_, i) => i);
  return k.map((i) => k.map((j) => (i <= j ? at(i, j) : at(j, i))));
}
