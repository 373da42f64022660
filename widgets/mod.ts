/**
 * Jupyter widgets for the Deno kernel: light curves, sky maps, cutouts and periodograms of
 * Fink/ZTF alerts. Each widget renders live in JupyterLab 4 / Notebook 7 through the anywidget
 * front end, and as a static SVG everywhere else (`toSVG()`).
 *
 * @example
 * ```ts
 * import { LightCurveWidget } from "./mod.ts";
 * const lc = new LightCurveWidget({ jd: [2459000.5, 2459001.5], mag: [18, 18.3], err: [0.05, 0.06], fid: [1, 2] });
 * const svg = lc.toSVG(); // in a notebook, make `lc` the cell's value instead
 * console.assert(svg.startsWith("<svg"));
 * ```
 *
 * @module
 */
export * from "./errors.ts";
export * from "./widget.ts";
export * from "./buffers.ts";
export * from "./colors.ts";
// The photometry formulas themselves are exported by query/ (apparentFlux, dcMag, isSourceBehind).
export {
  dcFlux,
  differenceFlux,
  type DiffPhotometry,
  type ValueWithError as PhotometryWithError,
} from "./photometry.ts";
export * from "./lightcurve_data.ts";
export * from "./lightcurve_view.ts";
export * from "./lightcurve.ts";
export * from "./projection.ts";
export * from "./sky.ts";
export * from "./image.ts";
export * from "./cutout.ts";
export * from "./periodogram.ts";
export {
  type SkyData,
  skySVG,
  type SkyTransform,
  skyTransform,
  type SkyView,
} from "./plot/sky_svg.ts";
export {
  COMPACT_THRESHOLD,
  lightCurvePlot,
  type LightCurvePlotOptions,
  pointTooltip,
} from "./plot/lightcurve_plot.ts";
export { type PeriodogramData, periodogramPlot } from "./plot/periodogram_plot.ts";
export { encodePNG } from "./png.ts";
