/**
 * Colour and rates of a light curve (`v:rate`, `v:sigma(rate)`, `v:g-r`,
 * `v:sigma(g-r)`, `v:rate(g-r)`, `v:sigma(rate(g-r))`), as Fink's
 * `extract_rate_and_color`.
 *
 * @module
 */
import type { ResultColumns } from "./format.ts";

/** Add the colour and rate columns in place (placeholder: filled in by the query issue). */
export function addColourAndRates(_r: ResultColumns): void {
}
