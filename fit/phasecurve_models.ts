/**
 * Asteroid phase-curve models: the IAU H,G system (Bowell et al. 1989), the
 * H,G1,G2 system and its one-parameter H,G12 versions (Muinonen et al. 2010;
 * Penttilä et al. 2016 "HG12*"), and sHG1G2 with spin axis and oblateness
 * (Carry et al. 2024). Same formulas and spline nodes as sbpy
 * `photometry/iau.py` and fink-utils `sso/spins.py`.
 *
 * All angles here are in **radians**, like fink-utils' `func_*` (the fitter
 * {@link fitPhaseCurve} takes degrees).
 *
 * @module
 */

const DEG = Math.PI / 180;

/** Clamped cubic spline (Hermite form) with linear extrapolation and clipping at 0. */
interface Spline {
  x: Float64Array;
  y: Float64Array;
  s: Float64Array;
}

function clampedSpline(xDeg: number[], y: number[], slope0: number, slopeN: number): Spline {
  const n = xDeg.length;
  const x = Float64Array.from(xDeg, (v) => v * DEG);
  const s = new Float64Array(n);
  s[0] = slope0;
  s[n - 1] = slopeN;
  // Tridiagonal system for interior slopes (continuity of the second derivative).
  const a = new Float64Array(n), b = new Float64Array(n), c = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    const h0 = x[i] - x[i - 1], h1 = x[i + 1] - x[i];
    const d0 = (y[i] - y[i - 1]) / h0, d1 = (y[i + 1] - y[i]) / h1;
    a[i] = h1;
    b[i] = 2 * (h0 + h1);
    c[i] = h0;
    d[i] = 3 * (h1 * d0 + h0 * d1);
  }
  d[1] -= a[1] * s[0];
  d[n - 2] -= c[n - 2] * s[n - 1];
  for (let i = 2; i < n - 1; i++) {
    const w = a[i] / b[i - 1];
    b[i] -= w * c[i - 1];
    d[i] -= w * d[i - 1];
  }
  for (let i = n - 2; i >= 1; i--) s[i] = (d[i] - (i < n - 2 ? c[i] * s[i + 1] : 0)) / b[i];
  return { x, y: Float64Array.from(y), s };
}

function evalSpline(sp: Spline, alpha: number): number {
  const { x, y, s } = sp;
  const n = x.length;
  let v: number;
  if (alpha <= x[0]) v = y[0] + s[0] * (alpha - x[0]);
  else if (alpha >= x[n - 1]) v = y[n - 1] + s[n - 1] * (alpha - x[n - 1]);
  else {
    let i = 0;
    while (alpha > x[i + 1]) i++;
    const h = x[i + 1] - x[i], t = (alpha - x[i]) / h;
    const t2 = t * t, t3 = t2 * t;
    v = (2 * t3 - 3 * t2 + 1) * y[i] + (t3 - 2 * t2 + t) * h * s[i] +
      (-2 * t3 + 3 * t2) * y[i + 1] + (t3 - t2) * h * s[i + 1];
  }
  return v < 0 ? 0 : v;
}

const NODES12 = [7.5, 30, 60, 90, 120, 150];
const PHI1 = clampedSpline(
  NODES12,
  [
    0.75,
    0.33486016,
    0.1341056,
    0.051104756,
    0.021465687,
    0.0036396989,
  ],
  -1.9098593,
  -0.091328612,
);
const PHI2 = clampedSpline(
  NODES12,
  [
    0.925,
    0.62884169,
    0.31755495,
    0.12716367,
    0.022373903,
    1.6505689e-4,
  ],
  -0.5729578,
  -8.6573138e-8,
);
const PHI3 = clampedSpline(
  [0, 0.3, 1, 2, 4, 8, 12, 20, 30],
  [
    1,
    0.83381185,
    0.57735424,
    0.42144772,
    0.2317423,
    0.10348178,
    0.061733473,
    0.016107006,
    0,
  ],
  -1.0630097,
  0,
);

