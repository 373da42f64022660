/**
 * The PSPL least-squares problem: input cleaning, flux conversion, χ² in
 * flux and magnitude space with the per-band fluxes solved linearly, and the
 * residual functions (variable projection in flux space, joint in magnitudes)
 * used by {@link fitPSPL}.
 *
 * @module
 */
import type { ResidualFunction } from "./lm.ts";
export type { ResidualFunction } from "./lm.ts";
import {
  type BandFluxes,
  psplMagnification,
  psplMagnificationGradient,
  type PSPLParams,
  solveFluxes,
} from "./microlensing_model.ts";

const K = 2.5 / Math.LN10;

/** A light curve in magnitudes or fluxes, optionally with several bands. */
export interface PSPLData {
  /** Times (e.g. JD or BJD) [days]. */
  t: ArrayLike<number>;
  /** Magnitudes (give either mag or flux). */
  mag?: ArrayLike<number>;
  /** 1σ magnitude errors. */
  magErr?: ArrayLike<number>;
  /** Fluxes (any linear unit). */
  flux?: ArrayLike<number>;
  /** 1σ flux errors. */
  fluxErr?: ArrayLike<number>;
  /** Band per point (e.g. ZTF `fid` or "g"). Default: one band labelled `1`. */
  band?: ArrayLike<number | string>;
}

/** A cleaned light curve in flux space (per point) with per-band membership. */
export interface PreparedLightCurve {
  /** Times. */
  t: Float64Array;
  /** Fluxes (converted from magnitudes with the zero point). */
  F: Float64Array;
  /** Weights 1/σ_F. */
  w: Float64Array;
  /** Weights 1/σ_F². */
  w2: Float64Array;
  /** Input values (mag or flux). */
  y: Float64Array;
  /** Input 1σ errors (1 if none were given). */
  sy: Float64Array;
  /** Band index per point. */
  bandOf: Int32Array;
  /** Point indices per band. */
  members: Int32Array[];
  /** Band labels, sorted. */
  bands: string[];
  /** Whether the input was magnitudes. */
  isMag: boolean;
  /** Zero point. */
  zp: number;
  /** Whether errors were given. */
  hasErr: boolean;
  /** Notes on dropped points/bands, for the result message. */
  notes: string[];
}

/**
 * Clean and convert a light curve: drop NaN / non-positive errors, drop bands with too few
 * points, convert magnitudes to fluxes F = 10^{0.4(zp − m)}, σ_F = σ_m·F·ln10/2.5.
 *
 * @returns the prepared light curve, or a message saying why the data are unusable.
 * @example
 * ```ts
 * import { prepareLightCurve } from "./microlensing_problem.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * if (typeof lc !== "string") console.log(lc.F.length); // 5
 * ```
 */
export function prepareLightCurve(
  data: PSPLData,
  zp: number,
  blendZero: boolean,
): PreparedLightCurve | string {
  const isMag = data.mag !== undefined;
  if (isMag === (data.flux !== undefined)) return "give exactly one of mag or flux";
  const y = (isMag ? data.mag : data.flux)!;
  const e = isMag ? data.magErr : data.fluxErr;
  const n = data.t?.length ?? 0;
  if (y.length !== n || (e && e.length !== n) || (data.band && data.band.length !== n)) {
    return "t, mag/flux and (if given) errors and band must have equal lengths";
  }
  const notes: string[] = [];
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(data.t[i]) || !Number.isFinite(y[i])) continue;
    if (e && !(Number.isFinite(e[i]) && e[i] > 0)) continue;
    keep.push(i);
  }
  if (keep.length < n) {
    notes.push(`${n - keep.length} point(s) with NaN values or errors ≤ 0 dropped`);
  }
  if (!e) notes.push("no errors given: unit errors used and σ rescaled by √(χ²/dof)");
  const label = (i: number) => data.band ? String(data.band[i]) : "1";
  const counts = new Map<string, number>();
  for (const i of keep) counts.set(label(i), (counts.get(label(i)) ?? 0) + 1);
  const need = blendZero ? 1 : 2;
  const bands = [...counts.keys()].filter((b) => counts.get(b)! >= need).sort();
  for (const [b, c] of counts) {
    if (c < need) notes.push(`band ${b} dropped: ${c} point(s) for ${need} flux parameter(s)`);
  }
  const idx = keep.filter((i) => bands.includes(label(i)));
  const N = idx.length;
  const p: PreparedLightCurve = {
    t: new Float64Array(N),
    F: new Float64Array(N),
    w: new Float64Array(N),
    w2: new Float64Array(N),
    y: new Float64Array(N),
    sy: new Float64Array(N),
    bandOf: new Int32Array(N),
    members: [],
    bands,
    isMag,
    zp,
    hasErr: !!e,
    notes,
  };
  const lists: number[][] = bands.map(() => []);
  idx.forEach((i, k) => {
    p.t[k] = data.t[i];
    p.y[k] = y[i];
    p.sy[k] = e ? e[i] : 1;
    p.F[k] = isMag ? 10 ** (0.4 * (zp - y[i])) : y[i];
    const sF = isMag ? p.sy[k] * p.F[k] / K : p.sy[k];
    p.w[k] = 1 / sF;
    p.w2[k] = 1 / (sF * sF);
    p.bandOf[k] = bands.indexOf(label(i));
    lists[p.bandOf[k]].push(k);
  });
  p.members = lists.map((l) => Int32Array.from(l));
  return p;
}

