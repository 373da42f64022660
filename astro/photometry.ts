/**
 * Difference → DC photometry of ZTF alerts (ZTF Explanatory Supplement
 * p. 107), as fink-utils' `apparent_flux`, `dc_mag` and `is_source_behind`.
 * Vectorised forms take arrays (one value per detection) and return typed
 * arrays; scalar forms take one detection.
 *
 * Formulas (magnitudes in the ZTF AB system, σ in magnitudes):
 * `F_diff = 10^(−0.4 magpsf)`, `σ_diff = sigmapsf / 1.0857 · F_diff`,
 * `F_ref = 10^(−0.4 magnr)`, `σ_ref = sigmagnr / 1.0857 · F_ref`,
 * `F_dc = F_ref ± F_diff` (+ when `isdiffpos` is `t` or `1`),
 * `σ_dc = √(σ_diff² + σ_ref²)`; fluxes in Jansky multiply by 3631.
 * `dc_mag = −2.5 log10(F_dc)`, `σ = σ_dc / F_dc · 1.0857`.
 *
 * @module
 */

/** A value of `i:isdiffpos`: `"t"`/`"1"` positive subtraction, `"f"`/`"0"` negative. */
export type IsDiffPos = string | boolean | number | null | undefined;

/** Options of {@linkcode apparentFlux}. */
export interface ApparentFluxOptions {
  /** Flux in Jansky (×3631) rather than in units of the AB zero point. Default true. */
  jansky?: boolean;
}

/** A flux (or magnitude) and its 1σ error, per detection. */
export interface ValueWithError {
  /** The values; `NaN` where undefined. */
  value: Float64Array;
  /** The 1σ errors; `NaN` where undefined. */
  sigma: Float64Array;
}

const MAG_TO_FLUX = 1.0857;
const AB_JANSKY = 3631;

function positive(isdiffpos: IsDiffPos): boolean {
  return isdiffpos === "t" || isdiffpos === "1" || isdiffpos === true || isdiffpos === 1;
}

function num(x: number | null | undefined): number {
  return x === null || x === undefined ? NaN : Number(x);
}

/**
 * DC flux of one detection: the flux of the reference source plus (or minus)
 * the difference flux. `NaN` when `magpsf` is missing or `magnr < 0`.
 *
 * @example
 * ```ts
 * import { apparentFluxOne } from "./photometry.ts";
 * const { value, sigma } = apparentFluxOne(18.0, 0.1, 17.0, 0.05, "t");
 * // value = 3631·(10^-6.8 + 10^-7.2) Jy
 * ```
 */
export function apparentFluxOne(
  magpsf: number | null | undefined,
  sigmapsf: number | null | undefined,
  magnr: number | null | undefined,
  sigmagnr: number | null | undefined,
  isdiffpos: IsDiffPos,
  options: ApparentFluxOptions = {},
): { value: number; sigma: number } {
  const m = num(magpsf), mr = num(magnr);
  if (!Number.isFinite(m) || !(mr >= 0)) return { value: NaN, sigma: NaN };
  const fDiff = 10 ** (-0.4 * m);
  const sDiff = num(sigmapsf) / MAG_TO_FLUX * fDiff;
  const fRef = 10 ** (-0.4 * mr);
  const sRef = num(sigmagnr) / MAG_TO_FLUX * fRef;
  const fDc = positive(isdiffpos) ? fRef + fDiff : fRef - fDiff;
  const sDc = Math.sqrt(sDiff * sDiff + sRef * sRef);
  const scale = (options.jansky ?? true) ? AB_JANSKY : 1;
  return { value: fDc * scale, sigma: sDc * scale };
}

/**
 * {@linkcode apparentFluxOne} over arrays (one entry per detection).
 *
 * @example
 * ```ts
 * import { apparentFlux } from "./photometry.ts";
 * const f = apparentFlux([18, 19], [0.1, 0.2], [17, 17], [0.05, 0.05], ["t", "f"]);
 * console.log(f.value, f.sigma);
 * ```
 */
export function apparentFlux(
  magpsf: ArrayLike<number | null>,
  sigmapsf: ArrayLike<number | null>,
  magnr: ArrayLike<number | null>,
  sigmagnr: ArrayLike<number | null>,
  isdiffpos: ArrayLike<IsDiffPos>,
  options: ApparentFluxOptions = {},
): ValueWithError {
  const n = magpsf.length;
  const value = new Float64Array(n), sigma = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = apparentFluxOne(magpsf[i], sigmapsf[i], magnr[i], sigmagnr[i], isdiffpos[i], options);
    value[i] = r.value;
    sigma[i] = r.sigma;
  }
  return { value, sigma };
}

