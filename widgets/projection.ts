/**
 * All-sky projections for sky maps (Hammer, Mollweide, Aitoff) with astronomers' orientation:
 * RA increases to the left. Pure kernels on typed arrays, shared by the static SVG and the
 * browser view. Projected coordinates are in projection units (x right, y up).
 *
 * @module
 */

/** Supported all-sky projections. */
export type SkyProjection = "hammer" | "mollweide" | "aitoff";

/** All projections. */
export const SKY_PROJECTIONS: readonly SkyProjection[] = ["hammer", "mollweide", "aitoff"];

const D2R = Math.PI / 180;
const SQRT2 = Math.SQRT2;

/**
 * Half-extent (x, y) of a projection's ellipse in projection units.
 *
 * @example
 * ```ts
 * import { projectionBounds } from "./projection.ts";
 * console.assert(projectionBounds("aitoff")[0] === Math.PI);
 * ```
 */
export function projectionBounds(p: SkyProjection): [number, number] {
  return p === "aitoff" ? [Math.PI, Math.PI / 2] : [2 * SQRT2, SQRT2];
}

function mollweideTheta(phi: number): number {
  if (Math.abs(Math.abs(phi) - Math.PI / 2) < 1e-12) return phi;
  const target = Math.PI * Math.sin(phi);
  let t = phi;
  for (let k = 0; k < 50; k++) {
    const f = 2 * t + Math.sin(2 * t) - target;
    const d = 2 + 2 * Math.cos(2 * t);
    const step = f / d;
    t -= step;
    if (Math.abs(step) < 1e-12) break;
  }
  return t;
}

/**
 * Project one position: `lambda` = longitude from the map centre (radians, in [−π, π],
 * positive to the east, drawn to the left), `phi` = latitude (radians). Returns [x, y].
 *
 * @example
 * ```ts
 * import { projectLonLat } from "./projection.ts";
 * const [x, y] = projectLonLat("hammer", Math.PI / 2, 0);
 * console.assert(x < 0 && Math.abs(y) < 1e-12); // east is to the left
 * ```
 */
export function projectLonLat(p: SkyProjection, lambda: number, phi: number): [number, number] {
  const l = -lambda; // RA increases to the left
  if (p === "hammer") {
    const z = Math.sqrt(1 + Math.cos(phi) * Math.cos(l / 2));
    return [2 * SQRT2 * Math.cos(phi) * Math.sin(l / 2) / z, SQRT2 * Math.sin(phi) / z];
  }
  if (p === "mollweide") {
    const t = mollweideTheta(phi);
    return [2 * SQRT2 / Math.PI * l * Math.cos(t), SQRT2 * Math.sin(t)];
  }
  const alpha = Math.acos(Math.cos(phi) * Math.cos(l / 2));
  const sinc = alpha === 0 ? 1 : Math.sin(alpha) / alpha;
  return [2 * Math.cos(phi) * Math.sin(l / 2) / sinc, Math.sin(phi) / sinc];
}

/** Longitude of `ra` (degrees) from the map centre `centerRa`, in radians within [−π, π]. */
export function relativeLongitude(ra: number, centerRa: number): number {
  let d = ((ra - centerRa) % 360 + 360) % 360;
  if (d > 180) d -= 360;
  return d * D2R;
}

/**
 * Project arrays of (ra, dec) in degrees.
 *
 * @param options `projection` (default "hammer"), `centerRa` (degrees at the map centre, default 0)
 * @example
 * ```ts
 * import { projectSky } from "./projection.ts";
 * const { x, y } = projectSky([0, 90], [0, 0], { projection: "mollweide" });
 * console.assert(x[0] === 0 && x[1] < 0);
 * ```
 */
export function projectSky(
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  options: { projection?: SkyProjection; centerRa?: number } = {},
): { x: Float64Array; y: Float64Array } {
  const p = options.projection ?? "hammer";
  const c = options.centerRa ?? 0;
  const n = ra.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [px, py] = projectLonLat(p, relativeLongitude(ra[i], c), dec[i] * D2R);
    x[i] = px;
    y[i] = py;
  }
  return { x, y };
}

