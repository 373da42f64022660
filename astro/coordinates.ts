/**
 * Sky coordinates as Fink's conesearch reads them, angular separations, and
 * the equatorial ↔ Galactic rotation.
 *
 * Parsing rule (Fink `apps/routes/v1/ztf/conesearch/utils.py`): if `ra`
 * contains `h`, both strings are sexagesimal with unit markers
 * (`12h55m17.218s`, `+02d53m50.35s`); else if it contains `:` or a space, ra
 * is in hours and dec in degrees (`12:55:17.218`, `+02 53 50.35`); else both
 * are degrees, decimal (`193.822`) or with d/m/s markers (`193d49m18.27s`).
 * RA is wrapped into [0, 360) like astropy's `Longitude`; dec must lie in
 * [−90, 90].
 *
 * @module
 */

import { BadRequestError } from "./errors.ts";

const DEG = Math.PI / 180;

/** A position in degrees. */
export interface SkyPosition {
  /** Right ascension in [0, 360) degrees. */
  ra: number;
  /** Declination in [−90, 90] degrees. */
  dec: number;
}

const NUMBER = String.raw`\d+(?:\.\d*)?|\.\d+`;
const MARKED = new RegExp(
  String.raw`^(${NUMBER})\s*([hd°])(?:\s*(${NUMBER})\s*[m'′](?:\s*(${NUMBER})\s*[s"″]?)?)?$`,
);
const SEXA = new RegExp(String.raw`^(${NUMBER})(?:[: ]+(${NUMBER})(?:[: ]+(${NUMBER}))?)?$`);
const PLAIN = new RegExp(String.raw`^(?:${NUMBER})(?:[eE][+-]?\d+)?$`);

/**
 * astropy's message for an angle it cannot parse, which Fink's conesearch
 * answers: the first character its lexer has no token for, else a syntax
 * error (`'12abc'` → col 2; `''` and `'1.2.3'` → syntax error).
 */
function astropyAngleError(input: string): string {
  const bad = /[^0-9+\-−.:\s hdms°'"′″]/.exec(input);
  return bad
    ? `Invalid character at col ${bad.index} parsing angle '${input}'`
    : `syntax error parsing angle '${input}'`;
}

/**
 * Parse one angle; `defaultUnit` applies to unmarked values. Returns degrees.
 * Throws `BadRequestError` naming `parameter` on malformed input.
 */
function parseAngle(
  parameter: "ra" | "dec",
  input: string,
  defaultUnit: "hour" | "deg",
): number {
  const text = input.trim();
  const bad = () =>
    new BadRequestError(
      parameter,
      input,
      parameter === "ra"
        ? "allowed: degrees (193.822), 12h55m17.218s, 12 55 17.218, 12:55:17.218 or 193d49m18.27s"
        : "allowed: degrees (2.897), +02d53m50.35s, +02 53 50.35 or 02:53:50.35",
      { fink: astropyAngleError(input) },
    );
  const m0 = /^([+-]?)\s*(.*)$/.exec(text)!;
  const sign = m0[1] === "-" ? -1 : 1;
  const body = m0[2];
  let unit = defaultUnit;
  let parts: string[] | undefined;
  const marked = MARKED.exec(body);
  if (marked) {
    unit = marked[2] === "h" ? "hour" : "deg";
    parts = [marked[1], marked[3], marked[4]];
  } else if (PLAIN.test(body)) {
    parts = [body];
  } else {
    const sexa = SEXA.exec(body);
    if (sexa) parts = [sexa[1], sexa[2], sexa[3]];
  }
  if (!parts || body === "") throw bad();
  const [a, m = "0", s = "0"] = parts.map((p) => p ?? "0");
  const [va, vm, vs] = [Number(a), Number(m), Number(s)];
  if (parts.length > 1 && (vm >= 60 || vs >= 60) && (parts[1] || parts[2])) {
    throw new BadRequestError(parameter, input, "minutes and seconds must be below 60");
  }
  const value = va + vm / 60 + vs / 3600;
  if (!Number.isFinite(value)) throw bad();
  return sign * value * (unit === "hour" ? 15 : 1);
}

/**
 * Parse a position given as numbers or strings in any form Fink's conesearch
 * accepts; returns degrees (ra wrapped into [0, 360)).
 *
 * @example
 * ```ts
 * import { parseCoordinates } from "./coordinates.ts";
 * parseCoordinates("12h55m17.218s", "+02d53m50.35s"); // { ra: 193.8217416…, dec: 2.8973194… }
 * parseCoordinates(193.822, 2.897); // { ra: 193.822, dec: 2.897 }
 * ```
 */
export function parseCoordinates(ra: number | string, dec: number | string): SkyPosition {
  let raDeg: number;
  let decDeg: number;
  if (typeof ra === "number" || typeof dec === "number") {
    raDeg = typeof ra === "number" ? ra : parseAngle("ra", String(ra), "deg");
    decDeg = typeof dec === "number" ? dec : parseAngle("dec", String(dec), "deg");
  } else if (typeof ra === "string" && typeof dec === "string") {
    if (ra.includes("h")) {
      raDeg = parseAngle("ra", ra, "hour");
      decDeg = parseAngle("dec", dec, "deg");
    } else if (ra.includes(":") || ra.trim().includes(" ")) {
      raDeg = parseAngle("ra", ra, "hour");
      decDeg = parseAngle("dec", dec, "deg");
    } else {
      raDeg = parseAngle("ra", ra, "deg");
      decDeg = parseAngle("dec", dec, "deg");
    }
  } else {
    throw new BadRequestError("ra", ra, "allowed: a number or a string");
  }
  if (!Number.isFinite(raDeg)) throw new BadRequestError("ra", ra, "allowed: a finite angle");
  if (!(decDeg >= -90 && decDeg <= 90)) {
    throw new BadRequestError("dec", dec, "allowed: declination from -90 to 90 degrees", {
      // astropy's message (Fink's `/conesearch` answers it).
      fink: `Latitude angle(s) must be within -90 deg <= angle <= 90 deg, got ${
        pythonFloat(decDeg)
      } deg`,
    });
  }
  return { ra: wrap360(raDeg), dec: decDeg };
}

/** Python's `repr()` of a float: `95.0`, `-95.5`, `1e+20`, `nan`. */
function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e16 || a < 1e-4)) {
    const [m, e] = x.toExponential().split("e");
    return `${m}e${e[0]}${e.slice(1).padStart(2, "0")}`;
  }
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** Wrap an angle in degrees into [0, 360). */
function wrap360(x: number): number {
  const w = x % 360;
  const r = w < 0 ? w + 360 : w;
  return r === 360 ? 0 : r;
}

