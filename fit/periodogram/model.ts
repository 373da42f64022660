/**
 * The best-fit periodic model at one frequency: weighted least squares on the design matrix
 * (astropy `mle.py`), θ in the order of the columns.
 *
 * @module
 */
import type { EngineData } from "./core.ts";
import type { Column } from "./solve.ts";
import { phase } from "./sums.ts";

/** Sine and cosine columns of harmonics `from … upTo` of a band (`-1`: shared by all bands). */
export function harmonics(band: number, upTo: number, from: number, reg: number): Column[] {
  const cols: Column[] = [];
  for (let n = from; n <= upTo; n++) {
    cols.push({ band, kind: "sin", n, reg }, { band, kind: "cos", n, reg });
  }
  return cols;
}

/**
 * The frequency of a model evaluation: `best` (the result's best frequency, NaN when it has
 * none) when `f` is not given, else `f` if finite and > 0, else a RangeError naming it.
 *
 * @example
 * ```ts
 * console.log(modelFrequency(2, 1), modelFrequency(undefined, 1)); // 2 1
 * ```
 */
export function modelFrequency(f: number | undefined, best: number): number {
  if (f === undefined) return best;
  if (!(typeof f === "number" && Number.isFinite(f) && f > 0)) {
    const why = Number.isNaN(best)
      ? " (this result has no best frequency: call the model without a frequency)"
      : "";
    throw new RangeError(
      `frequency = ${f} is not allowed; the model's frequency must be finite and > 0 (1/d)${why}`,
    );
  }
  return f;
}

function columnValue(c: Column, f: number, t: number, band: number): number {
  if (c.band >= 0 && c.band !== band) return 0;
  if (c.kind === "const") return 1;
  const a = phase(c.n * f * t);
  return c.kind === "sin" ? Math.sin(a) : Math.cos(a);
}

/**
 * θ minimising Σ w (ỹ − Xθ)² (+ regularisation), times relative to the engine's reference time.
 * Dependent columns get θ = 0 (a least-squares solution).
 *
 * @example
 * ```ts
 * const d = { t: Float64Array.of(0, 0.25, 0.5, 0.75), w: new Float64Array(4).fill(0.25),
 *   yt: Float64Array.of(0, 1, 0, -1), band: new Int32Array(4), nBands: 1 };
 * const theta = fitTheta(d, [{ band: -1, kind: "sin", n: 1, reg: 0 }], 1, false);
 * console.log(theta[0]); // ≈ 1
 * ```
 */
export function fitTheta(
  d: EngineData,
  columns: Column[],
  f: number,
  byTrace: boolean,
): Float64Array {
  const p = columns.length;
  const a = new Float64Array(p * p), b = new Float64Array(p), x = new Float64Array(p);
  for (let i = 0; i < d.t.length; i++) {
    for (let c = 0; c < p; c++) x[c] = columnValue(columns[c], f, d.t[i], d.band[i]);
    const wi = d.w[i];
    for (let r = 0; r < p; r++) {
      b[r] += wi * x[r] * d.yt[i];
      for (let c = 0; c < p; c++) a[r * p + c] += wi * x[r] * x[c];
    }
  }
  let trace = 0;
  for (let r = 0; r < p; r++) trace += a[r * p + r];
  for (let r = 0; r < p; r++) a[r * p + r] += columns[r].reg * (byTrace ? trace : 1);
  return solveSymmetric(a, b, p);
}

/** Solve A θ = b (A symmetric PSD) by LDLᵀ, zeroing dependent directions. */
function solveSymmetric(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p), dd = new Float64Array(p), z = new Float64Array(p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, a[i * p + i]);
  for (let j = 0; j < p; j++) {
    let dj = a[j * p + j];
    for (let k = 0; k < j; k++) dj -= l[j * p + k] * l[j * p + k] * dd[k];
    const active = dj > 1e-12 * a[j * p + j] && a[j * p + j] > 1e-15 * maxDiag;
    dd[j] = active ? dj : 0;
    l[j * p + j] = 1;
    for (let i = j + 1; i < p; i++) {
      let v = a[i * p + j];
      for (let k = 0; k < j; k++) v -= l[i * p + k] * l[j * p + k] * dd[k];
      l[i * p + j] = active ? v / dj : 0;
    }
  }
  for (let j = 0; j < p; j++) {
    let v = b[j];
    for (let k = 0; k < j; k++) v -= l[j * p + k] * z[k];
    z[j] = v;
  }
  const theta = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    let v = dd[j] > 0 ? z[j] / dd[j] : 0;
    for (let k = j + 1; k < p; k++) v -= l[k * p + j] * theta[k];
    theta[j] = dd[j] > 0 ? v : 0;
  }
  return theta;
}

/**
 * Evaluate Xθ at times relative to the reference time.
 *
 * @example
 * ```ts
 * const y = predict([{ band: -1, kind: "sin", n: 1, reg: 0 }], Float64Array.of(2), 1, Float64Array.of(0.25), new Int32Array(1));
 * console.log(y[0]); // 2
 * ```
 */
export function predict(
  columns: Column[],
  theta: Float64Array,
  f: number,
  tRel: Float64Array,
  band: Int32Array,
): Float64Array {
  const out = new Float64Array(tRel.length);
  for (let i = 0; i < tRel.length; i++) {
    let v = 0;
    for (let c = 0; c < columns.length; c++) {
      v += theta[c] * columnValue(columns[c], f, tRel[i], band[i]);
    }
    out[i] = v;
  }
  return out;
}

/**
 * Re-express sin/cos coefficients fitted with times t − tRef for the original time origin,
 * as astropy's `model_parameters` reports them.
 *
 * @example
 * ```ts
 * const th = toOriginalOrigin([{ band: -1, kind: "sin", n: 1, reg: 0 }, { band: -1, kind: "cos", n: 1, reg: 0 }],
 *   Float64Array.of(1, 0), 1, 0.25);
 * console.log(th[1].toFixed(6)); // "-1.000000"
 * ```
 */
export function toOriginalOrigin(
  columns: Column[],
  theta: Float64Array,
  f: number,
  tRef: number,
): Float64Array {
  const out = Float64Array.from(theta);
  for (let i = 0; i < columns.length; i++) {
    const ci = columns[i];
    if (ci.kind !== "sin") continue;
    const j = columns.findIndex((c) => c.kind === "cos" && c.n === ci.n && c.band === ci.band);
    if (j < 0) continue;
    const delta = phase(ci.n * f * tRef);
    const a = theta[i], b = theta[j];
    out[i] = a * Math.cos(delta) + b * Math.sin(delta);
    out[j] = b * Math.cos(delta) - a * Math.sin(delta);
  }
  return out;
}
