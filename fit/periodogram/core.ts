/**
 * The shared engine: trig sums per band (exact or fast) → Δχ² per frequency → normalised power.
 *
 * @module
 */
import { exactSumsIrregular, exactSumsRegular } from "./exact.ts";
import { fastSumsRegular } from "./fast.ts";
import type { FrequencyGrid } from "./grid.ts";
import { type Column, deltaGeneric, deltaOneTerm } from "./solve.ts";
import { type BandSums, releaseSums, type SumInput } from "./sums.ts";
import type { Normalization } from "./types.ts";

/** The linear model behind a periodogram. */
export interface ModelSpec {
  /** Columns of the joint model (used unless `perBand`). */
  columns: Column[];
  /** Highest harmonic (max of base and band terms). */
  maxHarmonic: number;
  /** Regularisation scaled by the trace of the normal matrix. */
  byTrace: boolean;
  /** Single band, columns exactly [const?, sin ωt, cos ωt]: closed form. */
  oneTerm: boolean;
  /** Whether the constant is fitted (closed form only). */
  fitMean: boolean;
  /** Independent per-band models with these columns (band index 0), Δχ² summed over bands. */
  perBand?: Column[];
}

/** Light-curve columns the engine needs (times relative to the reference time). */
export interface EngineData {
  t: Float64Array;
  w: Float64Array;
  /** Centred (or raw) magnitudes ỹ. */
  yt: Float64Array;
  band: Int32Array;
  nBands: number;
}

function splitBands(d: EngineData, mW: number, mY: number): SumInput[] {
  const counts = new Int32Array(d.nBands);
  for (const b of d.band) counts[b]++;
  const inputs = Array.from(counts, (c) => ({
    t: new Float64Array(c),
    w: new Float64Array(c),
    wy: new Float64Array(c),
    mW,
    mY,
  }));
  const fill = new Int32Array(d.nBands);
  for (let i = 0; i < d.t.length; i++) {
    const b = d.band[i], j = fill[b]++;
    inputs[b].t[j] = d.t[i];
    inputs[b].w[j] = d.w[i];
    inputs[b].wy[j] = d.w[i] * d.yt[i];
  }
  return inputs;
}

function bandSums(input: SumInput, grid: FrequencyGrid, method: "exact" | "fast"): BandSums {
  const nf = grid.frequency.length;
  if (!grid.regular) return exactSumsIrregular(input, grid.frequency);
  return method === "fast"
    ? fastSumsRegular(input, grid.f0, grid.df, nf)
    : exactSumsRegular(input, grid.f0, grid.df, nf);
}

/**
 * Δχ² (normalised weights, Σw = 1) at every grid frequency.
 *
 * @example
 * ```ts
 * // internal: see lombScargle / lombScargleMultiband
 * ```
 */
export function computeDelta(
  d: EngineData,
  spec: ModelSpec,
  grid: FrequencyGrid,
  method: "exact" | "fast",
): Float64Array {
  const nf = grid.frequency.length;
  const inputs = splitBands(d, 2 * spec.maxHarmonic, spec.maxHarmonic);
  const out = new Float64Array(nf);
  if (spec.perBand !== undefined) {
    const cols = spec.perBand;
    const closed = cols.length === 3 && spec.maxHarmonic === 1;
    for (const input of inputs) {
      if (input.t.length === 0) continue;
      const sums = bandSums({ ...input, mW: 2 * maxN(cols), mY: maxN(cols) }, grid, method);
      if (closed) deltaOneTerm(sums, true, nf, out, true);
      else deltaGeneric(cols, [sums], nf, spec.byTrace, out, true);
      releaseSums(sums);
    }
    return out;
  }
  const sums = inputs.map((input) => bandSums(input, grid, method));
  if (spec.oneTerm) deltaOneTerm(sums[0], spec.fitMean, nf, out);
  else deltaGeneric(spec.columns, sums, nf, spec.byTrace, out);
  for (const s of sums) releaseSums(s);
  return out;
}

function maxN(cols: Column[]): number {
  return cols.reduce((m, c) => Math.max(m, c.n), 0);
}

/**
 * Turn Δχ² into the requested normalisation (in place). `yy` = Σ w ỹ², `sumInvVar` = Σσ⁻².
 *
 * @example
 * ```ts
 * const p = normalize(Float64Array.of(0.5), 1, 10, "standard");
 * console.log(p[0]); // 0.5
 * ```
 */
export function normalize(
  delta: Float64Array,
  yy: number,
  sumInvVar: number,
  normalization: Normalization,
): Float64Array {
  for (let k = 0; k < delta.length; k++) {
    const dk = Math.min(Math.max(delta[k], 0), yy);
    switch (normalization) {
      case "standard":
        delta[k] = dk / yy;
        break;
      case "model":
        delta[k] = dk / (yy - dk);
        break;
      case "log":
        delta[k] = -Math.log1p(-dk / yy);
        break;
      case "psd":
        delta[k] = 0.5 * sumInvVar * dk;
        break;
    }
  }
  return delta;
}
