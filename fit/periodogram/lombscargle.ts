/**
 * Single-band generalised (floating-mean) Lomb-Scargle with errors and `nterms` harmonics.
 *
 * @module
 */
import { computeDelta, type EngineData, type ModelSpec, normalize } from "./core.ts";
import { fitTheta, harmonics, modelFrequency, predict, toOriginalOrigin } from "./model.ts";
import { argMax, checkCommon, checkTerms, chooseGrid, resolveMethod } from "./options.ts";
import { checkInput, prepareData, weightedSquares } from "./prepare.ts";
import { makeFalseAlarm } from "./significance.ts";
import type { Column } from "./solve.ts";
import type {
  NumericColumn,
  PeriodogramOptions,
  PeriodogramResultBase,
  PeriodogramStatus,
} from "./types.ts";

/** A light curve: times (d, e.g. jd), magnitudes (or fluxes), optional 1σ errors. */
export interface LombScargleInput {
  /** Times (d), e.g. jd; any order. */
  t: NumericColumn;
  /** Magnitudes (e.g. magpsf) or fluxes. */
  y: NumericColumn;
  /** 1σ errors (e.g. sigmapsf); unit weights when omitted. */
  dy?: NumericColumn;
}

/** Options of {@link lombScargle}. */
export interface LombScargleOptions extends PeriodogramOptions {
  /** Number of Fourier harmonics of the model. Default 1. */
  nterms?: number;
  /** Fit a constant offset with the sinusoid (generalised LS). Default true. */
  fitMean?: boolean;
  /** Subtract the weighted mean first. Default true. */
  centerData?: boolean;
}

/** Best-fit model parameters at one frequency (astropy `model_parameters` convention). */
export interface ModelParameters {
  /** Weighted mean subtracted before fitting (0 when centerData is false). */
  offset: number;
  /** [const (if fitMean), sin(2πft), cos(2πft), sin(4πft), cos(4πft), …], original time origin. */
  theta: Float64Array;
}

/** Result of {@link lombScargle}. */
export interface LombScargleResult extends PeriodogramResultBase {
  /** Number of harmonics of the model. */
  nterms: number;
  /**
   * Best-fit model evaluated at tFit (default frequency: bestFrequency; a frequency given must
   * be finite and > 0, else RangeError).
   */
  model(tFit: NumericColumn, frequency?: number): Float64Array;
  /** Best-fit parameters at `frequency` (default bestFrequency; finite and > 0). */
  modelParameters(frequency?: number): ModelParameters;
}

function columnsFor(nterms: number, fitMean: boolean): Column[] {
  const mean: Column[] = fitMean ? [{ band: -1, kind: "const", n: 0, reg: 0 }] : [];
  return [...mean, ...harmonics(-1, nterms, 1, 0)];
}

/**
 * Lomb-Scargle periodogram of one light curve (astropy `LombScargle(t, y, dy).power`,
 * chi2 definition for any nterms). Data problems never throw: see `status` and `message`;
 * missing `t` / `y` arrays are a TypeError, bad options (an empty `frequency`, an automatic grid
 * of more than 1e7 frequencies…) a RangeError.
 *
 * @example
 * ```ts
 * const t = Array.from({ length: 80 }, (_, k) => 30 * ((k * 0.618034) % 1));
 * const y = t.map((ti) => 12 + 0.3 * Math.sin((2 * Math.PI * ti) / 0.7));
 * const ls = lombScargle({ t, y }, { maximumFrequency: 5 });
 * console.log(ls.bestPeriod.toFixed(2)); // "0.70"
 * ```
 */
