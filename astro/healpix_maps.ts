/**
 * Whole-map HEALPix operations: NESTED ↔ RING permutation of a map, `ud_grade`, `UNSEEN`.
 *
 * @module
 */

import { BadRequestError } from "./errors.ts";
import { base, JPLL, JRLL, npix2nside } from "./healpix_base.ts";

const SPREAD8 = new Uint16Array(256).map((_, v) => {
  let s = 0;
  for (let b = 0; b < 8; b++) if (v & (1 << b)) s |= 1 << (2 * b);
  return s;
});

/**
 * Permutation table of a full map: `table[nestPixel] = ringPixel`, for every
 * pixel at `nside` (a fast, allocation-free `nest2ring` over the whole sphere).
 *
 * @example
 * ```ts
 * import { nestToRingTable } from "./healpix.ts";
 * const table = nestToRingTable(2); // Int32Array(48) [13, 5, 4, 0, …]
 * ```
 */
export function nestToRingTable(nside: number): Int32Array {
  const b = base(nside);
  if (b.npix > 2 ** 31) {
    throw new BadRequestError("nside", nside, "allowed: at most 8192 for whole-map tables");
  }
  const { npface, ncap, npix } = b;
  const nl4 = 4 * nside;
  const table = new Int32Array(npix);
  const spread = (v: number) => SPREAD8[v & 0xff] + SPREAD8[(v >> 8) & 0xff] * 65536;
  const sy = new Float64Array(nside);
  for (let iy = 0; iy < nside; iy++) sy[iy] = 2 * spread(iy);
  for (let face = 0; face < 12; face++) {
    const jrll = JRLL[face] * nside;
    const jpll = JPLL[face];
    for (let ix = 0; ix < nside; ix++) {
      const nx = face * npface + spread(ix);
      for (let iy = 0; iy < nside; iy++) {
        const jr = jrll - ix - iy - 1;
        let nr: number, nBefore: number, kshift: number;
        if (jr < nside) {
          nr = jr;
          nBefore = 2 * jr * (jr - 1);
          kshift = 0;
        } else if (jr < 3 * nside) {
          nr = nside;
          nBefore = ncap + (jr - nside) * nl4;
          kshift = ((jr - nside) & 1) === 0 ? 0 : 1;
        } else {
          nr = 4 * nside - jr;
          nBefore = npix - 2 * nr * (nr + 1);
          kshift = 0;
        }
        let jp = Math.trunc((jpll * nr + ix - iy + 1 + kshift) / 2);
        if (jp < 1) jp += nl4;
        table[nx + sy[iy]] = nBefore + jp - 1;
      }
    }
  }
  return table;
}

/**
 * Reorder a full-sky map from NESTED to RING numbering (healpy `reorder(m, n2r=True)`).
 *
 * @example
 * ```ts
 * import { nestToRingMap } from "./healpix.ts";
 * const ring = nestToRingMap(new Float64Array(12 * 4 * 4));
 * ```
 */
export function nestToRingMap(map: Float64Array): Float64Array {
  const table = nestToRingTable(npix2nside(map.length));
  const out = new Float64Array(map.length);
  for (let p = 0; p < map.length; p++) out[table[p]] = map[p];
  return out;
}

/**
 * Reorder a full-sky map from RING to NESTED numbering (healpy `reorder(m, r2n=True)`).
 *
 * @example
 * ```ts
 * import { ringToNestMap } from "./healpix.ts";
 * const nest = ringToNestMap(new Float64Array(12));
 * ```
 */
export function ringToNestMap(map: Float64Array): Float64Array {
  const table = nestToRingTable(npix2nside(map.length));
  const out = new Float64Array(map.length);
  for (let p = 0; p < map.length; p++) out[p] = map[table[p]];
  return out;
}

/**
 * Change the resolution of a RING map (healpy `ud_grade(m, nsideOut)`, RING in
 * and out, `pess=False`, no `power`): degrading averages the finite children of
 * each output pixel (NaN children are ignored, all-NaN → NaN); upgrading copies
 * each value to its children.
 *
 * @example
 * ```ts
 * import { udGrade } from "./healpix.ts";
 * const low = udGrade(new Float64Array(12 * 512 * 512), 128); // 196608 pixels
 * ```
 */
export function udGrade(map: Float64Array, nsideOut: number): Float64Array {
  const nsideIn = npix2nside(map.length);
  const bOut = base(nsideOut, "nsideOut");
  if (nsideOut === nsideIn) return Float64Array.from(map);
  const nest = ringToNestMap(map);
  const out = new Float64Array(bOut.npix);
  if (nsideOut > nsideIn) {
    const rat = bOut.npix / map.length;
    for (let p = 0; p < out.length; p++) out[p] = nest[Math.floor(p / rat)];
  } else {
    const rat = map.length / bOut.npix;
    const buf = new Float64Array(rat);
    for (let p = 0; p < out.length; p++) {
      let n = 0;
      for (let k = 0; k < rat; k++) {
        const v = nest[p * rat + k];
        const good = Number.isFinite(v) && v !== UNSEEN;
        buf[k] = good ? v : 0;
        if (good) n++;
      }
      out[p] = n === 0 ? UNSEEN : pairwiseSum(buf, 0, rat) / n;
    }
  }
  return nestToRingMap(out);
}

/**
 * Sum of `a[start … start+n)` in NumPy's pairwise order (`np.sum` of float64),
 * so that averages are bit-identical to healpy's.
 */
function pairwiseSum(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = start; i < start + n; i++) res += a[i];
    return res;
  }
  if (n <= 128) {
    const r = [a[start], a[start + 1], a[start + 2], a[start + 3]];
    const r2 = [a[start + 4], a[start + 5], a[start + 6], a[start + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const o = start + i;
      r[0] += a[o];
      r[1] += a[o + 1];
      r[2] += a[o + 2];
      r[3] += a[o + 3];
      r2[0] += a[o + 4];
      r2[1] += a[o + 5];
      r2[2] += a[o + 6];
      r2[3] += a[o + 7];
    }
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r2[0] + r2[1]) + (r2[2] + r2[3]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/**
 * healpy's marker of a missing pixel value (`hp.UNSEEN`), skipped by {@link udGrade}.
 *
 * @example
 * ```ts
 * import { UNSEEN } from "./healpix.ts";
 * const map = new Float64Array(12).fill(UNSEEN);
 * ```
 */
export const UNSEEN: number = -1.6375e30;
