/**
 * Multi-start least squares that shares work between the starts: every start
 * is first run to a loose cost tolerance, a start whose iterate enters the
 * basin of an optimum already found is stopped there (it would only reach
 * that optimum again), and only the best loose run is then resumed (same
 * damping state, so the same iterates) to the full tolerance. Same optimum as
 * running every start to convergence and keeping the lowest cost, for a
 * fraction of the evaluations.
 *
 * @module
 */
import type { LeastSquaresOptions, LeastSquaresResult, ResidualFunction } from "./lm.ts";
import { solve, type SolverHooks, type SolverState, STOPPED } from "./lm/solver.ts";

/** Options of {@link multiStart}. */
export interface MultiStartOptions {
  /** Relative cost tolerance of the exploration runs. Default 1e-6. */
  looseFtol?: number;
  /**
   * A later start replaces the best so far only if its (loose) cost is lower by more than this
   * fraction. Default 1e-12; raise it above the loose tolerance when starts that reach the
   * same optimum (or an exactly degenerate one) should keep the earliest.
   */
  tie?: number;
  /**
   * Resume every loose run whose cost is within this fraction of the lowest one (not only
   * the best) and keep the lowest full-tolerance cost, earliest first at 1e-12: the choice
   * the full runs would have made when loose costs are too close to tell. Default 0 (only
   * the best is resumed).
   */
  polishBand?: number;
  /**
   * Whether the iterate `x` of a later start has entered the basin of the (loose)
   * optimum `found`; default: never (every start runs to its loose optimum).
   */
  sameBasin?: (x: Float64Array, found: LeastSquaresResult) => boolean;
}

/** Outcome of {@link multiStart}: the polished best run, or `null` if no start was usable. */
export interface MultiStartResult {
  /** The polished best run (`null` if every start failed). */
  best: LeastSquaresResult | null;
  /** Residual evaluations over all starts and the polish. */
  evaluations: number;
  /** Starts stopped because they joined a basin already found. */
  pruned: number;
  /** Damping state at the end of `best`, to resume it (e.g. to a tighter tolerance). */
  state: SolverState | null;
}

/**
 * Run `fn` from every start of `starts` (see the module doc) and return the best optimum.
 *
 * @example
 * ```ts
 * import { multiStart } from "./multistart.ts";
 * // r = (x² − 4): minima at x = ±2
 * const { best } = multiStart((p, r, J) => {
 *   r[0] = p[0] * p[0] - 4;
 *   if (J) J[0] = 2 * p[0];
 * }, [[1], [3], [-1]], 1);
 * console.log(best?.p[0]); // 2 (the first start's basin; −2 fits equally well)
 * ```
 */
export function multiStart(
  fn: ResidualFunction,
  starts: ArrayLike<number>[],
  m: number,
  options: LeastSquaresOptions = {},
  hooks: SolverHooks = {},
  multi: MultiStartOptions = {},
): MultiStartResult {
  const ftol = options.ftol ?? 1e-10;
  // A single start has nothing to share: it runs at the full tolerance directly.
  const looseFtol = starts.length > 1 ? Math.max(ftol, multi.looseFtol ?? 1e-6) : ftol;
  const loose = { ...options, ftol: looseFtol };
  const found: LeastSquaresResult[] = [];
  const sameBasin = multi.sameBasin, tie = multi.tie ?? 1e-12;
  const stop = sameBasin && starts.length > 1
    ? (x: Float64Array) => found.some((f) => sameBasin(x, f))
    : undefined;
  let best: LeastSquaresResult | null = null, evaluations = 0, pruned = 0;
  const states = new Map<LeastSquaresResult, SolverState>();
  for (const p0 of starts) {
    const state: SolverState = { lambda: 0, D: null };
    const r = solve(fn, p0, m, loose, { ...hooks, stop, state });
    states.set(r, state);
    evaluations += r.evaluations;
    if (r.status === STOPPED) {
      pruned++;
      continue;
    }
    if (r.status < 0) continue;
    found.push(r);
    // A later start must win by more than `tie` (and 1e-20 absolute: with noise-free data
    // every start reaches a cost of ~1e-30 and the first one is kept).
    if (!best || r.cost < best.cost * (1 - tie) - 1e-20) best = r;
  }
  if (!best) return { best, evaluations, pruned, state: null };
  const band = multi.polishBand ?? 0;
  if (loose.ftol > ftol && band > 0) {
    const limit = best.cost * (1 + band) + 1e-20;
    let winner: LeastSquaresResult | null = null, winnerState: SolverState | null = null;
    for (const r of found) {
      if (r.cost > limit) continue;
      const state = states.get(r)!;
      let fine = r;
      if (r.status !== 0) {
        const f = solve(fn, r.p, m, options, { ...hooks, state });
        evaluations += f.evaluations;
        if (f.status >= 0 && f.cost <= r.cost) fine = f;
      }
      if (!winner || fine.cost < winner.cost * (1 - 1e-12) - 1e-20) {
        winner = fine, winnerState = state;
      }
    }
    return { best: winner, evaluations, pruned, state: winnerState };
  }
  if (loose.ftol > ftol && best.status !== 0) {
    // Resume the winner at the full tolerance, with its damping state: the same iterates
    // as if it had run at the full tolerance from the start.
    const state = states.get(best)!;
    const fine = solve(fn, best.p, m, options, { ...hooks, state });
    evaluations += fine.evaluations;
    if (fine.status >= 0 && fine.cost <= best.cost) best = fine;
    return { best, evaluations, pruned, state };
  }
  return { best, evaluations, pruned, state: states.get(best) ?? null };
}
