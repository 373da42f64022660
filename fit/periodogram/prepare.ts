/**
 * Input cleaning and weights: drops unusable points, maps bands to indices, shifts times.
 *
 * @module
 */
import type { BandLabel, NumericColumn } from "./types.ts";

/** Light curve after cleaning, ready for the kernels. */
export interface PreparedData {
  /** Times relative to `tRef` (d). */
  t: Float64Array;
  /** Reference time subtracted from the input times (midpoint of the baseline). */
  tRef: number;
  y: Float64Array;
  /** Errors (1 when none were given). */
  dy: Float64Array;
  /** Whether errors were given. */
  hasDy: boolean;
  /** Normalised weights σ⁻²/Σσ⁻² (sum 1). */
  w: Float64Array;
  /** Σσ⁻² (N when no errors). */
  sumInvVar: number;
  /** Band index of each point (0 for single band). */
  band: Int32Array;
  /**
   * Band labels in index order: labels with the same string form (1 and "1") are one band,
   * named by its first label.
   */
  bandLabels: BandLabel[];
  /** Baseline max(t) − min(t) (d). */
  baseline: number;
  /** Number of input points dropped. */
  dropped: number;
  /** Explanation of the dropped points and notes on the bands ("" if none). */
  note: string;
}

function describe(v: unknown): string {
  if (v === undefined || v === null) return "missing";
  const kind = typeof v === "object" ? "an object" : `a ${typeof v}`;
  return `${kind}, not an array`;
}

function isColumn(v: unknown): boolean {
  return typeof v === "object" && v !== null &&
    Number.isInteger((v as { length?: unknown }).length) &&
    (v as { length: number }).length >= 0;
}

/**
 * Check that the data object holds `t`, `y` (and `band` when needed) as arrays or typed arrays,
 * and `dy` as one when given (undefined or null: unit weights); throws a TypeError naming what
 * is missing.
 *
 * @example
 * ```ts
 * checkInput({ t: [1, 2], y: [3, 4] }, false); // passes
 * ```
 */
export function checkInput(input: unknown, needsBand: boolean): void {
  const what = needsBand
    ? "data needs t, y and band arrays (dy optional)"
    : "data needs t and y arrays (dy optional)";
  if (typeof input !== "object" || input === null) {
    throw new TypeError(`${what}: got ${input === null ? "null" : typeof input}`);
  }
  const d = input as Record<string, unknown>;
  for (const name of needsBand ? ["t", "y", "band"] : ["t", "y"]) {
    if (!isColumn(d[name])) throw new TypeError(`${what}: ${name} is ${describe(d[name])}`);
  }
  if (d.dy !== undefined && d.dy !== null && !isColumn(d.dy)) {
    throw new TypeError(`${what}: dy is ${describe(d.dy)}`);
  }
}

/** Whether a band label is unusable: NaN, null, undefined, or a blank or "NaN" string. */
function badLabel(label: unknown): boolean {
  if (label === null || label === undefined) return true;
  const s = String(label).trim();
  return s === "" || s.toLowerCase() === "nan";
}

/** A label as notes show it: strings quoted (so a blank one shows), numbers as they are. */
function showLabel(label: unknown): string {
  return typeof label === "string" ? JSON.stringify(label) : String(label);
}

function checkLength(name: string, col: NumericColumn | ArrayLike<BandLabel>, n: number): void {
  if (col.length !== n) {
    throw new RangeError(`${name} has ${col.length} values but t has ${n}; lengths must match`);
  }
}

/**
 * Drop points with a non-finite t, y or dy, dy ≤ 0, or (with bands) a NaN / null / undefined /
 * blank band label; merge band labels by their string form; compute weights.
 *
 * @example
 * ```ts
 * const d = prepareData([0, 1, NaN, 3], [1, 2, 3, 4], undefined);
 * console.log(d.t.length, d.dropped); // 3 1
 * ```
 */
