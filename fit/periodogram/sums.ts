/**
 * The trigonometric sums every Lomb-Scargle power is built from, for the points of one band:
 * Σ w·e^{i m ω t} (m = 1..mW) and Σ w·ỹ·e^{i m ω t} (m = 1..mY) at each frequency.
 *
 * @module
 */
import { borrow, release } from "./scratch.ts";

/** Inputs of a trig-sum kernel (one band). */
export interface SumInput {
  /** Times relative to the reference time (d). */
  t: Float64Array;
  /** Weights (normalised over all bands). */
  w: Float64Array;
  /** Weight × centred magnitude. */
  wy: Float64Array;
  /** Highest harmonic of the weight sums (2·nterms). */
  mW: number;
  /** Highest harmonic of the data sums (nterms). */
  mY: number;
}

/** Trig sums of one band on a frequency grid; arrays indexed [m − 1][k]. */
export interface BandSums {
  /** Σ w. */
  w0: number;
  /** Σ w ỹ. */
  y0: number;
  /** Σ w ỹ². */
  yy: number;
  /** Σ w cos(mωt). */
  wc: Float64Array[];
  /** Σ w sin(mωt). */
  ws: Float64Array[];
  /** Σ w ỹ cos(mωt). */
  yc: Float64Array[];
  /** Σ w ỹ sin(mωt). */
  ys: Float64Array[];
}

/**
 * Borrow the sum arrays (contents unspecified, see scratch.ts) and fill the frequency-independent
 * scalars. Give them back with {@link releaseSums}.
 *
 * @example
 * ```ts
 * const s = emptySums({ t: Float64Array.of(0), w: Float64Array.of(1), wy: Float64Array.of(0), mW: 2, mY: 1 }, 10);
 * releaseSums(s);
 * ```
 */
export function emptySums(input: SumInput, nf: number, wyRaw?: Float64Array): BandSums {
  let w0 = 0, y0 = 0, yy = 0;
  const wy = wyRaw ?? input.wy;
  for (let i = 0; i < input.w.length; i++) {
    w0 += input.w[i];
    y0 += wy[i];
    if (input.w[i] > 0) yy += (wy[i] * wy[i]) / input.w[i];
  }
  const alloc = (n: number) => Array.from({ length: n }, () => borrow(nf));
  return {
    w0,
    y0,
    yy,
    wc: alloc(input.mW),
    ws: alloc(input.mW),
    yc: alloc(input.mY),
    ys: alloc(input.mY),
  };
}

/**
 * Give the arrays of `sums` back to the scratch pool.
 *
 * @example
 * ```ts
 * releaseSums(emptySums({ t: Float64Array.of(0), w: Float64Array.of(1), wy: Float64Array.of(0), mW: 2, mY: 1 }, 4));
 * ```
 */
export function releaseSums(sums: BandSums): void {
  release(...sums.wc, ...sums.ws, ...sums.yc, ...sums.ys);
}

/**
 * Phase 2π·frac(x) in [0, 2π), accurate for large x.
 *
 * @example
 * ```ts
 * console.log(phase(1.25)); // π/2
 * ```
 */
export function phase(x: number): number {
  return 2 * Math.PI * (x - Math.floor(x));
}
