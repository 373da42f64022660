/**
 * What a light-curve figure shows, computed from the columns and the view settings (mode,
 * folding, visible bands). Pure and shared by the static SVG renderer and the browser view.
 *
 * @module
 */
import { BAND_NAMES } from "./colors.ts";
import type { LightCurveColumns } from "./lightcurve_data.ts";
import { TAG_UPPERLIM } from "./lightcurve_data.ts";
import { dcFlux, dcMag, differenceFlux, type DiffPhotometry } from "./photometry.ts";

/** Light-curve y quantity, as the Fink portal's modes. */
export type LightCurveMode = "difference-mag" | "dc-mag" | "difference-flux" | "dc-flux";

/** All modes, in menu order. */
export const LIGHTCURVE_MODES: readonly LightCurveMode[] = [
  "difference-mag",
  "dc-mag",
  "difference-flux",
  "dc-flux",
];

/** View settings of a light curve. */
export interface LightCurveView {
  /** y quantity. Default "difference-mag". */
  mode?: LightCurveMode;
  /** Folding period in days; null/undefined/0 = no folding. */
  period?: number | null;
  /** Reference epoch (jd) of phase 0. Default 0, i.e. phase = (jd / P) mod 1 as the portal. */
  t0?: number;
  /** Number of phase cycles drawn when folded (1 or 2). Default 1. */
  cycles?: number;
  /** Visible filter ids. Default all. */
  bands?: number[] | null;
  /**
   * x quantity: "time" (MJD, or phase when folded) or "phase-angle" (solar phase angle in
   * degrees, for asteroid phase curves; needs a `phase` column). Default "time".
   */
  xAxis?: "time" | "phase-angle";
  /**
   * What the magnitudes are, for the axis names: "difference" (ZTF alerts' `magpsf`, default),
   * "apparent" (forced or calibrated photometry: total magnitudes, so flux modes read "Flux"),
   * "reduced" (asteroids: distances removed; the default when `xAxis` is "phase-angle").
   */
  magnitude?: MagnitudeKind;
}

/** What the magnitudes of a light curve are (see {@link LightCurveView.magnitude}). */
export type MagnitudeKind = "difference" | "apparent" | "reduced";

/** All magnitude kinds. */
export const MAGNITUDE_KINDS: readonly MagnitudeKind[] = ["difference", "apparent", "reduced"];

/**
 * Axis names with units of a light-curve figure, as an astronomer reads them.
 *
 * @example
 * ```ts
 * import { axisLabels } from "./lightcurve_view.ts";
 * console.assert(axisLabels({ xAxis: "phase-angle" }).y === "Reduced magnitude (mag)");
 * console.assert(axisLabels({ mode: "difference-flux", magnitude: "apparent" }).y === "Flux (mJy)");
 * ```
 */
export function axisLabels(view: LightCurveView): { x: string; y: string } {
  const mode = view.mode ?? "difference-mag";
  const byPhaseAngle = view.xAxis === "phase-angle";
  const kind = view.magnitude ?? (byPhaseAngle ? "reduced" : "difference");
  const x = byPhaseAngle
    ? "Phase angle α (°)"
    : isFolded(view)
    ? `Phase (P = ${+(view.period as number).toPrecision(7)} d)`
    : "Time (MJD)";
  const flux = mode === "difference-flux" || mode === "dc-flux";
  const dc = mode === "dc-mag" || mode === "dc-flux";
  const name = dc
    ? "DC"
    : kind === "difference"
    ? "Difference"
    : kind === "reduced"
    ? "Reduced"
    : "";
  const y = flux ? `${name} flux (mJy)` : `${name} magnitude (mag)`;
  return { x, y: (y[0] === " " ? y.slice(1) : y).replace(/^./, (c) => c.toUpperCase()) };
}

/** A model curve, in jd (or phase angle) and magnitude. */
export interface ModelCurve {
  /** Times (jd), or phase angles in degrees when the view's xAxis is "phase-angle". */
  t: ArrayLike<number>;
  /** Magnitudes. */
  mag: ArrayLike<number>;
  /** Filter id the curve belongs to (colour), if any. */
  fid?: number | null;
  /** Legend label. */
  label?: string;
}

