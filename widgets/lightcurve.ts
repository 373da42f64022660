/// <reference lib="dom" />
/**
 * `LightCurveWidget`: a ZTF light curve in a notebook — magnitude or flux vs time per band,
 * error bars, upper limits, bad-quality points, DC/difference modes, phase folding, model
 * overlays, hover tooltips and drag-to-zoom in the browser, and a static SVG everywhere.
 *
 * @module
 */
import { typedBytes } from "./buffers.ts";
import { WidgetDataError } from "./errors.ts";
import {
  type LightCurveColumns,
  lightCurveColumns,
  type LightCurveInput,
} from "./lightcurve_data.ts";
import type {
  LightCurveMode,
  LightCurveView,
  MagnitudeKind,
  ModelCurve,
} from "./lightcurve_view.ts";
import { LIGHTCURVE_MODES, MAGNITUDE_KINDS } from "./lightcurve_view.ts";
import { lightCurvePlot } from "./plot/lightcurve_plot.ts";
import { serializeSVG, staticDocument } from "./static_dom.ts";
import { Widget, type WidgetOptions } from "./widget.ts";
import type { BandLabel } from "../fit/periodogram.ts";

/**
 * A fitted model that predicts magnitudes: `model(t, band?)`, vectorised (Float64Array in and
 * out) or scalar (number in, number out, as finkit's PSPL fit). `bands`, when present, lists
 * the bands the model knows (labels compared to the filter ids as strings).
 */
export interface ModelLike {
  /** Magnitudes at times `t` (jd), optionally for one band. */
  // deno-lint-ignore no-explicit-any
  model(t: any, band?: BandLabel): any;
  /** Bands of the fit, if it has several. */
  bands?: readonly BandLabel[];
  /** Optional name shown in the legend. */
  name?: string;
}

/**
 * A periodic fit (finkit's Lomb-Scargle results): `model(tFit, frequency, band?)` plus its best
 * period/frequency; multiband results list their `bands`.
 */
export interface PeriodicModelLike {
  /** Magnitudes at times `t` for frequency `frequency` (1/day), optionally one band. */
  model(t: Float64Array, frequency: number, band?: BandLabel): ArrayLike<number>;
  /** Best period in days. */
  bestPeriod?: number;
  /** Best frequency in 1/day. */
  bestFrequency?: number;
  /** Bands of a multiband fit. */
  bands?: readonly BandLabel[];
}

/** Anything that can be overlaid: explicit curves or fit results. */
export type Overlay = ModelCurve | ModelLike | PeriodicModelLike;

/** Options of {@link LightCurveWidget}. */
export interface LightCurveOptions extends WidgetOptions, LightCurveView {
  /** Period in days, or a periodogram result `{ bestPeriod }`. Default none (no folding). */
  period?: number | null;
  /** Alias: fold with the best period of a periodogram result. */
  periodogram?: { bestPeriod: number };
  /** Model overlays. Default none. */
  models?: Overlay[];
  /** Points of a model grid over the time span. Default: as the portal, min(10000, max(100, 10·span/P)). */
  modelPoints?: number;
  /** Title; default the objectId. */
  title?: string;
}

function isCurve(o: Overlay): o is ModelCurve {
  return "t" in o && "mag" in o && typeof (o as { model?: unknown }).model !== "function";
}

function isPeriodic(o: Overlay): o is PeriodicModelLike {
  return typeof (o as PeriodicModelLike).model === "function" &&
    (typeof (o as PeriodicModelLike).bestPeriod === "number" ||
      typeof (o as PeriodicModelLike).bestFrequency === "number");
}

function grid(a: number, b: number, n: number): Float64Array {
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) g[i] = a + (b - a) * i / (n - 1);
  return g;
}

/**
 * Evaluate overlays into explicit model curves (times in jd, magnitudes).
 *
 * @example
 * ```ts
 * import { evaluateModels } from "./lightcurve.ts";
 * const curves = evaluateModels([{ model: (t: Float64Array) => t.map(() => 18) }], new Float64Array([1, 2]), new Int8Array([1, 1]));
 * console.assert(curves.length === 1 && curves[0].fid === 1);
 * ```
 */