/**
 * Great-circle distance in degrees between two positions (degrees), with the
 * Vincenty formula astropy uses: accurate at tiny and near-antipodal angles.
 *
 * @example
 * ```ts
 * import { angularSeparation } from "./coordinates.ts";
 * angularSeparation(10, 20, 10, 20.001) * 3600; // 3.6 arcsec
 * ```
 */
export function angularSeparation(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const dl = (ra2 - ra1) * DEG;
  const p1 = dec1 * DEG;
  const p2 = dec2 * DEG;
  const sdl = Math.sin(dl), cdl = Math.cos(dl);
  const s1 = Math.sin(p1), c1 = Math.cos(p1);
  const s2 = Math.sin(p2), c2 = Math.cos(p2);
  const num1 = c2 * sdl;
  const num2 = c1 * s2 - s1 * c2 * cdl;
  const denom = s1 * s2 + c1 * c2 * cdl;
  return Math.atan2(Math.hypot(num1, num2), denom) / DEG;
}

/** Options of {@link formatSexagesimal}. */
export interface SexagesimalOptions {
  /** `"hour"` (angle / 15, RA style) or `"deg"` (default). */
  unit?: "hour" | "deg";
  /** `":"` (default), `" "`, or `"hms"` for unit letters (`12h55m17.218s`, `+02d53m50.35s`). */
  separator?: ":" | " " | "hms";
  /** Decimals of the seconds; default 3 for hours, 2 for degrees. */
  precision?: number;
  /** Always print a sign (default: true for degrees, false for hours). */
  alwaysSign?: boolean;
}

/**
 * Format an angle in degrees as sexagesimal text, rounding with carries
 * (59.9996 s → next minute).
 *
 * @example
 * ```ts
 * import { formatSexagesimal } from "./coordinates.ts";
 * formatSexagesimal(193.82174166666667, { unit: "hour", separator: "hms" }); // "12h55m17.218s"
 * formatSexagesimal(2.8973194444444443, { separator: "hms" }); // "+02d53m50.35s"
 * ```
 */
