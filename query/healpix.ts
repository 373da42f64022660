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

const PI = Math.PI;
const TWOPI = 2 * Math.PI;
const HALFPI = Math.PI / 2;
const INV_HALFPI = 2 / Math.PI;
const INV_TWOPI = 1 / (2 * Math.PI);
const TWOTHIRD = 2 / 3;
const DEG2RAD = Math.PI / 180;
const RAD2DEG = 180 / Math.PI;
/**
 * Largest nside for which every pixel number is an exact double (2^24).
 *
 * @example
 * ```ts
 * import { MAX_NSIDE } from "./healpix.ts";
 * 12 * MAX_NSIDE ** 2 < Number.MAX_SAFE_INTEGER; // true
 * ```
 */
export const MAX_NSIDE: number = 2 ** 24;

const JRLL = [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4];
const JPLL = [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7];

/** `fmodulo` of Healpix C++: result in [0, v2). */
function fmodulo(v1: number, v2: number): number {
  if (v1 >= 0) return v1 < v2 ? v1 : v1 % v2;
  const tmp = (v1 % v2) + v2;
  return tmp === v2 ? 0 : tmp;
}

/** Integer square root, exact for the integers used here (< 2^53). */
function isqrt(v: number): number {
  let r = Math.floor(Math.sqrt(v));
  while (r * r > v) r--;
  while ((r + 1) * (r + 1) <= v) r++;
  return r;
}

/** Interleave the bits of `v` (< 2^24) with zeros: bit i → bit 2i. */
function spreadBits(v: number): number {
  let out = 0;
  let scale = 1;
  while (v > 0) {
    const byte = v & 0xff;
    let s = 0;
    for (let b = 0; b < 8; b++) if (byte & (1 << b)) s |= 1 << (2 * b);
    out += s * scale;
    scale *= 65536;
    v = Math.floor(v / 256);
  }
  return out;
}

/** Inverse of `spreadBits` on the even bits of `v` (< 2^53). */
function compressBits(v: number): number {
  let out = 0;
  let scale = 1;
  while (v > 0) {
    const word = v % 65536;
    let c = 0;
    for (let b = 0; b < 8; b++) if (word & (1 << (2 * b))) c |= 1 << b;
    out += c * scale;
    scale *= 256;
    v = Math.floor(v / 65536);
  }
  return out;
}

/** Face coordinates of a pixel. */
interface Xyf {
  ix: number;
  iy: number;
  face: number;
}

/** Geometry of one resolution (the `T_Healpix_Base` of Healpix C++). */
class HealpixBase {
  readonly order: number;
  readonly npface: number;
  readonly ncap: number;
  readonly npix: number;
  readonly fact1: number;
  readonly fact2: number;

  constructor(readonly nside: number) {
    this.order = Math.round(Math.log2(nside));
    this.npface = nside * nside;
    this.ncap = 2 * (this.npface - nside);
    this.npix = 12 * this.npface;
    this.fact2 = 4 / this.npix;
    this.fact1 = 2 * nside * this.fact2;
  }

  /** RING pixel of (z = cos θ, φ); `sth` = sin θ when `haveSth`. */
  loc2pix(z: number, phi: number, sth: number, haveSth: boolean): number {
    const nside = this.nside;
    const za = Math.abs(z);
    const tt = fmodulo(phi * INV_HALFPI, 4.0);
    if (za <= TWOTHIRD) {
      const nl4 = 4 * nside;
      const temp1 = nside * (0.5 + tt);
      const temp2 = nside * z * 0.75;
      const jp = Math.trunc(temp1 - temp2);
      const jm = Math.trunc(temp1 + temp2);
      const ir = nside + 1 + jp - jm;
      const kshift = 1 - (ir & 1);
      const t1 = jp + jm - nside + kshift + 1 + nl4 + nl4;
      const ip = Math.floor(t1 / 2) % nl4;
      return this.ncap + (ir - 1) * nl4 + ip;
    }
    const tp = tt - Math.trunc(tt);
    const tmp = za < 0.99 || !haveSth
      ? nside * Math.sqrt(3 * (1 - za))
      : nside * sth / Math.sqrt((1 + za) / 3);
    const jp = Math.trunc(tp * tmp);
    const jm = Math.trunc((1.0 - tp) * tmp);
    const ir = jp + jm + 1;
    const ip = Math.trunc(tt * ir);
    return z > 0 ? 2 * ir * (ir - 1) + ip : this.npix - 2 * ir * (ir + 1) + ip;
  }

  /** RING pixel of the direction (θ, φ) in radians, as healpy `ang2pix`. */
  ang2pix(theta: number, phi: number): number {
    return theta < 0.01 || theta > 3.14159 - 0.01
      ? this.loc2pix(Math.cos(theta), phi, Math.sin(theta), true)
      : this.loc2pix(Math.cos(theta), phi, 0, false);
  }

