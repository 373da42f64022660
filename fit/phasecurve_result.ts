/**
 * The result of a phase-curve fit in fink-utils' shape: per-band parameters
 * and errors, the result statistics (chi2red, rms, phases, photometric
 * errors, aspect-angle range, axis ratios), the status and message, and the
 * model as a function. Used by `fitPhaseCurve`.
 *
 * @module
 */
import type { LeastSquaresResult } from "./lm.ts";
import { fittedBandIndex, pointwise } from "./checks.ts";
import { symmetricBlock } from "./lm/linalg.ts";
import { funcHg, funcHg12, funcHg12star, funcHg1g2, funcShg1g2 } from "./phasecurve_models.ts";
import { MODEL_SPECS, type PhaseCurveModel, type PhaseCurvePoints } from "./phasecurve_residual.ts";

const DEG = Math.PI / 180;

/** Fit result with fink-utils keys; per-band keys end in `_<band>`. Angles in degrees. */
export interface PhaseCurveResult {
  /** Per-band parameters and their 1σ errors (`H_1`, `G1_1`, `err_H_1`, …), rms_b, n_obs_b. */
  [key: `${"H" | "G" | "G12" | "G1" | "G2" | "err" | "rms" | "n_obs"}_${string}`]: number;
  /** Per-band statistics: median_error_phot_b, min_phase_b, max_phase_b (also unsuffixed). */
  [key: `${"median_error_phot" | "min_phase" | "max_phase"}_${string}`]: number;
  /** Oblateness (SHG1G2 only). */
  R?: number;
  /** Spin-axis RA [deg] in [0, 360) (SHG1G2 only; (α0+180°, −δ0) fits equally well). */
  alpha0?: number;
  /** Spin-axis Dec [deg] (SHG1G2 only). */
  delta0?: number;
  /** Σ(r/err)²/(N − p − 1), as fink-utils (r = model − mag; err = 1 if not given). */
  chi2red: number;
  /** √mean(r²) [mag]. */
  rms: number;
  /** Points used. */
  n_obs: number;
  /** Smallest phase [deg]. */
  min_phase: number;
  /** Largest phase [deg]. */
  max_phase: number;
  /** Least-squares status (scipy codes: 1–4 converged, 0 budget exhausted, −1 failed). */
  status: number;
  /**
   * fink-utils `fit` flag: 0 ok, 1 unusable input, 3 fit failed, 4 singular covariance. As in
   * fink-utils, a run that used up its evaluation budget keeps `fit` 0: check `status` (0) too.
   */
  fit: number;
  /** What happened, in words (always set). */
  message: string;
  /** Name of the fitted model. */
  modelName: PhaseCurveModel;
  /** Band labels, in key order. */
  bands: string[];
  /**
   * Points dropped: NaN phase/mag/ra/dec, err ≤ 0 / NaN, a phase outside [0°, 180°] or a Dec
   * outside [−90°, 90°].
   */
  n_rejected: number;
  /**
   * Covariance of the fitted parameters, named (`R`, `alpha0`, `delta0` for SHG1G2, then each
   * band's `H_1`, `G1_1`, …), in the keys' units (degrees for the angles) and scaled as the
   * `err_` keys (`err_H_1` = √ of its diagonal entry); NaN entries if singular, empty if the fit
   * could not run.
   */
  covariance: { names: string[]; matrix: number[][] };
  /**
   * Model magnitude at a phase [deg] for a band (default: the first band; a band not fitted is a
   * `RangeError`); SHG1G2 needs the observation's ra and dec [deg] (a `RangeError` without them).
   * An array of phases gives a `Float64Array`, with the band, ra and dec each given once for all
   * or once per phase.
   */
  model(phase: number, band?: number | string, ra?: number, dec?: number): number;
  /** Model magnitude at each phase of `phase`; band, ra, dec: one for all, or one per phase. */
  model(
    phase: ArrayLike<number>,
    band?: number | string | ArrayLike<number | string>,
    ra?: number | ArrayLike<number>,
    dec?: number | ArrayLike<number>,
  ): Float64Array;
}

/** What {@link summarize} needs besides the least-squares run. */
export interface FitContext {
  /** Model fitted. */
  modelName: PhaseCurveModel;
  /** Band labels, in parameter order. */
  bands: string[];
  /** The fitted points (band by band) with their phases [deg]. */
  pts: PhaseCurvePoints & { phase: Float64Array };
  /** Whether the residuals were divided by the errors. */
  weighted: boolean;
  /** Whether errors were given. */
  hasErr: boolean;
  /** Messages gathered while cleaning the input. */
  problems: string[];
  /** Points dropped while cleaning. */
  nRejected: number;
}