export function lombScargle(
  input: LombScargleInput,
  opts: LombScargleOptions = {},
): LombScargleResult {
  checkInput(input, false);
  const { normalization, method } = checkCommon(opts);
  const nterms = checkTerms("nterms", opts.nterms, 1, 1);
  const fitMean = opts.fitMean ?? true;
  const centerData = opts.centerData ?? true;
  const data = prepareData(input.t, input.y, input.dy ?? undefined);
  const n = data.t.length;
  const grid = chooseGrid(opts, data.baseline, n);
  const nf = grid.frequency.length;
  const columns = columnsFor(nterms, fitMean);
  const used = resolveMethod(method, grid, n, nterms, 1);

  const center = centerData || fitMean;
  const ymean = weightedMean(data.y, data.w);
  const yt = data.y.map((v) => (center ? v - ymean : v));
  const { yy, y2 } = weightedSquares(data.w, yt, data.y);
  const engine: EngineData = { t: data.t, w: data.w, yt, band: data.band, nBands: 1 };
  const spec: ModelSpec = {
    columns,
    maxHarmonic: nterms,
    byTrace: false,
    oneTerm: nterms === 1,
    fitMean,
  };

  let status: PeriodogramStatus = data.dropped > 0 ? "cleaned" : "ok";
  let message = data.note;
  let power: Float64Array;
  if (n <= columns.length || !(data.baseline > 0)) {
    status = "too-few-points";
    message = `${n} usable point(s) over a baseline of ${data.baseline} d; the model has ` +
      `${columns.length} parameters and needs more points than that` +
      (data.note ? ` (${data.note})` : "");
    power = new Float64Array(nf).fill(NaN);
  } else if (center && !(yy > 1e-24 * y2)) {
    status = "flat";
    message = "the light curve is constant: no periodic signal" +
      (data.note ? ` (${data.note})` : "");
    power = new Float64Array(nf);
  } else {
    power = normalize(computeDelta(engine, spec, grid, used), yy, data.sumInvVar, normalization);
  }
  const ok = status === "ok" || status === "cleaned";
  const best = ok ? argMax(power) : -1;
  const bestFrequency = best >= 0 ? grid.frequency[best] : NaN;

  let tVar = 0;
  for (let i = 0; i < n; i++) tVar += data.w[i] * data.t[i] * data.t[i];
  tVar -= weightedMean(data.t, data.w) ** 2;
  const ctx = nterms === 1 && ok
    ? {
      n,
      fmax: nf > 0 ? grid.frequency[nf - 1] : 0,
      baseline: data.baseline,
      timeVariance: tVar,
      normalization,
    }
    : null;
  const tAbs = data.t.map((v) => v + data.tRef);
  const fa = makeFalseAlarm(ctx, ok ? n : 0, (rng) => {
    const pick = Int32Array.from(data.t, () => Math.floor(rng() * n));
    const sub = resample(data.y, data.dy, pick);
    const r = lombScargle({ t: tAbs, y: sub.y, dy: data.hasDy ? sub.dy : undefined }, {
      ...opts,
      frequency: grid.frequency,
      method: used,
    });
    return r.bestPower;
  }, "analytic false-alarm probabilities need nterms = 1 and usable data");

  const modelYt = data.y.map((v) => (centerData ? v - ymean : v));
  const modelEngine: EngineData = { ...engine, yt: modelYt };
  const offset = centerData ? ymean : 0;
  const thetaAt = (f: number) => fitTheta(modelEngine, columns, f, false);
  return {
    status,
    message,
    frequency: grid.frequency,
    power,
    bestFrequency,
    bestPeriod: 1 / bestFrequency,
    bestPower: best >= 0 ? power[best] : NaN,
    normalization,
    method: used,
    nPoints: n,
    nterms,
    ...fa,
    model(tFit: NumericColumn, frequency?: number): Float64Array {
      const f = modelFrequency(frequency, bestFrequency);
      const tRel = Float64Array.from(tFit, (v) => v - data.tRef);
      if (status === "too-few-points") return new Float64Array(tRel.length).fill(NaN);
      if (status === "flat") return new Float64Array(tRel.length).fill(ymean);
      const y = predict(columns, thetaAt(f), f, tRel, new Int32Array(tRel.length));
      for (let i = 0; i < y.length; i++) y[i] += offset;
      return y;
    },
    modelParameters(frequency?: number): ModelParameters {
      const f = modelFrequency(frequency, bestFrequency);
      if (status === "too-few-points") {
        return { offset, theta: new Float64Array(columns.length).fill(NaN) };
      }
      return {
        offset,
        theta: toOriginalOrigin(columns, thetaAt(f), f, data.tRef),
      };
    },
  };
}

function weightedMean(v: Float64Array, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += w[i] * v[i];
  return s;
}

/**
 * Resampled (y, dy) for the bootstrap (times stay; astropy `_bootstrap_max`).
 *
 * @example
 * ```ts
 * const r = resample(Float64Array.of(1, 2), Float64Array.of(0.1, 0.2), Int32Array.of(1, 1));
 * console.log(r.y); // Float64Array [2, 2]
 * ```
 */
export function resample(
  y: Float64Array,
  dy: Float64Array,
  pick: Int32Array,
): { y: Float64Array; dy: Float64Array } {
  return { y: Float64Array.from(pick, (i) => y[i]), dy: Float64Array.from(pick, (i) => dy[i]) };
}
