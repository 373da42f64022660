/**
 * Multiband Lomb-Scargle (VanderPlas & Ivezić 2015; gatspy `LombScargleMultiband`, astropy
 * `LombScargleMultiband(method="flexible")`): a shared base of `ntermsBase` harmonics plus, per
 * band, an offset and `ntermsBand` harmonics; each band centred on its own weighted mean.
 *
 * @module
 */
import { computeDelta, type EngineData, type ModelSpec, normalize } from "./core.ts";
import { fitTheta, harmonics, modelFrequency, predict } from "./model.ts";
import { argMax, checkCommon, checkTerms, chooseGrid, resolveMethod } from "./options.ts";
import { checkInput, prepareData, weightedSquares } from "./prepare.ts";
import { makeFalseAlarm } from "./significance.ts";
import type { Column } from "./solve.ts";
import type {
  BandLabel,
  NumericColumn,
  PeriodogramOptions,
  PeriodogramResultBase,
  PeriodogramStatus,
} from "./types.ts";

/** A multiband light curve; `band` is a ZTF fid (1, 2, 3) or any label per point. */
export interface LombScargleMultibandInput {
  /** Times (d), e.g. jd; any order. */
  t: NumericColumn;
  /** Magnitudes (e.g. magpsf) or fluxes. */
  y: NumericColumn;
  /** 1σ errors (e.g. sigmapsf); unit weights when omitted. */
  dy?: NumericColumn;
  /**
   * Band of each point, e.g. ZTF fid 1/2/3 or "g"/"r". Labels with the same string form (1 and
   * "1") are one band; points labelled NaN, null, undefined, "" or "NaN" are dropped (see message).
   */
  band: ArrayLike<BandLabel>;
}

/**
 * Ridge regularisation added to the normal-matrix diagonal (gatspy/astropy `reg_base`,
 * `reg_band`, `regularize_by_trace`). Default: none, i.e. exact least squares (the degenerate
 * base columns are dropped, which equals the pseudo-inverse). `{ band: 1e-6 }` reproduces the
 * astropy/gatspy defaults.
 */
export interface Regularization {
  /** Added to the base columns. Default 0. */
  base?: number;
  /** Added to the per-band columns. Default 0. */
  band?: number;
  /** Multiply by the trace of the normal matrix. Default true. */
  byTrace?: boolean;
}

/** Options of {@link lombScargleMultiband}. */
export interface LombScargleMultibandOptions extends PeriodogramOptions {
  /** Harmonics of the shared base model. Default 1. */
  ntermsBase?: number;
  /** Harmonics of each band's own model (0 = shared shape with per-band offsets). Default 1. */
  ntermsBand?: number;
  /** See {@link Regularization}. Default none. */
  regularization?: Regularization;
}

/** Result of {@link lombScargleMultiband}. */
export interface LombScargleMultibandResult extends PeriodogramResultBase {
  /** Harmonics of the shared base model. */
  ntermsBase: number;
  /** Harmonics of each band's own model. */
  ntermsBand: number;
  /** Band labels in order of first appearance (the first label of each string form). */
  bands: BandLabel[];
  /**
   * Best-fit model at tFit in band(s) `band` (one label for all times, or one per time; 1 and
   * "1" name the same band); frequency (finite, > 0) defaults to bestFrequency.
   */
  model(
    tFit: NumericColumn,
    frequency?: number,
    band?: BandLabel | ArrayLike<BandLabel>,
  ): Float64Array;
}

function nonNegative(name: string, v: number | undefined): number {
  const x = v ?? 0;
  if (!Number.isFinite(x) || x < 0) {
    throw new RangeError(`regularization.${name} = ${v} is not allowed; it must be ≥ 0`);
  }
  return x;
}

/**
 * Multiband Lomb-Scargle periodogram (standard power = Δχ²/χ²_ref with χ²_ref about the band
 * means). Fink's portal setting is `{ ntermsBase: 1, ntermsBand: 1, minimumPeriod: 0.1,
 * maximumPeriod: 1.2 }`.
 *
 * @example
 * ```ts
 * const t = Array.from({ length: 120 }, (_, k) => 60 * ((k * 0.618034) % 1));
 * const band = t.map((_, k) => (k % 3 === 0 ? 2 : 1));
 * const y = t.map((ti, k) => (band[k] === 1 ? 15 : 14.6) + 0.3 * Math.sin((2 * Math.PI * ti) / 0.5617));
 * const mb = lombScargleMultiband({ t, y, band }, { minimumPeriod: 0.1, maximumPeriod: 1.2 });
 * console.log(mb.bestPeriod.toFixed(3)); // "0.561"
 * ```
 */
