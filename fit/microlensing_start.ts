/**
 * Hand-guess-free starting points for PSPL fits: a coarse grid over
 * (t0, u0, tE) where t0 runs over the most significant brightenings of the
 * light curve, tE over a log grid and u0 over a few impact parameters; the
 * fluxes are profiled linearly at every grid point by the caller's χ².
 *
 * @module
 */
import type { PSPLParams } from "./microlensing_model.ts";

/** The light-curve columns the grid needs (flux space, weights w = 1/σ_F). */
export interface StartData {
  /** Times [days]. */
  t: Float64Array;
  /** Fluxes. */
  F: Float64Array;
  /** Weights 1/σ_F. */
  w: Float64Array;
  /** Point indices per band. */
  members: Int32Array[];
}

/** Options of {@link gridStarts}; every field is optional. */
export interface GridOptions {
  /** Number of t0 candidates (brightest distinct epochs). Default 4. */
  nT0?: number;
  /** Einstein-time grid [days]. Default 10 log-spaced values from 0.5 to 500 d. */
  tE?: number[];
  /** Impact-parameter grid. Default [0.01, 0.05, 0.15, 0.4, 1.0]. */
  u0?: number[];
  /** Number of distinct starts returned. Default 3. */
  nStarts?: number;
}

const DEFAULT_TE = Array.from({ length: 10 }, (_, k) => 0.5 * 1000 ** (k / 9));
const DEFAULT_U0 = [0.01, 0.05, 0.15, 0.4, 1.0];

/**
 * Best distinct grid points by χ² (lowest first).
 *
 * @param chi2 χ² of a parameter set with the fluxes profiled out
 * @example
 * ```ts
 * import { gridStarts } from "./microlensing_start.ts";
 * const t = Float64Array.from({ length: 50 }, (_, i) => i);
 * const F = t.map((x) => 1 + 3 * Math.exp(-((x - 25) ** 2) / 20));
 * const starts = gridStarts(
 *   { t, F, w: t.map(() => 10), members: [Int32Array.from(t.keys())] },
 *   (p) => Math.abs(p.t0 - 25) + Math.abs(Math.log(p.tE / 5)),
 * );
 * console.log(starts[0].t0); // 25
 * ```
 */
export function gridStarts(
  d: StartData,
  chi2: (p: PSPLParams) => number,
  options: GridOptions = {},
): PSPLParams[] {
  const nT0 = options.nT0 ?? 4, tEs = options.tE ?? DEFAULT_TE, u0s = options.u0 ?? DEFAULT_U0;
  const nStarts = options.nStarts ?? 3;
  const N = d.t.length;
  // Significance of each point above its band's median flux.
  const s = new Float64Array(N);
  for (const m of d.members) {
    const f = Array.from(m, (i) => d.F[i]).sort((a, b) => a - b);
    const med = f.length % 2 ? f[f.length >> 1] : 0.5 * (f[f.length / 2 - 1] + f[f.length / 2]);
    for (const i of m) s[i] = (d.F[i] - med) * d.w[i];
  }
  // Median of three time-neighbours resists single outliers.
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => d.t[a] - d.t[b]);
  const sm = order.map((i, k) => {
    const a = s[order[Math.max(0, k - 1)]], b = s[i], c = s[order[Math.min(N - 1, k + 1)]];
    return { t: d.t[i], s: Math.max(Math.min(a, b), Math.min(Math.max(a, b), c)) };
  }).sort((x, y) => y.s - x.s);
  const t0s: number[] = [];
  for (const c of sm) {
    if (t0s.length >= nT0) break;
    if (t0s.every((t) => Math.abs(t - c.t) > 2)) t0s.push(c.t);
  }
  const grid: { p: PSPLParams; c: number; it: number; ie: number }[] = [];
  t0s.forEach((t0, it) =>
    tEs.forEach((tE, ie) => {
      for (const u0 of u0s) {
        const p = { t0, u0, tE };
        const c = chi2(p);
        if (Number.isFinite(c)) grid.push({ p, c, it, ie });
      }
    })
  );
  grid.sort((a, b) => a.c - b.c);
  const out: typeof grid = [];
  for (const g of grid) {
    if (out.length >= nStarts) break;
    if (out.every((o) => o.it !== g.it || Math.abs(o.ie - g.ie) > 1)) out.push(g);
  }
  return out.map((o) => o.p);
}
