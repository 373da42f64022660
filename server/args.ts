/**
 * A request's parameters as Fink reads them: the query string when it has
 * any, else the JSON body (or form fields). Values keep their JSON types
 * (`true`, `10`) or are strings (query string, form); flags and numbers are
 * read with Fink's rules (`str(value) == "True"`).
 *
 * @module
 */
import { errorBody, pyStr } from "./python.ts";

/** An HTTP error with the exact body to send. */
export class HttpError extends Error {
  /** `status` and the `body` to send as `contentType`. */
  constructor(
    readonly status: number,
    readonly body: string,
    readonly contentType = "text/plain; charset=utf-8",
  ) {
    super(body);
    this.name = "HttpError";
  }
}

/** A request's parameters. */
export class Args {
  /** Wrap a payload (parameter name → value). */
  constructor(readonly payload: Readonly<Record<string, unknown>>) {}

  /** Is the parameter present (with any value, even empty)? */
  has(name: string): boolean {
    return Object.hasOwn(this.payload, name);
  }

  /** The value as sent (string, number, boolean, File, …), or `undefined`. */
  raw(name: string): unknown {
    return this.has(name) ? this.payload[name] : undefined;
  }

  /** The value as Python's `str()` would print it, or `undefined` when absent. */
  str(name: string): string | undefined {
    return this.has(name) ? pyStr(this.payload[name]) : undefined;
  }

  /** Fink's flag test: `str(value) == "True"` (so a query-string `true` is false). */
  flag(name: string): boolean {
    return this.str(name) === "True";
  }

  /** Fink's `is True` test: only a JSON `true` counts (resolver's `reverse`). */
  jsonTrue(name: string): boolean {
    return this.raw(name) === true;
  }

  /** A number (integer when `integer`), or `undefined` when absent; 400 when not a number. */
  num(name: string, integer = false): number | undefined {
    const s = this.str(name);
    if (s === undefined || s.trim() === "") return undefined;
    const x = Number(s);
    if (!Number.isFinite(x) || (integer && !Number.isInteger(x))) {
      throw badValue(name, s, integer ? "an integer" : "a number");
    }
    return x;
  }
}

/** A 400 in Fink's error layout for a value finkit cannot use. */
export function badValue(name: string, value: string, allowed: string): HttpError {
  return new HttpError(400, errorBody(`\`${name}\` must be ${allowed}, not ${value}.\n`));
}

/** The 504 of a query that took longer than `timeoutMs`. */
export function timeoutError(timeoutMs: number): HttpError {
  return new HttpError(
    504,
    errorBody(`The query took longer than ${timeoutMs / 1000} s and was stopped.\n`),
  );
}
