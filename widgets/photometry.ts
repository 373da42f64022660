/**
 * Difference → DC photometry of ZTF alerts (ZTF Explanatory Supplement p.107, as in
 * fink-utils `fink_utils/photometry/conversion.py` and the Fink portal's light-curve modes).
 * Pure kernels on typed arrays; NaN marks values that cannot be computed.
 *
 * @module
 */

import { apparentFluxOne, dcMagOne, isSourceBehindOne } from "../astro/photometry.ts";

/** Inputs of the conversions (one value per alert; `isdiffpos` is +1 for "t"/"1", −1 else). */
export interface DiffPhotometry {
  /** PSF difference magnitude (NaN for upper limits). */
  magpsf: ArrayLike<number>;
  /** 1σ error of magpsf. */
  sigmapsf: ArrayLike<number>;
  /** Magnitude of the nearest reference-image source. */
  magnr: ArrayLike<number>;
  /** 1σ error of magnr. */
  sigmagnr: ArrayLike<number>;
  /** +1 for a positive subtraction (`isdiffpos` "t"/"1"), −1 for a negative one. */
  isdiffpos: ArrayLike<number>;
}

/** A flux or magnitude with its 1σ error. */
export interface ValueWithError {
  /** Values. */
  value: Float64Array;
  /** 1σ errors. */
  error: Float64Array;
}

/**
 * DC flux `F_ref ± F_diff` (Jy when `jansky`, else in units of the zero point), error
 * `sqrt(σ_diff² + σ_ref²)`. NaN when magpsf is NaN or magnr < 0 (fink-utils `apparent_flux`).
 *
 * @param p difference photometry columns
 * @param options `jansky` (default true): multiply by 3631 Jy
 * @example
 * ```ts
 * import { apparentFlux } from "./photometry.ts";
 * const f = apparentFlux({ magpsf: [18], sigmapsf: [0.1], magnr: [17], sigmagnr: [0.05], isdiffpos: [1] });
 * console.assert(Math.abs(f.value[0] - 3631 * (10 ** -6.8 + 10 ** -7.2)) < 1e-12);
 * ```
 */
export function apparentFlux(
  p: DiffPhotometry,
  options: { jansky?: boolean } = {},
): ValueWithError {
  const n = p.magpsf.length;
  const value = new Float64Array(n);
  const error = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = apparentFluxOne(
      p.magpsf[i],
      p.sigmapsf[i],
      p.magnr[i],
      p.sigmagnr[i],
      p.isdiffpos[i] > 0 ? "t" : "f",
      options,
    );
    value[i] = f.value;
    error[i] = f.sigma;
  }
  return { value, error };
}

/**
 * DC magnitude `−2.5 log10(F_dc)` and error `σ_dc / F_dc · 1.0857` (fink-utils `dc_mag`).
 * NaN where the DC flux is not positive.
 *
 * @example
 * ```ts
 * import { dcMag } from "./photometry.ts";
 * const m = dcMag({ magpsf: [18], sigmapsf: [0.1], magnr: [17], sigmagnr: [0.05], isdiffpos: [1] });
 * console.assert(Math.abs(m.value[0] - -2.5 * Math.log10(10 ** -6.8 + 10 ** -7.2)) < 1e-12);
 * ```
 */
export function dcMag(p: DiffPhotometry): ValueWithError {
  const n = p.magpsf.length;
  const value = new Float64Array(n);
  const error = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = dcMagOne(
      p.magpsf[i],
      p.sigmapsf[i],
      p.magnr[i],
      p.sigmagnr[i],
      p.isdiffpos[i] > 0 ? "t" : "f",
    );
    value[i] = m.value;
    error[i] = m.sigma;
  }
  return { value, error };
}

/**
 * Difference flux in mJy: `apparent_flux(mag, err, 99, 0, "t")` with the sign flipped for
 * negative subtractions, ×1e3 (the Fink portal's "Difference flux" mode).
 *
 * @example
 * ```ts
 * import { differenceFlux } from "./photometry.ts";
 * const f = differenceFlux({ magpsf: [16.4], sigmapsf: [0.1], isdiffpos: [-1] });
 * console.assert(f.value[0] < 0);
 * ```
 */
export function differenceFlux(
  p: Pick<DiffPhotometry, "magpsf" | "sigmapsf" | "isdiffpos">,
): ValueWithError {
  const n = p.magpsf.length;
  const f = apparentFlux({
    magpsf: p.magpsf,
    sigmapsf: p.sigmapsf,
    magnr: new Float64Array(n).fill(99),
    sigmagnr: new Float64Array(n),
    isdiffpos: new Float64Array(n).fill(1),
  });
  for (let i = 0; i < n; i++) {
    const sign = p.isdiffpos[i] > 0 ? 1 : -1;
    f.value[i] *= sign * 1e3;
    f.error[i] *= 1e3;
  }
  return f;
}

/**
 * DC flux in mJy (the portal's "DC flux" mode): `apparent_flux` with magnr when the source is
 * behind (see {@link isSourceBehind}), else with magnr = 99 (no reference flux).
 *
 * @example
 * ```ts
 * import { dcFlux } from "./photometry.ts";
 * const f = dcFlux({ magpsf: [18], sigmapsf: [0.1], magnr: [17], sigmagnr: [0.05], isdiffpos: [1] }, true);
 * console.assert(f.value[0] > 0);
 * ```
 */
export function dcFlux(p: DiffPhotometry, sourceBehind: boolean): ValueWithError {
  const n = p.magpsf.length;
  const f = apparentFlux(
    sourceBehind ? p : { ...p, magnr: new Float64Array(n).fill(99), sigmagnr: new Float64Array(n) },
  );
  for (let i = 0; i < n; i++) {
    f.value[i] *= 1e3;
    f.error[i] *= 1e3;
  }
  return f;
}

/**
 * Whether a reference source sits under the alert: `0 ≤ distnr ≤ 1.5` (pixels) and
 * (`0.5 ≤ chinr ≤ 1.5` or `|sharpnr| ≤ 0.5`); a missing chinr/sharpnr counts as true
 * (fink-utils `is_source_behind`). The portal applies it to the first alert of an object.
 *
 * @example
 * ```ts
 * import { isSourceBehind } from "./photometry.ts";
 * console.assert(isSourceBehind(0.4) && !isSourceBehind(3));
 * ```
 */
export function isSourceBehind(distnr: number, chinr?: number, sharpnr?: number): boolean {
  const missing = (x?: number) => x === undefined || Number.isNaN(x);
  return isSourceBehindOne(
    distnr,
    missing(chinr) ? undefined : chinr,
    missing(sharpnr) ? undefined : sharpnr,
  );
}
