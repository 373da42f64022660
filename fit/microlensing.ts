/**
 * Point-source point-lens (PSPL) microlensing fits with per-band source and
 * blend fluxes solved linearly inside the fit (variable projection), a global
 * grid start over (t0, u0, tE) and Marquardt refinement from {@link leastSquares}.
 *
 * @module
 */
import type { LeastSquaresResult } from "./lm.ts";
import { solve } from "./lm/solver.ts";
import { symmetricBlock } from "./lm/linalg.ts";
import { multiStart } from "./multistart.ts";
import { checkMaxEvaluations, fittedBandIndex, pointwise } from "./checks.ts";
import { type BandFluxes, psplMagnification, type PSPLParams } from "./microlensing_model.ts";
import { gridData, gridStarts, profiledChi2Grid } from "./microlensing_start.ts";
import {
  constantChi2,
  fluxChi2,
  magChi2,
  prepareLightCurve,
  type PSPLData,
} from "./microlensing_problem.ts";
import { fluxProblem, magBlocks, magProblem } from "./microlensing_residual.ts";

export * from "./microlensing_model.ts";
export type { PSPLData } from "./microlensing_problem.ts";

/** Error thrown for invalid *options* (never for problems in the data). */
export class PSPLOptionError extends RangeError {
  /**
   * Create the error; `message` names the bad value and what is allowed.
   *
   * @example
   * ```ts
   * import { PSPLOptionError } from "./microlensing.ts";
   * new PSPLOptionError("space must be …");
   * ```
   */
  constructor(message: string) {
    super(message);
    this.name = "PSPLOptionError";
  }
}

/** Options of {@link fitPSPL} and {@link psplChi2}. */
export interface PSPLOptions {
  /** Magnitude zero point: F = 10^{0.4(zeroPoint − m)}. Default 22 (MulensModel; pyLIMA uses 27.4). */
  zeroPoint?: number;
  /** `"free"` (fit f_b per band) or `"zero"` (f_b ≡ 0). Default `"free"`. */
  blend?: "free" | "zero";
  /** Space of χ²: `"input"` (mag χ² for mags, flux χ² for fluxes), `"flux"` or `"mag"`. Default `"input"`. */
  space?: "input" | "flux" | "mag";
  /** Skip the grid search and start from these parameters. */
  start?: PSPLParams;
  /** Multiply σ by √(χ²/dof) (pyLIMA convention). Default `false` (true when no errors are given). */
  rescaleErrors?: boolean;
  /** Evaluation budget of each least-squares run. Default 500. */
  maxEvaluations?: number;
}

/** Result of {@link fitPSPL}. */
export interface PSPLResult extends PSPLParams {
  /** 1σ uncertainties of t0, u0, tE (marginalised over the fluxes); NaN if undetermined. */
  sigma: PSPLParams;
  /**
   * Covariance of (t0, u0, tE), in that order (marginalised over the fluxes, scaled as `sigma`:
   * `sigma.u0` = √covariance[1][1]); NaN entries if undetermined. Correlation of t0 and tE:
   * `covariance[0][2] / (sigma.t0 * sigma.tE)`.
   */
  covariance: number[][];
  /** Source and blend fluxes per band (flux units of `zeroPoint`, or of the input fluxes). */
  fluxes: Record<string, BandFluxes>;
  /** χ² in the space given by `space`. */
  chi2: number;
  /** Degrees of freedom N − (3 + fluxes). */
  dof: number;
  /** χ² of a constant light curve per band (same space); chi2Constant − chi2 measures the signal. */
  chi2Constant: number;
  /** Least-squares status: 1–4 converged (scipy codes), 0 budget exhausted, −1 unusable input. */
  status: number;
  /** What happened, in words (always set). */
  message: string;
  /** `"flux"` or `"mag"`: where χ² was minimised. */
  space: "flux" | "mag";
  /** Band labels in the order of `fluxes`. */
  bands: string[];
  /** Points used. */
  nPoints: number;
  /**
   * Model at time t for a band (default: the first; a band not fitted is a `RangeError`):
   * magnitude for mag input, flux for flux input. An array of times gives a `Float64Array`, with
   * one band for all or one per time.
   */
  model(t: number, band?: number | string): number;
  /** Model at each time of `t`, in `band` (one for all, or one per time). */
  model(t: ArrayLike<number>, band?: number | string | ArrayLike<number | string>): Float64Array;
}