/**
 * Galactic (l, b) → equatorial J2000 (ra, dec), degrees (IAU 1958 pole: α = 192.85948°,
 * δ = 27.12825°, l(NCP) = 122.93192°).
 *
 * @example
 * ```ts
 * import { galacticToEquatorial } from "./projection.ts";
 * const [ra, dec] = galacticToEquatorial(0, 0); // Galactic centre
 * console.assert(Math.abs(ra - 266.405) < 0.01 && Math.abs(dec + 28.936) < 0.01);
 * ```
 */
export function galacticToEquatorial(l: number, b: number): [number, number] {
  const aNGP = 192.85948 * D2R;
  const dNGP = 27.12825 * D2R;
  const lNCP = 122.93192 * D2R;
  const lr = l * D2R;
  const br = b * D2R;
  const sinDec = Math.sin(dNGP) * Math.sin(br) +
    Math.cos(dNGP) * Math.cos(br) * Math.cos(lNCP - lr);
  const dec = Math.asin(Math.max(-1, Math.min(1, sinDec)));
  const y = Math.cos(br) * Math.sin(lNCP - lr);
  const x = Math.cos(dNGP) * Math.sin(br) - Math.sin(dNGP) * Math.cos(br) * Math.cos(lNCP - lr);
  const ra = ((aNGP + Math.atan2(y, x)) / D2R % 360 + 360) % 360;
  return [ra, dec / D2R];
}

/**
 * Points of a small circle of angular `radius` (degrees) around (ra, dec), as [ra[], dec[]].
 *
 * @example
 * ```ts
 * import { circlePoints } from "./projection.ts";
 * const [ra, dec] = circlePoints(10, 0, 1, 8);
 * console.assert(ra.length === 9 && Math.abs(dec[0] - 1) < 1e-9);
 * ```
 */
export function circlePoints(
  ra: number,
  dec: number,
  radius: number,
  n = 90,
): [Float64Array, Float64Array] {
  const r = radius * D2R;
  const d0 = dec * D2R;
  const outRa = new Float64Array(n + 1);
  const outDec = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    const bearing = 2 * Math.PI * k / n;
    const sd = Math.sin(d0) * Math.cos(r) + Math.cos(d0) * Math.sin(r) * Math.cos(bearing);
    const d = Math.asin(Math.max(-1, Math.min(1, sd)));
    const dra = Math.atan2(
      Math.sin(bearing) * Math.sin(r) * Math.cos(d0),
      Math.cos(r) - Math.sin(d0) * Math.sin(d),
    );
    outRa[k] = ((ra + dra / D2R) % 360 + 360) % 360;
    outDec[k] = d / D2R;
  }
  return [outRa, outDec];
}

/**
 * Project a polyline of (ra, dec) and cut it where it wraps around the map edge; returns
 * a list of [x[], y[]] segments.
 *
 * @example
 * ```ts
 * import { projectPolyline } from "./projection.ts";
 * const parts = projectPolyline([170, 190], [0, 0], { centerRa: 0 });
 * console.assert(parts.length === 2);
 * ```
 */
export function projectPolyline(
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  options: { projection?: SkyProjection; centerRa?: number } = {},
): [number[], number[]][] {
  const p = options.projection ?? "hammer";
  const c = options.centerRa ?? 0;
  const parts: [number[], number[]][] = [];
  let cur: [number[], number[]] = [[], []];
  let prevLon = NaN;
  for (let i = 0; i < ra.length; i++) {
    const lon = relativeLongitude(ra[i], c);
    if (!Number.isNaN(prevLon) && Math.abs(lon - prevLon) > Math.PI) {
      if (cur[0].length > 1) parts.push(cur);
      cur = [[], []];
    }
    const [x, y] = projectLonLat(p, lon, dec[i] * D2R);
    cur[0].push(x);
    cur[1].push(y);
    prevLon = lon;
  }
  if (cur[0].length > 1) parts.push(cur);
  return parts;
}
