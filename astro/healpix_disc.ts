/**
 * `query_disc` as healpy's (`inclusive` with oversampling), on the RING scheme, then converted.
 *
 * @module
 */

import { BadRequestError } from "./errors.ts";
import {
  base,
  cosdistZphi,
  DEG2RAD,
  fmodulo,
  type HealpixBase,
  INV_TWOPI,
  MAX_NSIDE,
  PI,
  TWOPI,
} from "./healpix_base.ts";

/**
 * Options of {@link queryDisc}.
 */
export interface QueryDiscOptions {
  /**
   * `false` (default): pixels whose centre lies in the disc. `true`: every
   * pixel overlapping the disc (may contain a few extra pixels near the edge,
   * exactly the ones healpy returns too).
   */
  inclusive?: boolean;
  /** Oversampling factor of the inclusive test (healpy `fact`, a power of two here); default 4. */
  fact?: number;
}

/**
 * RING pixels of the disc of radius `radiusDeg` around (ra, dec), sorted
 * ascending: healpy `query_disc(nside, ang2vec(θ, φ), radians(radius),
 * inclusive)`, the call behind Fink's conesearch (`inclusive: true`).
 *
 * @example
 * ```ts
 * import { queryDisc } from "./healpix.ts";
 * const pixels = queryDisc(128, 193.822, 2.897, 5 / 3600, { inclusive: true });
 * ```
 */
export function queryDisc(
  nside: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options: QueryDiscOptions = {},
): number[] {
  const { inclusive = false, fact = 4 } = options;
  const b = base(nside);
  if (!(radiusDeg >= 0) || !Number.isFinite(radiusDeg)) {
    throw new BadRequestError("radius", radiusDeg, "allowed: a finite angle ≥ 0 in degrees");
  }
  if (!Number.isFinite(ra)) {
    throw new BadRequestError("ra", ra, "allowed: a finite angle in degrees");
  }
  if (!(dec >= -90 && dec <= 90)) {
    throw new BadRequestError("dec", dec, "allowed: degrees from -90 to 90");
  }
  if (
    inclusive &&
    (!Number.isInteger(fact) || fact < 1 || (fact & (fact - 1)) !== 0 || fact * nside > MAX_NSIDE)
  ) {
    throw new BadRequestError(
      "fact",
      fact,
      `allowed: a power of two with fact·nside ≤ ${MAX_NSIDE}`,
    );
  }
  // Fink: vec = ang2vec(θ, φ); healpy turns the vector back into a pointing.
  const theta0 = PI / 2.0 - DEG2RAD * dec;
  const phi0 = DEG2RAD * ra;
  const st = Math.sin(theta0);
  const vx = st * Math.cos(phi0), vy = st * Math.sin(phi0), vz = Math.cos(theta0);
  const theta = fmodulo(Math.atan2(Math.sqrt(vx * vx + vy * vy), vz), TWOPI);
  let phi = vx === 0 && vy === 0 ? 0 : Math.atan2(vy, vx);
  if (phi < 0) phi += TWOPI;
  phi = fmodulo(phi, TWOPI);
  return queryDiscRing(b, theta, phi, radiusDeg * DEG2RAD, inclusive ? fact : 0);
}