/**
 * DC magnitude of one detection and its error: `−2.5 log10(F_dc)`,
 * `σ_dc / F_dc · 1.0857` (`NaN` when the DC flux is not positive).
 *
 * @example
 * ```ts
 * import { dcMagOne } from "./photometry.ts";
 * const { value, sigma } = dcMagOne(18.0, 0.1, 17.0, 0.05, "t"); // ≈ 16.64, ≈ 0.047
 * ```
 */
export function dcMagOne(
  magpsf: number | null | undefined,
  sigmapsf: number | null | undefined,
  magnr: number | null | undefined,
  sigmagnr: number | null | undefined,
  isdiffpos: IsDiffPos,
): { value: number; sigma: number } {
  const f = apparentFluxOne(magpsf, sigmapsf, magnr, sigmagnr, isdiffpos, { jansky: false });
  return { value: -2.5 * Math.log10(f.value), sigma: f.sigma / f.value * MAG_TO_FLUX };
}

/**
 * {@linkcode dcMagOne} over arrays.
 *
 * @example
 * ```ts
 * import { dcMag } from "./photometry.ts";
 * const dc = dcMag([18, 19], [0.1, 0.2], [17, 17], [0.05, 0.05], ["t", "t"]);
 * console.log(dc.value, dc.sigma);
 * ```
 */
export function dcMag(
  magpsf: ArrayLike<number | null>,
  sigmapsf: ArrayLike<number | null>,
  magnr: ArrayLike<number | null>,
  sigmagnr: ArrayLike<number | null>,
  isdiffpos: ArrayLike<IsDiffPos>,
): ValueWithError {
  const n = magpsf.length;
  const value = new Float64Array(n), sigma = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = dcMagOne(magpsf[i], sigmapsf[i], magnr[i], sigmagnr[i], isdiffpos[i]);
    value[i] = r.value;
    sigma[i] = r.sigma;
  }
  return { value, sigma };
}

/**
 * Whether a reference source sits behind the transient:
 * `0 ≤ distnr ≤ 1.5` (pixels) and (`0.5 ≤ chinr ≤ 1.5` or `|sharpnr| ≤ 0.5`);
 * missing `chinr`/`sharpnr` count as satisfied (fink-utils `is_source_behind`).
 *
 * @example
 * ```ts
 * import { isSourceBehindOne } from "./photometry.ts";
 * isSourceBehindOne(0.3); // true
 * isSourceBehindOne(0.3, 3.0, 2.0); // false
 * ```
 */
export function isSourceBehindOne(
  distnr: number | null | undefined,
  chinr?: number | null,
  sharpnr?: number | null,
): boolean {
  const d = num(distnr);
  const near = d >= 0 && d <= 1.5;
  if (chinr === undefined || chinr === null || sharpnr === undefined || sharpnr === null) {
    return near;
  }
  return near && ((chinr >= 0.5 && chinr <= 1.5) || Math.abs(sharpnr) <= 0.5);
}

/**
 * {@linkcode isSourceBehindOne} over arrays (`chinr`, `sharpnr` optional).
 *
 * @example
 * ```ts
 * import { isSourceBehind } from "./photometry.ts";
 * isSourceBehind([0.3, 2.0]); // [true, false]
 * ```
 */
export function isSourceBehind(
  distnr: ArrayLike<number | null>,
  chinr?: ArrayLike<number | null>,
  sharpnr?: ArrayLike<number | null>,
): boolean[] {
  const out: boolean[] = new Array(distnr.length);
  for (let i = 0; i < distnr.length; i++) {
    out[i] = isSourceBehindOne(distnr[i], chinr?.[i], sharpnr?.[i]);
  }
  return out;
}

/**
 * SNANA flux calibration of a magnitude: `(10^(−0.4 m)·1e11,
 * 9.21034e10·exp(−0.921034 m)·σ)` (fink-utils `mag2fluxcal_snana`).
 *
 * @example
 * ```ts
 * import { mag2fluxcalSnana } from "./photometry.ts";
 * mag2fluxcalSnana(20, 0.1); // { value: 1000, sigma: ≈92.1 }
 * ```
 */
export function mag2fluxcalSnana(mag: number, sigma: number): { value: number; sigma: number } {
  return {
    value: 10 ** (-0.4 * mag) * 1e11,
    sigma: 9.21034e10 * Math.exp(-0.921034 * mag) * sigma,
  };
}
