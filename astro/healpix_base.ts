/**
 * HEALPix geometry (the `T_Healpix_Base` of Healpix C++): pixel ↔ (x, y, face) ↔ angle for one
 * `nside`, in RING and NESTED numbering, validated and cached per `nside`.
 *
 * @module
 */

import { BadRequestError } from "./errors.ts";

export const PI = Math.PI;
export const TWOPI = 2 * Math.PI;
export const HALFPI = Math.PI / 2;
export const INV_HALFPI = 2 / Math.PI;
export const INV_TWOPI = 1 / (2 * Math.PI);
export const TWOTHIRD = 2 / 3;
export const DEG2RAD = Math.PI / 180;
export const RAD2DEG = 180 / Math.PI;
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

export const JRLL = [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4];
export const JPLL = [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7];

/** `fmodulo` of Healpix C++: result in [0, v2). */
export function fmodulo(v1: number, v2: number): number {
  if (v1 >= 0) return v1 < v2 ? v1 : v1 % v2;
  const tmp = (v1 % v2) + v2;
  return tmp === v2 ? 0 : tmp;
}

/** Integer square root, exact for the integers used here (< 2^53). */
export function isqrt(v: number): number {
  let r = Math.floor(Math.sqrt(v));
  while (r * r > v) r--;
  while ((r + 1) * (r + 1) <= v) r++;
  return r;
}

/** Interleave the bits of `v` (< 2^24) with zeros: bit i → bit 2i. */
export function spreadBits(v: number): number {
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
export function compressBits(v: number): number {
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
export interface Xyf {
  ix: number;
  iy: number;
  face: number;
}

/** Geometry of one resolution (the `T_Healpix_Base` of Healpix C++). */
export class HealpixBase {
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

export function zphiToVec(z: number, phi: number): [number, number, number] {
  const st = Math.sqrt((1 - z) * (1 + z));
  return [st * Math.cos(phi), st * Math.sin(phi), z];
}

export function vAngle(a: number[], b: number[]): number {
  const cx = a[1] * b[2] - a[2] * b[1];
  const cy = a[2] * b[0] - a[0] * b[2];
  const cz = a[0] * b[1] - a[1] * b[0];
  return Math.atan2(
    Math.sqrt(cx * cx + cy * cy + cz * cz),
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2],
  );
}

export function cosdistZphi(z1: number, phi1: number, z2: number, phi2: number): number {
  return z1 * z2 + Math.cos(phi1 - phi2) * Math.sqrt((1.0 - z1 * z1) * (1.0 - z2 * z2));
}

const bases = new Map<number, HealpixBase>();

/** The geometry for `nside`, validated (power of two, 1 … 2^24). */
export function base(nside: number, parameter = "nside"): HealpixBase {
  let b = bases.get(nside);
  if (b) return b;
  if (!Number.isInteger(nside) || nside < 1 || nside > MAX_NSIDE || (nside & (nside - 1)) !== 0) {
    throw new BadRequestError(parameter, nside, `allowed: a power of two from 1 to ${MAX_NSIDE}`);
  }
  b = new HealpixBase(nside);
  bases.set(nside, b);
  return b;
}

export function checkPixel(b: HealpixBase, pix: number, parameter = "pix"): void {
  if (!Number.isInteger(pix) || pix < 0 || pix >= b.npix) {
    throw new BadRequestError(
      parameter,
      pix,
      `allowed: an integer pixel number from 0 to ${b.npix - 1} (nside ${b.nside})`,
    );
  }
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
