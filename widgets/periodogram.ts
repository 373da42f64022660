/// <reference lib="dom" />
/**
 * `PeriodogramWidget`: power vs period from a periodogram result
 * `{ frequency, power, bestPeriod, falseAlarmProbability? }`, with the best period and
 * false-alarm levels marked.
 *
 * @module
 */
import { typedBytes } from "./buffers.ts";
import { WidgetDataError } from "./errors.ts";
import { type PeriodogramData, periodogramPlot } from "./plot/periodogram_plot.ts";
import { serializeSVG, staticDocument } from "./static_dom.ts";
import { Widget, type WidgetOptions } from "./widget.ts";

/** A periodogram result as the fitters return it. */
export interface PeriodogramResult {
  /** Frequencies (1/day). */
  frequency: ArrayLike<number>;
  /** Power at each frequency. */
  power: ArrayLike<number>;
  /** Best period (days). */
  bestPeriod: number;
  /**
   * FAP of the best peak (a number), or a function power → FAP (then levels are drawn for
   * `fapLevels`), as the `falseAlarmProbability(power)` method of finkit's periodograms.
   */
  falseAlarmProbability?: number | ((power: number) => number);
  /** Inverse of the FAP (probability → power), as finkit's periodograms; preferred for levels. */
  falseAlarmLevel?: (probability: number) => number;
  /** Explicit false-alarm levels. */
  falseAlarmLevels?: { probability: number; power: number }[];
}

/** Options of {@link PeriodogramWidget}. */
export interface PeriodogramWidgetOptions extends WidgetOptions {
  /** Probabilities for which levels are drawn when FAP is a function. Default [0.1, 0.01, 0.001]. */
  fapLevels?: number[];
}

/**
 * Power at which a decreasing FAP function reaches `p` (bisection on [0, maxPower·4]).
 *
 * @example
 * ```ts
 * import { fapLevel } from "./periodogram.ts";
 * const level = fapLevel((z) => Math.exp(-10 * z), 0.01, 1);
 * console.assert(Math.abs(level - Math.log(100) / 10) < 1e-6);
 * ```
 */
export function fapLevel(fap: (power: number) => number, p: number, maxPower: number): number {
  let lo = 0;
  let hi = Math.max(maxPower, 1e-12) * 4;
  if (fap(hi) > p) return NaN;
  for (let k = 0; k < 80; k++) {
    const mid = (lo + hi) / 2;
    if (fap(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * A periodogram plot.
 *
 * @example
 * ```ts
 * import { PeriodogramWidget } from "./periodogram.ts";
 * const frequency = Float64Array.from({ length: 100 }, (_, i) => 0.5 + i * 0.1);
 * const power = frequency.map((f) => Math.exp(-((f - 3) ** 2) * 20));
 * const w = new PeriodogramWidget({ frequency, power, bestPeriod: 1 / 3, falseAlarmProbability: (z) => Math.exp(-5 * z) });
 * console.assert(w.toSVG().includes("FAP"));
 * ```
 */
export class PeriodogramWidget extends Widget {
  /** Wire data. */
  readonly data: PeriodogramData;

  /**
   * Build the widget; a FAP function is turned into power levels at once.
   *
   * @param result periodogram result
   * @param options see {@link PeriodogramWidgetOptions}
   */
  constructor(result: PeriodogramResult, options: PeriodogramWidgetOptions = {}) {
    const frequency = Float64Array.from(result.frequency);
    const power = Float64Array.from(result.power);
    if (frequency.length !== power.length) {
      throw new WidgetDataError(
        `frequency has ${frequency.length} values but power has ${power.length}`,
      );
    }
    if (!(result.bestPeriod > 0)) {
      throw new WidgetDataError(
        `bestPeriod must be a positive number of days, got ${result.bestPeriod}`,
      );
    }
    let maxPower = 0;
    for (const p of power) if (p > maxPower) maxPower = p;
    let levels = result.falseAlarmLevels ?? [];
    let bestFap: number | null = null;
    const fapMethod = result.falseAlarmProbability;
    if (typeof fapMethod === "function") {
      const fap = (z: number) => fapMethod.call(result, z);
      const inverse = typeof result.falseAlarmLevel === "function"
        ? (p: number) => result.falseAlarmLevel!.call(result, p)
        : (p: number) => fapLevel(fap, p, maxPower);
      levels = (options.fapLevels ?? [0.1, 0.01, 0.001])
        .map((probability) => ({ probability, power: inverse(probability) }))
        .filter((l) => Number.isFinite(l.power));
      bestFap = fap(maxPower);
    } else if (typeof fapMethod === "number") {
      const fap = fapMethod;
      bestFap = fap;
    }
    const data: PeriodogramData = {
      frequency,
      power,
      bestPeriod: result.bestPeriod,
      levels,
      bestFap,
    };
    super("periodogram", {
      frequency: typedBytes(frequency),
      power: typedBytes(power),
      bestPeriod: result.bestPeriod,
      levels,
      bestFap,
      width: options.width ?? 640,
      height: options.height ?? 300,
    }, options);
    this.data = data;
  }

  /** The figure as a standalone SVG string. */
  toSVG(): string {
    const svg = periodogramPlot(this.data, {
      document: staticDocument(),
      width: this.state.width as number,
      height: this.state.height as number,
    });
    return serializeSVG(svg as unknown as Element);
  }

  /** One-line description. */
  override describe(): string {
    return `PeriodogramWidget(${this.data.frequency.length} frequencies, best period ${+this.data
      .bestPeriod.toPrecision(7)} d)`;
  }
}
