/**
 * The `falseAlarmProbability` / `falseAlarmLevel` pair of a result: analytic methods when the
 * model allows them (one harmonic, one band), seeded bootstrap always.
 *
 * @module
 */
import { fapAnalytic, type FapContext, invertDecreasing, mulberry32 } from "./fap.ts";
import type { FalseAlarm, FapMethod, FapOptions } from "./types.ts";

/** Maximum power of one periodogram of data resampled (with replacement) using `rng`. */
export type BootstrapMax = (rng: () => number) => number;

const METHODS: FapMethod[] = ["baluev", "davies", "naive", "bootstrap"];

/**
 * Build the false-alarm functions. `ctx` null means analytic methods are unavailable (they
 * throw a RangeError naming the method and what is allowed); `nPoints` 0 disables everything
 * (NaN is returned; the result's status explains why).
 *
 * @example
 * ```ts
 * const fa = makeFalseAlarm(null, 0, () => 0);
 * console.log(fa.falseAlarmProbability(0.5, { method: "bootstrap" })); // NaN
 * ```
 */
export function makeFalseAlarm(
  ctx: FapContext | null,
  nPoints: number,
  bootstrapMax: BootstrapMax,
  why = "analytic false-alarm probabilities need nterms = 1 and a single band",
): FalseAlarm {
  const cache = new Map<string, Float64Array>();
  const maxima = (nBoot: number, seed: number): Float64Array => {
    const key = `${nBoot}:${seed}`;
    let pmax = cache.get(key);
    if (pmax === undefined) {
      const rng = mulberry32(seed);
      pmax = new Float64Array(nBoot);
      for (let r = 0; r < nBoot; r++) pmax[r] = bootstrapMax(rng);
      pmax.sort();
      cache.set(key, pmax);
    }
    return pmax;
  };
  const check = (opts: FapOptions) => {
    const method = opts.method ?? (ctx ? "baluev" : "bootstrap");
    if (!METHODS.includes(method)) {
      throw new RangeError(`FAP method "${method}" is not one of ${METHODS.join(", ")}`);
    }
    if (method !== "bootstrap" && ctx === null) {
      throw new RangeError(`FAP method "${method}" is not available: ${why}; use "bootstrap"`);
    }
    const nBoot = opts.nBootstraps ?? 1000;
    if (!Number.isInteger(nBoot) || nBoot < 1) {
      throw new RangeError(`nBootstraps = ${nBoot} is not allowed; it must be an integer ≥ 1`);
    }
    return { method, nBoot, seed: opts.seed ?? 42 };
  };
  return {
    falseAlarmProbability(power: number, opts: FapOptions = {}): number {
      const { method, nBoot, seed } = check(opts);
      if (nPoints === 0 || !Number.isFinite(power)) return NaN;
      if (method === "bootstrap") {
        const pmax = maxima(nBoot, seed);
        let below = 0;
        while (below < pmax.length && pmax[below] < power) below++;
        // The fraction of maxima at or above the power, (n − below)/n: astropy's
        // 1 − below/n, without its rounding (0.08499999999999996 for 17 of 200).
        return (pmax.length - below) / pmax.length;
      }
      return fapAnalytic(power, ctx!, method);
    },
    falseAlarmLevel(probability: number, opts: FapOptions = {}): number {
      const { method, nBoot, seed } = check(opts);
      if (!(probability > 0 && probability < 1)) {
        throw new RangeError(`probability = ${probability} is not allowed; it must be in (0, 1)`);
      }
      if (nPoints === 0) return NaN;
      if (method === "bootstrap") {
        // numpy.percentile(pmax, 100·(1 − p)), linear interpolation
        const pmax = maxima(nBoot, seed);
        const pos = (1 - probability) * (pmax.length - 1);
        const lo = Math.floor(pos), hi = Math.min(lo + 1, pmax.length - 1);
        return pmax[lo] + (pos - lo) * (pmax[hi] - pmax[lo]);
      }
      const c = ctx!;
      let hi = 1;
      const fn = (z: number) => fapAnalytic(z, c, method);
      if (c.normalization !== "standard") { while (fn(hi) > probability && hi < 1e12) hi *= 2; }
      return invertDecreasing(fn, probability, 0, hi);
    },
  };
}
