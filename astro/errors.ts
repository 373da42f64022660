/**
 * Error classes of finkit. Every error a user can meet is one of these, with a
 * message that names the bad value and what is allowed.
 *
 * @module
 */

/** Base class of every finkit error. */
export class FinkError extends Error {
  /** Build an error with a message. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FinkError";
  }
}

/**
 * A request parameter has a value Fink would reject (HTTP 400 in Fink's REST
 * API): the message names the parameter, the bad value and what is allowed.
 *
 * @example
 * ```ts
 * import { BadRequestError } from "./errors.ts";
 * const err = new BadRequestError("radius", 36000, "at most 18,000 arcseconds (5 degrees)");
 * console.log(err.message);
 * ```
 */
export class BadRequestError extends FinkError {
  /** Fink's own message for this error, word for word, where Fink has one (the REST body). */
  readonly fink?: string;
  /**
   * Build an error for `parameter` having `value`; `allowed` says what is
   * allowed; `options.fink` is Fink's exact message for the same error.
   */
  constructor(
    readonly parameter: string,
    readonly value: unknown,
    allowed: string,
    options?: ErrorOptions & { fink?: string },
  ) {
    super(`Bad value for \`${parameter}\`: ${formatValue(value)}; ${allowed}`, options);
    this.name = "BadRequestError";
    this.fink = options?.fink;
  }
}

/**
 * A file could not be read as alerts: names the file and, where known, the
 * index of the bad record.
 *
 * @example
 * ```ts
 * import { AlertFileError } from "./errors.ts";
 * const e = new AlertFileError("alerts.avro", 3, "truncated block");
 * console.log(e.message); // alerts.avro (record 3): truncated block
 * ```
 */
export class AlertFileError extends FinkError {
  /** Build an error for `file` at record `recordIndex` (or `undefined` for the whole file). */
  constructor(
    readonly file: string,
    readonly recordIndex: number | undefined,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `${file}${recordIndex === undefined ? "" : ` (record ${recordIndex})`}: ${reason}`,
      options,
    );
    this.name = "AlertFileError";
  }
}

/** Render a user value for an error message. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
