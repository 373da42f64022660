/**
 * From trig sums to Δχ²(f): the normal equations of the linear model, built with the product
 * identities (2 sin a sin b = cos(a−b) − cos(a+b), …) and solved per frequency. Degenerate
 * columns (a singular normal matrix) are skipped, which gives the least-squares (pseudo-inverse)
 * answer, as astropy's lstsq fallback.
 *
 * @module
 */
import type { BandSums } from "./sums.ts";

/** A design-matrix column: a constant, sin(nωt) or cos(nωt), on all bands (−1) or one band. */
export interface Column {
  band: number;
  kind: "const" | "sin" | "cos";
  n: number;
  /** Regularisation added to the diagonal (× trace when byTrace). */
  reg: number;
}

interface Term {
  coef: number;
  arr: Float64Array | null;
  value: number;
}

function wTerms(s: BandSums, kind: "c" | "s", m: number, coef: number, out: Term[]): void {
  if (m === 0) {
    if (kind === "c") out.push({ coef, arr: null, value: s.w0 });
    return;
  }
  const sign = m < 0 && kind === "s" ? -1 : 1;
  const a = Math.abs(m);
  out.push({ coef: coef * sign, arr: kind === "c" ? s.wc[a - 1] : s.ws[a - 1], value: 0 });
}

function productTerms(s: BandSums, a: Column, b: Column, out: Term[]): void {
  if (a.kind === "const" && b.kind === "const") return wTerms(s, "c", 0, 1, out);
  if (a.kind === "const" || b.kind === "const") {
    const o = a.kind === "const" ? b : a;
    return wTerms(s, o.kind === "sin" ? "s" : "c", o.n, 1, out);
  }
  if (a.kind === "sin" && b.kind === "sin") {
    wTerms(s, "c", a.n - b.n, 0.5, out);
    return wTerms(s, "c", a.n + b.n, -0.5, out);
  }
  if (a.kind === "cos" && b.kind === "cos") {
    wTerms(s, "c", a.n - b.n, 0.5, out);
    return wTerms(s, "c", a.n + b.n, 0.5, out);
  }
  const sn = a.kind === "sin" ? a : b, cs = a.kind === "sin" ? b : a;
  wTerms(s, "s", sn.n + cs.n, 0.5, out);
  wTerms(s, "s", sn.n - cs.n, 0.5, out);
}

function rhsTerms(s: BandSums, c: Column, out: Term[]): void {
  if (c.kind === "const") out.push({ coef: 1, arr: null, value: s.y0 });
  else out.push({ coef: 1, arr: c.kind === "sin" ? s.ys[c.n - 1] : s.yc[c.n - 1], value: 0 });
}

function bandsOf(a: Column, b: Column, nBands: number): number[] {
  if (a.band < 0 && b.band < 0) return Array.from({ length: nBands }, (_, i) => i);
  if (a.band < 0) return [b.band];
  if (b.band < 0 || a.band === b.band) return [a.band];
  return [];
}

/** Entries compiled to flat arrays: value_e = constant_e + Σ coef·row[source]. */
interface Compiled {
  sources: Float64Array[];
  constant: Float64Array;
  start: Int32Array;
  index: Int32Array;
  coef: Float64Array;
}

function compile(entries: Term[][]): Compiled {
  const sources: Float64Array[] = [];
  const constant = new Float64Array(entries.length);
  const start = new Int32Array(entries.length + 1);
  const index: number[] = [], coef: number[] = [];
  entries.forEach((terms, e) => {
    start[e] = index.length;
    for (const t of terms) {
      if (t.arr === null) {
        constant[e] += t.coef * t.value;
        continue;
      }
      let q = sources.indexOf(t.arr);
      if (q < 0) q = sources.push(t.arr) - 1;
      index.push(q);
      coef.push(t.coef);
    }
  });
  start[entries.length] = index.length;
  return {
    sources,
    constant,
    start,
    index: Int32Array.from(index),
    coef: Float64Array.from(coef),
  };
}

/**
 * Δχ² (in normalised-weight units) at every frequency for a general linear model.
 *
 * @example
 * ```ts
 * // see lombScargle: columns [const, sin 1, cos 1] reproduce the classic periodogram
 * ```
 */