  /** (z, φ, sin θ or NaN) of the centre of RING pixel `pix`. */
  pix2loc(pix: number): [number, number, number] {
    const nside = this.nside;
    if (pix < this.ncap) {
      const iring = (1 + isqrt(1 + 2 * pix)) >> 1;
      const iphi = pix + 1 - 2 * iring * (iring - 1);
      const tmp = iring * iring * this.fact2;
      const z = 1.0 - tmp;
      const sth = z > 0.99 ? Math.sqrt(tmp * (2 - tmp)) : NaN;
      return [z, (iphi - 0.5) * HALFPI / iring, sth];
    }
    if (pix < this.npix - this.ncap) {
      const nl4 = 4 * nside;
      const ip = pix - this.ncap;
      const tmp = Math.floor(ip / nl4);
      const iring = tmp + nside;
      const iphi = ip - nl4 * tmp + 1;
      const fodd = (iring + nside) & 1 ? 1 : 0.5;
      return [(2 * nside - iring) * this.fact1, (iphi - fodd) * PI * 0.75 * this.fact1, NaN];
    }
    const ip = this.npix - pix;
    const iring = (1 + isqrt(2 * ip - 1)) >> 1;
    const iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
    const tmp = iring * iring * this.fact2;
    const z = tmp - 1.0;
    const sth = z < -0.99 ? Math.sqrt(tmp * (2 - tmp)) : NaN;
    return [z, (iphi - 0.5) * HALFPI / iring, sth];
  }

  /** Ring index of RING pixel ... start pixel, pixel count, shifted flag. */
  ringInfo(ring: number): [number, number, boolean] {
    const nside = this.nside;
    if (ring < nside) return [2 * ring * (ring - 1), 4 * ring, true];
    if (ring < 3 * nside) {
      return [this.ncap + (ring - nside) * 4 * nside, 4 * nside, ((ring - nside) & 1) === 0];
    }
    const nr = 4 * nside - ring;
    return [this.npix - 2 * nr * (nr + 1), 4 * nr, true];
  }

  ringAbove(z: number): number {
    const az = Math.abs(z);
    if (az <= TWOTHIRD) return Math.trunc(this.nside * (2 - 1.5 * z));
    const iring = Math.trunc(this.nside * Math.sqrt(3 * (1 - az)));
    return z > 0 ? iring : 4 * this.nside - iring - 1;
  }

  ring2z(ring: number): number {
    const nside = this.nside;
    if (ring < nside) return 1 - ring * ring * this.fact2;
    if (ring <= 3 * nside) return (2 * nside - ring) * this.fact1;
    const r = 4 * nside - ring;
    return r * r * this.fact2 - 1;
  }

  ring2xyf(pix: number): Xyf {
    const nside = this.nside;
    const nl2 = 2 * nside;
    let iring: number, iphi: number, kshift: number, nr: number, face: number;
    if (pix < this.ncap) {
      iring = (1 + isqrt(1 + 2 * pix)) >> 1;
      iphi = pix + 1 - 2 * iring * (iring - 1);
      kshift = 0;
      nr = iring;
      face = Math.floor((iphi - 1) / nr);
    } else if (pix < this.npix - this.ncap) {
      const ip = pix - this.ncap;
      const tmp = Math.floor(ip / (4 * nside));
      iring = tmp + nside;
      iphi = ip - tmp * 4 * nside + 1;
      kshift = (iring + nside) & 1;
      nr = nside;
      const ire = iring - nside + 1;
      const irm = nl2 + 2 - ire;
      const ifm = Math.floor((iphi - Math.floor(ire / 2) + nside - 1) / nside);
      const ifp = Math.floor((iphi - Math.floor(irm / 2) + nside - 1) / nside);
      face = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
    } else {
      const ip = this.npix - pix;
      iring = (1 + isqrt(2 * ip - 1)) >> 1;
      iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
      kshift = 0;
      nr = iring;
      iring = 2 * nl2 - iring;
      face = 8 + Math.floor((iphi - 1) / nr);
    }
    const irt = iring - JRLL[face] * nside + 1;
    let ipt = 2 * iphi - JPLL[face] * nr - kshift - 1;
    if (ipt >= nl2) ipt -= 8 * nside;
    return { ix: Math.floor((ipt - irt) / 2), iy: Math.floor((-ipt - irt) / 2), face };
  }