export function evaluateModels(
  overlays: Overlay[],
  jd: Float64Array,
  fid: Int8Array,
  options: { modelPoints?: number } = {},
): ModelCurve[] {
  const out: ModelCurve[] = [];
  if (jd.length === 0) return out;
  const t1 = jd[0];
  const t2 = jd[jd.length - 1];
  const present = [...new Set(Array.from(fid))].sort();
  // Bands to draw for a fit: those it knows (matched by label), or one curve without band.
  const bandsOf = (
    o: { bands?: readonly BandLabel[] },
  ): [number | null, BandLabel | undefined][] => {
    if (!o.bands || o.bands.length === 0) return [[null, undefined]];
    return present.flatMap((f): [number, BandLabel][] => {
      const label = o.bands!.find((b) => String(b) === String(f));
      return label === undefined ? [] : [[f, label]];
    });
  };
  overlays.forEach((o, k) => {
    if (isCurve(o)) {
      if (o.t.length !== o.mag.length) {
        throw new WidgetDataError(
          `model curve ${k} has ${o.t.length} times but ${o.mag.length} magnitudes`,
        );
      }
      out.push({
        t: Float64Array.from(o.t),
        mag: Float64Array.from(o.mag),
        fid: o.fid ?? null,
        label: o.label,
      });
      return;
    }
    if (typeof (o as ModelLike).model !== "function") {
      throw new WidgetDataError(
        `overlay ${k} is neither { t, mag } nor an object with a model() method`,
      );
    }
    if (isPeriodic(o)) {
      const f = o.bestFrequency ?? 1 / (o.bestPeriod as number);
      if (!(f > 0 && Number.isFinite(f))) {
        throw new WidgetDataError(`overlay ${k} has no usable best frequency (${f})`);
      }
      const n = options.modelPoints ??
        Math.min(10000, Math.max(100, Math.floor(10 * (t2 - t1) * f)));
      // The span of the data, plus one period sampled densely for a smooth folded curve.
      const t = new Float64Array(n + 200);
      t.set(grid(t1, t2, n));
      t.set(grid(t1, t1 + 1 / f, 200), n);
      for (const [band, label] of bandsOf(o)) {
        const mag = Float64Array.from(o.model.call(o, t, f, label));
        out.push({ t, mag, fid: band, label: `P = ${+(1 / f).toPrecision(7)} d` });
      }
      return;
    }
    const m = o as ModelLike;
    const n = options.modelPoints ?? 500;
    const t = grid(t1 - 0.05 * (t2 - t1), t2 + 0.05 * (t2 - t1), n);
    for (const [band, label] of bandsOf(m)) {
      let scalar = false;
      try {
        scalar = typeof m.model.call(m, t[0], label) === "number";
      } catch {
        scalar = false;
      }
      const mag = scalar
        ? Float64Array.from(t, (x) => Number(m.model.call(m, x, label)))
        : Float64Array.from(m.model.call(m, t, label) as ArrayLike<number>);
      if (mag.length !== n) {
        throw new WidgetDataError(
          `overlay ${k}: model() returned ${mag.length} values for ${n} times`,
        );
      }
      out.push({ t, mag, fid: band, label: m.name });
    }
  });
  return out;
}

/**
 * A mode the view can draw for these columns: one of {@link LIGHTCURVE_MODES}, and a DC mode
 * only with a reference source under the object (`distnr` ≤ 1.5 px, as the menu, which
 * disables DC modes otherwise: the reference flux would be another source's).
 */
