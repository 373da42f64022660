/**
 * Fitters for light curves: Lomb-Scargle periodograms (single and
 * multiband), point-source point-lens microlensing, asteroid phase curves.
 * They take plain arrays and import only `astro/`, so scripts can use them
 * without a store.
 *
 * @example
 * ```ts
 * import { lombScargle } from "./mod.ts";
 * // irregular times (0.37 d steps, jittered): with a regular step the aliases tie with the period
 * const t = Array.from({ length: 200 }, (_, i) => i * 0.37 + 0.2 * Math.sin(12.9898 * i));
 * const y = t.map((x) => 15 + 0.3 * Math.sin((2 * Math.PI * x) / 0.61));
 * const ls = lombScargle({ t, y, dy: t.map(() => 0.05) });
 * // best period in days (0.6099 on the automatic grid; the true period is 0.61)
 * console.log(ls.bestPeriod.toFixed(3)); // "0.610"
 * ```
 *
 * @module
 */
export * from "./periodogram.ts";
export * from "./microlensing.ts";
export * from "./phasecurve.ts";
export * from "./lm.ts";