/**
 * H,G1,G2 basis function Φ1(α) (sbpy `HG1G2._phi1`), α in radians.
 *
 * @example
 * ```ts
 * import { phi1 } from "./phasecurve_models.ts";
 * phi1(30 * Math.PI / 180); // 0.33486016
 * ```
 */
export function phi1(alpha: number): number {
  return evalSpline(PHI1, alpha);
}

/**
 * H,G1,G2 basis function Φ2(α) (sbpy `HG1G2._phi2`), α in radians.
 *
 * @example
 * ```ts
 * import { phi2 } from "./phasecurve_models.ts";
 * phi2(30 * Math.PI / 180); // 0.62884169
 * ```
 */
export function phi2(alpha: number): number {
  return evalSpline(PHI2, alpha);
}

/**
 * H,G1,G2 basis function Φ3(α) (sbpy `HG1G2._phi3`), α in radians; 0 beyond 30°.
 *
 * @example
 * ```ts
 * import { phi3 } from "./phasecurve_models.ts";
 * phi3(1 * Math.PI / 180); // 0.57735424
 * ```
 */
export function phi3(alpha: number): number {
  return evalSpline(PHI3, alpha);
}

const HG_A = [3.332, 1.862], HG_B = [0.631, 1.218], HG_C = [0.986, 0.238];

/**
 * IAU H,G basis function Φ_i(α), i = 1 or 2 (sbpy `HG._hgphi`), α in radians.
 *
 * @example
 * ```ts
 * import { hgPhi } from "./phasecurve_models.ts";
 * hgPhi(0, 1); // 1
 * ```
 */
export function hgPhi(alpha: number, i: 1 | 2): number {
  const k = i - 1;
  const sa = Math.sin(alpha), ta = Math.tan(alpha / 2);
  const w = Math.exp(-90.56 * ta * ta);
  const phiS = 1 - HG_C[k] * sa / (0.119 + 1.341 * sa - 0.754 * sa * sa);
  const phiL = Math.exp(-HG_A[k] * Math.pow(ta, HG_B[k]));
  return w * phiS + (1 - w) * phiL;
}

/** Absolute magnitude and slope of the H,G system. */
export interface HGParams {
  /** Absolute magnitude. */
  H: number;
  /** Slope parameter. */
  G: number;
}

/**
 * H,G magnitude (fink `func_hg`): H − 2.5 log10[(1−G)Φ1 + GΦ2], α in radians.
 *
 * @example
 * ```ts
 * import { funcHg } from "./phasecurve_models.ts";
 * funcHg(20 * Math.PI / 180, { H: 3.34, G: 0.12 }); // 4.379576946980017
 * ```
 */
export function funcHg(alpha: number, { H, G }: HGParams): number {
  return H - 2.5 * Math.log10((1 - G) * hgPhi(alpha, 1) + G * hgPhi(alpha, 2));
}

/** Parameters of the H,G1,G2 system. */
export interface HG1G2Params {
  /** Absolute magnitude. */
  H: number;
  /** Weight of Φ1. */
  G1: number;
  /** Weight of Φ2. */
  G2: number;
}

/**
 * H,G1,G2 magnitude (fink `func_hg1g2`): H − 2.5 log10[G1Φ1 + G2Φ2 + (1−G1−G2)Φ3].
 *
 * @example
 * ```ts
 * import { funcHg1g2 } from "./phasecurve_models.ts";
 * funcHg1g2(20 * Math.PI / 180, { H: 7.063, G1: 0.62, G2: 0.14 }); // 8.074362325503143
 * ```
 */
export function funcHg1g2(alpha: number, { H, G1, G2 }: HG1G2Params): number {
  return H - 2.5 * Math.log10(G1 * phi1(alpha) + G2 * phi2(alpha) + (1 - G1 - G2) * phi3(alpha));
}

/** Parameters of the one-parameter H,G12 systems. */
export interface HG12Params {
  /** Absolute magnitude. */
  H: number;
  /** One-parameter slope G12 (or G12*). */
  G12: number;
}

/**
 * G12 → (G1, G2) of Muinonen et al. 2010 (sbpy `HG12`), with its break at G12 = 0.2.
 *
 * @example
 * ```ts
 * import { g12ToG1G2 } from "./phasecurve_models.ts";
 * g12ToG1G2(0.68); // { G1: 0.669592, G2: 0.1407 }
 * ```
 */
