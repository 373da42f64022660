/**
 * Image display kernels for cutouts: percentile limits, stretches (linear, sqrt, log, asinh,
 * sigmoid, as astropy.visualization), colour maps, and RGBA rendering. Pure, on typed arrays;
 * shared by the static SVG (PNG) and the browser canvas.
 *
 * @module
 */
import { COLORMAP_TABLES } from "./colormap_tables.ts";

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

const tables = new Map<string, Uint8Array>();

/**
 * Entry `index` (0 … 255) of matplotlib's table of map `name` (`gray`,
 * `Greys`, `viridis`, `magma`, `coolwarm`), as bytes: what Fink's PNG
 * cutouts use (`colormap_tables.ts`).
 *
 * @example
 * ```ts
 * import { colormapEntry } from "./image.ts";
 * console.assert(colormapEntry("viridis", 0).join() === "68,1,84");
 * ```
 */
export function colormapEntry(name: string, index: number): [number, number, number] {
  let t = tables.get(name);
  if (!t) {
    const hex = COLORMAP_TABLES[name];
    if (hex === undefined) throw new RangeError(`no colour map ${name}`);
    t = Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
    tables.set(name, t);
  }
  return [t[3 * index], t[3 * index + 1], t[3 * index + 2]];
}

/**
 * matplotlib's entry for t ∈ [0, 1]: ⌊256 t⌋, 1 (and above) giving 255,
 * below 0 (and NaN) 0.
 */
export function colormapIndex(t: number): number {
  return t >= 1 ? 255 : t > 0 ? Math.floor(t * 256) : 0;
}

/**
 * RGB of a colour map at t ∈ [0, 1], as matplotlib gives it.
 *
 * @example
 * ```ts
 * import { colormapRGB } from "./image.ts";
 * console.assert(colormapRGB("gray", 1).join() === "255,255,255");
 * ```
 */
export function colormapRGB(cmap: Colormap, t: number): [number, number, number] {
  return colormapEntry(cmap, colormapIndex(t));
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
