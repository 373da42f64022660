/**
 * The IAU constellation containing a position, as astropy's
 * `get_constellation` (what Fink stores in `v:constellation`): the J2000
 * (ICRS) position is moved to the mean equator and equinox of B1875, where
 * the boundaries of Delporte (1930) are lines of constant RA and Dec, then
 * looked up in the table of Roman (1987, CDS VI/42).
 *
 * Like astropy (`PrecessedGeocentric(equinox="B1875")`, obstime J2000) the
 * position is first shifted by the annual aberration of 2000-01-01 12:00 TT;
 * precession uses the IAU 1976 model (astropy: IAU 2006; the two differ by
 * ≲ 0.1″ here, which only matters for points that close to a boundary).
 * Names are astropy's, spellings included (`Ophiucus`, `Chamaleon`,
 * `Pisces Austrinus`).
 *
 * @module
 */

import { BadRequestError, FinkError } from "./errors.ts";

const DEG = Math.PI / 180;
const ARCSEC = DEG / 3600;
/** JD (TT) of the Besselian epoch B1875.0. */
const JD_B1875 = 2415020.31352 + (1875 - 1900) * 365.242198781;
/** JD (TT) of J2000.0. */
const JD_J2000 = 2451545.0;
/** Speed of light in au/day. */
const C_AU_PER_DAY = 173.1446326846693;

interface Boundary {
  raLow: number;
  raHigh: number;
  decLow: number;
  abbrev: string;
}

type Matrix = number[][];

function multiply(a: Matrix, b: Matrix): Matrix {
  return a.map((row) =>
    [0, 1, 2].map((j) => row[0] * b[0][j] + row[1] * b[1][j] + row[2] * b[2][j])
  );
}

/** Rotation about z by φ (radians), acting on vectors (the SOFA `R3`). */
function r3(phi: number): Matrix {
  const c = Math.cos(phi), s = Math.sin(phi);
  return [[c, s, 0], [-s, c, 0], [0, 0, 1]];
}

/** Rotation about y by φ (radians), acting on vectors (the SOFA `R2`). */
function r2(phi: number): Matrix {
  const c = Math.cos(phi), s = Math.sin(phi);
  return [[c, 0, -s], [0, 1, 0], [s, 0, c]];
}

/**
 * IAU 1976 (Lieske 1977) precession matrix from J2000 to the epoch `jd` (TT):
 * `v(epoch) = P · v(J2000)` for unit vectors on the mean equator and equinox.
 *
 * @example
 * ```ts
 * import { precessionMatrixIau1976 } from "./constellation.ts";
 * const p = precessionMatrixIau1976(2405889.258550475); // J2000 → B1875
 * ```
 */
export function precessionMatrixIau1976(jd: number): number[][] {
  const t = (jd - JD_J2000) / 36525;
  const zeta = (2306.2181 * t + 0.30188 * t * t + 0.017998 * t * t * t) * ARCSEC;
  const z = (2306.2181 * t + 1.09468 * t * t + 0.018203 * t * t * t) * ARCSEC;
  const theta = (2004.3109 * t - 0.42665 * t * t - 0.041833 * t * t * t) * ARCSEC;
  return multiply(multiply(r3(-z), r2(theta)), r3(-zeta));
}