export function g12ToG1G2(G12: number): { G1: number; G2: number } {
  return G12 < 0.2
    ? { G1: 0.7527 * G12 + 0.06164, G2: -0.9612 * G12 + 0.627 }
    : { G1: 0.9529 * G12 + 0.02162, G2: -0.6125 * G12 + 0.5572 };
}

/**
 * G12* → (G1, G2) of Penttilä et al. 2016 (sbpy `HG12_Pen16`; what fink-utils calls "HG12").
 *
 * @example
 * ```ts
 * import { g12StarToG1G2 } from "./phasecurve_models.ts";
 * g12StarToG1G2(0.68); // { G1: 0.5731968132, G2: 0.17124272 }
 * ```
 */
export function g12StarToG1G2(G12: number): { G1: number; G2: number } {
  return { G1: 0.84293649 * G12, G2: 0.5351335 * (1 - G12) };
}

/**
 * H,G12 magnitude (Muinonen et al. 2010, sbpy `HG12`), α in radians.
 *
 * @example
 * ```ts
 * import { funcHg12 } from "./phasecurve_models.ts";
 * funcHg12(20 * Math.PI / 180, { H: 7.121, G12: 0.68 }); // 8.072529527310582
 * ```
 */
export function funcHg12(alpha: number, { H, G12 }: HG12Params): number {
  return funcHg1g2(alpha, { H, ...g12ToG1G2(G12) });
}

/**
 * H,G12* magnitude (Penttilä et al. 2016, sbpy `HG12_Pen16`), α in radians.
 *
 * @example
 * ```ts
 * import { funcHg12star } from "./phasecurve_models.ts";
 * funcHg12star(20 * Math.PI / 180, { H: 7.121, G12: 0.68 }); // 8.124251159789566
 * ```
 */
export function funcHg12star(alpha: number, { H, G12 }: HG12Params): number {
  return funcHg1g2(alpha, { H, ...g12StarToG1G2(G12) });
}

/** Parameters of sHG1G2: H,G1,G2 plus oblateness R and spin axis (α0, δ0) in radians. */
export interface SHG1G2Params extends HG1G2Params {
  /** Oblateness b/a-like ratio R ∈ [0.3, 1] (1 = sphere). */
  R: number;
  /** Spin-axis right ascension [rad]. */
  alpha0: number;
  /** Spin-axis declination [rad]. */
  delta0: number;
}

/**
 * cos Λ between the line of sight (ra, dec) and the spin axis (α0, δ0), all in radians
 * (fink `cos_aspect_angle`).
 *
 * @example
 * ```ts
 * import { cosAspectAngle } from "./phasecurve_models.ts";
 * cosAspectAngle(0, Math.PI / 2, 1, Math.PI / 2); // 1 (pole-on)
 * ```
 */
export function cosAspectAngle(ra: number, dec: number, alpha0: number, delta0: number): number {
  return Math.sin(dec) * Math.sin(delta0) +
    Math.cos(dec) * Math.cos(delta0) * Math.cos(ra - alpha0);
}

/**
 * sHG1G2 magnitude (fink `func_shg1g2`): HG1G2 + 2.5 log10[1 − (1 − R)|cos Λ|];
 * phase, ra, dec, α0, δ0 in radians.
 *
 * @example
 * ```ts
 * import { funcShg1g2 } from "./phasecurve_models.ts";
 * const d = Math.PI / 180;
 * funcShg1g2(2 * d, 0, 0, { H: 15, G1: 0.3, G2: 0.25, R: 0.7, alpha0: 120 * d, delta0: 35 * d });
 * // 15.222420704925943
 * ```
 */
export function funcShg1g2(alpha: number, ra: number, dec: number, p: SHG1G2Params): number {
  const c = Math.abs(cosAspectAngle(ra, dec, p.alpha0, p.delta0));
  return funcHg1g2(alpha, p) + 2.5 * Math.log10(1 - (1 - p.R) * c);
}