/**
 * χ² of a PSPL model with the fluxes solved linearly in flux space
 * (MulensModel `FitData`: `chi2_fmt` "flux" or "mag").
 *
 * @example
 * ```ts
 * import { psplChi2 } from "./microlensing.ts";
 * const t = [0, 5, 10, 15, 20], flux = [1.1, 1.5, 4.2, 1.5, 1.1];
 * psplChi2({ t, flux, fluxErr: [0.1, 0.1, 0.1, 0.1, 0.1] }, { t0: 10, u0: 0.3, tE: 5 });
 * ```
 */
export function psplChi2(
  data: PSPLData,
  params: PSPLParams,
  options: PSPLOptions = {},
): { chi2: number; fluxes: Record<string, BandFluxes> } {
  const blendZero = options.blend === "zero";
  checkParams("params", params);
  const p = prepareLightCurve(data, options.zeroPoint ?? 22, blendZero);
  if (typeof p === "string") throw new RangeError(`psplChi2: ${p}`);
  const r = fluxChi2(p, params, blendZero, new Float64Array(p.t.length));
  const space = resolveSpace(options.space, p.isMag);
  const chi2 = space === "flux" ? r.chi2 : magChi2(p, params, r.fluxes);
  return { chi2, fluxes: Object.fromEntries(p.bands.map((b, i) => [b, r.fluxes[i]])) };
}

function resolveSpace(space: PSPLOptions["space"], isMag: boolean): "flux" | "mag" {
  const s = space ?? "input";
  if (s !== "input" && s !== "flux" && s !== "mag") {
    throw new PSPLOptionError(`space must be "input", "flux" or "mag"; got ${JSON.stringify(s)}`);
  }
  return s === "input" ? (isMag ? "mag" : "flux") : s;
}

const LOWER = [-Infinity, 1e-9, 1e-3], UPPER = [Infinity, 10, 1e5];

/** A hint when `mag` holds values no magnitude takes (fluxes passed as magnitudes). */
function magnitudeHint(data: PSPLData): string[] {
  let top = 0;
  for (const m of Array.from(data.mag ?? [])) if (Math.abs(m) > Math.abs(top)) top = m;
  return Math.abs(top) > 40
    ? [`mag reaches ${top}: fluxes given as mag? (pass flux and fluxErr)`]
    : [];
}

/** PSPL parameters given by the caller (`start`, `params`): finite t0 and u0, tE > 0. */
function checkParams(name: string, q: PSPLParams): void {
  const ok = q !== null && typeof q === "object" && Number.isFinite(q.t0) &&
    Number.isFinite(q.u0) && Number.isFinite(q.tE) && q.tE > 0;
  if (!ok) {
    const shown = q && typeof q === "object"
      ? `{ t0: ${q.t0}, u0: ${q.u0}, tE: ${q.tE} }`
      : JSON.stringify(q);
    throw new PSPLOptionError(
      `${name} must have finite t0 and u0 and a tE > 0 [days]; got ${shown}`,
    );
  }
}

/**
 * Fit a PSPL model: global grid over (t0, u0, tE) with fluxes profiled
 * linearly, Marquardt refinement of the best starts in flux space, then (for
 * magnitude χ²) a joint refinement of (t0, u0, tE, fluxes) in magnitudes.
 * u0 ≥ 0 is reported (A depends on u0²). Problems in the data give
 * `status = −1` and a `message`, never an exception.
 *
 * @example
 * ```ts
 * import { fitPSPL, psplMagnification } from "./microlensing.ts";
 * const t = Array.from({ length: 200 }, (_, i) => 2459000 + i);
 * const mag = t.map((x) => 22 - 2.5 * Math.log10(10 * psplMagnification(x, { t0: 2459100, u0: 0.2, tE: 15 }) + 5));
 * const res = fitPSPL({ t, mag, magErr: t.map(() => 0.02) });
 * console.log(res.t0, res.u0, res.tE); // ≈ 2459100, 0.2, 15
 * ```
 */