export function formatSexagesimal(angleDeg: number, options: SexagesimalOptions = {}): string {
  const { unit = "deg", separator = ":" } = options;
  const precision = options.precision ?? (unit === "hour" ? 3 : 2);
  const alwaysSign = options.alwaysSign ?? unit === "deg";
  if (!Number.isFinite(angleDeg)) {
    throw new BadRequestError("angle", angleDeg, "allowed: a finite angle in degrees");
  }
  const value = Math.abs(unit === "hour" ? angleDeg / 15 : angleDeg);
  const scale = 10 ** precision;
  const total = Math.round(value * 3600 * scale);
  const units = Math.floor(total / (3600 * scale));
  const minutes = Math.floor((total % (3600 * scale)) / (60 * scale));
  const seconds = (total % (60 * scale)) / scale;
  const sign = angleDeg < 0 && total !== 0 ? "-" : alwaysSign ? "+" : "";
  const sec = seconds.toFixed(precision).padStart(precision > 0 ? precision + 3 : 2, "0");
  const [a, b, c] = separator === "hms"
    ? unit === "hour" ? ["h", "m", "s"] : ["d", "m", "s"]
    : [separator, separator, ""];
  return `${sign}${String(units).padStart(2, "0")}${a}${
    String(minutes).padStart(2, "0")
  }${b}${sec}${c}`;
}

// Galactic pole and longitude of the celestial pole (J2000, as astropy's FK5 definition).
const NGP_RA = 192.8594812065348 * DEG;
const NGP_DEC = 27.12825118085622 * DEG;
const L_NCP = 122.9319185680026 * DEG;
/** Rotation equatorial (J2000) → Galactic: rows are the Galactic x, y, z axes. */
const GAL = (() => {
  // z axis: Galactic north pole; x axis: towards l = 0 (from the NCP longitude).
  const z = [
    Math.cos(NGP_DEC) * Math.cos(NGP_RA),
    Math.cos(NGP_DEC) * Math.sin(NGP_RA),
    Math.sin(NGP_DEC),
  ];
  const ncp = [0, 0, 1];
  // Direction of l = L_NCP, b = 0 is the NCP projected on the Galactic plane.
  const d = ncp[2] * z[2];
  const yl = [ncp[0] - d * z[0], ncp[1] - d * z[1], ncp[2] - d * z[2]];
  const n = Math.hypot(yl[0], yl[1], yl[2]);
  const u = yl.map((v) => v / n); // unit vector at l = L_NCP
  const w = [z[1] * u[2] - z[2] * u[1], z[2] * u[0] - z[0] * u[2], z[0] * u[1] - z[1] * u[0]];
  // u = cos(L)·x + sin(L)·y and w = z × u = −sin(L)·x + cos(L)·y, so x = cos(L)·u − sin(L)·w.
  const c = Math.cos(L_NCP), s = Math.sin(L_NCP);
  const x = [c * u[0] - s * w[0], c * u[1] - s * w[1], c * u[2] - s * w[2]];
  const y = [z[1] * x[2] - z[2] * x[1], z[2] * x[0] - z[0] * x[2], z[0] * x[1] - z[1] * x[0]];
  return [x, y, z];
})();

function rotate(m: number[][], lon: number, lat: number, transpose: boolean): [number, number] {
  const v = [
    Math.cos(lat * DEG) * Math.cos(lon * DEG),
    Math.cos(lat * DEG) * Math.sin(lon * DEG),
    Math.sin(lat * DEG),
  ];
  const r = [0, 1, 2].map((i) =>
    transpose
      ? m[0][i] * v[0] + m[1][i] * v[1] + m[2][i] * v[2]
      : m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2]
  );
  return [wrap360(Math.atan2(r[1], r[0]) / DEG), Math.asin(Math.max(-1, Math.min(1, r[2]))) / DEG];
}

/**
 * Equatorial (ICRS/J2000, degrees) → Galactic `{ l, b }` in degrees (astropy's
 * definition from the FK5 pole; ICRS/FK5 frame bias of ~0.02″ neglected).
 *
 * @example
 * ```ts
 * import { equatorialToGalactic } from "./coordinates.ts";
 * equatorialToGalactic(266.40499, -28.93617); // { l: ≈0, b: ≈0 } (Galactic centre)
 * ```
 */
export function equatorialToGalactic(ra: number, dec: number): { l: number; b: number } {
  const [l, b] = rotate(GAL, ra, dec, false);
  return { l, b };
}

/**
 * Galactic `{ l, b }` (degrees) → equatorial `{ ra, dec }` in degrees, e.g. to
 * draw the Galactic plane (b = 0) on a sky map.
 *
 * @example
 * ```ts
 * import { galacticToEquatorial } from "./coordinates.ts";
 * galacticToEquatorial(0, 90); // { ra: ≈192.859, dec: ≈27.128 } (Galactic north pole)
 * ```
 */
export function galacticToEquatorial(l: number, b: number): SkyPosition {
  const [ra, dec] = rotate(GAL, l, b, true);
  return { ra, dec };
}
