/**
 * finkit's ground floor: the astronomy helpers every other layer may use —
 * HEALPix, sky coordinates, time, constellations, FITS, GW sky maps,
 * photometry — and finkit's error classes. Nothing here imports the rest of
 * finkit.
 *
 * @example
 * ```ts
 * import { ang2pix, constellation, jdToIso, parseCoordinates } from "./mod.ts";
 * const { ra, dec } = parseCoordinates("12h55m17.218s", "+02d53m50.35s");
 * console.log(ang2pix(128, ra, dec), constellation(ra, dec), jdToIso(2458788.5));
 * ```
 *
 * @module
 */
export { AlertFileError, BadRequestError, FinkError } from "./errors.ts";
export { ang2pix, pix2ang, queryDisc, type QueryDiscOptions } from "./healpix.ts";
export {
  angularSeparation,
  formatSexagesimal,
  parseCoordinates,
  type SexagesimalOptions,
  type SkyPosition,
} from "./coordinates.ts";
export { isoToJd, jdToIso, parseDate } from "./time.ts";
export { constellation, type ConstellationOptions } from "./constellation.ts";
export {
  type FitsCard,
  type FitsColumn,
  type FitsHdu,
  FitsHeader,
  type FitsImage,
  type FitsValue,
  readFits,
  type ReadFitsOptions,
  writeFits,
  type WriteFitsOptions,
} from "./fits.ts";
export { type SkymapOptions, type SkymapPixels, skymapPixels } from "./skymap.ts";
export {
  apparentFlux,
  apparentFluxOne,
  type ApparentFluxOptions,
  dcMag,
  dcMagOne,
  type IsDiffPos,
  isSourceBehind,
  isSourceBehindOne,
  mag2fluxcalSnana,
  type ValueWithError,
} from "./photometry.ts";
