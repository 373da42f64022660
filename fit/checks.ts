/**
 * Checks the fitters share: a model's band, an evaluation budget.
 *
 * @module
 */

/**
 * Index of `band` among the fitted `bands` (the first without one), else a `RangeError` naming
 * it and the bands fitted.
 */
export function fittedBandIndex(bands: string[], band: number | string | undefined): number {
  const i = band === undefined ? 0 : bands.indexOf(String(band));
  if (i < 0) {
    throw new RangeError(`band ${JSON.stringify(band)} was not fitted; bands: ${bands.join(", ")}`);
  }
  return i;
}

/**
 * `maxEvaluations` when undefined or a positive integer, else the fitter's option error
 * (`make`) naming the value.
 */
export function checkMaxEvaluations(
  maxEvaluations: number | undefined,
  make: (message: string) => Error,
): number | undefined {
  if (maxEvaluations !== undefined && !(Number.isInteger(maxEvaluations) && maxEvaluations > 0)) {
    throw make(`maxEvaluations must be a positive integer; got ${maxEvaluations}`);
  }
  return maxEvaluations;
}