export function fitPSPL(data: PSPLData, options: PSPLOptions = {}): PSPLResult {
  const blend = options.blend ?? "free";
  if (blend !== "free" && blend !== "zero") {
    throw new PSPLOptionError(`blend must be "free" or "zero"; got ${JSON.stringify(blend)}`);
  }
  const blendZero = blend === "zero";
  const zp = options.zeroPoint ?? 22;
  if (!Number.isFinite(zp)) {
    throw new PSPLOptionError(`zeroPoint must be a finite number; got ${zp}`);
  }
  if (options.start !== undefined) checkParams("start", options.start);
  const maxEvaluations = checkMaxEvaluations(
    options.maxEvaluations,
    (m) => new PSPLOptionError(m),
  );
  const prepared = prepareLightCurve(data, zp, blendZero);
  const space0 = resolveSpace(options.space, data.mag !== undefined);
  if (typeof prepared === "string") return failed(prepared, space0);
  const p = prepared;
  p.notes.push(...magnitudeHint(data));
  const N = p.t.length, nf = blendZero ? 1 : 2, P = 3 + nf * p.bands.length;
  if (p.bands.length === 0 || N <= P) {
    return failed(
      [...p.notes, `not enough points: ${N} usable for ${P} parameters`].join("; "),
      space0,
    );
  }
  const A = new Float64Array(N), grid = options.start ? null : gridData(p);
  const starts = options.start
    ? [options.start]
    : gridStarts(p, (t0, tE, u0s, out) => profiledChi2Grid(grid!, t0, tE, u0s, blendZero, out));
  const flux = fluxProblem(p, blendZero), resid = flux.residual;
  // Starts share work: loose runs, basin pruning, one polish (flux χ²; a magnitude fit is
  // refined in magnitudes next, so it starts from the loose flux optimum).
  const fluxOptions = { lower: LOWER, upper: UPPER, maxEvaluations };
  const fluxHooks = {
    layout: "column" as const,
    jacobian: flux.jacobian,
    normal: flux.normal,
    residualSquares: flux.squares,
  };
  const { best, state } = multiStart(
    resid,
    starts.map((s) => [s.t0, Math.abs(s.u0), s.tE]),
    N,
    { ...fluxOptions, ftol: space0 === "mag" ? 1e-6 : 1e-10 },
    fluxHooks,
    { sameBasin: (x, f) => nearOptimum(x, f, N - 3) },
  );
  if (!best) return failed([...p.notes, "residuals not finite at any start"].join("; "), space0);
  let th: PSPLParams = { t0: best.p[0], u0: best.p[1], tE: best.p[2] };
  let { chi2, fluxes } = fluxChi2(p, th, blendZero, A);
  let cov3 = block3(best.covariance, 3);
  let status = best.status, message = best.message;
  let space = space0;
  if (space0 === "mag") {
    const q0 = [th.t0, th.u0, th.tE, ...fluxes.flatMap((f) => blendZero ? [f.fs] : [f.fs, f.fb])];
    const lower = [...LOWER, ...q0.slice(3).map(() => -Infinity)];
    const upper = [...UPPER, ...q0.slice(3).map(() => Infinity)];
    // The flux optimum is close to the magnitude one: start nearer Gauss–Newton (λ0 = 1e-5).
    const mag = magProblem(p, blendZero);
    const res = solve(mag.residual, q0, N, {
      lower,
      upper,
      maxEvaluations,
      lambda0: 1e-5,
    }, {
      blocks: magBlocks(p, blendZero),
      layout: "column",
      jacobian: mag.jacobian,
      residualSquares: mag.squares,
    });
    if (res.status >= 0) {
      th = { t0: res.p[0], u0: res.p[1], tE: res.p[2] };
      fluxes = p.bands.map((_, b) => ({
        fs: res.p[3 + nf * b],
        fb: blendZero ? 0 : res.p[4 + nf * b],
      }));
      chi2 = res.chi2;
      cov3 = block3(res.covariance, P);
      status = res.status;
      message = res.message;
    } else {
      // Report the flux-space optimum: resume its run to the full tolerance.
      const fine = solve(resid, best.p, N, fluxOptions, {
        ...fluxHooks,
        state: state ?? undefined,
      });
      if (fine.status >= 0 && fine.cost <= best.cost) {
        th = { t0: fine.p[0], u0: fine.p[1], tE: fine.p[2] };
        fluxes = fluxChi2(p, th, blendZero, A).fluxes;
        if (fine.covariance) cov3 = block3(fine.covariance, 3);
        status = fine.status;
        message = fine.message;
      }
      chi2 = magChi2(p, th, fluxes);
      space = "flux";
      p.notes.push("magnitude refinement impossible (model flux ≤ 0): flux-space optimum reported");
    }
  }
  const dof = N - P;
  const rescale = options.rescaleErrors ?? !p.hasErr;
  const f = rescale ? Math.sqrt(chi2 / dof) : 1;
  const cov = cov3.map((row) => row.map((v) => v * f * f));
  const sig = cov.map((row, j) => Math.sqrt(row[j]));
  const notes = [...p.notes];
  if (sig.some((v) => !Number.isFinite(v))) {
    notes.push("covariance singular: some parameters unconstrained");
  }
  if (fluxes.some((fl) => !(fl.fs > 0))) {
    notes.push("source flux ≤ 0 in some band: no brightening fitted");
  }
  const chi2Constant = constantChi2(p, space);
  if (p.hasErr && chi2Constant - chi2 < 25) {
    notes.push(
      `no significant microlensing signal: χ² improves by only ${
        (chi2Constant - chi2).toPrecision(3)
      } over a constant light curve`,
    );
  }
  const zpOut = p.zp, isMag = p.isMag, bands = p.bands;
  return {
    ...th,
    sigma: { t0: sig[0], u0: sig[1], tE: sig[2] },
    covariance: cov,
    fluxes: Object.fromEntries(bands.map((b, i) => [b, fluxes[i]])),
    chi2,
    dof,
    chi2Constant,
    status,
    message: [status > 0 ? `converged (${message})` : message, ...notes].join("; "),
    space,
    bands,
    nPoints: N,
    model: pointwise((t, band) => {
      const bi = fittedBandIndex(bands, band);
      const Fm = fluxes[bi].fs * psplMagnification(t, th) + fluxes[bi].fb;
      return isMag ? zpOut - 2.5 * Math.log10(Fm) : Fm;
    }, ["t", "band"]) as PSPLResult["model"],
  };
}

