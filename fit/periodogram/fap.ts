/**
 * False-alarm probabilities of the single-term periodogram (Baluev 2008, MNRAS 385, 1279), as in
 * astropy `_statistics.py`: single-frequency FAP, Davies bound, Baluev, naive, and their inverses.
 * With N points: N_H = N − 1, N_K = N − 3.
 *
 * @module
 */
import type { Normalization } from "./types.ts";

/** What the analytic FAPs need to know about the data and grid. */
export interface FapContext {
  /** Number of points. */
  n: number;
  /** Highest frequency of the grid (1/d). */
  fmax: number;
  /** Baseline max(t) − min(t) (d). */
  baseline: number;
  /** σ⁻²-weighted variance of the times (d²). */
  timeVariance: number;
  normalization: Normalization;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error < 1e-14). */
export function lnGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function gammaFactor(n: number): number {
  return Math.sqrt(2 / n) * Math.exp(lnGamma(n / 2) - lnGamma((n - 1) / 2));
}

/**
 * Probability that one frequency exceeds power z by chance.
 *
 * @example
 * ```ts
 * console.log(fapSingle(0.1, 80, "standard")); // 0.0173…
 * ```
 */
export function fapSingle(z: number, n: number, normalization: Normalization): number {
  const nk = n - 3;
  switch (normalization) {
    case "psd":
      return Math.exp(-z);
    case "standard":
      return Math.pow(Math.max(1 - z, 0), 0.5 * nk);
    case "model":
      return Math.pow(1 + z, -0.5 * nk);
    case "log":
      return Math.exp(-0.5 * nk * z);
  }
}

/**
 * Davies' τ: expected number of upcrossings of level z (Baluev 2008 Table 1).
 *
 * @example
 * ```ts
 * const ctx = { n: 80, fmax: 6.8, baseline: 29, timeVariance: 70, normalization: "standard" as const };
 * console.log(tauDavies(0.3, ctx) > 0); // true
 * ```
 */
export function tauDavies(z: number, ctx: FapContext): number {
  const nh = ctx.n - 1, nk = ctx.n - 3;
  const w = ctx.fmax * Math.sqrt(4 * Math.PI * ctx.timeVariance);
  switch (ctx.normalization) {
    case "psd":
      return w * Math.exp(-z) * Math.sqrt(z);
    case "standard":
      return gammaFactor(nh) * w * Math.pow(Math.max(1 - z, 0), 0.5 * (nk - 1)) *
        Math.sqrt(0.5 * nh * z);
    case "model":
      return gammaFactor(nk) * w * Math.pow(1 + z, -0.5 * nk) * Math.sqrt(0.5 * nk * z);
    case "log":
      return gammaFactor(nk) * w * Math.exp(-0.5 * z * (nk - 0.5)) *
        Math.sqrt(nk * Math.sinh(0.5 * z));
  }
}

/**
 * Analytic false-alarm probability of power z: `"baluev"` (default, recommended),
 * `"davies"` (an upper bound, may exceed 1), `"naive"` (N_eff = fmax·T independent frequencies).
 *
 * @example
 * ```ts
 * const ctx = { n: 80, fmax: 6.8, baseline: 29, timeVariance: 70, normalization: "standard" as const };
 * console.log(fapAnalytic(0.9, ctx, "baluev") < 1e-20); // true
 * ```
 */
export function fapAnalytic(
  z: number,
  ctx: FapContext,
  method: "baluev" | "davies" | "naive",
): number {
  const fs = fapSingle(z, ctx.n, ctx.normalization);
  if (method === "naive") {
    const nEff = ctx.fmax * ctx.baseline;
    return -Math.expm1(nEff * Math.log1p(-fs));
  }
  const tau = tauDavies(z, ctx);
  if (method === "davies") return fs + tau;
  return -Math.expm1(-tau) + fs * Math.exp(-tau);
}

/**
 * Invert a decreasing function of z on [lo, hi] by bisection to full double precision.
 *
 * @example
 * ```ts
 * console.log(invertDecreasing((z) => 1 - z, 0.25, 0, 1)); // 0.75
 * ```
 */
export function invertDecreasing(
  fn: (z: number) => number,
  target: number,
  lo: number,
  hi: number,
): number {
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); i++) {
    const mid = 0.5 * (lo + hi);
    if (fn(mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * A seeded 32-bit generator (mulberry32) returning floats in [0, 1).
 *
 * @example
 * ```ts
 * const rng = mulberry32(42);
 * console.log(rng() < 1); // true
 * ```
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
