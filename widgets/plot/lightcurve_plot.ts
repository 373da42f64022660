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
  /** Add pointer tooltips (browser only). Default false. */
  interactive?: boolean;
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
  title: string[];
}

function dateText(jd: number): string {
  const d = new Date((jd - 2440587.5) * 86400000);
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(0, 19).replace("T", " ") : "";
}

function subset(p: LightCurvePoints, c: LightCurveColumns, tag: number, titles: boolean): Subset {
  const idx: number[] = [];
  for (let k = 0; k < p.x.length; k++) if (p.tag[k] === tag) idx.push(k);
  const s: Subset = {
    x: Float64Array.from(idx, (k) => p.x[k]),
    y: Float64Array.from(idx, (k) => p.y[k]),
    lo: Float64Array.from(idx, (k) => p.yLow[k]),
    hi: Float64Array.from(idx, (k) => p.yHigh[k]),
    color: idx.map((k) => bandColor(p.fid[k])),
    title: [],
  };
  if (titles) {
    s.title = idx.map((k) => {
      const i = p.index[k];
      const band = BAND_NAMES[p.fid[k]] ?? `fid ${p.fid[k]}`;
      const err = (p.yHigh[k] - p.y[k]);
      const value = tag === TAG_UPPERLIM
        ? `${band} > ${p.y[k].toFixed(2)} (5σ limit)`
        : `${band} ${p.y[k].toFixed(p.magnitudes ? 2 : 4)} ± ${
          err.toFixed(p.magnitudes ? 2 : 4)
        }${tag === TAG_BADQUALITY ? " (bad quality)" : ""}`;
      const jd = c.jd[i];
      return `${dateText(jd)} UTC (MJD ${(jd - MJD0).toFixed(5)})\n${value}` +
        (c.candid[i] ? `\ncandid ${c.candid[i]}` : "");
    });
  }
  return s;
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
  const interactive = options.interactive ?? false;
  const valid = subset(p, c, TAG_VALID, interactive);
  const bad = subset(p, c, TAG_BADQUALITY, interactive);
  const lim = subset(p, c, TAG_UPPERLIM, interactive);
  const marks: Plot.Markish[] = [Plot.frame({ stroke: "#ccc" })];
  const bars = (s: Subset) =>
    Plot.ruleX({ length: s.x.length }, {
      x: s.x,
      y1: s.lo,
      y2: s.hi,
      stroke: s.color,
      strokeOpacity: 0.55,
      clip: true,
    });
  marks.push(bars(valid), bars(bad));
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
    Plot.dot({ length: valid.x.length }, {
      x: valid.x,
      y: valid.y,
      r: 3,
      fill: valid.color,
      clip: true,
      ariaDescription: "detection",
    }),
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
  if (p.magnitudes) {
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
  // Legend inside the frame: one entry per band present.
  const bandsPresent = [...new Set(Array.from(c.fid))].sort();
  bandsPresent.forEach((fid, k) => {
    marks.push(Plot.text([`● ${BAND_NAMES[fid] ?? `fid ${fid}`}`], {
      fill: bandColor(fid),
      frameAnchor: "top-right",
      dx: -8 - 28 * (bandsPresent.length - 1 - k),
      dy: 8,
      fontSize: 12,
    }));
  });
  const title = options.title ?? c.objectId;
  if (title) {
    marks.push(Plot.text([title], { frameAnchor: "top-left", dx: 6, dy: 8, fontWeight: "bold" }));
  }
  if (interactive) {
    const all = {
      x: [...valid.x, ...bad.x, ...lim.x],
      y: [...valid.y, ...bad.y, ...lim.y],
      title: [...valid.title, ...bad.title, ...lim.title],
    };
    marks.push(Plot.tip({ length: all.x.length }, Plot.pointer({
      x: all.x,
      y: all.y,
      title: all.title,
    })));
  }
  const yDomain = options.yDomain
    ? (p.magnitudes ? [options.yDomain[1], options.yDomain[0]] : options.yDomain)
    : undefined;
  return Plot.plot({
    document: options.document,
    width: options.width ?? 640,
    height: options.height ?? 400,
    marginLeft: 52,
    color: { type: "identity" },
    x: {
      label: p.xLabel,
      grid: true,
      domain: options.xDomain ?? undefined,
      nice: !options.xDomain,
      tickFormat: (v: number) => String(+v.toFixed(6)),
    },
    y: {
      label: p.yLabel,
      grid: true,
      reverse: p.magnitudes && !yDomain,
      domain: yDomain,
      nice: !yDomain,
    },
    marks,
  }) as SVGSVGElement;
}
