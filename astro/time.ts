/**
 * Dates as Fink handles them: Julian Dates (UTC, leap seconds ignored, like
 * astropy's `Time(jd, format="jd").iso` away from leap-second days), ISO
 * strings, Fink's `isoify_time` rule for user input, and Java's
 * `Double.toString` used to build HBase rowkeys.
 *
 * @module
 */

import { BadRequestError } from "./errors.ts";

/** JD of the Unix epoch 1970-01-01T00:00:00 UTC. */
const JD_UNIX_EPOCH = 2440587.5;
/**
 * JD − MJD.
 *
 * @example
 * ```ts
 * import { MJD_OFFSET } from "./time.ts";
 * const jd = 59521 + MJD_OFFSET; // 2459521.5
 * ```
 */
export const MJD_OFFSET: number = 2400000.5;

/** Julian Day Number (at noon) of a proleptic Gregorian date. */
function dayNumber(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) +
    Math.floor(y / 400) - 32045;
}

/** Proleptic Gregorian date of a Julian Day Number. */
function civilDate(jdn: number): [number, number, number] {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor(146097 * b / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor(1461 * d / 4);
  const m = Math.floor((5 * e + 2) / 153);
  const day = e - Math.floor((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * Math.floor(m / 10);
  const year = 100 * b + d - 4800 + Math.floor(m / 10);
  return [year, month, day];
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * Julian Date → `"YYYY-MM-DD hh:mm:ss.sss"` (UTC, millisecond rounding),
 * like astropy `Time(jd, format="jd").iso` (Fink's `v:lastdate`). Every day has
 * 86 400 s: on a leap-second day astropy may differ by up to one second.
 *
 * @example
 * ```ts
 * import { jdToIso } from "./time.ts";
 * jdToIso(2458788.5); // "2019-11-01 00:00:00.000"
 * ```
 */
export function jdToIso(jd: number): string {
  if (!Number.isFinite(jd)) throw new BadRequestError("jd", jd, "allowed: a finite Julian Date");
  // Split at the preceding midnight; the subtraction is exact (Sterbenz).
  const midnight = Math.floor(jd - 0.5) + 0.5;
  let ms = Math.round((jd - midnight) * 86400000);
  let jdn = midnight + 0.5;
  if (ms >= 86400000) {
    ms -= 86400000;
    jdn += 1;
  }
  const [y, mo, d] = civilDate(jdn);
  const h = Math.floor(ms / 3600000);
  const mi = Math.floor((ms % 3600000) / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?)?$/;

/**
 * ISO date or date-time (`2021-11-03`, `2021-11-03 10:00:00`,
 * `2021-11-03T10:00:00.123456`, UTC) → Julian Date, as astropy `Time(s).jd`
 * (fractional seconds kept to the microsecond and beyond).
 *
 * @example
 * ```ts
 * import { isoToJd } from "./time.ts";
 * isoToJd("2019-11-01"); // 2458788.5
 * ```
 */
export function isoToJd(iso: string): number {
  const m = ISO.exec(iso.trim());
  if (!m) {
    throw new BadRequestError(
      "date",
      iso,
      "allowed: YYYY-MM-DD, YYYY-MM-DD hh:mm[:ss[.sss]] or YYYY-MM-DDThh:mm[:ss[.sss]]",
    );
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const monthDays = [31, 28 + (leap(year) ? 1 : 0), 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > monthDays[month - 1]) {
    throw new BadRequestError("date", iso, "the day does not exist in the calendar");
  }
  if (h > 23 || mi > 59 || s >= 61) {
    throw new BadRequestError("date", iso, "allowed: hours 0-23, minutes 0-59, seconds < 61");
  }
  const midnight = dayNumber(year, month, day) - 0.5;
  return midnight + (60 * (60 * h + mi) + s) / 86400;
}

function leap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * A user date as Fink's `isoify_time`: a number or numeric string is a JD when
 * `value // 2400000` is non-zero, else an MJD; other strings must be ISO dates.
 * Returns both the JD and the ISO form.
 *
 * @example
 * ```ts
 * import { parseDate } from "./time.ts";
 * parseDate("2021-11-03").jd; // 2459521.5
 * parseDate(59521).iso; // "2021-11-03 00:00:00.000"
 * ```
 */
export function parseDate(value: string | number): { jd: number; iso: string } {
  let num: number | undefined;
  if (typeof value === "number") num = value;
  else if (typeof value === "string") {
    const t = value.trim();
    if (t !== "" && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) num = Number(t);
  } else {
    throw new BadRequestError("date", value, "allowed: an ISO date string, a JD or an MJD");
  }
  if (num !== undefined) {
    if (!Number.isFinite(num)) {
      throw new BadRequestError("date", value, "allowed: a finite JD or MJD");
    }
    const jd = Math.floor(num / 2400000) !== 0 ? num : num + MJD_OFFSET;
    return { jd, iso: jdToIso(jd) };
  }
  const jd = isoToJd(value as string);
  return { jd, iso: jdToIso(jd) };
}

/**
 * The current time as a Julian Date (UTC), like astropy `Time.now().jd`.
 *
 * @example
 * ```ts
 * import { nowJd } from "./time.ts";
 * nowJd() > 2460000; // true
 * ```
 */
export function nowJd(): number {
  return Date.now() / 86400000 + JD_UNIX_EPOCH;
}

/**
 * Milliseconds since 1970-01-01 UTC of a Julian Date, rounded to the nearest
 * millisecond (the day is split at midnight first, so no precision is lost).
 *
 * @example
 * ```ts
 * import { jdToUnixMs } from "./time.ts";
 * jdToUnixMs(2440588.0); // 43200000 (1970-01-01 12:00 UTC)
 * ```
 */
export function jdToUnixMs(jd: number): number {
  const midnight = Math.floor(jd - 0.5) + 0.5;
  return (midnight - JD_UNIX_EPOCH) * 86400000 + Math.round((jd - midnight) * 86400000);
}

/**
 * Java's `Double.toString(x)` (JDK ≥ 19 shortest-digit algorithm), as Spark
 * casts doubles to strings in Fink's rowkeys: decimal notation with at least
 * one fractional digit for 1e-3 ≤ |x| < 1e7 (`2459000.0`), otherwise
 * `d.dddE±n` (`1.0E7`, `1.234E-5`); `NaN`, `Infinity`, `-0.0` as Java.
 *
 * @example
 * ```ts
 * import { javaDoubleToString } from "./time.ts";
 * javaDoubleToString(2459000); // "2459000.0"
 * javaDoubleToString(2459795.8062153); // "2459795.8062153"
 * ```
 */
export function javaDoubleToString(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e7) {
    // Fast path (every JD): JS prints the same shortest digits in plain decimal here.
    const s = String(x);
    return s.includes(".") ? s : `${s}.0`;
  }
  // Shortest round-trip digits and decimal exponent from toExponential().
  let [mant, expText] = a.toExponential().split("e");
  if (mant.length === 1) {
    // Java picks the 2-digit decimal closest to x when 1 digit suffices (4.9E-324).
    const two = a.toExponential(1);
    if (Number(two) === a) [mant, expText] = two.split("e");
  }
  const digits = mant.replace(".", "").replace(/0$/, "") || "0";
  const exp = Number(expText);
  if (a >= 1e-3 && a < 1e7) {
    if (exp >= 0) {
      const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1) || "0";
      return `${sign}${intPart}.${frac}`;
    }
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || "0"}E${exp}`;
}
