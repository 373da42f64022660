/**
 * Asteroid phase-curve fits (HG, HG12, HG12*, HG1G2, sHG1G2) per band, with
 * fink-utils' defaults (bounds, starting values, soft-L1 loss, unweighted
 * residuals) and fink-utils-style output keys (`H_1`, `G1_1`, `err_H_1`, `R`,
 * `alpha0`, `delta0`, `chi2red`, …) so results compare with Fink's SSOFT.
 *
 * @module
 */
import type { Loss } from "./lm.ts";
import { hgPhi, phi1, phi2, phi3 } from "./phasecurve_models.ts";
import { MODEL_SPECS as SPECS, type PhaseCurveModel } from "./phasecurve_residual.ts";
import { runPhaseCurveFit } from "./phasecurve_fit.ts";
import { checkMaxEvaluations } from "./checks.ts";
import { failedResult as failed, type PhaseCurveResult, summarize } from "./phasecurve_result.ts";

export * from "./phasecurve_models.ts";
export type { PhaseCurveModel } from "./phasecurve_residual.ts";
export type { PhaseCurveResult } from "./phasecurve_result.ts";

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
 * One asteroid's light curve in Fink's aggregated SSO columns (the form of
 * fink-science's `sso_*_aggregated` files and of `ssobulk`): arrays by point.
 */
export interface AggregatedSsoColumns {
  /** Phase angle α [deg]. */
  Phase: ArrayLike<number>;
  /** PSF magnitudes. */
  cmagpsf: ArrayLike<number>;
  /** Their 1σ errors. */
  csigmapsf: ArrayLike<number>;
  /** ZTF filter ids. */
  cfid: ArrayLike<number | string>;
  /** Distance to the observer [au]. */
  Dobs: ArrayLike<number>;
  /** Distance to the Sun [au]. */
  Dhelio: ArrayLike<number>;
  /** Asteroid RA [deg] (for SHG1G2). */
  RA?: ArrayLike<number>;
  /** Asteroid Dec [deg] (for SHG1G2). */
  DEC?: ArrayLike<number>;
}

/**
 * {@link fitPhaseCurve}'s input from Fink's aggregated SSO columns: reduced
 * magnitudes ({@link reducedMagnitude}), errors, bands and positions.
 *
 * @example
 * ```ts
 * import { fitPhaseCurve, phaseCurveData } from "./phasecurve.ts";
 * const fit = fitPhaseCurve(phaseCurveData({
 *   Phase: [5, 10, 15, 20], cmagpsf: [18, 18.3, 18.5, 18.8], csigmapsf: [0.1, 0.1, 0.1, 0.1],
 *   cfid: [1, 1, 1, 1], Dobs: [1.5, 1.6, 1.7, 1.8], Dhelio: [2.4, 2.5, 2.6, 2.7],
 * }), { model: "HG" });
 * console.log(fit.H_1);
 * ```
 */
export function phaseCurveData(c: AggregatedSsoColumns): PhaseCurveData {
  return {
    phase: c.Phase,
    mag: Array.from(c.cmagpsf, (m, i) => reducedMagnitude(m, c.Dobs[i], c.Dhelio[i])),
    err: c.csigmapsf,
    band: c.cfid,
    ra: c.RA,
    dec: c.DEC,
  };
}

/** `poleStarts` checked: a non-empty list of [α0, δ0] in degrees, δ0 in [−90, 90]. */
function checkPoleStarts(
  starts: PhaseCurveOptions["poleStarts"],
): readonly (readonly [number, number])[] {
  if (starts === undefined) return DEFAULT_POLE_STARTS;
  if (!Array.isArray(starts) || starts.length === 0) {
    throw new PhaseCurveOptionError(
      `poleStarts must be a non-empty list of [alpha0, delta0] in degrees; got ${
        JSON.stringify(starts)
      }`,
    );
  }
  for (const s of starts) {
    const ok = Array.isArray(s) && s.length === 2 && Number.isFinite(s[0]) &&
      Number.isFinite(s[1]) && Math.abs(s[1]) <= 90;
    if (!ok) {
      throw new PhaseCurveOptionError(
        `each of poleStarts must be [alpha0, delta0] in degrees, finite, with delta0 in ` +
          `[-90, 90]; got ${JSON.stringify(s)}`,
      );
    }
  }
  return starts;
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
  const poleStarts = checkPoleStarts(options.poleStarts);
  const maxEvaluations = checkMaxEvaluations(
    options.maxEvaluations,
    (m) => new PhaseCurveOptionError(m),
  );
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
  const keep: number[] = [], outside: number[] = [], badDec: number[] = [];
  let maxPhase = -Infinity;
  for (let i = 0; i < nIn; i++) {
    const ok = Number.isFinite(data.phase[i]) && Number.isFinite(data.mag[i]) &&
      (!data.err || (Number.isFinite(data.err[i]) && data.err[i] > 0)) &&
      (!spin || (Number.isFinite(data.ra![i]) && Number.isFinite(data.dec![i])));
    if (!ok) continue;
    // A phase angle lies in [0°, 180°] and a Dec in [−90°, 90°]: anything else is a wrong
    // column or unit, which a fit would absorb into wrong parameters without a sign.
    if (data.phase[i] < 0 || data.phase[i] > 180) outside.push(i);
    else if (spin && Math.abs(data.dec![i]) > 90) badDec.push(i);
    else keep.push(i), maxPhase = Math.max(maxPhase, data.phase[i]);
  }
  const nRejected = nIn - keep.length;
  const nNaN = nRejected - outside.length - badDec.length;
  if (nNaN) problems.push(`${nNaN} point(s) with NaN values or err ≤ 0 dropped`);
  if (outside.length) {
    problems.push(
      `${outside.length} point(s) with a phase outside [0°, 180°] dropped (e.g. ${
        data.phase[outside[0]]
      })`,
    );
  }
  if (badDec.length) {
    problems.push(
      `${badDec.length} point(s) with a Dec outside [−90°, 90°] dropped (e.g. ${
        data.dec![badDec[0]]
      })`,
    );
  }
  if (keep.length > 0 && maxPhase <= Math.PI) {
    problems.push(
      `every phase angle is ≤ ${+maxPhase.toPrecision(3)}°: phases are in degrees (radians given?)`,
    );
  }
  const labels = keep.map((i) => data.band ? String(data.band[i]) : "1");
  const counts = new Map<string, number>();
  for (const b of labels) counts.set(b, (counts.get(b) ?? 0) + 1);
  const bands = [...counts.keys()].filter((b) => counts.get(b)! > nb).sort();
  for (const [b, c] of counts) {
    if (c <= nb) problems.push(`band ${b} dropped: ${c} point(s) for ${nb} parameters`);
  }
  const bandIndex = new Map(bands.map((b, k) => [b, k]));
  const idx: number[] = [], order: number[] = [];
  keep.forEach((i, k) => {
    const b = bandIndex.get(labels[k]);
    if (b !== undefined) idx.push(i), order.push(b);
  });
  const N = idx.length, P = ns + nb * bands.length;
  if (bands.length === 0 || N < P + 2) {
    const msg = `not enough points: ${N} usable for ${P} parameters (need ≥ ${P + 2})`;
    return failed(modelName, 1, [...problems, msg].join("; "), nRejected);
  }

  // ---- per-point quantities, stored band by band ----
  // Band by band, in input order within a band (a stable bucket sort).
  const first = new Int32Array(bands.length + 1);
  for (const b of order) first[b + 1]++;
  for (let b = 0; b < bands.length; b++) first[b + 1] += first[b];
  const sorted = new Int32Array(N);
  order.forEach((b, k) => sorted[first[b]++] = k);
  const bandIdx = new Int32Array(N), mag = new Float64Array(N), err = new Float64Array(N);
  const f1 = new Float64Array(N), f2 = new Float64Array(N), f3 = new Float64Array(N);
  const ra = new Float64Array(N), dec = new Float64Array(N), phase = new Float64Array(N);
  sorted.forEach((s, k) => {
    const i = idx[s], a = data.phase[i] * DEG;
    bandIdx[k] = order[s];
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
  });
  const pts = { bandIdx, mag, err, f1, f2, f3, ra, dec, phase };
  const res = runPhaseCurveFit(modelName, pts, bands.length, {
    loss,
    weighted: !!options.weighted,
    maxEvaluations,
    poleStarts,
  });
  if (!res) return failed(modelName, 3, "fit failed: residuals not finite at the start", nRejected);
  return summarize(res, {
    modelName,
    bands,
    pts,
    weighted: !!options.weighted,
    hasErr: !!data.err,
    problems,
    nRejected,
  });
}
