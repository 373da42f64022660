/**
 * Hand-guess-free starting points for PSPL fits: a coarse grid over
 * (t0, u0, tE) where t0 runs over the most significant brightenings of the
 * light curve, tE over a log grid and u0 over a few impact parameters; the
 * fluxes are profiled linearly at every grid point by the caller's χ².
 *
 * @module
 */
import type { PSPLParams } from "./microlensing_model.ts";
import type { PreparedLightCurve } from "./microlensing_problem.ts";

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
 * χ² of the grid points (t0, tE, u0) for every u0 of `u0s` (fluxes profiled out), into `out`.
 */
export type GridChi2 = (t0: number, tE: number, u0s: readonly number[], out: Float64Array) => void;

/**
 * Best distinct grid points by χ² (lowest first).
 *
 * @param chi2 χ² of the grid points with the fluxes profiled out, one (t0, tE) and all u0 per call
 * @example
 * ```ts
 * import { gridStarts } from "./microlensing_start.ts";
 * const t = Float64Array.from({ length: 50 }, (_, i) => i);
 * const F = t.map((x) => 1 + 3 * Math.exp(-((x - 25) ** 2) / 20));
 * const starts = gridStarts(
 *   { t, F, w: t.map(() => 10), members: [Int32Array.from(t.keys())] },
 *   (t0, tE, u0s, out) => u0s.forEach((_, k) => out[k] = Math.abs(t0 - 25) + Math.abs(Math.log(tE / 5))),
 * );
 * console.log(starts[0].t0); // 25
 * ```
 */
export function gridStarts(
  d: StartData,
  chi2: GridChi2,
  options: GridOptions = {},
): PSPLParams[] {
  const nT0 = options.nT0 ?? 4, tEs = options.tE ?? DEFAULT_TE, u0s = options.u0 ?? DEFAULT_U0;
  const nStarts = options.nStarts ?? 3;
  const N = d.t.length;
  // Significance of each point above its band's median flux.
  const s = new Float64Array(N);
  for (const m of d.members) {
    const f = new Float64Array(m.length);
    for (let k = 0; k < m.length; k++) f[k] = d.F[m[k]];
    const med = median(f);
    for (let k = 0; k < m.length; k++) s[m[k]] = (d.F[m[k]] - med) * d.w[m[k]];
  }
  // Median of three time-neighbours resists single outliers.
  const order = timeOrder(d);
  const sm = new Float64Array(N), ts = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    const i = order[k];
    const a = s[order[Math.max(0, k - 1)]], b = s[i], c = s[order[Math.min(N - 1, k + 1)]];
    sm[k] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    ts[k] = d.t[i];
  }
  // The nT0 most significant epochs at least 2 days apart (ties: earliest time first).
  const t0s: number[] = [];
  while (t0s.length < nT0) {
    let best = -1;
    scan: for (let k = 0; k < N; k++) {
      if (best >= 0 && !(sm[k] > sm[best])) continue;
      for (let j = 0; j < t0s.length; j++) if (!(Math.abs(t0s[j] - ts[k]) > 2)) continue scan;
      best = k;
    }
    if (best < 0) break;
    t0s.push(ts[best]);
  }
  // χ² of every grid point, index (it·nTE + ie)·nU0 + k; the best distinct ones in χ² order
  // (ties: grid order), distinct = another t0 or tE more than one grid step away.
  const nE = tEs.length, nU = u0s.length, c2 = new Float64Array(t0s.length * nE * nU);
  const out = new Float64Array(nU);
  for (let it = 0; it < t0s.length; it++) {
    for (let ie = 0; ie < nE; ie++) {
      chi2(t0s[it], tEs[ie], u0s, out);
      c2.set(out, (it * nE + ie) * nU);
    }
  }
  const chosen: number[] = [];
  const taken = new Uint8Array(c2.length);
  while (chosen.length < nStarts) {
    let best = -1;
    for (let g = 0; g < c2.length; g++) {
      if (taken[g] || !Number.isFinite(c2[g]) || (best >= 0 && !(c2[g] < c2[best]))) continue;
      const it = Math.floor(g / (nE * nU)), ie = Math.floor(g / nU) % nE;
      const distinct = chosen.every((o) => {
        const jt = Math.floor(o / (nE * nU)), je = Math.floor(o / nU) % nE;
        return jt !== it || Math.abs(je - ie) > 1;
      });
      if (distinct) best = g;
      else taken[g] = 1;
    }
    if (best < 0) break;
    chosen.push(best);
    taken[best] = 1;
  }
  return chosen.map((g) => ({
    t0: t0s[Math.floor(g / (nE * nU))],
    u0: u0s[g % nU],
    tE: tEs[Math.floor(g / nU) % nE],
  }));
}

/**
 * Median of `f` (the mean of the two middle values for an even length), found by selection:
 * the same value as sorting, without the sort. Reorders `f`.
 */