  xyf2ring(ix: number, iy: number, face: number): number {
    const nl4 = 4 * this.nside;
    const jr = JRLL[face] * this.nside - ix - iy - 1;
    const [nBefore, ringpix, shifted] = this.ringInfo(jr);
    const nr = ringpix / 4;
    const kshift = shifted ? 0 : 1;
    let jp = Math.trunc((JPLL[face] * nr + ix - iy + 1 + kshift) / 2);
    if (jp < 1) jp += nl4;
    return nBefore + jp - 1;
  }

  nest2xyf(pix: number): Xyf {
    const face = Math.floor(pix / this.npface);
    const p = pix - face * this.npface;
    return { ix: compressBits(p), iy: compressBits(Math.floor(p / 2)), face };
  }

  xyf2nest(ix: number, iy: number, face: number): number {
    return face * this.npface + spreadBits(ix) + 2 * spreadBits(iy);
  }

  /** Largest angular distance between a pixel centre and its corners (radians). */
  maxPixrad(): number {
    const va = zphiToVec(TWOTHIRD, PI / (4 * this.nside));
    let t1 = 1 - 1 / this.nside;
    t1 *= t1;
    const vb = zphiToVec(1 - t1 / 3, 0);
    return vAngle(va, vb);
  }
}

function zphiToVec(z: number, phi: number): [number, number, number] {
  const st = Math.sqrt((1 - z) * (1 + z));
  return [st * Math.cos(phi), st * Math.sin(phi), z];
}

function vAngle(a: number[], b: number[]): number {
  const cx = a[1] * b[2] - a[2] * b[1];
  const cy = a[2] * b[0] - a[0] * b[2];
  const cz = a[0] * b[1] - a[1] * b[0];
  return Math.atan2(
    Math.sqrt(cx * cx + cy * cy + cz * cz),
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2],
  );
}

function cosdistZphi(z1: number, phi1: number, z2: number, phi2: number): number {
  return z1 * z2 + Math.cos(phi1 - phi2) * Math.sqrt((1.0 - z1 * z1) * (1.0 - z2 * z2));
}

const bases = new Map<number, HealpixBase>();

/** The geometry for `nside`, validated (power of two, 1 … 2^24). */
function base(nside: number, parameter = "nside"): HealpixBase {
  let b = bases.get(nside);
  if (b) return b;
  if (!Number.isInteger(nside) || nside < 1 || nside > MAX_NSIDE || (nside & (nside - 1)) !== 0) {
    throw new BadRequestError(parameter, nside, `allowed: a power of two from 1 to ${MAX_NSIDE}`);
  }
  b = new HealpixBase(nside);
  bases.set(nside, b);
  return b;
}

function checkPixel(b: HealpixBase, pix: number, parameter = "pix"): void {
  if (!Number.isInteger(pix) || pix < 0 || pix >= b.npix) {
    throw new BadRequestError(
      parameter,
      pix,
      `allowed: an integer pixel number from 0 to ${b.npix - 1} (nside ${b.nside})`,
    );
  }
}

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
 * The `nside` of a full-sky map with `npix` pixels; throws if `npix` is not 12·nside².
 *
 * @example
 * ```ts
 * import { npix2nside } from "./healpix.ts";
 * npix2nside(3145728); // 512
 * ```
 */
