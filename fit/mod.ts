/**
 * Fitters for light curves: Lomb-Scargle periodograms (single and
 * multiband), point-source point-lens microlensing, asteroid phase curves.
 *
 * @module
 */
export * from "./periodogram.ts";
export * from "./microlensing.ts";
export * from "./phasecurve.ts";
export * from "./lm.ts";
