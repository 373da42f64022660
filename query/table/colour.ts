/**
 * Colour and rates of a light curve (`v:rate`, `v:sigma(rate)`, `v:g-r`,
 * `v:sigma(g-r)`, `v:rate(g-r)`, `v:sigma(rate(g-r))`), as Fink's
 * `extract_rate_and_color` (fink-object-api `apps/utils/decoding.py`):
 *
 * per object, rows sorted by `i:jd`:
 * 1. per band (fid 1, 2): `v:rate = Δmagpsf / Δjd` and
 *    `v:sigma(rate) = hypot(σ_i, σ_{i−1}) / Δjd` between consecutive points
 *    of the same band (the first point of a band has none);
 * 2. each g point is paired with the nearest r point within `tolerance`
 *    days (pandas `merge_asof(direction="nearest")`, ties to the earlier
 *    point); on paired g points `v:g-r = g − r`, `v:sigma(g-r) = hypot(σg, σr)`,
 *    and between consecutive paired g points `v:rate(g-r) = Δ(g−r)/Δjd`,
 *    `v:sigma(rate(g-r)) = hypot(σ, σ_prev)/Δjd`;
 * 3. every row (any band) takes the colour values of the nearest paired g
 *    point within `tolerance` days.
 *
 * Rows that are not detections (upper limits and bad-quality points added by
 * `withUpperLim`, tagged `d:tag ≠ "valid"`, or without `i:magpsf`) take no
 * part and get nulls.
 *
 * @module
 */
import type { ResultColumns } from "./result.ts";
import { asFinkReads } from "./float32.ts";

/** Names of the columns added by {@linkcode addColourAndRates}, in Fink's order. */
export const COLOUR_COLUMNS = [
  "v:rate",
  "v:sigma(rate)",
  "v:g-r",
  "v:sigma(g-r)",
  "v:rate(g-r)",
  "v:sigma(rate(g-r))",
] as const;

/** Options of {@linkcode colourAndRates}. */
export interface ColourOptions {
  /** Largest delay between a g and an r point paired for a colour, days. Default 0.3. */
  tolerance?: number;
}

/** The six derived columns, one value per input row (`NaN` where undefined). */
export type ColourColumns = Record<typeof COLOUR_COLUMNS[number], Float64Array>;

/** Index of the nearest `xs[k]` (sorted ascending) to `x` within `tol`, ties to the earlier; -1 if none. */
function nearest(xs: Float64Array | number[], x: number, tol: number): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  // lo = first index with xs > x; backward candidate lo-1 (xs ≤ x), forward lo.
  const b = lo - 1, f = lo;
  const db = b >= 0 ? x - xs[b] : Infinity;
  const df = f < xs.length ? xs[f] - x : Infinity;
  if (db <= df) return db <= tol ? b : -1;
  return df <= tol ? f : -1;
}

/**
 * Colour and rates of light curves given as columns (pure kernel).
 * `objectId` groups rows; `valid[i] = false` excludes a row.
 *
 * @example
 * ```ts
 * import { colourAndRates } from "./colour.ts";
 * const c = colourAndRates({
 *   objectId: ["a", "a", "a", "a"],
 *   jd: new Float64Array([1, 1.1, 2, 2.1]),
 *   fid: new Int32Array([1, 2, 1, 2]),
 *   magpsf: new Float64Array([18, 17.5, 18.4, 17.7]),
 *   sigmapsf: new Float64Array([0.1, 0.1, 0.1, 0.1]),
 * });
 * console.log(c["v:g-r"]); // [0.5, 0.5, 0.7, 0.7]
 * ```
 */
