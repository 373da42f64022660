/**
 * HEALPix pixelisation (Górski et al. 2005), RING and NESTED numbering, ported
 * step by step from Healpix C++ (`healpix_base.cc`, the code inside healpy) so
 * that pixel numbers are identical to healpy's, including `query_disc` with
 * `inclusive=True` (oversampling factor 4, healpy's default).
 *
 * Angles are degrees on the user side: `ra` is the longitude φ, `dec` the
 * latitude, converted exactly as Fink does (`θ = π/2 − (π/180)·dec`,
 * `φ = (π/180)·ra`). Pixel numbers are plain `number`s: exact for every
 * `nside` up to 2^24 (npix = 12·nside² < 2^53).
 *
 * @module
 */

import { BadRequestError } from "./errors.ts";
import { base, checkPixel, DEG2RAD, PI, RAD2DEG } from "./healpix_base.ts";

export { MAX_NSIDE, npix2nside } from "./healpix_base.ts";
export { queryDisc, type QueryDiscOptions } from "./healpix_disc.ts";
export { nestToRingMap, nestToRingTable, ringToNestMap, udGrade, UNSEEN } from "./healpix_maps.ts";

/**
 * Number of pixels of a map of resolution `nside` (12·nside²).
 *
 * @example
 * ```ts
 * import { nside2npix } from "./healpix.ts";
 * nside2npix(128); // 196608
 * ```
 */
export function nside2npix(nside: number): number {
  return base(nside).npix;
}

/**
 * RING pixel containing the position (ra, dec) in degrees: healpy
 * `ang2pix(nside, π/2 − (π/180)·dec, (π/180)·ra)`, as Fink's `pixel128` rowkeys.
 *
 * @example
 * ```ts
 * import { ang2pix } from "./healpix.ts";
 * ang2pix(128, 193.822, 2.897); // RING pixel at nside 128
 * ```
 */
export function ang2pix(nside: number, ra: number, dec: number): number {
  if (!Number.isFinite(ra)) {
    throw new BadRequestError("ra", ra, "allowed: a finite angle in degrees");
  }
  if (!(dec >= -90 && dec <= 90)) {
    throw new BadRequestError("dec", dec, "allowed: degrees from -90 to 90");
  }
  const b = base(nside);
  const theta = PI / 2.0 - DEG2RAD * dec;
  return b.ang2pix(theta, DEG2RAD * ra);
}

/**
 * Centre (ra, dec in degrees) of RING pixel `pix`, as healpy `pix2ang(nside, pix, lonlat=True)`.
 *
 * @example
 * ```ts
 * import { pix2ang } from "./healpix.ts";
 * const { ra, dec } = pix2ang(128, 0); // { ra: 45, dec: 89.63… }
 * ```
 */
export function pix2ang(nside: number, pix: number): { ra: number; dec: number } {
  const b = base(nside);
  checkPixel(b, pix);
  const [z, phi, sth] = b.pix2loc(pix);
  const theta = Number.isNaN(sth) ? Math.acos(z) : Math.atan2(sth, z);
  return { ra: phi * RAD2DEG, dec: 90 - theta * RAD2DEG };
}

/**
 * Convert a NESTED pixel number to RING (healpy `nest2ring`).
 *
 * @example
 * ```ts
 * import { nest2ring } from "./healpix.ts";
 * nest2ring(128, 0); // 130816
 * ```
 */
export function nest2ring(nside: number, pix: number): number {
  const b = base(nside);
  checkPixel(b, pix);
  const { ix, iy, face } = b.nest2xyf(pix);
  return b.xyf2ring(ix, iy, face);
}

/**
 * Convert a RING pixel number to NESTED (healpy `ring2nest`).
 *
 * @example
 * ```ts
 * import { ring2nest } from "./healpix.ts";
 * ring2nest(128, 130816); // 0
 * ```
 */
export function ring2nest(nside: number, pix: number): number {
  const b = base(nside);
  checkPixel(b, pix);
  const { ix, iy, face } = b.ring2xyf(pix);
  return b.xyf2nest(ix, iy, face);
}