export function lombScargleMultiband(
  input: LombScargleMultibandInput,
  opts: LombScargleMultibandOptions = {},
): LombScargleMultibandResult {
  checkInput(input, true);
  const { normalization, method } = checkCommon(opts);
  const ntermsBase = checkTerms("ntermsBase", opts.ntermsBase, 1, 1);
  const ntermsBand = checkTerms("ntermsBand", opts.ntermsBand, 1, 0);
  const regBase = nonNegative("base", opts.regularization?.base);
  const regBand = nonNegative("band", opts.regularization?.band);
  const byTrace = opts.regularization?.byTrace ?? true;
  const data = prepareData(input.t, input.y, input.dy ?? undefined, input.band);
  const n = data.t.length;
  const nBands = data.bandLabels.length;
  const grid = chooseGrid(opts, data.baseline, n);
  const nf = grid.frequency.length;

  // Columns: the astropy set when regularised, else drop base columns spanned by band columns.
  const regularized = regBase > 0 || regBand > 0;
  const columns: Column[] = [];
  if (regularized) columns.push({ band: -1, kind: "const", n: 0, reg: regBase });
  columns.push(...harmonics(-1, ntermsBase, regularized ? 1 : ntermsBand + 1, regBase));
  for (let b = 0; b < nBands; b++) {
    columns.push({ band: b, kind: "const", n: 0, reg: regBand });
    columns.push(...harmonics(b, ntermsBand, 1, regBand));
  }
  const perBand = !regularized && ntermsBase <= ntermsBand
    ? [{ band: 0, kind: "const", n: 0, reg: 0 } as Column, ...harmonics(0, ntermsBand, 1, 0)]
    : undefined;
  const maxHarmonic = Math.max(ntermsBase, ntermsBand);
  const spec: ModelSpec = { columns, maxHarmonic, byTrace, oneTerm: false, fitMean: true, perBand };
  const used = resolveMethod(method, grid, n, maxHarmonic, Math.max(nBands, 1));

  const sw = new Float64Array(nBands), swy = new Float64Array(nBands);
  for (let i = 0; i < n; i++) {
    sw[data.band[i]] += data.w[i];
    swy[data.band[i]] += data.w[i] * data.y[i];
  }
  const bandMean = Float64Array.from(sw, (s, b) => swy[b] / s);
  const yt = data.y.map((v, i) => v - bandMean[data.band[i]]);
  const { yy, y2 } = weightedSquares(data.w, yt, data.y);
  const engine: EngineData = { t: data.t, w: data.w, yt, band: data.band, nBands };
  const nParams = 2 * ntermsBase + nBands * (1 + 2 * ntermsBand) -
    2 * Math.min(ntermsBase, ntermsBand);

  let status: PeriodogramStatus = data.dropped > 0
    ? "cleaned"
    : nBands === 1
    ? "single-band"
    : "ok";
  const notes = data.note ? [data.note] : [];
  if (nBands === 1) notes.push("only one band in the data: this is a single-band periodogram");
  let power: Float64Array;
  if (n <= nParams || !(data.baseline > 0)) {
    status = "too-few-points";
    notes.unshift(
      `${n} usable point(s) over a baseline of ${data.baseline} d; the model has ` +
        `${nParams} parameters and needs more points than that`,
    );
    power = new Float64Array(nf).fill(NaN);
  } else if (!(yy > 1e-24 * y2)) {
    status = "flat";
    notes.unshift("every band is constant: no periodic signal");
    power = new Float64Array(nf);
  } else {
    power = normalize(computeDelta(engine, spec, grid, used), yy, data.sumInvVar, normalization);
  }
  const ok = status === "ok" || status === "cleaned" || status === "single-band";
  const best = ok ? argMax(power) : -1;
  const bestFrequency = best >= 0 ? grid.frequency[best] : NaN;

  const members = Array.from({ length: nBands }, () => [] as number[]);
  for (let i = 0; i < n; i++) members[data.band[i]].push(i);
  const tAbs = data.t.map((v) => v + data.tRef);
  const fa = makeFalseAlarm(null, ok ? n : 0, (rng) => {
    // resample (y, dy) within each band, times and bands stay
    const y = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const m = members[data.band[i]];
      const j = m[Math.floor(rng() * m.length)];
      y[i] = data.y[j];
      dy[i] = data.dy[j];
    }
    const labels = Array.from(data.band, (b) => data.bandLabels[b]);
    return lombScargleMultiband({ t: tAbs, y, dy: data.hasDy ? dy : undefined, band: labels }, {
      ...opts,
      frequency: grid.frequency,
      method: used,
    }).bestPower;
  }, "analytic false-alarm probabilities are single-band, nterms = 1 only (Baluev 2008)");

  const labelIndex = new Map(data.bandLabels.map((l, b) => [String(l), b]));
  const toIndex = (label: BandLabel): number => {
    const b = labelIndex.get(String(label));
    if (b === undefined) {
      throw new RangeError(
        `band ${JSON.stringify(label)} is not in the data; allowed: ${
          data.bandLabels.map((l) => JSON.stringify(l)).join(", ")
        }`,
      );
    }
    return b;
  };
  return {
    status,
    message: notes.join("; "),
    frequency: grid.frequency,
    power,
    bestFrequency,
    bestPeriod: 1 / bestFrequency,
    bestPower: best >= 0 ? power[best] : NaN,
    normalization,
    method: used,
    nPoints: n,
    ntermsBase,
    ntermsBand,
    bands: data.bandLabels,
    ...fa,
    model(tFit, frequency?, band?): Float64Array {
      const f = modelFrequency(frequency, bestFrequency);
      const tRel = Float64Array.from(tFit, (v) => v - data.tRef);
      if (band === undefined) {
        throw new RangeError(
          `model() needs the band of the times: one of ${data.bandLabels.join(", ")}`,
        );
      }
      const bIdx = typeof band === "object"
        ? Int32Array.from(band as ArrayLike<BandLabel>, toIndex)
        : new Int32Array(tRel.length).fill(toIndex(band));
      if (bIdx.length !== tRel.length) {
        throw new RangeError(`band has ${bIdx.length} values but tFit has ${tRel.length}`);
      }
      if (status === "too-few-points") return new Float64Array(tRel.length).fill(NaN);
      const theta = status === "flat"
        ? new Float64Array(columns.length)
        : fitTheta(engine, columns, f, byTrace);
      const y = predict(columns, theta, f, tRel, bIdx);
      for (let i = 0; i < y.length; i++) y[i] += bandMean[bIdx[i]];
      return y;
    },
  };
}