/** `query_disc_internal` of Healpix C++, RING scheme; `fact` 0 = exclusive. */
function queryDiscRing(
  b: HealpixBase,
  theta: number,
  phi: number,
  radius: number,
  fact: number,
): number[] {
  const out: number[] = [];
  const appendRange = (a: number, e: number) => {
    for (let p = a; p < e; p++) out.push(p);
  };
  const nside = b.nside;
  const inclusive = fact !== 0;
  const fct = inclusive ? fact : 1;
  let b2: HealpixBase | undefined;
  let rsmall: number, rbig: number;
  if (fct > 1) {
    b2 = base(fct * nside, "fact");
    rsmall = radius + b2.maxPixrad();
    rbig = radius + b.maxPixrad();
  } else {
    rsmall = rbig = inclusive ? radius + b.maxPixrad() : radius;
  }
  if (rsmall >= PI) {
    appendRange(0, b.npix);
    return out;
  }
  rbig = Math.min(PI, rbig);
  const cosrsmall = Math.cos(rsmall);
  const cosrbig = Math.cos(rbig);
  const z0 = Math.cos(theta);
  const xa = 1 / Math.sqrt((1 - z0) * (1 + z0));
  const cpix = b.loc2pix(z0, phi, 0, false);

  const rlat1 = theta - rsmall;
  const zmax = Math.cos(rlat1);
  let irmin = b.ringAbove(zmax) + 1;
  if (rlat1 <= 0 && irmin > 1) {
    const [sp, rp] = b.ringInfo(irmin - 1);
    appendRange(0, sp + rp);
  }
  if (fct > 1 && rlat1 > 0) irmin = Math.max(1, irmin - 1);
  const rlat2 = theta + rsmall;
  const zmin = Math.cos(rlat2);
  let irmax = b.ringAbove(zmin);
  if (fct > 1 && rlat2 < PI) irmax = Math.min(4 * nside - 1, irmax + 1);

  for (let iz = irmin; iz <= irmax; iz++) {
    const z = b.ring2z(iz);
    const x = (cosrbig - z * z0) * xa;
    const ysq = 1 - z * z - x * x;
    const dphi = ysq <= 0 ? PI - 1e-15 : Math.atan2(Math.sqrt(ysq), x);
    const [ipix1, nr, shifted] = b.ringInfo(iz);
    const shift = shifted ? 0.5 : 0;
    const ipix2 = ipix1 + nr - 1;
    let ipLo = Math.floor(nr * INV_TWOPI * (phi - dphi) - shift) + 1;
    let ipHi = Math.floor(nr * INV_TWOPI * (phi + dphi) - shift);
    if (b2) {
      while (ipLo <= ipHi && pixelOutside(b, b2, ipLo, nr, ipix1, fct, z0, phi, cosrsmall, cpix)) {
        ++ipLo;
      }
      while (ipHi > ipLo && pixelOutside(b, b2, ipHi, nr, ipix1, fct, z0, phi, cosrsmall, cpix)) {
        --ipHi;
      }
    }
    if (ipLo <= ipHi) {
      if (ipHi >= nr) {
        ipLo -= nr;
        ipHi -= nr;
      }
      if (ipLo < 0) {
        appendRange(ipix1, ipix1 + ipHi + 1);
        appendRange(ipix1 + ipLo + nr, ipix2 + 1);
      } else {
        appendRange(ipix1 + ipLo, ipix1 + ipHi + 1);
      }
    }
  }
  if (rlat2 >= PI && irmax + 1 < 4 * nside) {
    const [sp] = b.ringInfo(irmax + 1);
    appendRange(sp, b.npix);
  }
  return out;
}

/** `check_pixel_ring`: true when no sub-pixel centre on the pixel's edges is in the disc. */
function pixelOutside(
  b1: HealpixBase,
  b2: HealpixBase,
  pixInRing: number,
  nr: number,
  ipix1: number,
  fct: number,
  cz: number,
  cphi: number,
  cosrp2: number,
  cpix: number,
): boolean {
  let pix = pixInRing;
  if (pix >= nr) pix -= nr;
  if (pix < 0) pix += nr;
  pix += ipix1;
  if (pix === cpix) return false;
  const { ix: px, iy: py, face } = b1.ring2xyf(pix);
  const ox = fct * px, oy = fct * py;
  const near = (x: number, y: number) => {
    const [pz, pphi] = b2.pix2loc(b2.xyf2ring(x, y, face));
    return cosdistZphi(pz, pphi, cz, cphi) > cosrp2;
  };
  for (let i = 0; i < fct - 1; i++) {
    if (near(ox + i, oy)) return false;
    if (near(ox + fct - 1, oy + i)) return false;
    if (near(ox + fct - 1 - i, oy + fct - 1)) return false;
    if (near(ox, oy + fct - 1 - i)) return false;
  }
  return true;
}