/** Geocentric Earth position (au, equatorial J2000) from the low-precision solar formula. */
function earthPosition(jd: number): number[] {
  const n = jd - JD_J2000;
  const g = (357.528 + 0.9856003 * n) * DEG;
  const lambda = (280.46 + 0.9856474 * n) * DEG +
    (1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * DEG;
  const r = 1.00014 - 0.01671 * Math.cos(g) - 0.00014 * Math.cos(2 * g);
  const eps = (23.439 - 0.0000004 * n) * DEG;
  // Earth = − Sun (heliocentric ≈ barycentric to 0.01 km/s at this accuracy).
  const x = -r * Math.cos(lambda);
  const y = -r * Math.sin(lambda);
  return [x, y * Math.cos(eps), y * Math.sin(eps)];
}

/** Earth's velocity over c at J2000.0 (first-order annual aberration). */
const BETA = (() => {
  const a = earthPosition(JD_J2000 - 0.5);
  const b = earthPosition(JD_J2000 + 0.5);
  return [0, 1, 2].map((i) => (b[i] - a[i]) / C_AU_PER_DAY);
})();

const PRECESS_B1875 = precessionMatrixIau1976(JD_B1875);

/**
 * J2000 (ICRS) position → apparent-direction RA (hours) and Dec (degrees) on the
 * mean equator and equinox of B1875, as the constellation lookup uses.
 *
 * @example
 * ```ts
 * import { toB1875 } from "./constellation.ts";
 * const { raHours, dec } = toB1875(193.822, 2.897);
 * ```
 */
export function toB1875(ra: number, dec: number): { raHours: number; dec: number } {
  // Scalars, in the order of the vector form (x + β − (x·β) x, normalised, then P·v).
  const cd = Math.cos(dec * DEG);
  let x = cd * Math.cos(ra * DEG), y = cd * Math.sin(ra * DEG), z = Math.sin(dec * DEG);
  const dot = x * BETA[0] + y * BETA[1] + z * BETA[2];
  x = x + BETA[0] - dot * x;
  y = y + BETA[1] - dot * y;
  z = z + BETA[2] - dot * z;
  const n = Math.hypot(x, y, z);
  x = x / n, y = y / n, z = z / n;
  const [p0, p1, p2] = PRECESS_B1875;
  const px = p0[0] * x + p0[1] * y + p0[2] * z;
  const py = p1[0] * x + p1[1] * y + p1[2] * z;
  const pz = p2[0] * x + p2[1] * y + p2[2] * z;
  let raOut = Math.atan2(py, px) / DEG;
  if (raOut < 0) raOut += 360;
  return { raHours: raOut / 15, dec: Math.asin(Math.max(-1, Math.min(1, pz))) / DEG };
}

/** The boundary table's rows by RA bin (see `loadTable`), and the constellations' names. */
interface Table {
  byRa: Boundary[][];
  names: Map<string, string>;
}

/** RA bins per hour of the boundary index. */
const RA_BINS_PER_HOUR = 4;

let table: Table | undefined;

function loadTable(): Table {
  if (table) return table;
  const dir = new URL("../data/constellations/", import.meta.url);
  let data: string, namesText: string;
  try {
    data = Deno.readTextFileSync(new URL("constellation_data_roman87.dat", dir));
    namesText = Deno.readTextFileSync(new URL("constellation_names.dat", dir));
  } catch (cause) {
    throw new FinkError(`constellation tables not readable in ${dir}: ${cause}`, { cause });
  }
  const boundaries: Boundary[] = [];
  for (const line of data.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const [raLow, raHigh, decLow, abbrev] = line.trim().split(/\s+/);
    boundaries.push({
      raLow: Number(raLow),
      raHigh: Number(raHigh),
      decLow: Number(decLow),
      abbrev,
    });
  }
  const names = new Map<string, string>();
  for (const line of namesText.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    names.set(line.slice(0, 3), line.slice(4).trim());
  }
  // Each RA bin lists, in the table's order, the rows whose RA range meets the bin: the
  // first row of the bin that holds a position is its first row of the whole table.
  const byRa = Array.from({ length: 24 * RA_BINS_PER_HOUR }, (_, k) => {
    const lo = k / RA_BINS_PER_HOUR, hi = (k + 1) / RA_BINS_PER_HOUR;
    return boundaries.filter((b) => b.raLow < hi && b.raHigh > lo);
  });
  table = { byRa, names };
  return table;
}

/** Options of {@link constellation}. */
export interface ConstellationOptions {
  /** Return the IAU three-letter abbreviation (`"Vir"`) instead of the name; default false. */
  shortName?: boolean;
}

/**
 * IAU constellation of a J2000/ICRS position in degrees (astropy
 * `get_constellation(SkyCoord(ra, dec))`): the full name, or the abbreviation.
 *
 * @example
 * ```ts
 * import { constellation } from "./constellation.ts";
 * constellation(193.822, 2.897); // "Virgo"
 * constellation(88.7929, 7.4071, { shortName: true }); // "Ori" (Betelgeuse)
 * ```
 */
export function constellation(ra: number, dec: number, options: ConstellationOptions = {}): string {
  if (!Number.isFinite(ra)) {
    throw new BadRequestError("ra", ra, "allowed: a finite angle in degrees");
  }
  if (!(dec >= -90 && dec <= 90)) {
    throw new BadRequestError("dec", dec, "allowed: declination from -90 to 90 degrees");
  }
  const { byRa, names } = loadTable();
  const p = toB1875(ra, dec);
  const bin = Math.min(byRa.length - 1, Math.floor(p.raHours * RA_BINS_PER_HOUR));
  for (const b of byRa[bin]) {
    if (b.raLow < p.raHours && p.raHours < b.raHigh && p.dec > b.decLow) {
      return options.shortName ? b.abbrev : names.get(b.abbrev) ?? b.abbrev;
    }
  }
  throw new FinkError(
    `no constellation found for ra=${ra}, dec=${dec} (B1875 ${JSON.stringify(p)})`,
  );
}