/** Points as drawn: x (MJD or phase), y and its 1σ range, point kind, filter. */
export interface LightCurvePoints {
  /** x values (MJD = jd − 2400000.5, or phase). */
  x: Float64Array;
  /** y values (mag or mJy). */
  y: Float64Array;
  /** y − err (NaN for limits). */
  yLow: Float64Array;
  /** y + err. */
  yHigh: Float64Array;
  /** 0 valid, 1 upper limit, 2 bad quality. */
  tag: Uint8Array;
  /** Filter id. */
  fid: Int8Array;
  /** Index of the point in the columns. */
  index: Int32Array;
  /** x axis label. */
  xLabel: string;
  /** y axis label. */
  yLabel: string;
  /** Whether y grows downwards (magnitudes). */
  magnitudes: boolean;
}

/** Flux in mJy of magnitude 0 (AB zero point 3631 Jy), as fink-utils' `apparent_flux`. */
const MAG_TO_MJY = 3631e3;

/** MJD offset. */
export const MJD0 = 2400000.5;

function phaseOf(jd: number, period: number, t0: number): number {
  const p = ((jd - t0) / period) % 1;
  return p < 0 ? p + 1 : p;
}

/** Whether the view folds the curve. */
export function isFolded(view: LightCurveView): boolean {
  return view.xAxis !== "phase-angle" && typeof view.period === "number" && view.period > 0 &&
    Number.isFinite(view.period);
}

/**
 * Compute the drawn points of a light curve for a view. Upper limits appear only in
 * "difference-mag" mode (the 5σ limit is a difference-image quantity); DC magnitudes keep
 * `err < 1` as the portal.
 *
 * @example
 * ```ts
 * import { lightCurveColumns } from "./lightcurve_data.ts";
 * import { lightCurvePoints } from "./lightcurve_view.ts";
 * const c = lightCurveColumns({ jd: [2459000.5, 2459001.5], mag: [18, 18.5], err: [0.1, 0.1], fid: [1, 2] });
 * const p = lightCurvePoints(c, { period: 0.75 });
 * console.assert(p.x.every((x) => x >= 0 && x < 1));
 * ```
 */
export function lightCurvePoints(
  c: LightCurveColumns,
  view: LightCurveView = {},
): LightCurvePoints {
  const mode = view.mode ?? "difference-mag";
  const folded = isFolded(view);
  const byPhaseAngle = view.xAxis === "phase-angle" && c.phaseAngle !== null;
  const period = view.period as number;
  const t0 = view.t0 ?? 0;
  const cycles = folded ? Math.max(1, Math.min(2, Math.round(view.cycles ?? 1))) : 1;
  const bands = view.bands ? new Set(view.bands) : null;
  const n = c.jd.length;
  let y: ArrayLike<number> = c.magpsf;
  let e: ArrayLike<number> = c.sigmapsf;
  const phot: DiffPhotometry = c;
  if (mode === "dc-mag") {
    const m = dcMag(phot);
    y = m.value;
    e = m.error;
  } else if (mode === "difference-flux") {
    const f = differenceFlux(phot);
    y = f.value;
    e = f.error;
  } else if (mode === "dc-flux") {
    const f = dcFlux(phot, c.sourceBehind);
    y = f.value;
    e = f.error;
  }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (bands && !bands.has(c.fid[i])) continue;
    if (c.tag[i] === TAG_UPPERLIM) {
      if (mode === "difference-mag" && Number.isFinite(c.diffmaglim[i])) keep.push(i);
      continue;
    }
    if (!Number.isFinite(y[i])) continue;
    if (mode === "dc-mag" && !(e[i] < 1)) continue;
    keep.push(i);
  }
  const m = keep.length * cycles;
  const labels = axisLabels(view);
  const out: LightCurvePoints = {
    x: new Float64Array(m),
    y: new Float64Array(m),
    yLow: new Float64Array(m),
    yHigh: new Float64Array(m),
    tag: new Uint8Array(m),
    fid: new Int8Array(m),
    index: new Int32Array(m),
    xLabel: labels.x,
    yLabel: labels.y,
    magnitudes: mode === "difference-mag" || mode === "dc-mag",
  };
  for (let k = 0; k < m; k++) {
    const i = keep[k % keep.length];
    const cycle = Math.floor(k / keep.length);
    const isLimit = c.tag[i] === TAG_UPPERLIM;
    out.x[k] = byPhaseAngle
      ? c.phaseAngle![i]
      : folded
      ? phaseOf(c.jd[i], period, t0) + cycle
      : c.jd[i] - MJD0;
    out.y[k] = isLimit ? c.diffmaglim[i] : y[i];
    out.yLow[k] = isLimit ? NaN : y[i] - e[i];
    out.yHigh[k] = isLimit ? NaN : y[i] + e[i];
    out.tag[k] = c.tag[i];
    out.fid[k] = c.fid[i];
    out.index[k] = i;
  }
  return out;
}

