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

/** A band given once for all points, or once per point. */
type BandArgument = number | string | ArrayLike<number | string>;

/**
 * A scalar model `f(x, band, …extra)` as a model of one point or of many: a number `x` gives a
 * number; an array gives a `Float64Array` of its length, where the band and each `extra` are
 * either one value for every point or one value per point. `names` name `x`, the band and the
 * extras in the `RangeError` for a per-point argument of the wrong length.
 */
export function pointwise(
  f: (x: number, band: number | string | undefined, ...extra: (number | undefined)[]) => number,
  names: string[],
): (
  x: number | ArrayLike<number>,
  band?: BandArgument,
  ...extra: (number | ArrayLike<number> | undefined)[]
) => number | Float64Array {
  return (x, band, ...extra) => {
    const one = typeof x === "number", n = one ? 1 : x.length;
    const args = [band, ...extra].map((v, k) => {
      if (typeof v !== "object" || v === null) return () => v;
      if (one || v.length !== n) {
        const has = one ? "is one number" : `has ${n} values`;
        throw new RangeError(`${names[k + 1]} has ${v.length} values but ${names[0]} ${has}`);
      }
      return (i: number) => v[i];
    });
    const at = (xi: number, i: number) =>
      f(xi, args[0](i) as number | string | undefined, ...args.slice(1).map((g) => g(i) as number));
    if (one) return at(x, 0);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = at(x[i], i);
    return out;
  };
}
