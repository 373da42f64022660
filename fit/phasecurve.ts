/**
 * Asteroid phase-curve fits (HG, HG12, HG12*, HG1G2, sHG1G2) per band, with
 * fink-utils' defaults (bounds, starting values, soft-L1 loss, unweighted
 * residuals) and fink-utils-style output keys (`H_1`, `G1_1`, `err_H_1`, `R`,
 * `alpha0`, `delta0`, `chi2red`, …) so results compare with Fink's SSOFT.
 *
 * @module
 */
import { leastSquares, type Loss } from "./lm.ts";
import {
  cosAspectAngle,
  funcHg,
  funcHg12,
  funcHg12star,
  funcHg1g2,
  funcShg1g2,
  hgPhi,
  phi1,
  phi2,
  phi3,
} from "./phasecurve_models.ts";

export * from "./phasecurve_models.ts";

import {
  MODEL_SPECS as SPECS,
  type PhaseCurveModel,
  phaseCurveResidual,
} from "./phasecurve_residual.ts";
export type { PhaseCurveModel } from "./phasecurve_residual.ts";

const MODELS: readonly PhaseCurveModel[] = ["HG", "HG12", "HG12star", "HG1G2", "SHG1G2"];
const DEG = Math.PI / 180;

/** Error thrown for invalid *options* (never for problems in the data). */
export class PhaseCurveOptionError extends RangeError {
  /**
   * Create the error; `message` names the bad value and what is allowed.
   *
   * @example
   * ```ts
   * import { PhaseCurveOptionError } from "./phasecurve.ts";
   * new PhaseCurveOptionError("model must be one of …");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "PhaseCurveOptionError";
  }
}

/** Observations of one asteroid. Angles in degrees. */
export interface PhaseCurveData {
  /** Phase angle α [deg]. */
  phase: ArrayLike<number>;
  /** Reduced magnitude (see {@link reducedMagnitude}). */
  mag: ArrayLike<number>;
  /** 1σ magnitude errors (used for chi2red, and for the residuals if `weighted`). */
  err?: ArrayLike<number>;
  /** Band per point (e.g. ZTF `fid` 1, 2). Default: one band labelled `1`. */
  band?: ArrayLike<number | string>;
  /** Asteroid RA [deg] per point (required for SHG1G2). */
  ra?: ArrayLike<number>;
  /** Asteroid Dec [deg] per point (required for SHG1G2). */
  dec?: ArrayLike<number>;
}

/** Options of {@link fitPhaseCurve}. */
export interface PhaseCurveOptions {
  /** Model to fit. Default `"HG1G2"` (the Fink portal default). */
  model?: PhaseCurveModel;
  /** `"soft_l1"` (Fink) or `"linear"`. Default `"soft_l1"`. */
  loss?: Loss;
  /** Divide residuals by `err` (Fink does not). Default `false`. */
  weighted?: boolean;
  /** Maximum residual evaluations of the least-squares core. Default 500. */
  maxEvaluations?: number;
  /**
   * SHG1G2 only: spin-axis starts [α0, δ0] in degrees; the fit with the lowest cost wins.
   * Default {@link DEFAULT_POLE_STARTS} (Fink's single start is `[[180, 0]]`).
   */
  poleStarts?: [number, number][];
}

/**
 * Default SHG1G2 spin-axis starts [α0°, δ0°]: Fink's (180, 0) plus four at δ0 = +45°
 * (the antipode (α0 + 180°, −δ0) is equivalent, so these also cover δ0 = −45°).
 *
 * @example
 * ```ts
 * import { DEFAULT_POLE_STARTS } from "./phasecurve.ts";
 * DEFAULT_POLE_STARTS.length; // 5
 * ```
 */
export const DEFAULT_POLE_STARTS: readonly [number, number][] = [
  [180, 0],
  [0, 45],
  [90, 45],
  [180, 45],
  [270, 45],
];

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
  /** fink-utils `fit` flag: 0 ok, 1 unusable input, 3 fit failed, 4 singular covariance. */
  fit: number;
  /** What happened, in words (always set). */
  message: string;
  /** Name of the fitted model. */
  modelName: PhaseCurveModel;
  /** Band labels, in key order. */
  bands: string[];
  /** Points dropped because of NaN phase/mag/ra/dec or err ≤ 0 / NaN. */
  n_rejected: number;
  /** Model magnitude at a phase [deg] for a band (default: first band); ra/dec [deg] for SHG1G2. */
  model(phase: number, band?: number | string, ra?: number, dec?: number): number;
}

/**
 * Reduced magnitude m − 5 log10(Δobs·r_helio), distances in au (Fink `i:magpsf_red`).
 *
 * @example
 * ```ts
 * import { reducedMagnitude } from "./phasecurve.ts";
 * reducedMagnitude(18, 2, 3); // 18 − 5·log10(6) ≈ 14.1094
 * ```
 */
