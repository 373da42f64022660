/**
 * Lomb-Scargle periodograms for light curves: single band (generalised, with errors, nterms
 * harmonics, four normalisations) and multiband (shared base + per-band terms), exact or fast
 * (NUFFT) trig sums with the same answer to ≤ 1e-6, astropy's automatic frequency grid,
 * false-alarm probabilities (Baluev, Davies, naive, seeded bootstrap), best-fit models and
 * phase folding.
 *
 * @example
 * ```ts
 * import { lombScargle, phaseFold } from "./periodogram.ts";
 * const t = Array.from({ length: 200 }, (_, k) => 2459000 + 300 * ((k * 0.618034) % 1));
 * const y = t.map((ti) => 17 + 0.4 * Math.sin((2 * Math.PI * ti) / 0.61));
 * const ls = lombScargle({ t, y }, { minimumPeriod: 0.1, maximumPeriod: 1.2 });
 * const phase = phaseFold(t, ls.bestPeriod);
 * console.log(ls.bestPeriod.toFixed(2), phase.length); // "0.61" 200
 * ```
 *
 * @module
 */
import type { NumericColumn } from "./periodogram/types.ts";

export type {
  BandLabel,
  FalseAlarm,
  FapMethod,
  FapOptions,
  FrequencyGridOptions,
  Method,
  Normalization,
  NumericColumn,
  PeriodogramOptions,
  PeriodogramResultBase,
  PeriodogramStatus,
} from "./periodogram/types.ts";
export {
  lombScargle,
  type LombScargleInput,
  type LombScargleOptions,
  type LombScargleResult,
  type ModelParameters,
} from "./periodogram/lombscargle.ts";
export {
  lombScargleMultiband,
  type LombScargleMultibandInput,
  type LombScargleMultibandOptions,
  type LombScargleMultibandResult,
  type Regularization,
} from "./periodogram/multiband.ts";
export { autoFrequency } from "./periodogram/grid.ts";

/** Options of {@link phaseFold}. */
export interface PhaseFoldOptions {
  /** Epoch of phase 0 (same unit as t). Default 0, so phases do not depend on the data subset. */
  t0?: number;
}

/**
 * Phase of each time in [0, 1): frac((t − t0)/period).
 *
 * @example
 * ```ts
 * console.log(phaseFold([0.25, 1.5, 2.75], 1)); // Float64Array [0.25, 0.5, 0.75]
 * ```
 */
export function phaseFold(
  t: NumericColumn,
  period: number,
  opts: PhaseFoldOptions = {},
): Float64Array {
  if (!(Number.isFinite(period) && period > 0)) {
    throw new RangeError(`period = ${period} is not allowed; it must be finite and > 0`);
  }
  const t0 = opts.t0 ?? 0;
  if (!Number.isFinite(t0)) throw new RangeError(`t0 = ${t0} is not allowed; it must be finite`);
  return Float64Array.from(t, (ti) => {
    const x = (ti - t0) / period;
    const p = x - Math.floor(x);
    return p >= 1 ? 0 : p;
  });
}
