/**
 * Frequency grids: astropy's automatic grid and the regular-grid test needed by the fast method.
 *
 * @module
 */
import type { FrequencyGridOptions, NumericColumn } from "./types.ts";

/** A frequency grid; `regular` says whether f_k = f0 + k·df to 1e-9·df. */
export interface FrequencyGrid {
  frequency: Float64Array;
  regular: boolean;
  f0: number;
  df: number;
}

function positive(name: string, v: number | undefined, allowZero = false): void {
  if (v === undefined) return;
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new RangeError(
      `${name} = ${v} is not allowed; it must be a finite number ${allowZero ? "≥" : ">"} 0`,
    );
  }
}

/**
 * The automatic frequency grid of astropy's `LombScargle.autofrequency`:
 * df = 1/(samplesPerPeak·T), fmin = df/2, fmax = nyquistFactor·N/(2T),
 * Nf = 1 + round((fmax − fmin)/df). Periods override frequencies when given.
 *
 * @example
 * ```ts
 * const f = autoFrequency(100, 80, { maximumFrequency: 2 });
 * console.log(f[0], f.length); // 0.001 1001
 * ```
 */
export function autoFrequency(
  baseline: number,
  nPoints: number,
  opts: FrequencyGridOptions = {},
): Float64Array {
  const samplesPerPeak = opts.samplesPerPeak ?? 5;
  const nyquistFactor = opts.nyquistFactor ?? 5;
  positive("samplesPerPeak", samplesPerPeak);
  positive("nyquistFactor", nyquistFactor);
  positive("minimumFrequency", opts.minimumFrequency, true);
  positive("maximumFrequency", opts.maximumFrequency);
  positive("minimumPeriod", opts.minimumPeriod);
  positive("maximumPeriod", opts.maximumPeriod);
  const df = 1 / (samplesPerPeak * baseline);
  let fmin = opts.maximumPeriod !== undefined
    ? 1 / opts.maximumPeriod
    : (opts.minimumFrequency ?? 0.5 * df);
  let fmax = opts.minimumPeriod !== undefined
    ? 1 / opts.minimumPeriod
    : (opts.maximumFrequency ?? nyquistFactor * 0.5 * nPoints / baseline);
  if (!(fmax > fmin)) {
    throw new RangeError(
      `maximum frequency ${fmax} must exceed minimum frequency ${fmin} (check the frequency/period limits)`,
    );
  }
  fmin = Math.max(fmin, 0);
  fmax = Math.max(fmax, fmin);
  const steps = (fmax - fmin) / df;
  let rounded = Math.round(steps);
  if (Math.abs(steps - Math.trunc(steps)) === 0.5 && rounded % 2 !== 0) rounded -= 1; // numpy rounds half to even
  const nf = 1 + rounded;
  const out = new Float64Array(nf);
  for (let k = 0; k < nf; k++) out[k] = fmin + df * k;
  return out;
}

/**
 * Validate an explicit grid (finite, > 0) and detect whether it is regular.
 *
 * @example
 * ```ts
 * console.log(describeGrid([0.1, 0.2, 0.3]).regular); // true
 * ```
 */
export function describeGrid(frequency: NumericColumn): FrequencyGrid {
  const nf = frequency.length;
  const f = Float64Array.from(frequency);
  for (let k = 0; k < nf; k++) {
    if (!Number.isFinite(f[k]) || f[k] <= 0) {
      throw new RangeError(
        `frequency[${k}] = ${f[k]} is not allowed; frequencies must be finite and > 0`,
      );
    }
  }
  if (nf < 2) return { frequency: f, regular: nf === 1, f0: nf ? f[0] : 0, df: 0 };
  const df = (f[nf - 1] - f[0]) / (nf - 1);
  let regular = df > 0;
  for (let k = 0; regular && k < nf; k++) {
    if (Math.abs(f[k] - (f[0] + k * df)) > 1e-9 * df) regular = false;
  }
  return { frequency: f, regular, f0: f[0], df };
}