/**
 * fink-utils-style result of a least-squares run: errors √diag((JᵀJ)⁻¹·Σr²/(N − p)),
 * chi2red, rms and phase / error statistics overall and per band, the aspect-angle range and
 * axis ratios for sHG1G2 (fink `estimate_axes_ratio`), status, message and the model.
 */
export function summarize(res: LeastSquaresResult, ctx: FitContext): PhaseCurveResult {
  const { modelName, bands, pts, weighted, hasErr, problems } = ctx;
  const { err, phase, bandIdx, ra, dec } = pts;
  const spin = modelName === "SHG1G2", spec = MODEL_SPECS[modelName];
  const nb = spec.names.length, ns = spin ? 3 : 0;
  const N = err.length, P = ns + nb * bands.length;
  const p = res.p;
  let sumRaw2 = 0, sumChi = 0;
  const raw = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    raw[k] = weighted ? res.residuals[k] * err[k] : res.residuals[k];
    sumRaw2 += raw[k] * raw[k];
    sumChi += (raw[k] / err[k]) ** 2;
  }
  const fun2 = weighted ? res.chi2 : sumRaw2;
  const scaleCov = fun2 / (N - P);
  const errOf = (j: number) =>
    res.covariance ? Math.sqrt(res.covariance[j * P + j] * scaleCov) : NaN;
  const out: Record<string, unknown> = {};
  if (spin) {
    out.R = p[0];
    out.err_R = errOf(0);
    out.alpha0 = (((p[1] / DEG) % 360) + 360) % 360;
    out.err_alpha0 = errOf(1) / DEG;
    out.delta0 = p[2] / DEG;
    out.err_delta0 = errOf(2) / DEG;
  }
  bands.forEach((b, bi) => {
    spec.names.forEach((name, j) => {
      out[`${name}_${b}`] = p[ns + nb * bi + j];
      out[`err_${name}_${b}`] = errOf(ns + nb * bi + j);
    });
  });
  out.covariance = covarianceOut(res.covariance, scaleCov, spin, spec.names, bands);
  out.chi2red = sumChi / (N - P - 1);
  out.rms = Math.sqrt(sumRaw2 / N);
  Object.assign(out, stats("", 0, N, raw, err, phase, hasErr));
  // The points are stored band by band.
  let k0 = 0;
  bands.forEach((b, bi) => {
    let k1 = k0;
    while (k1 < N && bandIdx[k1] === bi) k1++;
    Object.assign(out, stats(`_${b}`, k0, k1, raw, err, phase, hasErr));
    k0 = k1;
  });
  if (spin) {
    let mn = Infinity, mx = -Infinity, mean = 0;
    // cosAspectAngle with the spin axis' sine and cosine taken once.
    const sd0 = Math.sin(p[2]), cd0 = Math.cos(p[2]);
    for (let k = 0; k < N; k++) {
      const c = Math.sin(dec[k]) * sd0 + Math.cos(dec[k]) * cd0 * Math.cos(ra[k] - p[1]);
      mn = Math.min(mn, c), mx = Math.max(mx, c), mean += c / N;
    }
    Object.assign(out, { min_cos_lambda: mn, mean_cos_lambda: mean, max_cos_lambda: mx });
    // fink-utils estimate_axes_ratio: amplitude = 2·std(residuals).
    const mu = raw.reduce((s, v) => s + v, 0) / N;
    const sd = Math.sqrt(raw.reduce((s, v) => s + (v - mu) ** 2, 0) / N);
    const ab = 10 ** (0.4 * 2 * (2 * sd));
    out.a_b = ab;
    out.a_c = Math.max(ab, (ab + 1) / (2 * p[0]));
  }
  let fit = 0;
  const notes = [...problems];
  if (!res.covariance) {
    fit = 4;
    notes.push(
      "covariance is singular: some parameters are not constrained (e.g. all phases equal)",
    );
  }
  out.status = res.status;
  out.fit = fit;
  const how = res.status > 0 ? "converged" : res.status === 0 ? "not converged" : "failed";
  out.message = [`${how} (${res.message})`, ...notes].join("; ");
  out.modelName = modelName;
  out.bands = bands;
  out.n_rejected = ctx.nRejected;
  out.model = modelFunction(modelName, bands, Float64Array.from(p));
  return out as unknown as PhaseCurveResult;
}

