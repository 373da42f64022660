/**
 * One-pass normal equations for column-major block Jacobians whose blocks
 * have 3, 5 or 6 columns (PSPL in flux and magnitude space, HG1G2, sHG1G2):
 * every product of a block is accumulated in registers during a single pass
 * over its rows, with the rows optionally scaled on the fly (the soft-L1
 * Jacobian scale), instead of `normal`'s several passes over a Jacobian
 * scaled beforehand. Each entry is summed over the same rows in the same
 * order as `normal`, so H and g are the same to the last bit.
 *
 * @module
 */
import type { JacobianBlocks } from "./normal.ts";

/** Whether {@link normalColumns} handles every block of `blocks`. */
export function hasColumnKernel(blocks: JacobianBlocks): boolean {
  return blocks.cols.every((c) => c.length === 3 || c.length === 5 || c.length === 6);
}

/**
 * JᵀJ (into `H`, n×n) and Jᵀr (into `g`) of the column-major m-row Jacobian `J` with row i
 * scaled by `scale[i]` (none when `null`): the rows of J·diag(scale) are what `normal` would
 * read, and H, g come out identical to its result on them. Every block must have 3, 5 or 6
 * columns ({@link hasColumnKernel}).
 *
 * @example
 * ```ts
 * import { normalColumns } from "./normal_columns.ts";
 * // J = [[1, 0, 0], [0, 1, 0], [0, 0, 2]] column-major, r = [1, 1, 1], no scale
 * const H = new Float64Array(9), g = new Float64Array(3);
 * const blocks = { rowStart: Int32Array.of(0, 3), cols: [Int32Array.of(0, 1, 2)] };
 * normalColumns(Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 2), Float64Array.of(1, 1, 1), null, 3, 3, blocks, H, g);
 * // H = diag(1, 1, 4), g = [1, 1, 2]
 * ```
 */
export function normalColumns(
  J: Float64Array,
  r: Float64Array,
  scale: Float64Array | null,
  n: number,
  m: number,
  blocks: JacobianBlocks,
  H: Float64Array,
  g: Float64Array,
): Float64Array {
  H.fill(0);
  g.fill(0);
  for (let k = 0; k < blocks.cols.length; k++) {
    const c = blocks.cols[k], i0 = blocks.rowStart[k], i1 = blocks.rowStart[k + 1];
    if (c.length === 3) block3(J, r, scale, n, m, c, i0, i1, H, g);
    else if (c.length === 5) block5(J, r, scale, n, m, c, i0, i1, H, g);
    else block6(J, r, scale, n, m, c, i0, i1, H, g);
  }
  for (let a = 0; a < n; a++) for (let c = 0; c < a; c++) H[a * n + c] = H[c * n + a];
  return H;
}

function block3(
  J: Float64Array,
  r: Float64Array,
  scale: Float64Array | null,
  n: number,
  m: number,
  c: Int32Array,
  i0: number,
  i1: number,
  H: Float64Array,
  g: Float64Array,
): void {
  const o0 = c[0] * m, o1 = c[1] * m, o2 = c[2] * m;
  let g0 = 0, g1 = 0, g2 = 0, h00 = 0, h01 = 0, h02 = 0, h11 = 0, h12 = 0, h22 = 0;
  for (let i = i0; i < i1; i++) {
    let j0 = J[o0 + i], j1 = J[o1 + i], j2 = J[o2 + i];
    if (scale) {
      const s = scale[i];
      j0 *= s, j1 *= s, j2 *= s;
    }
    const ri = r[i];
    g0 += j0 * ri, g1 += j1 * ri, g2 += j2 * ri;
    h00 += j0 * j0, h01 += j0 * j1, h02 += j0 * j2;
    h11 += j1 * j1, h12 += j1 * j2, h22 += j2 * j2;
  }
  const a0 = c[0] * n, a1 = c[1] * n, a2 = c[2] * n;
  g[c[0]] += g0, g[c[1]] += g1, g[c[2]] += g2;
  H[a0 + c[0]] += h00, H[a0 + c[1]] += h01, H[a0 + c[2]] += h02;
  H[a1 + c[1]] += h11, H[a1 + c[2]] += h12, H[a2 + c[2]] += h22;
}

