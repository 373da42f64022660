/// <reference lib="dom" />
/**
 * The light-curve figure with Observable Plot: magnitude (inverted) or flux vs MJD or phase,
 * per band colours, error bars, upper limits as down triangles, bad-quality points as crosses,
 * model curves. Used by the static SVG path (linkedom) and by the browser view.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { BAND_NAMES, bandColor } from "../colors.ts";
import type { LightCurveColumns } from "../lightcurve_data.ts";
import { TAG_BADQUALITY, TAG_UPPERLIM, TAG_VALID } from "../lightcurve_data.ts";
import {
  describeLightCurve,
  type LightCurvePoints,
  lightCurvePoints,
  type LightCurveView,
  MJD0,
  type ModelCurve,
  modelCurvePoints,
} from "../lightcurve_view.ts";

/** Figure options of {@link lightCurvePlot}. */
export interface LightCurvePlotOptions {
  /** Width in px. Default 640. */
  width?: number;
  /** Height in px. Default 400. */
  height?: number;
  /** DOM document to render with (linkedom's in Deno). Default the global document. */
  document?: Document;
  /** x range shown (zoom); default from the data. */
  xDomain?: [number, number] | null;
  /** y range shown, as [low, high] values; default from the data. */
  yDomain?: [number, number] | null;
  /** Title drawn in the top-left corner. Default the objectId. */
  title?: string;
}

interface Subset {
  x: Float64Array;
  y: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  color: string[];
}

function dateText(jd: number): string {
  const d = new Date((jd - 2440587.5) * 86400000);
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(0, 19).replace("T", " ") : "";
}

function subset(p: LightCurvePoints, tag: number): Subset {
  const idx: number[] = [];
  for (let k = 0; k < p.x.length; k++) if (p.tag[k] === tag) idx.push(k);
  return {
    x: Float64Array.from(idx, (k) => p.x[k]),
    y: Float64Array.from(idx, (k) => p.y[k]),
    lo: Float64Array.from(idx, (k) => p.yLow[k]),
    hi: Float64Array.from(idx, (k) => p.yHigh[k]),
    color: idx.map((k) => bandColor(p.fid[k])),
  };
}

/**
 * Tooltip text of drawn point `k`: date, value ± error (or 5σ limit), candid.
 *
 * @example
 * ```ts
 * import { lightCurveColumns } from "../lightcurve_data.ts";
 * import { lightCurvePoints } from "../lightcurve_view.ts";
 * import { pointTooltip } from "./lightcurve_plot.ts";
 * const c = lightCurveColumns({ jd: [2459000.5], mag: [18], err: [0.1], fid: [1], candid: ["123"] });
 * console.assert(pointTooltip(c, lightCurvePoints(c), 0).includes("g 18.00 ± 0.10"));
 * ```
 */
export function pointTooltip(c: LightCurveColumns, p: LightCurvePoints, k: number): string {
  const i = p.index[k];
  const band = BAND_NAMES[p.fid[k]] ?? `fid ${p.fid[k]}`;
  const digits = p.magnitudes ? 2 : 4;
  const tag = p.tag[k];
  const value = tag === TAG_UPPERLIM
    ? `${band} > ${p.y[k].toFixed(2)} (5σ limit)`
    : `${band} ${p.y[k].toFixed(digits)} ± ${(p.yHigh[k] - p.y[k]).toFixed(digits)}${
      tag === TAG_BADQUALITY ? " (bad quality)" : ""
    }`;
  const jd = c.jd[i];
  return `${dateText(jd)} UTC (MJD ${(jd - MJD0).toFixed(5)}) · ${value}` +
    (c.candid[i] ? ` · candid ${c.candid[i]}` : "");
}

interface Dimensions {
  width: number;
  height: number;
  marginTop: number;
  marginRight: number;
  marginBottom: number;
  marginLeft: number;
}

/**
 * Error bars as one `<path>` per colour (a function mark): far fewer DOM nodes than one
 * `<line>` per point, which keeps 10,000-point light curves fast. Segments are clipped to
 * the frame.
 */
function errorBars(sets: Subset[]): Plot.Markish {
  return colourPaths(
    "error bars",
    { "stroke-opacity": "0.55", fill: "none" },
    (sx, sy, dim, add) => {
      const x0 = dim.marginLeft;
      const x1 = dim.width - dim.marginRight;
      const y0 = dim.marginTop;
      const y1 = dim.height - dim.marginBottom;
      for (const s of sets) {
        for (let k = 0; k < s.x.length; k++) {
          if (!Number.isFinite(s.lo[k]) || !Number.isFinite(s.hi[k])) continue;
          const px = sx(s.x[k]);
          if (!(px >= x0 && px <= x1)) continue;
          let a = sy(s.lo[k]);
          let b = sy(s.hi[k]);
          if (a > b) [a, b] = [b, a];
          a = Math.max(a, y0);
          b = Math.min(b, y1);
          if (!(b > a)) continue;
          add(s.color[k], `M${px.toFixed(2)},${a.toFixed(2)}V${b.toFixed(2)}`);
        }
      }
    },
    (path, color) => path.setAttribute("stroke", color),
  );
}

