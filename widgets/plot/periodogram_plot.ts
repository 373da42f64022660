/// <reference lib="dom" />
/**
 * The periodogram figure with Observable Plot: power vs period (log axis), the best period
 * marked, false-alarm levels as horizontal lines.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";

/** Periodogram data in wire form. */
export interface PeriodogramData {
  /** Frequencies (1/day). */
  frequency: Float64Array;
  /** Power at each frequency. */
  power: Float64Array;
  /** Best period (days). */
  bestPeriod: number;
  /** False-alarm levels: power reached with probability `probability`. */
  levels: { probability: number; power: number }[];
  /** FAP of the best peak, if known. */
  bestFap?: number | null;
}

/**
 * Render a periodogram as an SVG element.
 *
 * @example
 * ```ts
 * import { periodogramPlot } from "./periodogram_plot.ts";
 * import { staticDocument } from "../static_dom.ts";
 * const svg = periodogramPlot({ frequency: new Float64Array([1, 2, 3]), power: new Float64Array([0.1, 0.8, 0.2]), bestPeriod: 0.5, levels: [] }, { document: staticDocument() });
 * console.assert(svg.querySelector("path") !== null);
 * ```
 */
export function periodogramPlot(
  d: PeriodogramData,
  options: {
    width?: number;
    height?: number;
    document?: Document;
    interactive?: boolean;
    xDomain?: [number, number] | null;
  } = {},
): SVGSVGElement {
  const n = d.frequency.length;
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => d.frequency[i] > 0)
    .sort((a, b) => d.frequency[b] - d.frequency[a]);
  const period = Float64Array.from(order, (i) => 1 / d.frequency[i]);
  const power = Float64Array.from(order, (i) => d.power[i]);
  // A peak on the grid's first or last period may lie beyond it: say so.
  const atEdge = period.length > 1 &&
    [period[0], period[period.length - 1]].some((p) =>
      Math.abs(p - d.bestPeriod) <= 1e-9 * d.bestPeriod
    );
  const marks: Plot.Markish[] = [
    Plot.frame({ stroke: "#ccc" }),
    Plot.line({ length: period.length }, {
      x: period,
      y: power,
      stroke: "#15284F",
      strokeWidth: 1,
      clip: true,
    }),
    Plot.ruleX([d.bestPeriod], { stroke: "#F5622E", strokeWidth: 1.5, strokeDasharray: "4,3" }),
    // Above the frame: no level line runs through it.
    Plot.text([
      `P = ${+d.bestPeriod.toPrecision(7)} d${
        d.bestFap != null ? `, FAP ${d.bestFap.toExponential(1)}` : ""
      }${atEdge ? " (at the edge of the periods searched)" : ""}`,
    ], {
      frameAnchor: "top-right",
      dx: -6,
      dy: -12,
      fill: "#F5622E",
      fontWeight: "bold",
    }),
  ];
  if (d.levels.length) {
    marks.push(
      Plot.ruleY(d.levels, { y: "power", stroke: "#888", strokeDasharray: "2,3" }),
      // Labels side by side: levels are often only a few pixels apart.
      ...d.levels.map((l, k) =>
        Plot.text([l], {
          y: "power",
          text: (v: { probability: number }) => `FAP ${+(v.probability * 100).toPrecision(3)} %`,
          frameAnchor: "left",
          textAnchor: "start",
          dx: 4 + 64 * k,
          dy: -6,
          fill: "#666",
        })
      ),
    );
  }
  if (options.interactive) {
    marks.push(Plot.tip(
      { length: period.length },
      Plot.pointerX({
        x: period,
        y: power,
        title: Array.from(
          period,
          (p, k) => `P = ${p.toPrecision(7)} d\npower ${power[k].toPrecision(4)}`,
        ),
      }),
    ));
  }
  let best = 0;
  for (let k = 1; k < power.length; k++) if (power[k] > power[best]) best = k;
  const svg = Plot.plot({
    document: options.document,
    ariaLabel: "Periodogram",
    ariaDescription: period.length === 0
      ? "No frequency computed."
      : `Power against period, ${+period[0].toPrecision(3)} to ${+period[period.length - 1]
        .toPrecision(3)} days (${period.length} frequencies); ` +
        `best period ${+d.bestPeriod.toPrecision(7)} d, highest power ${
          power[best].toPrecision(3)
        }${d.bestFap != null ? `, false-alarm probability ${d.bestFap.toExponential(1)}` : ""}.`,
    width: options.width ?? 640,
    height: options.height ?? 300,
    marginLeft: 52,
    marginTop: 30,
    x: {
      type: "log",
      label: "Period (days)",
      grid: true,
      inset: 6, // a best period on the grid's end stays off the axis line
      domain: options.xDomain ?? undefined,
      tickFormat: "~g",
    },
    y: { label: "Power", grid: true, zero: true },
    marks,
  }) as SVGSVGElement;
  svg.setAttribute("role", "img");
  return svg;
}