export function prepareData(
  t: NumericColumn,
  y: NumericColumn,
  dy: NumericColumn | undefined,
  band?: ArrayLike<BandLabel>,
): PreparedData {
  const n = t.length;
  checkLength("y", y, n);
  if (dy !== undefined) checkLength("dy", dy, n);
  if (band !== undefined) checkLength("band", band, n);
  const keep: number[] = [];
  let badValue = 0, badError = 0;
  const badBands = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(t[i]) || !Number.isFinite(y[i])) {
      badValue++;
      continue;
    }
    if (dy !== undefined && !(Number.isFinite(dy[i]) && dy[i] > 0)) {
      badError++;
      continue;
    }
    if (band !== undefined && badLabel(band[i])) {
      const shown = showLabel(band[i]);
      badBands.set(shown, (badBands.get(shown) ?? 0) + 1);
      continue;
    }
    keep.push(i);
  }
  const m = keep.length;
  let tMin = Infinity, tMax = -Infinity;
  for (const i of keep) {
    if (t[i] < tMin) tMin = t[i];
    if (t[i] > tMax) tMax = t[i];
  }
  const tRef = m > 0 ? 0.5 * (tMin + tMax) : 0;
  const tt = new Float64Array(m), yy = new Float64Array(m), ee = new Float64Array(m);
  const w = new Float64Array(m), bb = new Int32Array(m);
  const labels: BandLabel[] = [];
  const index = new Map<string, number>();
  const counts: number[] = [];
  let sumInvVar = 0;
  for (let k = 0; k < m; k++) {
    const i = keep[k];
    tt[k] = t[i] - tRef;
    yy[k] = y[i];
    ee[k] = dy === undefined ? 1 : dy[i];
    w[k] = 1 / (ee[k] * ee[k]);
    sumInvVar += w[k];
    if (band !== undefined) {
      const label = band[i];
      let b = index.get(String(label));
      if (b === undefined) {
        b = labels.length;
        labels.push(label);
        counts.push(0);
        index.set(String(label), b);
      }
      counts[b]++;
      bb[k] = b;
    }
  }
  if (band === undefined) labels.push(0);
  for (let k = 0; k < m; k++) w[k] /= sumInvVar;
  const notes: string[] = [];
  if (badValue > 0) notes.push(`${badValue} point(s) with non-finite t or y dropped`);
  if (badError > 0) notes.push(`${badError} point(s) with non-finite or non-positive dy dropped`);
  for (const [shown, c] of badBands) {
    notes.push(`band ${shown} dropped: ${c} point(s) without a usable band label`);
  }
  counts.forEach((c, b) => {
    if (c === 1) {
      notes.push(
        `band ${showLabel(labels[b])} has a single point: its own offset fits it exactly, ` +
          "so it adds nothing to the power",
      );
    }
  });
  return {
    t: tt,
    tRef,
    y: yy,
    dy: ee,
    hasDy: dy !== undefined,
    w,
    sumInvVar,
    band: bb,
    bandLabels: labels,
    baseline: m > 0 ? tMax - tMin : 0,
    dropped: n - m,
    note: notes.join("; "),
  };
}

/** Indices of the points of each band. */
export function bandIndices(data: PreparedData): Int32Array[] {
  const counts = new Int32Array(data.bandLabels.length);
  for (const b of data.band) counts[b]++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(counts.length);
  for (let i = 0; i < data.band.length; i++) out[data.band[i]][fill[data.band[i]]++] = i;
  return out;
}

/**
 * Weighted sums of squares of the centred and of the raw magnitudes
 * (`yy = Σ w·yt²`, `y2 = Σ w·y²`): the reference χ² and the scale used to
 * recognise a flat light curve.
 *
 * @example
 * ```ts
 * import { weightedSquares } from "./prepare.ts";
 * weightedSquares([1, 1], [-1, 1], [14, 16]); // { yy: 2, y2: 452 }
 * ```
 */
export function weightedSquares(
  w: ArrayLike<number>,
  yt: ArrayLike<number>,
  y: ArrayLike<number>,
): { yy: number; y2: number } {
  let yy = 0, y2 = 0;
  for (let i = 0; i < w.length; i++) {
    yy += w[i] * yt[i] * yt[i];
    y2 += w[i] * y[i] * y[i];
  }
  return { yy, y2 };
}