function checkMode(mode: LightCurveMode, columns: LightCurveColumns): void {
  if (!LIGHTCURVE_MODES.includes(mode)) {
    throw new WidgetDataError(
      `mode ${JSON.stringify(mode)} is not one of ${LIGHTCURVE_MODES.join(", ")}`,
    );
  }
  if (mode.startsWith("dc") && !columns.sourceBehind) {
    throw new WidgetDataError(
      `mode ${JSON.stringify(mode)} needs a reference source under the object (distnr ≤ 1.5 px); ` +
        `${columns.objectId || "this light curve"} has none (or no i:distnr): use ` +
        "difference-mag or difference-flux",
    );
  }
}

/** The x values models are evaluated over: jd, or sorted phase angles. */
function modelAxis(c: LightCurveColumns, xAxis: "time" | "phase-angle"): Float64Array {
  if (xAxis === "phase-angle" && c.phaseAngle) {
    return Float64Array.from(c.phaseAngle).filter(Number.isFinite).sort();
  }
  return c.jd;
}

function columnsState(c: LightCurveColumns): Record<string, unknown> {
  return {
    jd: typedBytes(c.jd),
    magpsf: typedBytes(c.magpsf),
    sigmapsf: typedBytes(c.sigmapsf),
    diffmaglim: typedBytes(c.diffmaglim),
    magnr: typedBytes(c.magnr),
    sigmagnr: typedBytes(c.sigmagnr),
    isdiffpos: typedBytes(c.isdiffpos),
    fid: typedBytes(c.fid),
    tag: typedBytes(c.tag),
    phaseAngle: c.phaseAngle ? typedBytes(c.phaseAngle) : null,
    candid: c.candid,
    objectId: c.objectId,
    sourceBehind: c.sourceBehind,
    n: c.jd.length,
  };
}

function modelsState(models: ModelCurve[]): Record<string, unknown>[] {
  return models.map((m) => ({
    t: typedBytes(Float64Array.from(m.t)),
    mag: typedBytes(Float64Array.from(m.mag)),
    fid: m.fid ?? null,
    label: m.label ?? "",
  }));
}

/**
 * A light-curve widget from an `objects()` query result (Arrow Table with Fink columns) or
 * plain arrays.
 *
 * @example
 * ```ts
 * import { LightCurveWidget } from "./lightcurve.ts";
 * const w = new LightCurveWidget(
 *   { jd: [2459000.5, 2459001.5, 2459002.5], mag: [18, null, 18.4], err: [0.1, null, 0.1], fid: [1, 2, 1], diffmaglim: [20, 19.8, 20] },
 *   { period: 0.7, mode: "difference-mag" },
 * );
 * const svg = w.toSVG();
 * console.assert(svg.startsWith("<svg"));
 * ```
 */
export class LightCurveWidget extends Widget {
  /** The normalised columns. */
  readonly columns: LightCurveColumns;
  #models: ModelCurve[];

  /**
   * Build the widget (columns are normalised and sorted at once; nothing is sent yet).
   *
   * @param data Arrow Table (`i:jd`, `i:magpsf`, …) or `{ jd, mag, err, fid, … }` arrays
   * @param options see {@link LightCurveOptions}
   */
  constructor(data: LightCurveInput, options: LightCurveOptions = {}) {
    const columns = lightCurveColumns(data);
    const mode = options.mode ?? "difference-mag";
    checkMode(mode, columns);
    const period = options.period ?? options.periodogram?.bestPeriod ?? null;
    if (period !== null && !(period > 0 && Number.isFinite(period))) {
      throw new WidgetDataError(`period must be a positive number of days, got ${period}`);
    }
    const xAxis = options.xAxis ?? "time";
    if (xAxis !== "time" && xAxis !== "phase-angle") {
      throw new WidgetDataError(`xAxis ${JSON.stringify(xAxis)} is not "time" or "phase-angle"`);
    }
    if (xAxis === "phase-angle" && !columns.phaseAngle) {
      throw new WidgetDataError(
        'xAxis "phase-angle" needs a phase column (phase angle in degrees)',
      );
    }
    const magnitude = options.magnitude ?? (xAxis === "phase-angle" ? "reduced" : "difference");
    if (!MAGNITUDE_KINDS.includes(magnitude)) {
      throw new WidgetDataError(
        `magnitude ${JSON.stringify(magnitude)} is not one of ${MAGNITUDE_KINDS.join(", ")}`,
      );
    }
    const models = evaluateModels(
      options.models ?? [],
      modelAxis(columns, xAxis),
      columns.fid,
      options,
    );
    super("lightcurve", {
      ...columnsState(columns),
      models: modelsState(models),
      mode,
      xAxis,
      magnitude,
      period,
      t0: options.t0 ?? 0,
      cycles: options.cycles ?? 1,
      bands: options.bands ?? null,
      title: options.title ?? columns.objectId,
      width: options.width ?? 640,
      height: options.height ?? 400,
    }, options);
    this.columns = columns;
    this.#models = models;
  }

