/**
 * `CutoutWidget`: science / template / difference stamps side by side with a choice of
 * stretch (linear, sqrt, log, asinh, sigmoid), percentile or explicit limits, colour maps and
 * the pixel value on hover.
 *
 * @module
 */
import { typedBytes } from "./buffers.ts";
import { escapeXml } from "./colors.ts";
import { WidgetDataError } from "./errors.ts";
import { COLORMAPS, flipRows, type ImageDisplay, renderRGBA, STRETCHES } from "./image.ts";
import { encodePNG, toBase64 } from "./png.ts";
import { Widget, type WidgetOptions } from "./widget.ts";

/**
 * One stamp: a 2-D array (rows; also any iterable of rows such as the Arrow list value of
 * `b:cutoutScience_stampData`), or flat values with their width and height.
 */
export type StampInput =
  | number[][]
  | Iterable<ArrayLike<number> | Iterable<number>>
  | { data: ArrayLike<number>; width: number; height: number };

/** A normalised stamp. */
export interface Stamp {
  /** Values, row-major, row 0 first as in the FITS array. */
  data: Float32Array;
  /** Columns. */
  width: number;
  /** Rows. */
  height: number;
}

/** Options of {@link CutoutWidget}. */
export interface CutoutOptions extends WidgetOptions, ImageDisplay {
  /** Screen pixels per image pixel. Default 3 (63 px stamps → 189 px). */
  zoom?: number;
  /** Draw FITS row 0 at the bottom ("lower", as ds9 and the portal) or top. Default "lower". */
  origin?: "lower" | "upper";
  /** Title. Default none. */
  title?: string;
}

/** Stamp names in display order. */
export const STAMP_NAMES = ["science", "template", "difference"] as const;

/**
 * Normalise a stamp input.
 *
 * @example
 * ```ts
 * import { toStamp } from "./cutout.ts";
 * const s = toStamp([[1, 2], [3, 4]]);
 * console.assert(s.width === 2 && s.data[2] === 3);
 * ```
 */
export function toStamp(input: StampInput, name = "stamp"): Stamp {
  if (
    !Array.isArray(input) && input !== null && typeof input === "object" &&
    typeof (input as { width?: unknown }).width !== "number" &&
    typeof (input as Iterable<unknown>)[Symbol.iterator] === "function"
  ) {
    // An iterable of rows (e.g. an Arrow List<List<Float32>> value): copy into arrays.
    input = Array.from(
      input as Iterable<Iterable<number>>,
      (row) => Array.from(row ?? [], (v) => (v === null ? NaN : Number(v))),
    );
  }
  if (Array.isArray(input)) {
    const height = input.length;
    const width = height ? input[0].length : 0;
    const data = new Float32Array(width * height);
    input.forEach((row, y) => {
      if (!Array.isArray(row) || row.length !== width) {
        throw new WidgetDataError(
          `${name} row ${y} has ${
            Array.isArray(row) ? row.length : "no"
          } values; every row must have ${width}`,
        );
      }
      for (let x = 0; x < width; x++) data[y * width + x] = row[x] ?? NaN;
    });
    return { data, width, height };
  }
  if (input && typeof input === "object" && "data" in input && "width" in input) {
    const { width, height } = input;
    if (!(width > 0 && height > 0) || input.data.length !== width * height) {
      throw new WidgetDataError(
        `${name} has ${input.data.length} values but width×height = ${width}×${height}`,
      );
    }
    return { data: Float32Array.from(input.data), width, height };
  }
  throw new WidgetDataError(`${name} must be number[][] or { data, width, height }`);
}

/**
 * Cutout stamps side by side.
 *
 * @example
 * ```ts
 * import { CutoutWidget } from "./cutout.ts";
 * const img = Array.from({ length: 63 }, (_, y) => Array.from({ length: 63 }, (_, x) => x + y));
 * const w = new CutoutWidget({ science: img, template: img, difference: img }, { stretch: "linear" });
 * console.assert(w.toSVG().includes("data:image/png;base64,"));
 * ```
 */
