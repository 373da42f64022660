/**
 * The normal equations of the least-squares core (`solver.ts`) for block-sparse
 * Jacobians stored row- or column-major.
 *
 * @module
 */

/**
 * Block-sparse Jacobian: the rows of group k, [rowStart[k], rowStart[k + 1]),
 * are zero outside the (ascending) columns `cols[k]`, e.g. one group per band
 * holding the shared and that band's parameters. The residual function need
 * not write the zeros (the solver's buffers start at zero).
 */
export interface JacobianBlocks {
  /** Group boundaries in rows; length = groups + 1, last = m. */
  rowStart: Int32Array;
  /** Non-zero columns of each group, ascending. */
  cols: Int32Array[];
}

/**
 * JᵀJ (into `H`, n×n) and Jᵀr (into `g`) of a Jacobian with entry (i, j) at i·rs + j·cs,
 * summing over each block's rows and columns only. Each pass over the rows of column a
 * accumulates up to four products in registers (the first pass also the gradient).
 *
 * @example
 * ```ts
 * import { normal } from "./normal.ts";
 * // J = [[1, 2], [3, 4]] row-major (rs = 2, cs = 1), r = [1, 1]
 * const H = new Float64Array(4), g = new Float64Array(2);
 * const blocks = { rowStart: Int32Array.of(0, 2), cols: [Int32Array.of(0, 1)] };
 * normal(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 1), 2, blocks, 2, 1, H, g);
 * // H = [10, 14, 14, 20], g = [4, 6]
 * ```
 */
export function normal(
  J: Float64Array,
  r: Float64Array,
  n: number,
  blocks: JacobianBlocks,
  rs: number,
  cs: number,
  H: Float64Array,
  g: Float64Array,
): Float64Array {
  H.fill(0);
  g.fill(0);
  for (let k = 0; k < blocks.cols.length; k++) {
    const cols = blocks.cols[k], q = cols.length;
    const i0 = blocks.rowStart[k], i1 = blocks.rowStart[k + 1];
    for (let a = 0; a < q; a++) {
      const ca = cols[a], oa = i0 * rs + ca * cs, oe = i1 * rs + ca * cs, h = ca * n;
      // Pass 1: gradient, (a, a), (a, a+1), (a, a+2); unused lanes repeat column a.
      const d1 = a + 1 < q ? (cols[a + 1] - ca) * cs : 0;
      const d2 = a + 2 < q ? (cols[a + 2] - ca) * cs : 0;
      let sg = 0, s0 = 0, s1 = 0, s2 = 0;
      for (let i = i0, o = oa; i < i1; i++, o += rs) {
        const ja = J[o];
        sg += ja * r[i];
        s0 += ja * ja;
        s1 += ja * J[o + d1];
        s2 += ja * J[o + d2];
      }
      g[ca] += sg;
      H[h + ca] += s0;
      if (a + 1 < q) H[h + cols[a + 1]] += s1;
      if (a + 2 < q) H[h + cols[a + 2]] += s2;
      // Further passes: four columns at a time.
      for (let c = a + 3; c < q; c += 4) {
        const e0 = (cols[c] - ca) * cs;
        const e1 = c + 1 < q ? (cols[c + 1] - ca) * cs : e0;
        const e2 = c + 2 < q ? (cols[c + 2] - ca) * cs : e0;
        const e3 = c + 3 < q ? (cols[c + 3] - ca) * cs : e0;
        let t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        for (let o = oa; o < oe; o += rs) {
          const ja = J[o];
          t0 += ja * J[o + e0];
          t1 += ja * J[o + e1];
          t2 += ja * J[o + e2];
          t3 += ja * J[o + e3];
        }
        H[h + cols[c]] += t0;
        if (c + 1 < q) H[h + cols[c + 1]] += t1;
        if (c + 2 < q) H[h + cols[c + 2]] += t2;
        if (c + 3 < q) H[h + cols[c + 3]] += t3;
      }
    }
  }
  for (let a = 0; a < n; a++) for (let c = 0; c < a; c++) H[a * n + c] = H[c * n + a];
  return H;
}