function block5(
  J: Float64Array,
  r: Float64Array,
  scale: Float64Array | null,
  n: number,
  m: number,
  c: Int32Array,
  i0: number,
  i1: number,
  H: Float64Array,
  g: Float64Array,
): void {
  const o0 = c[0] * m, o1 = c[1] * m, o2 = c[2] * m, o3 = c[3] * m, o4 = c[4] * m;
  let g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0;
  let h00 = 0, h01 = 0, h02 = 0, h03 = 0, h04 = 0, h11 = 0, h12 = 0, h13 = 0, h14 = 0;
  let h22 = 0, h23 = 0, h24 = 0, h33 = 0, h34 = 0, h44 = 0;
  for (let i = i0; i < i1; i++) {
    let j0 = J[o0 + i], j1 = J[o1 + i], j2 = J[o2 + i], j3 = J[o3 + i], j4 = J[o4 + i];
    if (scale) {
      const s = scale[i];
      j0 *= s, j1 *= s, j2 *= s, j3 *= s, j4 *= s;
    }
    const ri = r[i];
    g0 += j0 * ri, g1 += j1 * ri, g2 += j2 * ri, g3 += j3 * ri, g4 += j4 * ri;
    h00 += j0 * j0, h01 += j0 * j1, h02 += j0 * j2, h03 += j0 * j3, h04 += j0 * j4;
    h11 += j1 * j1, h12 += j1 * j2, h13 += j1 * j3, h14 += j1 * j4;
    h22 += j2 * j2, h23 += j2 * j3, h24 += j2 * j4;
    h33 += j3 * j3, h34 += j3 * j4, h44 += j4 * j4;
  }
  const a0 = c[0] * n, a1 = c[1] * n, a2 = c[2] * n, a3 = c[3] * n;
  g[c[0]] += g0, g[c[1]] += g1, g[c[2]] += g2, g[c[3]] += g3, g[c[4]] += g4;
  H[a0 + c[0]] += h00, H[a0 + c[1]] += h01, H[a0 + c[2]] += h02;
  H[a0 + c[3]] += h03, H[a0 + c[4]] += h04;
  H[a1 + c[1]] += h11, H[a1 + c[2]] += h12, H[a1 + c[3]] += h13, H[a1 + c[4]] += h14;
  H[a2 + c[2]] += h22, H[a2 + c[3]] += h23, H[a2 + c[4]] += h24;
  H[a3 + c[3]] += h33, H[a3 + c[4]] += h34, H[c[4] * n + c[4]] += h44;
}

function block6(
  J: Float64Array,
  r: Float64Array,
  scale: Float64Array | null,
  n: number,
  m: number,
  c: Int32Array,
  i0: number,
  i1: number,
  H: Float64Array,
  g: Float64Array,
): void {
  const o0 = c[0] * m, o1 = c[1] * m, o2 = c[2] * m, o3 = c[3] * m, o4 = c[4] * m;
  const o5 = c[5] * m;
  let g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0;
  let h00 = 0, h01 = 0, h02 = 0, h03 = 0, h04 = 0, h05 = 0, h11 = 0, h12 = 0, h13 = 0;
  let h14 = 0, h15 = 0, h22 = 0, h23 = 0, h24 = 0, h25 = 0, h33 = 0, h34 = 0, h35 = 0;
  let h44 = 0, h45 = 0, h55 = 0;
  for (let i = i0; i < i1; i++) {
    let j0 = J[o0 + i], j1 = J[o1 + i], j2 = J[o2 + i], j3 = J[o3 + i], j4 = J[o4 + i];
    let j5 = J[o5 + i];
    if (scale) {
      const s = scale[i];
      j0 *= s, j1 *= s, j2 *= s, j3 *= s, j4 *= s, j5 *= s;
    }
    const ri = r[i];
    g0 += j0 * ri, g1 += j1 * ri, g2 += j2 * ri, g3 += j3 * ri, g4 += j4 * ri, g5 += j5 * ri;
    h00 += j0 * j0, h01 += j0 * j1, h02 += j0 * j2, h03 += j0 * j3, h04 += j0 * j4;
    h05 += j0 * j5, h11 += j1 * j1, h12 += j1 * j2, h13 += j1 * j3, h14 += j1 * j4;
    h15 += j1 * j5, h22 += j2 * j2, h23 += j2 * j3, h24 += j2 * j4, h25 += j2 * j5;
    h33 += j3 * j3, h34 += j3 * j4, h35 += j3 * j5, h44 += j4 * j4, h45 += j4 * j5;
    h55 += j5 * j5;
  }
  const a0 = c[0] * n, a1 = c[1] * n, a2 = c[2] * n, a3 = c[3] * n, a4 = c[4] * n;
  g[c[0]] += g0, g[c[1]] += g1, g[c[2]] += g2, g[c[3]] += g3, g[c[4]] += g4, g[c[5]] += g5;
  H[a0 + c[0]] += h00, H[a0 + c[1]] += h01, H[a0 + c[2]] += h02;
  H[a0 + c[3]] += h03, H[a0 + c[4]] += h04, H[a0 + c[5]] += h05;
  H[a1 + c[1]] += h11, H[a1 + c[2]] += h12, H[a1 + c[3]] += h13;
  H[a1 + c[4]] += h14, H[a1 + c[5]] += h15;
  H[a2 + c[2]] += h22, H[a2 + c[3]] += h23, H[a2 + c[4]] += h24, H[a2 + c[5]] += h25;
  H[a3 + c[3]] += h33, H[a3 + c[4]] += h34, H[a3 + c[5]] += h35;
  H[a4 + c[4]] += h44, H[a4 + c[5]] += h45, H[c[5] * n + c[5]] += h55;
}