export function npix2nside(npix: number): number {
  const nside = isqrt(Math.floor(npix / 12));
  if (12 * nside * nside !== npix) {
    throw new BadRequestError("npix", npix, "allowed: 12·nside² for nside a power of two");
  }
  return base(nside).nside;
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

const SPREAD8 = new Uint16Array(256).map((_, v) => {
  let s = 0;
  for (let b = 0; b < 8; b++) if (v & (1 << b)) s |= 1 << (2 * b);
  return s;
});

/**
 * Permutation table of a full map: `table[nestPixel] = ringPixel`, for every
 * pixel at `nside` (a fast, allocation-free `nest2ring` over the whole sphere).
 *
 * @example
 * ```ts
 * import { nestToRingTable } from "./healpix.ts";
 * const table = nestToRingTable(2); // Int32Array(48) [13, 5, 4, 0, …]
 * ```
 */
export function nestToRingTable(nside: number): Int32Array {
  const b = base(nside);
  if (b.npix > 2 ** 31) {
    throw new BadRequestError("nside", nside, "allowed: at most 8192 for whole-map tables");
  }
  const { npface, ncap, npix } = b;
  const nl4 = 4 * nside;
  const table = new Int32Array(npix);
  const spread = (v: number) => SPREAD8[v & 0xff] + SPREAD8[(v >> 8) & 0xff] * 65536;
  const sy = new Float64Array(nside);
  for (let iy = 0; iy < nside; iy++) sy[iy] = 2 * spread(iy);
  for (let face = 0; face < 12; face++) {
    const jrll = JRLL[face] * nside;
    const jpll = JPLL[face];
    for (let ix = 0; ix < nside; ix++) {
      const nx = face * npface + spread(ix);
      for (let iy = 0; iy < nside; iy++) {
        const jr = jrll - ix - iy - 1;
        let nr: number, nBefore: number, kshift: number;
        if (jr < nside) {
          nr = jr;
          nBefore = 2 * jr * (jr - 1);
          kshift = 0;
        } else if (jr < 3 * nside) {
          nr = nside;
          nBefore = ncap + (jr - nside) * nl4;
          kshift = ((jr - nside) & 1) === 0 ? 0 : 1;
        } else {
          nr = 4 * nside - jr;
          nBefore = npix - 2 * nr * (nr + 1);
          kshift = 0;
        }
        let jp = Math.trunc((jpll * nr + ix - iy + 1 + kshift) / 2);
        if (jp < 1) jp += nl4;
        table[nx + sy[iy]] = nBefore + jp - 1;
      }
    }
  }
  return table;
}

/**
 * Reorder a full-sky map from NESTED to RING numbering (healpy `reorder(m, n2r=True)`).
 *
 * @example
 * ```ts
 * import { nestToRingMap } from "./healpix.ts";
 * const ring = nestToRingMap(new Float64Array(12 * 4 * 4));
 * ```
 */
export function nestToRingMap(map: Float64Array): Float64Array {
  const table = nestToRingTable(npix2nside(map.length));
  const out = new Float64Array(map.length);
  for (let p = 0; p < map.length; p++) out[table[p]] = map[p];
  return out;
}

/**
 * Reorder a full-sky map from RING to NESTED numbering (healpy `reorder(m, r2n=True)`).
 *
 * @example
 * ```ts
 * import { ringToNestMap } from "./healpix.ts";
 * const nest = ringToNestMap(new Float64Array(12));
 * ```
 */
export function ringToNestMap(map: Float64Array): Float64Array {
  const table = nestToRingTable(npix2nside(map.length));
  const out = new Float64Array(map.length);
  for (let p = 0; p < map.length; p++) out[p] = map[table[p]];
  return out;
}

/**
 * Change the resolution of a RING map (healpy `ud_grade(m, nsideOut)`, RING in
 * and out, `pess=False`, no `power`): degrading averages the finite children of
 * each output pixel (NaN children are ignored, all-NaN → NaN); upgrading copies
 * each value to its children.
 *
 * @example
 * ```ts
 * import { udGrade } from "./healpix.ts";
 * const low = udGrade(new Float64Array(12 * 512 * 512), 128); // 196608 pixels
 * ```
 */
export function udGrade(map: Float64Array, nsideOut: number): Float64Array {
  const nsideIn = npix2nside(map.length);
  const bOut = base(nsideOut, "nsideOut");
  if (nsideOut === nsideIn) return Float64Array.from(map);
  const nest = ringToNestMap(map);
  const out = new Float64Array(bOut.npix);
  if (nsideOut > nsideIn) {
    const rat = bOut.npix / map.length;
    for (let p = 0; p < out.length; p++) out[p] = nest[Math.floor(p / rat)];
  } else {
    const rat = map.length / bOut.npix;
    const buf = new Float64Array(rat);
    for (let p = 0; p < out.length; p++) {
      let n = 0;
      for (let k = 0; k < rat; k++) {
        const v = nest[p * rat + k];
        const good = Number.isFinite(v) && v !== UNSEEN;
        buf[k] = good ? v : 0;
        if (good) n++;
      }
      out[p] = n === 0 ? UNSEEN : pairwiseSum(buf, 0, rat) / n;
    }
  }
  return nestToRingMap(out);
}

/**
 * Sum of `a[start … start+n)` in NumPy's pairwise order (`np.sum` of float64),
 * so that averages are bit-identical to healpy's.
 */
function pairwiseSum(a: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = start; i < start + n; i++) res += a[i];
    return res;
  }
  if (n <= 128) {
    const r = [a[start], a[start + 1], a[start + 2], a[start + 3]];
    const r2 = [a[start + 4], a[start + 5], a[start + 6], a[start + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const o = start + i;
      r[0] += a[o];
      r[1] += a[o + 1];
      r[2] += a[o + 2];
      r[3] += a[o + 3];
      r2[0] += a[o + 4];
      r2[1] += a[o + 5];
      r2[2] += a[o + 6];
      r2[3] += a[o + 7];
    }
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r2[0] + r2[1]) + (r2[2] + r2[3]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/**
 * healpy's marker of a missing pixel value (`hp.UNSEEN`), skipped by {@link udGrade}.
 *
 * @example
 * ```ts
 * import { UNSEEN } from "./healpix.ts";
 * const map = new Float64Array(12).fill(UNSEEN);
 * ```
 */
export const UNSEEN: number = -1.6375e30;
