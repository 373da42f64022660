/**
 * Error classes of the widgets.
 *
 * @module
 */

/**
 * Raised when the data given to a widget cannot be plotted: a missing column, arrays of
 * different lengths, a wrongly shaped image, a non-positive period.
 *
 * @example
 * ```ts
 * import { WidgetDataError } from "./errors.ts";
 * const err = new WidgetDataError("jd has 3 values but mag has 2; all columns must have the same length");
 * console.assert(err.name === "WidgetDataError");
 * ```
 */
export class WidgetDataError extends TypeError {
  /**
   * Create the error.
   *
   * @param message what is wrong and what is allowed
   */
  constructor(message: string) {
    super(message);
    this.name = "WidgetDataError";
  }
}

/**
 * Raised when a widget must talk to a Jupyter front end but no `Deno.jupyter` is available
 * (the code does not run inside `deno jupyter`) and no `jupyter` option was given.
 *
 * @example
 * ```ts
 * import { NoKernelError } from "./errors.ts";
 * console.assert(new NoKernelError().name === "NoKernelError");
 * ```
 */
export class NoKernelError extends Error {
  /** Create the error (the message explains how to get a kernel). */
  constructor() {
    super(
      "Deno.jupyter is not available: run inside the Deno Jupyter kernel, or pass " +
        "{ jupyter: { broadcast } } to the widget; toSVG() works everywhere",
    );
    this.name = "NoKernelError";
  }
}
