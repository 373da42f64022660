/**
 * Type-1 non-uniform FFT by Gaussian gridding (Greengard & Lee 2004, SIAM Rev. 46, 443):
 * F(k) = Σ_j c_j e^{i k x_j} for k = −Ne/2 … Ne/2 − 1, x_j ∈ [0, 2π).
 * The points are spread onto an oversampled grid of M = 2^p ≥ 1.25·Ne points with a Gaussian of
 * half-width `spread` grid cells, transformed with fft.js and deconvolved. The spread is chosen
 * from the oversampling ratio R = M/Ne so that truncation and aliasing stay below ~1e-11
 * (relative to Σ|c_j|); at the band edges the deconvolution amplifies rounding by up to ~1e7
 * (R ≈ 1.3), so the sums are good to ~2e-10 (measured against direct sums).
 *
 * @module
 */
import FFT from "fft.js";
import { borrow, release } from "./scratch.ts";

const fftCache = new Map<number, FFT>();
const deconvCache = new Map<string, Float64Array>();

/**
 * fft.js plans are costly to build (tens of ms at 2^17); keep the last few sizes.
 * This is a cache of pure tables, like FFTW wisdom: it never changes results.
 */
function fftOfSize(m: number): FFT {
  let f = fftCache.get(m);
  if (f === undefined) {
    if (fftCache.size >= 4) fftCache.delete(fftCache.keys().next().value as number);
    f = new FFT(m);
    fftCache.set(m, f);
  }
  return f;
}

/** sqrt(π/τ)·e^{k²τ}/M for k = −modes/2 …, cached (depends on the grid, not on the points). */
function deconvolution(modes: number, tau: number, m: number): Float64Array {
  const key = `${modes}:${tau}:${m}`;
  let d = deconvCache.get(key);
  if (d === undefined) {
    if (deconvCache.size >= 4) deconvCache.delete(deconvCache.keys().next().value as string);
    const scale = Math.sqrt(Math.PI / tau) / m, half = modes / 2;
    d = Float64Array.from({ length: modes }, (_, q) => scale * Math.exp((q - half) ** 2 * tau));
    deconvCache.set(key, d);
  }
  return d;
}

/** A spreading plan for one set of points, reusable for many coefficient vectors. */
export interface NufftPlan {
  /** Number of output modes (even). */
  modes: number;
  /** Oversampled grid size (power of two). */
  gridSize: number;
  /** Gaussian half-width in grid cells. */
  spread: number;
  /** Gaussian variance parameter τ. */
  tau: number;
  /** First grid index of each point's stencil. */
  start: Int32Array;
  /** Stencil weights, 2·spread per point. */
  weights: Float64Array;
}

/**
 * Choose the grid and Gaussian for `modes` output modes at tolerance ~1e-11.
 *
 * @example
 * ```ts
 * const p = planNufft(Float64Array.of(0.1, 3), 1000);
 * console.log(p.gridSize); // 2048
 * ```
 */
export function planNufft(x: Float64Array, modes: number): NufftPlan {
  const ne = modes + (modes % 2);
  let m = 16;
  while (m < 1.25 * ne) m *= 2;
  const r = m / ne;
  // Truncation/aliasing error ≈ exp(−π·spread·(R−1)/(R−½)); rounding × exp(π·spread/(4R(R−½))).
  const spread = Math.min(32, Math.max(6, Math.ceil((25.3 * (r - 0.5)) / (Math.PI * (r - 1)))));
  const tau = (Math.PI * spread) / (ne * ne * r * (r - 0.5));
  const n = x.length;
  const width = 2 * spread;
  const start = new Int32Array(n);
  const weights = new Float64Array(n * width);
  const h = (2 * Math.PI) / m;
  const e3 = new Float64Array(width);
  for (let l = 0; l < width; l++) {
    const d = (l - spread + 1) * h;
    e3[l] = Math.exp(-(d * d) / (4 * tau));
  }
  for (let j = 0; j < n; j++) {
    const p = x[j] / h;
    const m0 = Math.floor(p);
    start[j] = m0 - spread + 1;
    const d0 = (m0 - p) * h; // offset of grid point m0 from x_j, in (−h, 0]
    const e1 = Math.exp(-(d0 * d0) / (4 * tau));
    const e2 = Math.exp((-2 * d0 * h) / (4 * tau));
    // weight at l (grid m0 + l − spread + 1): exp(−(d0 + (l−spread+1)h)²/4τ)
    let pow = Math.pow(e2, -spread + 1);
    const o = j * width;
    for (let l = 0; l < width; l++) {
      weights[o + l] = e1 * pow * e3[l];
      pow *= e2;
    }
  }
  return { modes: ne, gridSize: m, spread, tau, start, weights };
}

/**
 * Apply a plan to complex coefficients (re, im); writes F(k) for k = −Ne/2 … −Ne/2 + count − 1
 * into outRe/outIm[0 … count − 1].
 *
 * @example
 * ```ts
 * const x = Float64Array.of(0.5, 2);
 * const re = new Float64Array(8), im = new Float64Array(8);
 * nufft1(planNufft(x, 8), Float64Array.of(1, 1), new Float64Array(2), re, im, 8);
 * console.log(re.length); // 8
 * ```
 */
export function nufft1(
  plan: NufftPlan,
  re: Float64Array,
  im: Float64Array,
  outRe: Float64Array,
  outIm: Float64Array,
  count: number,
): void {
  const { gridSize: m, spread, start, weights, modes, tau } = plan;
  const width = 2 * spread;
  const grid = borrow(2 * m);
  grid.fill(0);
  const mask = m - 1;
  // Spread the conjugate and use the forward transform: Σ u e^{+i…} = conj(Σ conj(u) e^{−i…}),
  // which avoids fft.js's 1/M rescaling pass (1/M is folded into the deconvolution table).
  for (let j = 0; j < re.length; j++) {
    const cr = re[j], ci = -im[j];
    const o = j * width;
    let g = start[j];
    if (g >= 0 && g + width <= m) {
      for (let l = 0; l < width; l++, g++) {
        const wl = weights[o + l];
        grid[2 * g] += cr * wl;
        grid[2 * g + 1] += ci * wl;
      }
    } else {
      for (let l = 0; l < width; l++, g++) {
        const idx = g & mask;
        const wl = weights[o + l];
        grid[2 * idx] += cr * wl;
        grid[2 * idx + 1] += ci * wl;
      }
    }
  }
  const fft = fftOfSize(m);
  const spec = borrow(2 * m);
  fft.transform(spec as unknown as number[], grid as unknown as number[]);
  const deconv = deconvolution(modes, tau, m);
  const half = modes / 2;
  for (let q = 0; q < count; q++) {
    const idx = (q - half) & mask;
    const s = deconv[q];
    outRe[q] = spec[2 * idx] * s;
    outIm[q] = -spec[2 * idx + 1] * s;
  }
  release(grid, spec);
}
