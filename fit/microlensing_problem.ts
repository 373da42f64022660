/**
 * The PSPL least-squares problem: input cleaning, flux conversion (points
 * stored band by band), and χ² in flux and magnitude space with the per-band
 * fluxes solved linearly. The residual functions are in
 * `microlensing_residual.ts`.
 *
 * @module
 */
import {
  type BandFluxes,
  psplMagnification,
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
  /** Point indices per band (contiguous: points are stored band by band). */
  members: Int32Array[];
  /** First point of each band, and the number of points last (points are band-major). */
  bandStart: Int32Array;
  /** Magnitude of each point (the input, or converted from the flux with the zero point). */
  ym: Float64Array;
  /** Magnitude-space weight 1/σ_m of each point. */
  wm: Float64Array;
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
  // One label per point; runs of equal band values (the usual layout) are converted and
  // counted once.
  const labels: string[] = new Array(n);
  const counts = new Map<string, number>();
  let prev: unknown = undefined, prevLabel = "1", run = 0;
  for (const i of keep) {
    const v = data.band ? data.band[i] : 1;
    if (v !== prev) {
      if (run) counts.set(prevLabel, (counts.get(prevLabel) ?? 0) + run);
      prev = v, prevLabel = String(v), run = 0;
    }
    labels[i] = prevLabel;
    run++;
  }
  if (run) counts.set(prevLabel, (counts.get(prevLabel) ?? 0) + run);
  const need = blendZero ? 1 : 2;
  const bands = [...counts.keys()].filter((b) => counts.get(b)! >= need).sort();
  for (const [b, c] of counts) {
    if (c < need) notes.push(`band ${b} dropped: ${c} point(s) for ${need} flux parameter(s)`);
  }
  // Band-major order (stable within a band): each band's points are contiguous.
  const bandIndex = new Map(bands.map((b, k) => [b, k]));
  const byBand: number[][] = bands.map(() => []);
  let lastLabel: string | undefined = undefined, lastBand: number[] | undefined = undefined;
  for (const i of keep) {
    if (labels[i] !== lastLabel) {
      lastLabel = labels[i];
      const k = bandIndex.get(lastLabel);
      lastBand = k === undefined ? undefined : byBand[k];
    }
    lastBand?.push(i);
  }
  const idx = byBand.flat();
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
    bandStart: new Int32Array(bands.length + 1),
    ym: new Float64Array(N),
    wm: new Float64Array(N),
    bands,
    isMag,
    zp,
    hasErr: !!e,
    notes,
  };
  let k = 0;
  for (let b = 0; b < bands.length; b++) {
    p.bandStart[b + 1] = p.bandStart[b] + byBand[b].length;
    for (const i of byBand[b]) {
      const yi = y[i], sy = e ? e[i] : 1;
      const F = isMag ? 10 ** (0.4 * (zp - yi)) : yi;
      const sF = isMag ? sy * F / K : sy;
      p.t[k] = data.t[i];
      p.y[k] = yi;
      p.sy[k] = sy;
      p.F[k] = F;
      p.w[k] = 1 / sF;
      p.w2[k] = 1 / (sF * sF);
      p.ym[k] = isMag ? yi : zp - 2.5 * Math.log10(F);
      p.wm[k] = 1 / (isMag ? sy : K * sy / F);
      p.bandOf[k++] = b;
    }
  }
  p.members = bands.map((_, b) => {
    const m = new Int32Array(p.bandStart[b + 1] - p.bandStart[b]);
    for (let k = 0; k < m.length; k++) m[k] = p.bandStart[b] + k;
    return m;
  });
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
  const { t0, u0, tE } = th, u02 = u0 * u0, { t, w2, F, bandStart } = p;
  let chi2 = 0;
  for (let b = 0; b < p.bands.length; b++) {
    let W = 0, Wa = 0, Waa = 0, Wy = 0, Way = 0, Wyy = 0;
    for (let i = bandStart[b], e = bandStart[b + 1]; i < e; i++) {
      const tau = (t[i] - t0) / tE, u2 = u02 + tau * tau;
      const a = (u2 + 2) / Math.sqrt(u2 * (u2 + 4));
      const w = w2[i], wF = w * F[i], wa = w * a;
      W += w;
      Wa += wa;
      Waa += wa * a;
      Wy += wF;
      Way += wF * a;
      Wyy += wF * F[i];
    }
    const o = 6 * b;
    sums[o] = W, sums[o + 1] = Wa, sums[o + 2] = Waa;
    sums[o + 3] = Wy, sums[o + 4] = Way, sums[o + 5] = Wyy;
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
  const flux = space === "flux", v = flux ? p.F : p.ym, sw = flux ? p.w : p.wm;
  let chi2 = 0;
  for (let b = 0; b < p.bands.length; b++) {
    const i0 = p.bandStart[b], i1 = p.bandStart[b + 1];
    let W = 0, Wy = 0;
    for (let i = i0; i < i1; i++) {
      const w = sw[i] * sw[i];
      W += w, Wy += w * v[i];
    }
    const mean = Wy / W;
    for (let i = i0; i < i1; i++) chi2 += (sw[i] * (v[i] - mean)) ** 2;
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