export class CutoutWidget extends Widget {
  /** Normalised stamps. */
  readonly stamps: Partial<Record<(typeof STAMP_NAMES)[number], Stamp>>;

  /**
   * Build the widget from one to three stamps.
   *
   * @param stamps `{ science?, template?, difference? }` (at least one)
   * @param options see {@link CutoutOptions}
   */
  constructor(
    stamps: Partial<Record<(typeof STAMP_NAMES)[number], StampInput>>,
    options: CutoutOptions = {},
  ) {
    const norm: Partial<Record<(typeof STAMP_NAMES)[number], Stamp>> = {};
    for (const name of STAMP_NAMES) {
      const s = stamps[name];
      if (s !== undefined && s !== null) norm[name] = toStamp(s, name);
    }
    if (Object.keys(norm).length === 0) {
      throw new WidgetDataError("give at least one of science, template, difference");
    }
    const stretch = options.stretch ?? "asinh";
    if (!STRETCHES.includes(stretch)) {
      throw new WidgetDataError(
        `stretch ${JSON.stringify(stretch)} is not one of ${STRETCHES.join(", ")}`,
      );
    }
    const colormap = options.colormap ?? "gray";
    if (!COLORMAPS.includes(colormap)) {
      throw new WidgetDataError(
        `colormap ${JSON.stringify(colormap)} is not one of ${COLORMAPS.join(", ")}`,
      );
    }
    const state: Record<string, unknown> = {
      names: Object.keys(norm),
      stretch,
      colormap,
      lower: options.lower ?? 0.5,
      upper: options.upper ?? 99.5,
      vmin: options.vmin ?? null,
      vmax: options.vmax ?? null,
      zoom: options.zoom ?? 3,
      origin: options.origin ?? "lower",
      title: options.title ?? "",
    };
    for (const [name, s] of Object.entries(norm)) {
      state[`${name}Data`] = typedBytes(s.data);
      state[`${name}Shape`] = [s.width, s.height];
    }
    super("cutout", state, options);
    this.stamps = norm;
  }

  /** The figure as a standalone SVG string (stamps as embedded PNG images). */
  toSVG(): string {
    const s = this.state;
    const zoom = s.zoom as number;
    const gap = 12;
    const names = s.names as string[];
    const stamps = names.map((n) => this.stamps[n as (typeof STAMP_NAMES)[number]] as Stamp);
    const top = s.title ? 36 : 20;
    const width = stamps.reduce((w, st) => w + st.width * zoom + gap, gap);
    const height = top + Math.max(...stamps.map((st) => st.height * zoom)) + 10;
    const parts = [
      `<svg xmlns="http://www.w3.org/2000/svg" class="finkit-cutout" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    ];
    if (s.title) {
      parts.push(`<text x="${gap}" y="16" font-weight="bold">${escapeXml(String(s.title))}</text>`);
    }
    let x = gap;
    stamps.forEach((st, k) => {
      const data = s.origin === "lower" ? flipRows(st.data, st.width, st.height) : st.data;
      const rgba = renderRGBA(data, s as ImageDisplay);
      const png = toBase64(encodePNG(rgba, st.width, st.height));
      parts.push(
        `<text x="${x}" y="${top - 6}">${names[k]}</text>`,
        `<image class="stamp" data-name="${names[k]}" x="${x}" y="${top}" width="${
          st.width * zoom
        }" height="${
          st.height * zoom
        }" preserveAspectRatio="none" style="image-rendering:pixelated" href="data:image/png;base64,${png}"/>`,
      );
      x += st.width * zoom + gap;
    });
    parts.push("</svg>");
    return parts.join("");
  }

  /** One-line description. */
  override describe(): string {
    const s = this.state;
    const shapes = (s.names as string[]).map((n) => {
      const st = this.stamps[n as (typeof STAMP_NAMES)[number]] as Stamp;
      return `${n} ${st.width}×${st.height}`;
    });
    return `CutoutWidget(${shapes.join(", ")}; ${s.stretch}, ${s.colormap})`;
  }
}
