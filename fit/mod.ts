/**
 * Fitters for light curves: Lomb-Scargle periodograms (single and
 * multiband), point-source point-lens microlensing, asteroid phase curves.
 * They take plain arrays and import only `astro/`, so scripts can use them
 * without a store.
 *
 * @example
 * ```ts
 * import { lombScargle } from "./mod.ts";
 * const t = Array.from({ length: 200 }, (_, i) => i * 0.37);
 * const y = t.map((x) => 15 + 0.3 * Math.sin((2 * Math.PI * x) / 0.61));
 * const ls = lombScargle({ t, y, dy: t.map(() => 0.05) });
 * console.log(ls.bestPeriod); // ≈ 0.61 days
 * ```
 *
 * @module
 */
export * from "./periodogram.ts";
export * from "./microlensing.ts";
export * from "./phasecurve.ts";
export * from "./lm.ts";