  /** The view settings currently set on the kernel side. */
  get view(): LightCurveView {
    const s = this.state;
    return {
      mode: s.mode as LightCurveMode,
      period: s.period as number | null,
      t0: s.t0 as number,
      cycles: s.cycles as number,
      bands: s.bands as number[] | null,
      xAxis: s.xAxis as "time" | "phase-angle",
      magnitude: s.magnitude as MagnitudeKind,
    };
  }

  /**
   * Fold with a period (days) or a periodogram result; `null` unfolds. Updates the view.
   *
   * @example
   * ```ts
   * import { LightCurveWidget } from "./lightcurve.ts";
   * const w = new LightCurveWidget({ jd: [1, 2], mag: [18, 18.2], err: [0.1, 0.1], fid: [1, 1] });
   * w.fold({ bestPeriod: 0.3 });
   * w.fold(null);
   * ```
   */
  fold(period: number | { bestPeriod: number } | null): void {
    const p = typeof period === "object" && period !== null ? period.bestPeriod : period;
    if (p !== null && !(p > 0 && Number.isFinite(p))) {
      throw new WidgetDataError(`period must be a positive number of days, got ${p}`);
    }
    this.set({ period: p });
  }

  /**
   * Switch the y quantity ("difference-mag", "dc-mag", "difference-flux", "dc-flux").
   *
   * @example
   * ```ts
   * import { LightCurveWidget } from "./lightcurve.ts";
   * const w = new LightCurveWidget({ jd: [1, 2], mag: [18, 18.2], err: [0.1, 0.1], fid: [1, 1] });
   * w.setMode("difference-flux");
   * ```
   */
  setMode(mode: LightCurveMode): void {
    checkMode(mode, this.columns);
    this.set({ mode });
  }

  /**
   * Replace the model overlays.
   *
   * @example
   * ```ts
   * import { LightCurveWidget } from "./lightcurve.ts";
   * const w = new LightCurveWidget({ jd: [1, 2], mag: [18, 18.2], err: [0.1, 0.1], fid: [1, 1] });
   * w.setModels([{ t: [1, 2], mag: [18, 18.2], label: "line" }]);
   * ```
   */
  setModels(models: Overlay[]): void {
    this.#models = evaluateModels(
      models,
      modelAxis(this.columns, this.view.xAxis ?? "time"),
      this.columns.fid,
      {
        modelPoints: (this.options as LightCurveOptions).modelPoints,
      },
    );
    this.set({ models: modelsState(this.#models) });
  }

  /** The figure as a standalone SVG string (static rendering with linkedom). */
  toSVG(): string {
    const s = this.state;
    const svg = lightCurvePlot(this.columns, this.view, this.#models, {
      document: staticDocument(),
      width: s.width as number,
      height: s.height as number,
      title: s.title as string,
    });
    return serializeSVG(svg as unknown as Element);
  }

  /** One-line description (text/plain). */
  override describe(): string {
    const c = this.columns;
    const count = (fid: number) => c.fid.filter((f) => f === fid).length;
    return `LightCurveWidget(${c.objectId || "light curve"}: ${c.jd.length} points; g ${
      count(1)
    }, r ${count(2)}, i ${count(3)})`;
  }
}
