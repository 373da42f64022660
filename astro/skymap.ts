/**
 * Gravitational-wave sky maps (LIGO/Virgo/KAGRA BAYESTAR HEALPix FITS) →
 * the nside-128 RING pixels Fink's `/api/v1/skymap` scans, computed exactly as
 * Fink does (`fink-object-api`, `apps/routes/v1/ztf/skymap/utils.py`):
 *
 * 1. read HDU 1 column `PROB`; if `ORDERING = NESTED` reorder to RING;
 * 2. credible level of a pixel = cumulative sum of the probabilities sorted in
 *    decreasing order, up to and including that pixel (`np.flipud(np.argsort)`,
 *    NumPy's introsort replicated so that tied probabilities come out in the
 *    same order);
 * 3. `hp.ud_grade(credible_levels, nside)`: the mean of the children;
 * 4. pixels whose degraded level is ≤ the requested credible level.
 *
 * PROB is used in float64 (BAYESTAR writes `D`); a float32 (`E`) column is
 * promoted, whereas NumPy would accumulate it in float32, so such maps could
 * differ from Fink in the odd pixel right at the threshold.
 *
 * @module
 */

import { FitsError, type FitsHeader, readFits } from "./fits.ts";
import { nestToRingMap, npix2nside, udGrade } from "./healpix.ts";
import { isoToJd } from "./time.ts";
import { BadRequestError } from "./errors.ts";

/** Options of {@link skymapPixels} and {@link readCredibleLevels}. */
export interface SkymapOptions {
  /** Resolution of the returned RING pixels; default 128 (Fink's `pixel128` table). */
  nside?: number;
}

/** Result of {@link skymapPixels}. */
export interface SkymapPixels {
  /** RING pixels at `nside` inside the credible region, ascending. */
  pixels: number[];
  /** `DATE-OBS` of the event (UTC ISO string, as in the file). */
  dateObs: string;
  /** `DATE-OBS` as a Julian Date (astropy `Time(DATE-OBS).jd`). */
  jdObs: number;
  /** `OBJECT` keyword (GraceDB event id), "" when absent. */
  object: string;
  /** Header of the HEALPix table HDU. */
  header: FitsHeader;
}

/** A sky map read once: credible levels at `nside`, plus the event metadata. */
export interface CredibleLevelMap {
  /** Credible level of each RING pixel at `nside` (mean of its children's levels). */
  levels: Float64Array;
  /** Resolution of `levels`. */
  nside: number;
  /** `DATE-OBS` of the event (UTC ISO string, as in the file). */
  dateObs: string;
  /** `DATE-OBS` as a Julian Date (astropy `Time(DATE-OBS).jd`). */
  jdObs: number;
  /** `OBJECT` keyword (GraceDB event id), "" when absent. */
  object: string;
  /** Header of the HEALPix table HDU. */
  header: FitsHeader;
}

/**
 * Read a HEALPix sky map (FITS bytes, gzipped or not) into its credible-level
 * map at `nside` (steps 1–3 above); pick regions from it with {@link pixelsWithin}.
 *
 * @example
 * ```ts
 * import { pixelsWithin, readCredibleLevels, SAMPLE_SKYMAP_PATH } from "./skymap.ts";
 * const map = readCredibleLevels(Deno.readFileSync(SAMPLE_SKYMAP_PATH));
 * const p50 = pixelsWithin(map, 0.5), p90 = pixelsWithin(map, 0.9);
 * ```
 */
export function readCredibleLevels(
  fitsBytes: Uint8Array,
  options: SkymapOptions = {},
): CredibleLevelMap {
  const { nside = 128 } = options;
  const hdus = readFits(fitsBytes, { columns: ["PROB"] });
  const table = hdus.find((h) => h.columns?.has("PROB"));
  if (!table) throw new FitsError("sky map: no BINTABLE HDU with a PROB column");
  const header = table.header;
  const prob = Float64Array.from(table.columns!.get("PROB")!.data as Float64Array);
  npix2nside(prob.length);
  const ordering = String(header.get("ORDERING") ?? "RING").trim().toUpperCase();
  if (ordering !== "RING" && ordering !== "NESTED") {
    throw new FitsError(`sky map: ORDERING = ${ordering}; allowed: RING or NESTED`);
  }
  const ring = ordering === "NESTED" ? nestToRingMap(prob) : prob;
  const levels = udGrade(credibleLevels(ring), nside);
  const dateObs = String(header.get("DATE-OBS") ?? hdus[0].header.get("DATE-OBS") ?? "");
  return {
    levels,
    nside,
    dateObs,
    jdObs: dateObs ? isoToJd(dateObs) : NaN,
    object: String(header.get("OBJECT") ?? ""),
    header,
  };
}

/**
 * RING pixels (ascending) whose credible level is ≤ `credibleLevel` (0 … 1).
 *
 * @example
 * ```ts
 * import { pixelsWithin, readCredibleLevels, SAMPLE_SKYMAP_PATH } from "./skymap.ts";
 * pixelsWithin(readCredibleLevels(Deno.readFileSync(SAMPLE_SKYMAP_PATH)), 0.1).length; // 162
 * ```
 */
export function pixelsWithin(map: CredibleLevelMap, credibleLevel: number): number[] {
  if (typeof credibleLevel !== "number" || !(credibleLevel >= 0 && credibleLevel <= 1)) {
    throw new BadRequestError("credible_level", credibleLevel, "allowed: a number from 0 to 1");
  }
  const pixels: number[] = [];
  const { levels } = map;
  for (let p = 0; p < levels.length; p++) if (levels[p] <= credibleLevel) pixels.push(p);
  return pixels;
}

