/**
 * Shared types of the Lomb-Scargle periodograms.
 *
 * @module
 */

/** A numeric column: a plain array or a typed array. */
export type NumericColumn = ArrayLike<number>;

/** A band label: a ZTF filter id (1 = g, 2 = r, 3 = i) or any string. */
export type BandLabel = number | string;

/**
 * Normalisation of the power (astropy names and formulas; Δχ² = χ²_ref − χ²_min(f)):
 * - `"standard"`: P = Δχ²/χ²_ref, in [0, 1];
 * - `"model"`: P = Δχ²/χ²_min;
 * - `"log"`: P = −ln(χ²_min/χ²_ref);
 * - `"psd"`: P = ½Δχ² (unitless with errors, units of y² without).
 */
export type Normalization = "standard" | "model" | "log" | "psd";

/** Which implementation computes the trigonometric sums: direct sums, NUFFT, or chosen by size. */
export type Method = "exact" | "fast" | "auto";

/** False-alarm probability method (Baluev 2008 and friends, as astropy). */
export type FapMethod = "baluev" | "davies" | "naive" | "bootstrap";

/**
 * Outcome of a periodogram on possibly imperfect data:
 * - `"ok"`: computed on all points;
 * - `"cleaned"`: computed after dropping points with non-finite t/y/dy, dy ≤ 0 or (multiband) no
 *   usable band label (see message);
 * - `"single-band"`: a multiband periodogram whose data hold one band only (still computed);
 * - `"flat"`: the light curve is constant: power is 0 everywhere, no best frequency;
 * - `"too-few-points"`: fewer points than model parameters (or no usable baseline): power is NaN.
 */
export type PeriodogramStatus = "ok" | "cleaned" | "single-band" | "flat" | "too-few-points";

/** Options of the automatic frequency grid (astropy `autofrequency`). */
export interface FrequencyGridOptions {
  /** Lowest frequency (1/d). Default: half the grid step, df/2. */
  minimumFrequency?: number;
  /** Highest frequency (1/d). Default: nyquistFactor × N / (2T). */
  maximumFrequency?: number;
  /** Shortest period (d); sets maximumFrequency = 1/minimumPeriod. */
  minimumPeriod?: number;
  /** Longest period (d); sets minimumFrequency = 1/maximumPeriod. */
  maximumPeriod?: number;
  /** Grid points per peak width 1/T: df = 1/(samplesPerPeak·T). Default 5. */
  samplesPerPeak?: number;
  /** Multiple of the average Nyquist frequency N/(2T) used as default maximum. Default 5. */
  nyquistFactor?: number;
}

/** Options shared by the single-band and multiband periodograms. */
export interface PeriodogramOptions extends FrequencyGridOptions {
  /** An explicit frequency grid (1/d, > 0); overrides the automatic grid. */
  frequency?: NumericColumn;
  /** Power normalisation. Default `"standard"`. */
  normalization?: Normalization;
  /** `"exact"` direct sums, `"fast"` NUFFT (regular grids only), `"auto"` by size. Default `"auto"`. */
  method?: Method;
}

/** Options of {@link FalseAlarm} methods. */
export interface FapOptions {
  /** Default `"baluev"`. Multiband and nterms > 1 only support `"bootstrap"`. */
  method?: FapMethod;
  /** Bootstrap resamplings. Default 1000. */
  nBootstraps?: number;
  /** Seed of the bootstrap random generator. Default 42. */
  seed?: number;
}

/** The false-alarm interface of a periodogram result. */
export interface FalseAlarm {
  /** Probability that noise alone gives a peak ≥ `power` somewhere in the grid. */
  falseAlarmProbability(power: number, opts?: FapOptions): number;
  /** The power whose false-alarm probability is `probability` (inverse of the above). */
  falseAlarmLevel(probability: number, opts?: FapOptions): number;
}

/** What every periodogram returns. */
export interface PeriodogramResultBase extends FalseAlarm {
  /** See {@link PeriodogramStatus}. */
  status: PeriodogramStatus;
  /**
   * Human-readable explanation of the status and notes on the data (dropped points, a band
   * with a single point); "" when there is nothing to report.
   */
  message: string;
  /** Frequencies (1/d). */
  frequency: Float64Array;
  /** Power at each frequency in the chosen normalisation. */
  power: Float64Array;
  /** Frequency of the highest power (NaN when status is flat or too-few-points). */
  bestFrequency: number;
  /** 1 / bestFrequency. */
  bestPeriod: number;
  /** Highest power. */
  bestPower: number;
  /** Normalisation used. */
  normalization: Normalization;
  /** Implementation actually used. */
  method: "exact" | "fast";
  /** Number of points used (after cleaning). */
  nPoints: number;
}