export function deltaGeneric(
  columns: Column[],
  sums: BandSums[],
  nf: number,
  byTrace: boolean,
  out: Float64Array,
  accumulate = false,
): void {
  const p = columns.length;
  const mTerms: Term[][] = [], bTerms: Term[][] = [];
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      const terms: Term[] = [];
      for (const b of bandsOf(columns[i], columns[j], sums.length)) {
        productTerms(sums[b], columns[i], columns[j], terms);
      }
      mTerms.push(terms);
    }
    const terms: Term[] = [];
    for (const b of bandsOf(columns[i], columns[i], sums.length)) {
      rhsTerms(sums[b], columns[i], terms);
    }
    bTerms.push(terms);
  }
  const reg = columns.map((c) => c.reg);
  const hasReg = reg.some((r) => r > 0);
  const { sources, constant, start, index, coef } = compile([...mTerms, ...bTerms]);
  const row = new Float64Array(sources.length), values = new Float64Array(constant.length);
  const nSrc = sources.length, nEntries = constant.length;
  const a = new Float64Array(p * p), rhs = new Float64Array(p);
  const work = new Float64Array(p * p + 2 * p);
  for (let k = 0; k < nf; k++) {
    for (let q = 0; q < nSrc; q++) row[q] = sources[q][k];
    for (let e = 0; e < nEntries; e++) {
      let v = constant[e];
      for (let u = start[e]; u < start[e + 1]; u++) v += coef[u] * row[index[u]];
      values[e] = v;
    }
    let q = 0;
    let trace = 0;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j <= i; j++) a[i * p + j] = values[q++];
      trace += a[i * p + i];
    }
    for (let i = 0; i < p; i++) rhs[i] = values[q++];
    if (hasReg) {
      for (let i = 0; i < p; i++) a[i * p + i] += reg[i] * (byTrace ? trace : 1);
    }
    const d = projectLdl(a, rhs, p, work);
    out[k] = accumulate ? out[k] + d : d;
  }
}

/**
 * bᵀA⁺b for a symmetric positive semi-definite A (lower triangle used) by an LDLᵀ factorisation
 * that skips columns whose pivot falls below 1e-12 of their diagonal (dependent columns).
 *
 * @example
 * ```ts
 * const a = Float64Array.of(2, 0, 0, 2), b = Float64Array.of(1, 1);
 * console.log(projectLdl(a, b, 2, new Float64Array(8))); // 1
 * ```
 */
export function projectLdl(
  a: Float64Array,
  b: Float64Array,
  p: number,
  work: Float64Array,
): number {
  const l = work; // p×p lower, then d (p), z (p)
  const dOff = p * p, zOff = p * p + p;
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, a[i * p + i]);
  let delta = 0;
  for (let j = 0; j < p; j++) {
    let dj = a[j * p + j];
    for (let k = 0; k < j; k++) dj -= l[j * p + k] * l[j * p + k] * work[dOff + k];
    const active = dj > 1e-12 * a[j * p + j] && a[j * p + j] > 1e-15 * maxDiag;
    work[dOff + j] = active ? dj : 0;
    let zj = b[j];
    for (let k = 0; k < j; k++) zj -= l[j * p + k] * work[zOff + k];
    work[zOff + j] = active ? zj : 0;
    if (active) delta += (zj * zj) / dj;
    for (let i = j + 1; i < p; i++) {
      if (!active) {
        l[i * p + j] = 0;
        continue;
      }
      let v = a[i * p + j];
      for (let k = 0; k < j; k++) v -= l[i * p + k] * l[j * p + k] * work[dOff + k];
      l[i * p + j] = v / dj;
    }
  }
  return delta;
}

/**
 * Δχ² of the one-harmonic model [const?, sin ωt, cos ωt] in closed form (the generalised
 * Lomb-Scargle of Zechmeister & Kürster 2009), for every frequency; falls back to the LDL
 * projection where the 2×2 determinant is degenerate.
 *
 * @example
 * ```ts
 * // used by lombScargle for nterms = 1
 * ```
 */
export function deltaOneTerm(
  s: BandSums,
  fitMean: boolean,
  nf: number,
  out: Float64Array,
  accumulate = false,
): void {
  const W = s.w0, Y0 = s.y0;
  const C = s.wc[0], S = s.ws[0], C2 = s.wc[1], S2 = s.ws[1], YC = s.yc[0], YS = s.ys[0];
  const mean = fitMean && W > 0 ? (Y0 * Y0) / W : 0;
  const a = new Float64Array(9), b = new Float64Array(3), work = new Float64Array(15);
  for (let k = 0; k < nf; k++) {
    let cc = 0.5 * (W + C2[k]), ss = 0.5 * (W - C2[k]), cs = 0.5 * S2[k];
    let yc = YC[k], ys = YS[k];
    if (fitMean) {
      const c = C[k], sn = S[k];
      cc -= (c * c) / W;
      ss -= (sn * sn) / W;
      cs -= (c * sn) / W;
      yc -= (Y0 * c) / W;
      ys -= (Y0 * sn) / W;
    }
    const det = cc * ss - cs * cs;
    let d: number;
    if (det > 1e-10 * cc * ss && cc > 1e-15 * W && ss > 1e-15 * W) {
      d = mean + (ss * yc * yc + cc * ys * ys - 2 * cs * yc * ys) / det;
    } else {
      const cols = fitMean ? 3 : 2;
      const o = fitMean ? 1 : 0;
      a.fill(0);
      if (fitMean) {
        a[0] = W;
        b[0] = Y0;
        a[3] = S[k];
        a[6] = C[k];
      }
      a[o * cols + o] = 0.5 * (W - C2[k]);
      a[(o + 1) * cols + o] = 0.5 * S2[k];
      a[(o + 1) * cols + o + 1] = 0.5 * (W + C2[k]);
      b[o] = YS[k];
      b[o + 1] = YC[k];
      d = projectLdl(a, b, cols, work);
    }
    out[k] = accumulate ? out[k] + d : d;
  }
}