export function reducedMagnitude(magpsf: number, dObs: number, dHelio: number): number {
  return magpsf - 5 * Math.log10(dObs * dHelio);
}

/**
 * Fit a phase-curve model per band. Residuals r = model − mag, minimised with
 * the soft-L1 loss and no weights by default (fink-utils `estimate_sso_params`);
 * errors are √diag((JᵀJ)⁻¹ · Σr²/(N − p)) as in fink-utils. sHG1G2 shares
 * (R, α0, δ0) across bands; starts at R = 0.8, α0 = 180°, δ0 = 0 (Fink's p0);
 * α0 is periodic (unbounded during the fit, reported in [0, 360)).
 * Problems in the data give `fit ≠ 0` and a `message`, never an exception.
 *
 * @example
 * ```ts
 * import { fitPhaseCurve } from "./phasecurve.ts";
 * const res = fitPhaseCurve(
 *   { phase: [0.57, 1.09, 3.2, 10.99, 14.69, 20.42], mag: [6.555, 6.646, 6.793, 7.13, 7.21, 7.414] },
 *   { model: "HG", loss: "linear" },
 * );
 * console.log(res.H_1, res.G_1); // ≈ 6.5044, 0.2443 (Massalia)
 * ```
 */
export function fitPhaseCurve(
  data: PhaseCurveData,
  options: PhaseCurveOptions = {},
): PhaseCurveResult {
  const modelName = options.model ?? "HG1G2";
  if (!MODELS.includes(modelName)) {
    throw new PhaseCurveOptionError(
      `model must be one of ${MODELS.join(", ")}; got ${JSON.stringify(modelName)}`,
    );
  }
  const loss = options.loss ?? "soft_l1";
  if (loss !== "linear" && loss !== "soft_l1") {
    throw new PhaseCurveOptionError(
      `loss must be "linear" or "soft_l1"; got ${JSON.stringify(loss)}`,
    );
  }
  const spin = modelName === "SHG1G2";
  const spec = SPECS[modelName];
  const nb = spec.names.length, ns = spin ? 3 : 0;

  // ---- input cleaning (never throws on data) ----
  const nIn = data.phase?.length ?? 0;
  const problems: string[] = [];
  const lengths = [data.mag, data.err, data.band, data.ra, data.dec].filter((a) => a !== undefined);
  if (!data.mag || lengths.some((a) => a!.length !== nIn)) {
    return failed(
      modelName,
      1,
      "phase, mag (and err, band, ra, dec if given) must have equal lengths",
      0,
    );
  }
  if (spin && (!data.ra || !data.dec)) {
    return failed(modelName, 1, "SHG1G2 needs ra and dec (degrees) for every point", 0);
  }
  const keep: number[] = [];
  for (let i = 0; i < nIn; i++) {
    const ok = Number.isFinite(data.phase[i]) && Number.isFinite(data.mag[i]) &&
      (!data.err || (Number.isFinite(data.err[i]) && data.err[i] > 0)) &&
      (!spin || (Number.isFinite(data.ra![i]) && Number.isFinite(data.dec![i])));
    if (ok) keep.push(i);
  }
  const nRejected = nIn - keep.length;
  if (nRejected) problems.push(`${nRejected} point(s) with NaN values or err ≤ 0 dropped`);
  const labelOf = (i: number) => data.band ? String(data.band[i]) : "1";
  const counts = new Map<string, number>();
  for (const i of keep) counts.set(labelOf(i), (counts.get(labelOf(i)) ?? 0) + 1);
  const bands = [...counts.keys()].filter((b) => counts.get(b)! > nb).sort();
  for (const [b, c] of counts) {
    if (c <= nb) problems.push(`band ${b} dropped: ${c} point(s) for ${nb} parameters`);
  }
  const idx = keep.filter((i) => bands.includes(labelOf(i)));
  const N = idx.length, P = ns + nb * bands.length;
  if (bands.length === 0 || N < P + 2) {
    const msg = `not enough points: ${N} usable for ${P} parameters (need ≥ ${P + 2})`;
    return failed(modelName, 1, [...problems, msg].join("; "), nRejected);
  }

  // ---- precomputed per-point quantities ----
  const bandIdx = new Int32Array(N), mag = new Float64Array(N), err = new Float64Array(N);
  const f1 = new Float64Array(N), f2 = new Float64Array(N), f3 = new Float64Array(N);
  const ra = new Float64Array(N), dec = new Float64Array(N), phase = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    const i = idx[k], a = data.phase[i] * DEG;
    bandIdx[k] = bands.indexOf(labelOf(i));
    phase[k] = data.phase[i];
    mag[k] = data.mag[i];
    err[k] = data.err ? data.err[i] : 1;
    if (modelName === "HG") {
      f1[k] = hgPhi(a, 1);
      f2[k] = hgPhi(a, 2);
    } else {
      f1[k] = phi1(a);
      f2[k] = phi2(a);
      f3[k] = phi3(a);
    }
    if (spin) {
      ra[k] = data.ra![i] * DEG;
      dec[k] = data.dec![i] * DEG;
    }
  }
  const residual = phaseCurveResidual(
    modelName,
    { bandIdx, mag, err, f1, f2, f3, ra, dec },
    !!options.weighted,
  );

  const lower: number[] = [], upper: number[] = [];
  if (spin) lower.push(0.3, -Infinity, -Math.PI / 2), upper.push(1, Infinity, Math.PI / 2);
  for (let b = 0; b < bands.length; b++) lower.push(...spec.lower), upper.push(...spec.upper);
  const starts = spin ? options.poleStarts ?? DEFAULT_POLE_STARTS : [[0, 0]];
  let res: ReturnType<typeof leastSquares> | null = null;
  for (const [a0, d0] of starts) {
    const p0: number[] = spin ? [0.8, a0 * DEG, d0 * DEG] : [];
    for (let b = 0; b < bands.length; b++) p0.push(...spec.p0);
    const r = leastSquares(residual, p0, N, {
      lower,
      upper,
      loss,
      maxEvaluations: options.maxEvaluations,
    });
    if (r.status >= 0 && (!res || r.cost < res.cost * (1 - 1e-12))) res = r;
  }
  if (!res) return failed(modelName, 3, "fit failed: residuals not finite at the start", nRejected);

  // ---- fink-utils-style summary ----
  const p = res.p;
  let sumRaw2 = 0, sumChi = 0;
  const raw = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    raw[k] = options.weighted ? res.residuals[k] * err[k] : res.residuals[k];
    sumRaw2 += raw[k] * raw[k];
    sumChi += (raw[k] / err[k]) ** 2;
  }
  const fun2 = options.weighted ? res.chi2 : sumRaw2;
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
  out.chi2red = sumChi / (N - P - 1);
  out.rms = Math.sqrt(sumRaw2 / N);
  Object.assign(
    out,
    stats("", Array.from({ length: N }, (_, k) => k), raw, err, phase, !!data.err),
  );
  bands.forEach((b, bi) => {
    const ks = Array.from({ length: N }, (_, k) => k).filter((k) => bandIdx[k] === bi);
    Object.assign(out, stats(`_${b}`, ks, raw, err, phase, !!data.err));
  });
  if (spin) {
    let mn = Infinity, mx = -Infinity, mean = 0;
    for (let k = 0; k < N; k++) {
      const c = cosAspectAngle(ra[k], dec[k], p[1], p[2]);
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
  if (!res.covariance) {
    fit = 4;
    problems.push(
      "covariance is singular: some parameters are not constrained (e.g. all phases equal)",
    );
  }
  if (res.status === 0) problems.push(res.message);
  out.status = res.status;
  out.fit = fit;
  out.message = [
    fit === 0 && res.status > 0 ? `converged (${res.message})` : res.message,
    ...problems,
  ]
    .join("; ");
  out.modelName = modelName;
  out.bands = bands;
  out.n_rejected = nRejected;
  const params = Float64Array.from(p);
  out.model = (phaseDeg: number, band?: number | string, raDeg = 0, decDeg = 0): number => {
    const bi = band === undefined ? 0 : bands.indexOf(String(band));
    if (bi < 0) return NaN;
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
        return funcShg1g2(a, raDeg * DEG, decDeg * DEG, {
          H: params[o],
          G1: params[o + 1],
          G2: params[o + 2],
          R: params[0],
          alpha0: params[1],
          delta0: params[2],
        });
    }
  };
  return out as unknown as PhaseCurveResult;
}

function stats(
  suffix: string,
  ks: number[],
  raw: Float64Array,
  err: Float64Array,
  phase: Float64Array,
  hasErr: boolean,
): Record<string, number> {
  const o: Record<string, number> = {};
  o[`n_obs${suffix}`] = ks.length;
  if (suffix) o[`rms${suffix}`] = Math.sqrt(ks.reduce((s, k) => s + raw[k] ** 2, 0) / ks.length);
  o[`min_phase${suffix}`] = Math.min(...ks.map((k) => phase[k]));
  o[`max_phase${suffix}`] = Math.max(...ks.map((k) => phase[k]));
  if (hasErr) {
    const e = ks.map((k) => err[k]).sort((a, b) => a - b);
    const h = e.length >> 1;
    o[`median_error_phot${suffix}`] = e.length % 2 ? e[h] : 0.5 * (e[h - 1] + e[h]);
  }
  return o;
}

function failed(
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
    model: () => NaN,
  };
}
