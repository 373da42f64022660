/**
 * Parameter handling shared by the query methods: column lists, dates,
 * limits — with Fink's defaults and typed errors for bad values.
 *
 * @module
 */
import { BadRequestError } from "../../astro/errors.ts";
import { javaDoubleToString, nowJd, parseDate } from "../../astro/time.ts";
import { prefixStop } from "../store/store.ts";

/** Fink's cap on rows returned per object (`NLIMIT`). */
export const NLIMIT = 10_000;

/** JD of 2019-11-01 00:00:00, Fink's default start date. */
export const FINK_START_JD = 2458788.5;

/**
 * Columns to read: `undefined`/`"*"` → every column; a comma-separated string
 * or an array of `family:column` names otherwise (spaces removed, or only
 * trimmed with `innerSpaces` for names that have them, like class counts).
 */
export function parseColumns(
  columns: string | string[] | undefined,
  { innerSpaces = false } = {},
): string[] | undefined {
  if (columns === undefined) return undefined;
  const list = (Array.isArray(columns) ? columns : columns.split(","))
    .map((c) => (innerSpaces ? c.trim() : c.replaceAll(" ", "")))
    .filter((c) => c !== "");
  if (list.length === 0 || list.includes("*")) return undefined;
  for (const c of list) {
    if (!/^[A-Za-z]+:.+$/.test(c)) {
      throw new BadRequestError("columns", c, "columns are `family:name`, e.g. `i:jd,i:magpsf`");
    }
  }
  return list;
}

/** A list of ids from a string (comma-separated) or an array. */
export function parseIdList(name: string, value: string | string[] | undefined): string[] {
  const list = (Array.isArray(value) ? value : String(value ?? "").split(","))
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (list.length === 0) {
    throw new BadRequestError(name, value ?? null, `a value for \`${name}\` is required`);
  }
  return list;
}

/** A JD from a date parameter (ISO string, JD or MJD number), or `fallback`. */
export function dateParam(
  name: string,
  value: string | number | undefined,
  fallback: number,
): number {
  if (value === undefined || value === null || value === "") return fallback;
  try {
    return parseDate(value).jd;
  } catch (e) {
    throw new BadRequestError(
      name,
      value,
      "dates are ISO (`2021-11-03`, `2021-11-03 10:00:00`), JD or MJD",
      { cause: e },
    );
  }
}

/** The current JD (a function so tests can rely on it being now). */
export function nowJulian(): number {
  return nowJd();
}

/** A positive integer parameter. */
export function countParam(
  name: string,
  value: number | string | undefined,
  fallback: number,
): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new BadRequestError(name, value, "a non-negative integer is required");
  }
  return n;
}

/**
 * Fink's range scan between `{prefix}{jdStart}` and `{prefix}{jdStop}` with
 * the stop key inclusive of every key that starts with it (`MultiRowRangeFilter`
 * with the last byte of the stop key incremented).
 */
export function jdRange(prefix: string, jdStart: number, jdStop: number, suffix = ""): {
  startRow: string;
  stopRow: string;
} {
  const lo = `${prefix}${javaDoubleToString(Math.min(jdStart, jdStop))}${suffix}`;
  const hi = `${prefix}${javaDoubleToString(Math.max(jdStart, jdStop))}${suffix}`;
  const stop = prefixStop(new TextEncoder().encode(hi));
  return { startRow: lo, stopRow: stop ? new TextDecoder().decode(stop) : hi };
}

/** Largest cone radius Fink accepts, arcseconds (5 degrees). */
export const MAX_RADIUS_ARCSEC = 18_000;

/** A cone radius in arcseconds: required, ≥ 0 and at most 18,000″ (Fink's limit). */
export function radiusParam(value: number | string | undefined): number {
  const radius = Number(value);
  if (value === undefined || value === "" || !Number.isFinite(radius) || radius < 0) {
    throw new BadRequestError("radius", value ?? null, "a radius in arcseconds ≥ 0 is required");
  }
  if (radius > MAX_RADIUS_ARCSEC) {
    throw new BadRequestError(
      "radius",
      value,
      "`radius` cannot be bigger than 18,000 arcseconds (5 degrees)",
    );
  }
  return radius;
}