/**
 * Pixels of the `credibleLevel` region (0 ≤ level ≤ 1) of a HEALPix sky map
 * given as FITS bytes (gzipped or not), plus the event date: Fink's
 * `/api/v1/skymap` pixel selection in one call.
 *
 * @example
 * ```ts
 * import { SAMPLE_SKYMAP_PATH, skymapPixels } from "./skymap.ts";
 * const { pixels, jdObs } = skymapPixels(Deno.readFileSync(SAMPLE_SKYMAP_PATH), 0.1);
 * // 162 pixels, jdObs 2458898.9057…
 * ```
 */
export function skymapPixels(
  fitsBytes: Uint8Array,
  credibleLevel: number,
  options: SkymapOptions = {},
): SkymapPixels {
  pixelsWithin({ levels: new Float64Array(0) } as CredibleLevelMap, credibleLevel);
  const map = readCredibleLevels(fitsBytes, options);
  const { dateObs, jdObs, object, header } = map;
  return { pixels: pixelsWithin(map, credibleLevel), dateObs, jdObs, object, header };
}

/**
 * Credible level of every pixel of a probability map: the total probability
 * of all pixels at least as probable (cumulative sum in decreasing order).
 *
 * @example
 * ```ts
 * import { credibleLevels } from "./skymap.ts";
 * credibleLevels(new Float64Array([0.1, 0.6, 0.3])); // ≈ [1, 0.6, 0.9]
 * ```
 */
export function credibleLevels(prob: Float64Array): Float64Array {
  const order = argsortNumpy(prob);
  const out = new Float64Array(prob.length);
  let sum = 0;
  for (let k = order.length - 1; k >= 0; k--) {
    sum += prob[order[k]];
    out[order[k]] = sum;
  }
  return out;
}

/** NumPy's `Tag::less` for doubles: NaN sorts last. */
function less(a: number, b: number): boolean {
  return a < b || (b !== b && a === a);
}

/**
 * `np.argsort(values)` with NumPy's default `kind="quicksort"` (the scalar
 * introsort of NumPy ≤ 1.24: median-of-3 quicksort, insertion sort below 16
 * elements, heapsort past depth 2·log2 n). Ties come out in exactly NumPy's
 * order, which matters for credible levels of multi-order maps, where
 * thousands of pixels share one probability.
 *
 * @example
 * ```ts
 * import { argsortNumpy } from "./skymap.ts";
 * argsortNumpy(new Float64Array([3, 1, 2])); // Int32Array [1, 2, 0]
 * ```
 */
export function argsortNumpy(v: Float64Array): Int32Array {
  const num = v.length;
  const a = new Int32Array(num);
  for (let i = 0; i < num; i++) a[i] = i;
  if (num < 2) return a;
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = num - 1;
  let cdepth = 2 * (31 - Math.clz32(num));
  let t: number;
  for (;;) {
    if (cdepth < 0) {
      aheapsort(v, a, pl, pr - pl + 1);
    } else {
      while (pr - pl > 15) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(v[a[pm]], v[a[pl]])) (t = a[pm], a[pm] = a[pl], a[pl] = t);
        if (less(v[a[pr]], v[a[pm]])) (t = a[pr], a[pr] = a[pm], a[pm] = t);
        if (less(v[a[pm]], v[a[pl]])) (t = a[pm], a[pm] = a[pl], a[pl] = t);
        const vp = v[a[pm]];
        let pi = pl;
        let pj = pr - 1;
        t = a[pm], a[pm] = a[pj], a[pj] = t;
        for (;;) {
          do ++pi; while (less(v[a[pi]], vp));
          do --pj; while (less(vp, v[a[pj]]));
          if (pi >= pj) break;
          t = a[pi], a[pi] = a[pj], a[pj] = t;
        }
        const pk = pr - 1;
        t = a[pi], a[pi] = a[pk], a[pk] = t;
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = a[pi];
        const vp = v[vi];
        let pj = pi;
        let pk = pi - 1;
        while (pj > pl && less(vp, v[a[pk]])) a[pj--] = a[pk--];
        a[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depths.pop()!;
  }
  return a;
}

/** NumPy's `aheapsort_` on `a[start … start+n)`. */
function aheapsort(v: Float64Array, a: Int32Array, start: number, n: number): void {
  const o = start - 1; // 1-based indexing: a[o + k]
  for (let l = n >> 1; l > 0; --l) siftDown(v, a, o, l, n, a[o + l]);
  for (; n > 1;) {
    const tmp = a[o + n];
    a[o + n] = a[o + 1];
    n -= 1;
    siftDown(v, a, o, 1, n, tmp);
  }
}

/** Sift `tmp` down from heap slot `i` of the 1-based heap `a[o + 1 … o + n]` (NumPy's loop). */
function siftDown(
  v: Float64Array,
  a: Int32Array,
  o: number,
  i: number,
  n: number,
  tmp: number,
): void {
  for (let j = i << 1; j <= n;) {
    if (j < n && less(v[a[o + j]], v[a[o + j + 1]])) j += 1;
    if (less(v[tmp], v[a[o + j]])) {
      a[o + i] = a[o + j];
      i = j;
      j += j;
    } else break;
  }
  a[o + i] = tmp;
}

/**
 * Path of the bundled sample sky map (S200219ac / G364600, NSIDE 512, NESTED),
 * relative to the project root.
 *
 * @example
 * ```ts
 * import { SAMPLE_SKYMAP_PATH } from "./skymap.ts";
 * const bytes = Deno.readFileSync(SAMPLE_SKYMAP_PATH);
 * ```
 */
export const SAMPLE_SKYMAP_PATH =
  "data/sample/fink-object-api/apps/routes/v1/ztf/skymap/bayestar.fits.gz";