/**
 * Flux-space χ² and per-band fluxes at θ (fluxes solved linearly); `A` is a work buffer.
 *
 * @example
 * ```ts
 * import { prepareLightCurve, fluxChi2 } from "./microlensing_problem.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * if (typeof lc !== "string") fluxChi2(lc, { t0: 10, u0: 0.5, tE: 5 }, false, new Float64Array(5));
 * ```
 */
export function fluxChi2(
  p: PreparedLightCurve,
  th: PSPLParams,
  blendZero: boolean,
  A: Float64Array,
): { chi2: number; fluxes: BandFluxes[] } {
  const w2 = p.w2;
  for (let i = 0; i < p.t.length; i++) A[i] = psplMagnification(p.t[i], th);
  const fluxes = p.members.map((m) => solveFluxes(A, p.F, w2, m, blendZero));
  let chi2 = 0;
  for (let i = 0; i < p.t.length; i++) {
    const f = fluxes[p.bandOf[i]];
    chi2 += (p.w[i] * (f.fs * A[i] + f.fb - p.F[i])) ** 2;
  }
  return { chi2, fluxes };
}

/**
 * Single-pass profiled flux χ² for the grid search: accumulate the weighted
 * sums per band and use χ²_min = Σw²F² − f_s·Σw²AF − f_b·Σw²F (normal equations).
 *
 * @example
 * ```ts
 * import { prepareLightCurve, profiledChi2 } from "./microlensing_problem.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * if (typeof lc !== "string") profiledChi2(lc, { t0: 10, u0: 0.5, tE: 5 }, false, new Float64Array(6));
 * ```
 */
export function profiledChi2(
  p: PreparedLightCurve,
  th: PSPLParams,
  blendZero: boolean,
  sums: Float64Array,
): number {
  sums.fill(0);
  const { t0, u0, tE } = th, u02 = u0 * u0;
  for (let i = 0; i < p.t.length; i++) {
    const tau = (p.t[i] - t0) / tE, u2 = u02 + tau * tau;
    const a = (u2 + 2) / Math.sqrt(u2 * (u2 + 4));
    const w = p.w2[i], F = p.F[i], o = 6 * p.bandOf[i];
    sums[o] += w;
    sums[o + 1] += w * a;
    sums[o + 2] += w * a * a;
    sums[o + 3] += w * F;
    sums[o + 4] += w * a * F;
    sums[o + 5] += w * F * F;
  }
  let chi2 = 0;
  for (let b = 0; b < p.bands.length; b++) {
    const o = 6 * b, W = sums[o], Wa = sums[o + 1], Waa = sums[o + 2];
    const Wy = sums[o + 3], Way = sums[o + 4], Wyy = sums[o + 5];
    const det = Waa * W - Wa * Wa;
    if (blendZero || !(det > 1e-12 * Waa * W)) chi2 += Wyy - Way * Way / Waa;
    else chi2 += Wyy - ((Way * W - Wa * Wy) * Way + (Waa * Wy - Wa * Way) * Wy) / det;
  }
  return chi2;
}

/**
 * χ² of a weighted-mean constant per band, in flux or magnitude space.
 *
 * @example
 * ```ts
 * import { prepareLightCurve, constantChi2 } from "./microlensing_problem.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * if (typeof lc !== "string") constantChi2(lc, "mag");
 * ```
 */
export function constantChi2(p: PreparedLightCurve, space: "flux" | "mag"): number {
  let chi2 = 0;
  for (const m of p.members) {
    let sw = 0, swy = 0;
    const val = (i: number) =>
      space === "flux" ? p.F[i] : (p.isMag ? p.y[i] : p.zp - 2.5 * Math.log10(p.F[i]));
    const wt = (i: number) =>
      space === "flux" ? p.w2[i] : 1 / (p.isMag ? p.sy[i] : K * p.sy[i] / p.F[i]) ** 2;
    for (const i of m) sw += wt(i), swy += wt(i) * val(i);
    const mean = swy / sw;
    for (const i of m) chi2 += wt(i) * (val(i) - mean) ** 2;
  }
  return chi2;
}

/**
 * Magnitude-space χ² for given fluxes (Infinity if a model flux is ≤ 0).
 *
 * @example
 * ```ts
 * import { prepareLightCurve, magChi2 } from "./microlensing_problem.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * if (typeof lc !== "string") magChi2(lc, { t0: 10, u0: 0.5, tE: 5 }, [{ fs: 80, fb: 10 }]);
 * ```
 */
