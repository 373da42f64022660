/**
 * Image display kernels for cutouts: percentile limits, stretches (linear, sqrt, log, asinh,
 * sigmoid, as astropy.visualization), colour maps, and RGBA rendering. Pure, on typed arrays;
 * shared by the static SVG (PNG) and the browser canvas.
 *
 * @module
 */

/** Stretch functions mapping [0, 1] → [0, 1]. */
export type Stretch = "linear" | "sqrt" | "log" | "asinh" | "sigmoid";
/** All stretches. */
export const STRETCHES: readonly Stretch[] = ["linear", "sqrt", "log", "asinh", "sigmoid"];
/** Colour maps. */
export type Colormap = "gray" | "viridis" | "magma" | "coolwarm";
/** All colour maps. */
export const COLORMAPS: readonly Colormap[] = ["gray", "viridis", "magma", "coolwarm"];

/** Display options of an image. */
export interface ImageDisplay {
  /** Default "asinh". */
  stretch?: Stretch;
  /** Default "gray". */
  colormap?: Colormap;
  /** Lower percentile for the black level. Default 0.5. */
  lower?: number;
  /** Upper percentile for the white level. Default 99.5. */
  upper?: number;
  /** Explicit black level (overrides `lower`). */
  vmin?: number | null;
  /** Explicit white level (overrides `upper`). */
  vmax?: number | null;
}

const STOPS: Record<Colormap, number[][]> = {
  gray: [[0, 0, 0], [255, 255, 255]],
  viridis: [
    [68, 1, 84],
    [72, 40, 120],
    [62, 73, 137],
    [49, 104, 142],
    [38, 130, 142],
    [31, 158, 137],
    [53, 183, 121],
    [110, 206, 88],
    [181, 222, 43],
    [253, 231, 37],
  ],
  magma: [
    [0, 0, 4],
    [28, 16, 68],
    [79, 18, 123],
    [129, 37, 129],
    [181, 54, 122],
    [229, 80, 100],
    [251, 135, 97],
    [254, 194, 135],
    [252, 253, 191],
  ],
  coolwarm: [[59, 76, 192], [141, 176, 254], [221, 221, 221], [244, 154, 123], [180, 4, 38]],
};

/**
 * Value at percentile `q` (0–100) of the finite values (linear interpolation, as numpy).
 *
 * @example
 * ```ts
 * import { percentile } from "./image.ts";
 * console.assert(percentile(new Float32Array([1, 2, 3, 4, NaN]), 50) === 2.5);
 * ```
 */
export function percentile(data: ArrayLike<number>, q: number): number {
  const v = Float64Array.from(Array.prototype.filter.call(data, Number.isFinite) as number[])
    .sort();
  if (v.length === 0) return NaN;
  const pos = (v.length - 1) * Math.min(100, Math.max(0, q)) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/**
 * Apply a stretch to a normalised value in [0, 1] (clipped first).
 *
 * @example
 * ```ts
 * import { stretchValue } from "./image.ts";
 * console.assert(stretchValue("sqrt", 0.25) === 0.5 && stretchValue("log", 1) === 1);
 * ```
 */
export function stretchValue(stretch: Stretch, v: number): number {
  const x = Math.min(1, Math.max(0, v));
  switch (stretch) {
    case "linear":
      return x;
    case "sqrt":
      return Math.sqrt(x);
    case "log": // astropy LogStretch(a=1000)
      return Math.log(1000 * x + 1) / Math.log(1001);
    case "asinh": // astropy AsinhStretch(a=0.1)
      return Math.asinh(x / 0.1) / Math.asinh(1 / 0.1);
    case "sigmoid": { // logistic with gain 10 around 0.5, rescaled to [0, 1]
      const s = (t: number) => 1 / (1 + Math.exp(-10 * (t - 0.5)));
      return (s(x) - s(0)) / (s(1) - s(0));
    }
  }
}

/**
 * RGB of a colour map at t ∈ [0, 1].
 *
 * @example
 * ```ts
 * import { colormapRGB } from "./image.ts";
 * console.assert(colormapRGB("gray", 1).join() === "255,255,255");
 * ```
 */
export function colormapRGB(cmap: Colormap, t: number): [number, number, number] {
  const stops = STOPS[cmap];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i];
  const b = stops[i + 1];
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/**
 * The black and white levels of an image for display options.
 *
 * @example
 * ```ts
 * import { imageLimits } from "./image.ts";
 * const [lo, hi] = imageLimits(new Float32Array([0, 1, 2, 3]), { lower: 0, upper: 100 });
 * console.assert(lo === 0 && hi === 3);
 * ```
 */
export function imageLimits(data: ArrayLike<number>, d: ImageDisplay = {}): [number, number] {
  const lo = d.vmin ?? percentile(data, d.lower ?? 0.5);
  const hi = d.vmax ?? percentile(data, d.upper ?? 99.5);
  return [lo, hi];
}

/**
 * Render an image (row-major, row 0 at the top as in the array) to RGBA bytes. NaN pixels
 * are transparent.
 *
 * @example
 * ```ts
 * import { renderRGBA } from "./image.ts";
 * const rgba = renderRGBA(new Float32Array([0, 1]), { stretch: "linear", lower: 0, upper: 100 });
 * console.assert(rgba[0] === 0 && rgba[4] === 255);
 * ```
 */
export function renderRGBA(data: ArrayLike<number>, d: ImageDisplay = {}): Uint8ClampedArray {
  const [lo, hi] = imageLimits(data, d);
  const stretch = d.stretch ?? "asinh";
  const cmap = d.colormap ?? "gray";
  const span = hi > lo ? hi - lo : 1;
  const lut: [number, number, number][] = [];
  for (let k = 0; k < 256; k++) lut.push(colormapRGB(cmap, k / 255));
  const out = new Uint8ClampedArray(data.length * 4);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    const t = stretchValue(stretch, (v - lo) / span);
    const c = lut[Math.round(t * 255)];
    out[4 * i] = c[0];
    out[4 * i + 1] = c[1];
    out[4 * i + 2] = c[2];
    out[4 * i + 3] = 255;
  }
  return out;
}

/**
 * Flip an image vertically (row-major), e.g. to draw FITS row 0 at the bottom.
 *
 * @example
 * ```ts
 * import { flipRows } from "./image.ts";
 * console.assert(flipRows(new Float32Array([1, 2, 3, 4]), 2, 2).join() === "3,4,1,2");
 * ```
 */
export function flipRows(data: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    out.set(data.subarray((height - 1 - y) * width, (height - y) * width), y * width);
  }
  return out;
}
