/**
 * The hooks of the least-squares core (`solve` in solver.ts) for multi-start
 * drivers and structured problems: block sparsity and layout of the Jacobian,
 * a lazy Jacobian, residual functions that also return their cost sum or form
 * the normal equations themselves (the Jacobian is then never stored), a stop
 * test after every accepted step and the damping state carried between runs.
 *
 * @module
 */
import type { JacobianBlocks } from "./normal.ts";

/** Status of a run ended by {@link SolverHooks.stop}. */
export const STOPPED = 5;

/** Marquardt damping λ and scaling diagonal D of a run. */
export interface SolverState {
  /** Damping λ. */
  lambda: number;
  /** Running maximum of diag(JᵀJ); `null` before a run. */
  D: Float64Array | null;
}

/**
 * Fused normal equations: JᵀJ into `H` (n×n, full) and Jᵀr into `g` of the
 * Jacobian at `p`, rows scaled by `scale` (none when `null`), without storing J.
 */
export type FusedNormal = (
  p: Float64Array,
  scale: Float64Array | null,
  r: Float64Array,
  H: Float64Array,
  g: Float64Array,
) => void;

/** Hooks of `solve` for multi-start drivers and structured problems. */
export interface SolverHooks {
  /** Sparsity of the Jacobian; default dense. */
  blocks?: JacobianBlocks;
  /**
   * `"column"`: the residual function fills the Jacobian column-major
   * (`jacobian[j * m + i]`), so the normal equations stream contiguous columns;
   * the result's `jacobian` is then column-major too. Default `"row"`.
   */
  layout?: "row" | "column";
  /**
   * The residual function guarantees a finite Jacobian wherever the residuals are finite
   * (a non-finite cost already rejects a step), so the solver skips its scan of J.
   */
  finiteJacobian?: boolean;
  /**
   * Lazy Jacobian: the residual function is then called without a Jacobian, and this fills
   * it at the point of the last residual call, only when the solver needs it (at the start
   * and after an accepted step), so rejected trial points cost the residuals alone. Implies
   * `finiteJacobian`.
   */
  jacobian?: (p: Float64Array, jacobian: Float64Array) => void;
  /**
   * Residuals at p into `r`, returning Σ rᵢ² summed in index order from 0 (the solver's own
   * sum, so the same cost): used instead of the residual function for the linear loss with
   * `fScale` 1 and no weights, when the Jacobian is lazy, fused or `finiteJacobian`.
   */
  residualSquares?: (p: Float64Array, r: Float64Array) => number;
  /**
   * Fused normal equations: JᵀJ into `H` (n×n, full) and Jᵀr into `g` of the Jacobian at p —
   * the point of the last residual call — with row i scaled by `scale[i]` (none when `null`),
   * `r` being the loss-scaled residuals. The Jacobian is then never stored (the result's
   * `jacobian` is empty) and the residual function is called without one. Ignored with
   * `weights` or a finite-difference Jacobian.
   */
  normal?: FusedNormal;
  /**
   * Called after each accepted step that did not converge; returning `true`
   * ends the run with status {@link STOPPED} (the caller discards it).
   */
  stop?: (x: Float64Array, cost: number) => boolean;
  /**
   * Damping state carried between runs: read at the start when `D` is set (so a run
   * resumed from another's final `p` continues exactly as that run would have), written
   * at the end.
   */
  state?: SolverState;
}