/**
 * Filled circles as one `<path>` per colour (a function mark), used above
 * {@link COMPACT_THRESHOLD} points: one DOM node per band instead of one per point.
 * Each path carries `data-count` (number of circles) and the band colour as `fill`.
 */
function compactDots(s: Subset, r: number, description: string): Plot.Markish {
  const arc = `a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
  return colourPaths(
    description,
    {},
    (sx, sy, dim, add) => {
      for (let k = 0; k < s.x.length; k++) {
        const px = sx(s.x[k]);
        const py = sy(s.y[k]);
        if (!(px >= dim.marginLeft && px <= dim.width - dim.marginRight)) continue;
        if (!(py >= dim.marginTop && py <= dim.height - dim.marginBottom)) continue;
        add(s.color[k], `M${(px - r).toFixed(2)},${py.toFixed(2)}${arc}`);
      }
    },
    (path, color, count) => {
      path.setAttribute("fill", color);
      path.setAttribute("data-count", String(count));
    },
  );
}

type Scale = (v: number) => number;

/**
 * A Plot function mark drawing one `<path>` per colour inside a `<g>`: `segments` adds path
 * data by colour (in frame coordinates), `style` sets each path's colour attributes.
 */
function colourPaths(
  description: string,
  groupAttributes: Record<string, string>,
  segments: (
    sx: Scale,
    sy: Scale,
    dim: Dimensions,
    add: (color: string, d: string) => void,
  ) => void,
  style: (path: Element, color: string, count: number) => void,
): Plot.Markish {
  return ((
    _index: number[],
    scales: { x?: Scale; y?: Scale },
    _values: unknown,
    dim: Dimensions,
    context: { document: Document },
  ) => {
    const doc = context.document;
    const g = doc.createElementNS("http://www.w3.org/2000/svg", "g");
    g.setAttribute("aria-description", description);
    for (const [k, v] of Object.entries(groupAttributes)) g.setAttribute(k, v);
    const sx = scales.x;
    const sy = scales.y;
    if (!sx || !sy) return g;
    const paths = new Map<string, string[]>();
    segments(sx, sy, dim, (color, d) => {
      let list = paths.get(color);
      if (!list) paths.set(color, list = []);
      list.push(d);
    });
    for (const [color, d] of paths) {
      const path = doc.createElementNS("http://www.w3.org/2000/svg", "path");
      style(path, color, d.length);
      path.setAttribute("d", d.join(""));
      g.appendChild(path);
    }
    return g;
  }) as unknown as Plot.Markish;
}

/**
 * Above this many detections, dots are drawn as one path per band instead of one `<circle>`
 * each (10,000-point curves render several times faster).
 */
export const COMPACT_THRESHOLD = 2000;

/** Top margin holding the axis label and the two legend rows (px). */
const MARGIN_TOP = 42;
/** Distance of the legend rows above the frame (px). */
const LEGEND_ROWS = [28, 12];

/** Gap between the frame and the ends of the x and y scales (px): more than a marker's half-size. */
const SCALE_INSET = 6;

/** Left margin of the frame (px); Plot's right margin is about 20 px. */
const PLOT_MARGIN_LEFT = 52;
const PLOT_MARGIN_RIGHT = 20;

/**
 * Whether a bold 10 px `title` at the left and an 11 px `legend` at the right fit in `frame` px
 * without touching, with a generous 0.62 em per character (sans-serif averages ~0.55 em).
 */
function fitsBeside(title: string, legend: string, frame: number): boolean {
  const chars = (t: string) => [...t].length;
  return 0.62 * (10 * chars(title) + 11 * chars(legend)) + 24 <= frame;
}

/** Extent of the finite values of several arrays. */
function extent(...arrays: ArrayLike<number>[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * Render a light curve as an SVG element.
 *
 * @example
 * ```ts
 * import { lightCurveColumns } from "../lightcurve_data.ts";
 * import { lightCurvePlot } from "./lightcurve_plot.ts";
 * import { staticDocument } from "../static_dom.ts";
 * const c = lightCurveColumns({ jd: [2459000.5, 2459001.5], mag: [18, 18.5], err: [0.1, 0.1], fid: [1, 2] });
 * const svg = lightCurvePlot(c, {}, [], { document: staticDocument() });
 * console.assert(svg.querySelectorAll("circle").length >= 2);
 * ```
 */
export function lightCurvePlot(
  c: LightCurveColumns,
  view: LightCurveView,
  models: ModelCurve[],
  options: LightCurvePlotOptions = {},
): SVGSVGElement {
  const p = lightCurvePoints(c, view);
  const valid = subset(p, TAG_VALID);
  const bad = subset(p, TAG_BADQUALITY);
  const lim = subset(p, TAG_UPPERLIM);
  const marks: Plot.Markish[] = [Plot.frame({ stroke: "#ccc" })];
  // Function marks bind no channels: an invisible line over the data extent makes sure the
  // x and y scales exist and cover every point.
  const xExtent = extent(p.x);
  const yAll = extent(p.y, p.yLow, p.yHigh);
  if (xExtent && yAll) {
    marks.push(
      Plot.line({ length: 2 }, { x: xExtent, y: yAll, stroke: "none", ariaHidden: "true" }),
    );
  }
  marks.push(errorBars([valid, bad]));
  marks.push(
    Plot.dot({ length: lim.x.length }, {
      x: lim.x,
      y: lim.y,
      symbol: "triangle",
      rotate: 180,
      r: 3.5,
      stroke: lim.color,
      fill: lim.color,
      fillOpacity: 0.25,
      strokeOpacity: 0.7,
      clip: true,
      ariaDescription: "upper limit",
    }),
    valid.x.length > COMPACT_THRESHOLD ? compactDots(valid, 3, "detection") : Plot.dot(
      { length: valid.x.length },
      { x: valid.x, y: valid.y, r: 3, fill: valid.color, clip: true, ariaDescription: "detection" },
    ),
    Plot.dot({ length: bad.x.length }, {
      x: bad.x,
      y: bad.y,
      symbol: "times",
      r: 3.5,
      stroke: bad.color,
      clip: true,
      ariaDescription: "bad quality",
    }),
  );
  if (p.magnitudes || view.mode === "difference-flux") {
    for (const m of models) {
      const mp = modelCurvePoints(m, view);
      marks.push(Plot.line({ length: mp.x.length }, {
        x: mp.x,
        y: mp.y,
        stroke: m.fid ? bandColor(m.fid) : "#444",
        strokeWidth: 1.5,
        strokeDasharray: m.fid ? undefined : "4,3",
        clip: true,
        ariaDescription: `model ${m.label ?? ""}`.trim(),
      }));
    }
  }
  // Legend above the frame (so it never hides points): one entry per band present, then the
  // point kinds drawn.
  const bandsPresent = [...new Set(Array.from(c.fid))].sort();
  bandsPresent.forEach((fid, k) => {
    marks.push(Plot.text([`● ${BAND_NAMES[fid] ?? `fid ${fid}`}`], {
      fill: bandColor(fid),
      frameAnchor: "top-right",
      dx: -8 - 28 * (bandsPresent.length - 1 - k),
      dy: -LEGEND_ROWS[0],
      fontSize: 12,
    }));
  });
  // Second legend row: the point kinds drawn (limits, bad quality, models).
  const kinds: [string, string][] = [];
  if (lim.x.length > 0) kinds.push(["▽ 5σ upper limit", "#555"]);
  if (bad.x.length > 0) kinds.push(["× bad quality", "#555"]);
  const drawnModels = p.magnitudes || view.mode === "difference-flux" ? models : [];
  if (drawnModels.length > 0) {
    const labels = [...new Set(drawnModels.map((m) => m.label || "model"))];
    kinds.push([`— ${labels.length === 1 ? labels[0] : "models"}`, "#444"]);
  }
  const kindsText = kinds.map((k) => k[0]).join("   ");
  if (kinds.length > 0) {
    marks.push(Plot.text([kindsText], {
      fill: "#444",
      frameAnchor: "top-right",
      dx: -8,
      dy: -LEGEND_ROWS[1],
      fontSize: 11,
      ariaDescription: "legend",
    }));
  }
  // The title shares the second row with the point kinds: on a narrow plot (a phone) it gives
  // way rather than overlap them (the page or the cell names the object anyway).
  const width = options.width ?? 640;
  const title = options.title ?? c.objectId;
  if (title && fitsBeside(title, kindsText, width - PLOT_MARGIN_LEFT - PLOT_MARGIN_RIGHT)) {
    marks.push(
      Plot.text([title], { frameAnchor: "top-left", dy: -LEGEND_ROWS[1], fontWeight: "bold" }),
    );
  }
  // Error bars are a function mark (no channels), so the y extent is computed here.
  const yExtent = options.yDomain ?? extent(p.y, p.yLow, p.yHigh);
  const yDomain = yExtent && (p.magnitudes ? [yExtent[1], yExtent[0]] : yExtent);
  const svg = Plot.plot({
    document: options.document,
    ariaLabel: title ? `Light curve of ${title}` : "Light curve",
    ariaDescription: describeLightCurve(p, drawnModels),
    width,
    height: options.height ?? 400,
    marginLeft: PLOT_MARGIN_LEFT,
    marginTop: MARGIN_TOP,
    color: { type: "identity" },
    // The scales stop a few pixels inside the frame: a point on a nice domain end (an upper
    // limit at exactly 17.8 mag) is drawn whole, not cut in half by the frame.
    x: {
      label: p.xLabel,
      grid: true,
      inset: SCALE_INSET,
      domain: options.xDomain ?? undefined,
      nice: !options.xDomain,
      tickFormat: (v: number) => String(+v.toFixed(6)),
    },
    y: {
      label: p.yLabel,
      grid: true,
      inset: SCALE_INSET,
      domain: yDomain,
      nice: !options.yDomain,
    },
    marks,
  }) as SVGSVGElement;
  svg.setAttribute("role", "img");
  return svg;
}