/** The named covariance in output units (the pole's angles in degrees), scaled by `scale`. */
function covarianceOut(
  cov: Float64Array | null,
  scale: number,
  spin: boolean,
  bandNames: readonly string[],
  bands: string[],
): PhaseCurveResult["covariance"] {
  const names = [
    ...(spin ? ["R", "alpha0", "delta0"] : []),
    ...bands.flatMap((b) => bandNames.map((n) => `${n}_${b}`)),
  ];
  const P = names.length;
  const unit = (j: number) => spin && (j === 1 || j === 2) ? 1 / DEG : 1;
  const matrix = symmetricBlock(cov, P, P, (mean, i, j) => mean * scale * unit(i) * unit(j));
  return { names, matrix };
}

/** The fitted model as a function of phase [deg], band, RA and Dec [deg]. */
function modelFunction(
  modelName: PhaseCurveModel,
  bands: string[],
  params: Float64Array,
): PhaseCurveResult["model"] {
  const nb = MODEL_SPECS[modelName].names.length, ns = modelName === "SHG1G2" ? 3 : 0;
  return pointwise((phaseDeg, band, raDeg, decDeg) => {
    const bi = fittedBandIndex(bands, band);
    if (ns && (raDeg === undefined || decDeg === undefined)) {
      throw new RangeError("the SHG1G2 model needs the observation's ra and dec [deg]");
    }
    const o = ns + nb * bi, a = phaseDeg * DEG;
    switch (modelName) {
      case "HG":
        return funcHg(a, { H: params[o], G: params[o + 1] });
      case "HG12":
        return funcHg12(a, { H: params[o], G12: params[o + 1] });
      case "HG12star":
        return funcHg12star(a, { H: params[o], G12: params[o + 1] });
      case "HG1G2":
        return funcHg1g2(a, { H: params[o], G1: params[o + 1], G2: params[o + 2] });
      default:
        return funcShg1g2(a, raDeg! * DEG, decDeg! * DEG, {
          H: params[o],
          G1: params[o + 1],
          G2: params[o + 2],
          R: params[0],
          alpha0: params[1],
          delta0: params[2],
        });
    }
  }, MODEL_ARGUMENTS) as PhaseCurveResult["model"];
}

/** How `model()`'s arguments are named in its errors. */
const MODEL_ARGUMENTS = ["phase", "band", "ra", "dec"];

function stats(
  suffix: string,
  k0: number,
  k1: number,
  raw: Float64Array,
  err: Float64Array,
  phase: Float64Array,
  hasErr: boolean,
): Record<string, number> {
  const o: Record<string, number> = {}, n = k1 - k0;
  o[`n_obs${suffix}`] = n;
  let s2 = 0, mn = Infinity, mx = -Infinity;
  for (let k = k0; k < k1; k++) {
    s2 += raw[k] ** 2;
    mn = Math.min(mn, phase[k]), mx = Math.max(mx, phase[k]);
  }
  if (suffix) o[`rms${suffix}`] = Math.sqrt(s2 / n);
  o[`min_phase${suffix}`] = mn;
  o[`max_phase${suffix}`] = mx;
  if (hasErr) {
    const e = err.slice(k0, k1).sort();
    const h = e.length >> 1;
    o[`median_error_phot${suffix}`] = e.length % 2 ? e[h] : 0.5 * (e[h - 1] + e[h]);
  }
  return o;
}

/**
 * The result of a fit that could not run: `fit` flag, message, NaN statistics.
 *
 * @example
 * ```ts
 * import { failedResult } from "./phasecurve_result.ts";
 * failedResult("HG1G2", 1, "not enough points", 0).message; // "not enough points"
 * ```
 */
export function failedResult(
  modelName: PhaseCurveModel,
  fit: number,
  message: string,
  nRejected: number,
): PhaseCurveResult {
  return {
    chi2red: NaN,
    rms: NaN,
    n_obs: 0,
    min_phase: NaN,
    max_phase: NaN,
    status: -1,
    fit,
    message,
    modelName,
    bands: [],
    n_rejected: nRejected,
    covariance: { names: [], matrix: [] },
    model: pointwise(() => NaN, MODEL_ARGUMENTS) as PhaseCurveResult["model"],
  };
}