/**
 * Transform a model curve to the view's x (MJD or phase, sorted by phase when folded) and y
 * (magnitudes, or mJy in "difference-flux" mode, so a fit shows over flux-space data).
 *
 * @example
 * ```ts
 * import { modelCurvePoints } from "./lightcurve_view.ts";
 * const m = modelCurvePoints({ t: [2459000.5, 2459000.75], mag: [18, 18.4] }, { period: 1 });
 * console.assert(m.x[0] === 0.25);
 * ```
 */
export function modelCurvePoints(
  curve: ModelCurve,
  view: LightCurveView = {},
): { x: Float64Array; y: Float64Array } {
  const folded = isFolded(view);
  const byPhaseAngle = view.xAxis === "phase-angle";
  const flux = view.mode === "difference-flux";
  const n = curve.t.length;
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = byPhaseAngle
      ? curve.t[i]
      : folded
      ? phaseOf(curve.t[i], view.period as number, view.t0 ?? 0)
      : curve.t[i] - MJD0;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  if (folded || byPhaseAngle) order.sort((a, b) => xs[a] - xs[b]);
  const cycles = folded ? Math.max(1, Math.min(2, Math.round(view.cycles ?? 1))) : 1;
  const x = new Float64Array(n * cycles);
  const y = new Float64Array(n * cycles);
  for (let k = 0; k < n * cycles; k++) {
    const i = order[k % n];
    x[k] = xs[i] + Math.floor(k / n);
    y[k] = flux ? MAG_TO_MJY * 10 ** (-0.4 * curve.mag[i]) : curve.mag[i];
  }
  return { x, y };
}

/**
 * A sentence saying what a light-curve figure shows (its text alternative: the figure's
 * `aria-description`): the points drawn of each kind and band, the axes and their ranges, the
 * models. Folded views count the points once, not once per cycle drawn.
 *
 * @example
 * ```ts
 * import { lightCurveColumns } from "./lightcurve_data.ts";
 * import { describeLightCurve, lightCurvePoints } from "./lightcurve_view.ts";
 * const c = lightCurveColumns({ jd: [2459000.5, 2459001.5], mag: [18, 18.5], err: [0.1, 0.1], fid: [1, 2] });
 * console.log(describeLightCurve(lightCurvePoints(c), []));
 * // 2 detections (g 1, r 1); Difference magnitude (mag) 18 to 18.5 against Time (MJD) 59000.0 to 59001.0.
 * ```
 */
export function describeLightCurve(p: LightCurvePoints, models: readonly ModelCurve[]): string {
  const seen = new Set<number>();
  const byKind = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()];
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let k = 0; k < p.x.length; k++) {
    if (p.x[k] < x0) x0 = p.x[k];
    if (p.x[k] > x1) x1 = p.x[k];
    if (p.y[k] < y0) y0 = p.y[k];
    if (p.y[k] > y1) y1 = p.y[k];
    if (seen.has(p.index[k])) continue; // a second cycle of a folded view
    seen.add(p.index[k]);
    const m = byKind[p.tag[k]];
    if (m) m.set(p.fid[k], (m.get(p.fid[k]) ?? 0) + 1);
  }
  if (seen.size === 0) return "No point to draw.";
  const count = (m: Map<number, number>, what: string) => {
    const n = [...m.values()].reduce((a, b) => a + b, 0);
    const bands = [...m].sort((a, b) => a[0] - b[0])
      .map(([fid, k]) => `${BAND_NAMES[fid] ?? `fid ${fid}`} ${k}`).join(", ");
    return `${n} ${what}${n === 1 ? "" : "s"} (${bands})`;
  };
  const kinds = [count(byKind[0], "detection")];
  if (byKind[1].size) kinds.push(count(byKind[1], "upper limit"));
  if (byKind[2].size) kinds.push(count(byKind[2], "bad-quality point"));
  const fmt = (v: number) => Math.abs(v) >= 100 ? v.toFixed(1) : String(+v.toPrecision(3));
  const labels = [...new Set(models.map((m) => m.label || "model"))];
  return `${kinds.join(", ")}; ${p.yLabel} ${fmt(y0)} to ${fmt(y1)} against ${p.xLabel} ` +
    `${fmt(x0)} to ${fmt(x1)}${labels.length ? `; model: ${labels.join(", ")}` : ""}.`;
}