export function colourAndRates(
  input: {
    objectId: ArrayLike<unknown>;
    jd: Float64Array;
    fid: ArrayLike<number>;
    magpsf: Float64Array;
    sigmapsf: Float64Array;
    valid?: ArrayLike<boolean>;
  },
  options: ColourOptions = {},
): ColourColumns {
  const tol = options.tolerance ?? 0.3;
  const { objectId, jd, fid, magpsf, sigmapsf } = input;
  const n = jd.length;
  const out = {} as ColourColumns;
  for (const c of COLOUR_COLUMNS) out[c] = new Float64Array(n).fill(NaN);
  const groups = new Map<unknown, number[]>();
  for (let i = 0; i < n; i++) {
    if (input.valid && !input.valid[i]) continue;
    if (!Number.isFinite(jd[i]) || !Number.isFinite(magpsf[i])) continue;
    const g = groups.get(objectId[i]);
    if (g) g.push(i);
    else groups.set(objectId[i], [i]);
  }
  for (const rows of groups.values()) {
    rows.sort((a, b) => jd[a] - jd[b] || a - b);
    const bands: number[][] = [[], []];
    for (const i of rows) if (fid[i] === 1 || fid[i] === 2) bands[fid[i] - 1].push(i);
    for (const band of bands) {
      for (let k = 1; k < band.length; k++) {
        const i = band[k], p = band[k - 1];
        const djd = jd[i] - jd[p];
        out["v:rate"][i] = (magpsf[i] - magpsf[p]) / djd;
        out["v:sigma(rate)"][i] = Math.hypot(sigmapsf[i], sigmapsf[p]) / djd;
      }
    }
    const [g, r] = bands;
    const rJd = r.map((i) => jd[i]);
    // Paired g points, in time order.
    const pJd: number[] = [], gr: number[] = [], sgr: number[] = [];
    for (const i of g) {
      const k = nearest(rJd, jd[i], tol);
      if (k < 0) continue;
      const j = r[k];
      pJd.push(jd[i]);
      gr.push(magpsf[i] - magpsf[j]);
      sgr.push(Math.hypot(sigmapsf[i], sigmapsf[j]));
    }
    const rate = new Float64Array(pJd.length).fill(NaN),
      srate = new Float64Array(pJd.length).fill(NaN);
    for (let k = 1; k < pJd.length; k++) {
      const djd = pJd[k] - pJd[k - 1];
      rate[k] = (gr[k] - gr[k - 1]) / djd;
      srate[k] = Math.hypot(sgr[k], sgr[k - 1]) / djd;
    }
    for (const i of rows) {
      const k = nearest(pJd, jd[i], tol);
      if (k < 0) continue;
      out["v:g-r"][i] = gr[k];
      out["v:sigma(g-r)"][i] = sgr[k];
      out["v:rate(g-r)"][i] = rate[k];
      out["v:sigma(rate(g-r))"][i] = srate[k];
    }
  }
  return out;
}

/**
 * Add the colour and rate columns to a result in place (`NaN` → null).
 *
 * @example
 * ```ts
 * import { ResultColumns } from "./format.ts";
 * import { addColourAndRates } from "./colour.ts";
 * const r = new ResultColumns(2);
 * r.set("i:objectId", ["a", "a"], "string");
 * r.set("i:jd", [1, 1.1], "double");
 * r.set("i:fid", [1, 2], "integer");
 * r.set("i:magpsf", [18, 17.5], "float");
 * r.set("i:sigmapsf", [0.1, 0.1], "float");
 * addColourAndRates(r);
 * console.log(r.get("v:g-r")); // Float64Array [0.5, 0.5] (NaN where undefined)
 * ```
 */
export function addColourAndRates(r: ResultColumns, options: ColourOptions = {}): void {
  const tag = r.list("d:tag");
  const valid = tag ? tag.map((t) => t === null || t === "valid") : undefined;
  const cols = colourAndRates({
    objectId: r.get("i:objectId") ?? new Array(r.length).fill(""),
    jd: r.num("i:jd"),
    fid: r.num("i:fid"),
    magpsf: asFinkReads(r, "i:magpsf"),
    sigmapsf: asFinkReads(r, "i:sigmapsf"),
    valid,
  }, options);
  for (const name of COLOUR_COLUMNS) {
    r.set(name, cols[name], "double");
  }
}