function median(f: Float64Array): number {
  const n = f.length, h = n >> 1;
  select(f, h);
  if (n % 2) return f[h];
  // The lower middle value is the largest of the h values the selection put before f[h].
  let lo = f[0];
  for (let k = 1; k < h; k++) if (f[k] > lo) lo = f[k];
  return 0.5 * (lo + f[h]);
}

/** Hoare selection: afterwards f[k] is the k-th smallest, nothing larger before it. */
function select(f: Float64Array, k: number): void {
  let lo = 0, hi = f.length - 1;
  while (lo < hi) {
    const pivot = f[(lo + hi) >> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (f[i] < pivot) i++;
      while (f[j] > pivot) j--;
      if (i <= j) {
        const x = f[i];
        f[i++] = f[j], f[j--] = x;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Point indices in time order (a merge of the bands when each band is already sorted). */
function timeOrder(d: StartData): Int32Array {
  const N = d.t.length, out = new Int32Array(N), t = d.t;
  let sorted = true;
  for (const m of d.members) {
    for (let k = 1; k < m.length; k++) if (!(t[m[k - 1]] <= t[m[k]])) sorted = false;
  }
  if (!sorted) {
    return Int32Array.from(
      Array.from({ length: N }, (_, i) => i).sort((a, b) => d.t[a] - d.t[b] || a - b),
    );
  }
  const nb = d.members.length, pos = new Int32Array(nb);
  for (let k = 0; k < N; k++) {
    let bb = -1, bi = 0;
    for (let b = 0; b < nb; b++) {
      const m = d.members[b];
      if (pos[b] >= m.length) continue;
      const i = m[pos[b]];
      if (bb < 0 || t[i] < t[bi] || (t[i] === t[bi] && i < bi)) bb = b, bi = i;
    }
    out[k] = bi;
    pos[bb]++;
  }
  return out;
}

/**
 * A light curve arranged for {@link profiledChi2Grid}: per band, the points sorted by time and
 * prefix sums of w, w·F and w·F² (w = 1/σ_F²).
 */
export interface GridData {
  /** Times per band, ascending. */
  t: Float64Array[];
  /** Weights 1/σ_F² per band, in the same order. */
  w2: Float64Array[];
  /** Fluxes per band, in the same order. */
  F: Float64Array[];
  /** Prefix sums per band: [Σw, Σw·F, Σw·F²] of the first k points at 3k, 3k+1, 3k+2. */
  prefix: Float64Array[];
  /** Far-field sums of the last t0 asked for (see {@link farSums}); the grid runs t0 by t0. */
  far: { t0: number; sums: Float64Array[] };
}

/**
 * Points farther than FAR Einstein times from t0 enter through sums: there A = 1 + 2/τ⁴ to
 * within 2.6e-4 (the next term −8/u⁶ and u0 ≤ 1 in u² = τ² + u0² are neglected).
 */
const FAR = 6;

/**
 * Arrange a prepared light curve for the grid search ({@link profiledChi2Grid}).
 *
 * @example
 * ```ts
 * import { prepareLightCurve } from "./microlensing_problem.ts";
 * import { gridData } from "./microlensing_start.ts";
 * const lc = prepareLightCurve({ t: [3, 1, 2], mag: [18, 17, 18], magErr: [0.1, 0.1, 0.1] }, 22, false);
 * if (typeof lc !== "string") gridData(lc).t[0]; // [1, 2, 3]
 * ```
 */
export function gridData(p: PreparedLightCurve): GridData {
  const g: GridData = { t: [], w2: [], F: [], prefix: [], far: { t0: NaN, sums: [] } };
  for (let b = 0; b < p.bands.length; b++) {
    const i0 = p.bandStart[b], n = p.bandStart[b + 1] - i0;
    const order = new Int32Array(n);
    let sorted = true;
    for (let k = 0; k < n; k++) {
      order[k] = i0 + k;
      if (k > 0 && p.t[i0 + k - 1] > p.t[i0 + k]) sorted = false;
    }
    if (!sorted) order.sort((x, y) => p.t[x] - p.t[y] || x - y);
    const t = new Float64Array(n), w2 = new Float64Array(n), F = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const i = order[k];
      t[k] = p.t[i], w2[k] = p.w2[i], F[k] = p.F[i];
    }
    const prefix = new Float64Array(3 * (n + 1));
    for (let k = 0; k < n; k++) {
      const wF = w2[k] * F[k];
      prefix[3 * k + 3] = prefix[3 * k] + w2[k];
      prefix[3 * k + 4] = prefix[3 * k + 1] + wF;
      prefix[3 * k + 5] = prefix[3 * k + 2] + wF * F[k];
    }
    g.t.push(t), g.w2.push(w2), g.F.push(F), g.prefix.push(prefix);
  }
  return g;
}

/**
 * For one t0, per band, with e = (t − t0)⁻⁴: left prefix sums [Σw·e, Σw·e², Σw·F·e] over the
 * first k points at 3k…3k+2 and right suffix sums over the points from k on at 3(n+1)+3k….
 */
function farSums(g: GridData, t0: number): Float64Array[] {
  if (g.far.t0 === t0) return g.far.sums;
  const out = g.t.map((t, b) => {
    const n = t.length, w2 = g.w2[b], F = g.F[b];
    const S = g.far.sums[b] ?? new Float64Array(6 * (n + 1));
    for (let k = 0; k < n; k++) {
      const d = t[k] - t0, e = 1 / (d * d * d * d), we = w2[k] * e;
      S[3 * k + 3] = S[3 * k] + we;
      S[3 * k + 4] = S[3 * k + 1] + we * e;
      S[3 * k + 5] = S[3 * k + 2] + we * F[k];
    }
    const R = 3 * (n + 1);
    for (let k = n - 1; k >= 0; k--) {
      const d = t[k] - t0, e = 1 / (d * d * d * d), we = w2[k] * e;
      S[R + 3 * k] = S[R + 3 * k + 3] + we;
      S[R + 3 * k + 1] = S[R + 3 * k + 4] + we * e;
      S[R + 3 * k + 2] = S[R + 3 * k + 5] + we * F[k];
    }
    return S;
  });
  g.far = { t0, sums: out };
  return out;
}

/** First index k with t[k] ≥ x (t ascending). */
function lowerBound(t: Float64Array, x: number): number {
  let lo = 0, hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `profiledChi2` (microlensing_problem.ts) at (t0, tE) for several u0 at once, for the grid search: τ² is computed
 * once per point and shared between the u0, and points more than 6 tE from t0 enter with
 * A = 1 + 2/τ⁴ through prefix sums (see `farSums`), so only the points near t0 are visited.
 *
 * @example
 * ```ts
 * import { prepareLightCurve } from "./microlensing_problem.ts";
 * import { gridData, profiledChi2Grid } from "./microlensing_start.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * const out = new Float64Array(2);
 * if (typeof lc !== "string") profiledChi2Grid(gridData(lc), 10, 5, [0.1, 0.5], false, out);
 * ```
 */
export function profiledChi2Grid(
  g: GridData,
  t0: number,
  tE: number,
  u0s: readonly number[],
  blendZero: boolean,
  out: Float64Array,
): void {
  const nu = u0s.length, far = farSums(g, t0), tE4 = tE * tE * tE * tE;
  const sa = new Float64Array(nu), saa = new Float64Array(nu), say = new Float64Array(nu);
  const u02 = Float64Array.from(u0s, (u) => u * u);
  out.fill(0);
  for (let b = 0; b < g.t.length; b++) {
    const t = g.t[b], w2 = g.w2[b], F = g.F[b], P = g.prefix[b], n = t.length;
    const lo = lowerBound(t, t0 - FAR * tE), hi = lowerBound(t, t0 + FAR * tE);
    const W = P[3 * n], Wy = P[3 * n + 1], Wyy = P[3 * n + 2];
    // Far points: A = 1 + δ, δ = 2/τ⁴ = 2 tE⁴ e: Σw·A, Σw·A² = Σw(1 + 2δ + δ²), Σw·F·A.
    const S = far[b], R = 3 * (n + 1);
    const E1 = S[3 * lo] + S[R + 3 * hi], E2 = S[3 * lo + 1] + S[R + 3 * hi + 1];
    const EF = S[3 * lo + 2] + S[R + 3 * hi + 2];
    const farW = W - (P[3 * hi] - P[3 * lo]), farWy = Wy - (P[3 * hi + 1] - P[3 * lo + 1]);
    const d1 = 2 * tE4 * E1;
    sa.fill(farW + d1), saa.fill(farW + 2 * d1 + 4 * tE4 * tE4 * E2);
    say.fill(farWy + 2 * tE4 * EF);
    for (let i = lo; i < hi; i++) {
      const tau = (t[i] - t0) / tE, tau2 = tau * tau;
      const w = w2[i], wF = w * F[i];
      for (let k = 0; k < nu; k++) {
        const u2 = u02[k] + tau2;
        const a = (u2 + 2) / Math.sqrt(u2 * (u2 + 4));
        const wa = w * a;
        sa[k] += wa;
        saa[k] += wa * a;
        say[k] += wF * a;
      }
    }
    for (let k = 0; k < nu; k++) {
      const Wa = sa[k], Waa = saa[k], Way = say[k];
      const det = Waa * W - Wa * Wa;
      if (blendZero || !(det > 1e-12 * Waa * W)) out[k] += Wyy - Way * Way / Waa;
      else out[k] += Wyy - ((Way * W - Wa * Wy) * Way + (Waa * Wy - Wa * Way) * Wy) / det;
    }
  }
}
