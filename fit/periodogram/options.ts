/**
 * Option validation and the choices every periodogram makes: grid, method, best peak.
 *
 * @module
 */
import { autoFrequency, autoGridSize, describeGrid, type FrequencyGrid } from "./grid.ts";
import type { Method, Normalization, PeriodogramOptions } from "./types.ts";

const NORMALIZATIONS: Normalization[] = ["standard", "model", "log", "psd"];
const METHODS: Method[] = ["exact", "fast", "auto"];

/**
 * Check normalisation and method; throws RangeError naming the bad value.
 *
 * @example
 * ```ts
 * console.log(checkCommon({}).normalization); // "standard"
 * ```
 */
export function checkCommon(opts: PeriodogramOptions): {
  normalization: Normalization;
  method: Method;
} {
  const normalization = opts.normalization ?? "standard";
  if (!NORMALIZATIONS.includes(normalization)) {
    throw new RangeError(
      `normalization "${normalization}" is not one of ${NORMALIZATIONS.join(", ")}`,
    );
  }
  const method = opts.method ?? "auto";
  if (!METHODS.includes(method)) {
    throw new RangeError(`method "${method}" is not one of ${METHODS.join(", ")}`);
  }
  return { normalization, method };
}

/**
 * Check a term count (integer ≥ min).
 *
 * @example
 * ```ts
 * console.log(checkTerms("nterms", undefined, 1, 1)); // 1
 * ```
 */
export function checkTerms(name: string, v: number | undefined, dflt: number, min: number): number {
  const n = v ?? dflt;
  if (!Number.isInteger(n) || n < min || n > 20) {
    throw new RangeError(`${name} = ${v} is not allowed; it must be an integer from ${min} to 20`);
  }
  return n;
}

/**
 * The explicit grid (RangeError when empty), or astropy's automatic grid (RangeError above
 * MAX_AUTO_FREQUENCIES), or an empty grid when the data have no baseline (the caller reports
 * status "too-few-points"; the options are still validated).
 *
 * @example
 * ```ts
 * console.log(chooseGrid({}, 10, 50).frequency.length); // 625
 * ```
 */
export function chooseGrid(opts: PeriodogramOptions, baseline: number, n: number): FrequencyGrid {
  if (opts.frequency !== undefined) return describeGrid(opts.frequency);
  if (!(baseline > 0) || n < 2) {
    autoGridSize(1, 2, opts); // still validate the options
    return { frequency: new Float64Array(0), regular: false, f0: 0, df: 0 };
  }
  return describeGrid(autoFrequency(baseline, n, opts));
}

/**
 * Resolve `"auto"` by a cost model measured in bench/periodogram_bench.ts: direct sums cost
 * ≈ 3.5 ns per point and frequency (×3·nterms for the generic kernel), the NUFFT ≈ 30 ns per
 * frequency per transform (3 transforms per band and harmonic). Irregular grids are always exact.
 *
 * @example
 * ```ts
 * const grid = { frequency: new Float64Array(1000), regular: true, f0: 0, df: 1 };
 * console.log(resolveMethod("auto", grid, 100, 1, 1)); // "fast"
 * ```
 */
export function resolveMethod(
  method: Method,
  grid: FrequencyGrid,
  n: number,
  nterms: number,
  nBands: number,
): "exact" | "fast" {
  if (method === "fast" && !grid.regular && grid.frequency.length > 1) {
    throw new RangeError(
      'method "fast" needs a regular frequency grid (f_k = f0 + k·df); use "exact" or "auto"',
    );
  }
  if (method === "exact" || !grid.regular) return "exact";
  if (method === "fast") return "fast";
  const exactCost = 3.5 * n * (nterms === 1 ? 1 : 3 * nterms);
  const fastCost = 30 * 3 * nterms * nBands;
  return grid.frequency.length >= 200 && fastCost < exactCost ? "fast" : "exact";
}

/**
 * Index of the highest finite power (−1 if none).
 *
 * @example
 * ```ts
 * console.log(argMax(Float64Array.of(1, 3, 2))); // 1
 * ```
 */
export function argMax(power: Float64Array): number {
  let best = -1, v = -Infinity;
  for (let k = 0; k < power.length; k++) {
    if (power[k] > v) {
      v = power[k];
      best = k;
    }
  }
  return best;
}