/** The (t0, u0, tE) block of an n × n covariance (row-major), NaN without one. */
function block3(covariance: Float64Array | null, n: number): number[][] {
  return symmetricBlock(covariance, n, 3);
}

/**
 * Whether x lies within 1σ of the optimum f in every parameter (σ from f's covariance,
 * rescaled by √(χ²/dof) when that exceeds 1): inside the quadratic region of f's basin, where
 * the LM iteration converges to f.
 */
function nearOptimum(x: Float64Array, f: LeastSquaresResult, dof: number): boolean {
  if (!f.covariance) return false;
  const s2 = Math.max(1, f.chi2 / Math.max(1, dof)), n = x.length;
  for (let j = 0; j < n; j++) {
    const sig = Math.sqrt(f.covariance[j * n + j] * s2);
    if (!(Math.abs(x[j] - f.p[j]) <= sig)) return false;
  }
  return true;
}

function failed(message: string, space: "flux" | "mag"): PSPLResult {
  return {
    t0: NaN,
    u0: NaN,
    tE: NaN,
    sigma: { t0: NaN, u0: NaN, tE: NaN },
    covariance: block3(null, 3),
    fluxes: {},
    chi2: NaN,
    dof: 0,
    chi2Constant: NaN,
    status: -1,
    message,
    space,
    bands: [],
    nPoints: 0,
    model: pointwise(() => NaN, ["t", "band"]) as PSPLResult["model"],
  };
}