export function magChi2(p: PreparedLightCurve, th: PSPLParams, fluxes: BandFluxes[]): number {
  let chi2 = 0;
  for (let i = 0; i < p.t.length; i++) {
    const f = fluxes[p.bandOf[i]];
    const Fm = f.fs * psplMagnification(p.t[i], th) + f.fb;
    if (!(Fm > 0)) return Infinity;
    const yi = p.isMag ? p.y[i] : p.zp - 2.5 * Math.log10(p.F[i]);
    const si = p.isMag ? p.sy[i] : K * p.sy[i] / p.F[i];
    chi2 += ((yi - (p.zp - 2.5 * Math.log10(Fm))) / si) ** 2;
  }
  return chi2;
}

/**
 * Variable-projection residuals w(f_s·A + f_b − F) over θ = (t0, u0, tE), fluxes solved per
 * band at every call, with Kaufman's projected Jacobian (I − P)·∂r/∂θ.
 *
 * @example
 * ```ts
 * import { prepareLightCurve, fluxResidual } from "./microlensing_problem.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * const r = new Float64Array(5);
 * if (typeof lc !== "string") fluxResidual(lc, false)(Float64Array.of(10, 0.5, 5), r, null);
 * ```
 */
export function fluxResidual(p: PreparedLightCurve, blendZero: boolean): ResidualFunction {
  const N = p.t.length;
  const A = new Float64Array(N), dA = new Float64Array(3 * N), w2 = p.w2;
  return (th: Float64Array, r: Float64Array, J: Float64Array | null) => {
    const prm = { t0: th[0], u0: th[1], tE: th[2] };
    for (let i = 0; i < N; i++) {
      const g = psplMagnificationGradient(p.t[i], prm);
      A[i] = g.A;
      dA[3 * i] = g.dA_dt0;
      dA[3 * i + 1] = g.dA_du0;
      dA[3 * i + 2] = g.dA_dtE;
    }
    for (const m of p.members) {
      const f = solveFluxes(A, p.F, w2, m, blendZero);
      let saa = 0, sa1 = 0, s11 = 0;
      for (const i of m) {
        r[i] = p.w[i] * (f.fs * A[i] + f.fb - p.F[i]);
        saa += w2[i] * A[i] * A[i];
        sa1 += w2[i] * A[i];
        s11 += w2[i];
      }
      if (!J) continue;
      const det = saa * s11 - sa1 * sa1;
      for (let j = 0; j < 3; j++) {
        let ca = 0, c1 = 0;
        for (const i of m) {
          const c = p.w[i] * f.fs * dA[3 * i + j];
          J[3 * i + j] = c;
          ca += p.w[i] * A[i] * c;
          c1 += p.w[i] * c;
        }
        // Project out the span of the linear columns (w·A, w) of this band.
        let al: number, be: number;
        if (blendZero || !(det > 1e-12 * saa * s11)) al = ca / saa, be = 0;
        else al = (ca * s11 - c1 * sa1) / det, be = (saa * c1 - sa1 * ca) / det;
        for (const i of m) J[3 * i + j] -= p.w[i] * (al * A[i] + be);
      }
    }
  };
}

/**
 * Magnitude-space residuals (model − m)/σ_m over (t0, u0, tE, fs_1, [fb_1], …).
 *
 * @example
 * ```ts
 * import { prepareLightCurve, magResidual } from "./microlensing_problem.ts";
 * const lc = prepareLightCurve(
 *   { t: [0, 5, 10, 15, 20], mag: [18, 17.5, 16, 17.5, 18], magErr: [0.05, 0.05, 0.05, 0.05, 0.05] },
 *   22,
 *   false,
 * );
 * const r = new Float64Array(5);
 * if (typeof lc !== "string") magResidual(lc, false)(Float64Array.of(10, 0.5, 5, 80, 10), r, null);
 * ```
 */
export function magResidual(p: PreparedLightCurve, blendZero: boolean): ResidualFunction {
  const N = p.t.length, nf = blendZero ? 1 : 2, P = 3 + nf * p.bands.length;
  return (q: Float64Array, r: Float64Array, J: Float64Array | null) => {
    const prm = { t0: q[0], u0: q[1], tE: q[2] };
    for (let i = 0; i < N; i++) {
      const g = psplMagnificationGradient(p.t[i], prm);
      const o = 3 + nf * p.bandOf[i], fs = q[o], fb = blendZero ? 0 : q[o + 1];
      const Fm = fs * g.A + fb;
      const yi = p.isMag ? p.y[i] : p.zp - 2.5 * Math.log10(p.F[i]);
      const wi = 1 / (p.isMag ? p.sy[i] : K * p.sy[i] / p.F[i]);
      r[i] = wi * (p.zp - K * Math.log(Fm) - yi);
      if (!J) continue;
      const row = i * P, c = -wi * K / Fm;
      J.fill(0, row, row + P);
      J[row] = c * fs * g.dA_dt0;
      J[row + 1] = c * fs * g.dA_du0;
      J[row + 2] = c * fs * g.dA_dtE;
      J[row + o] = c * g.A;
      if (!blendZero) J[row + o + 1] = c;
    }
  };
}
