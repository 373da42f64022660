/**
 * A small FITS reader and writer: enough for ZTF cutouts (gzipped 63×63
 * float32 images in alert `stampData`) and LIGO/Virgo/KAGRA HEALPix sky maps
 * (BINTABLE with a `PROB` column). Data are big-endian as the FITS standard
 * says; gzip input (magic 0x1f 0x8b) is inflated first.
 *
 * Orientation: `FitsImage.data` and `toRows()` keep the file order, row 0 is
 * the first row stored in the file (FITS pixel y = 1, drawn at the *bottom* by
 * ds9), exactly like astropy's `hdu.data` and Fink's `data.tolist()`.
 *
 * @module
 */

export {
  type FitsCard,
  type FitsColumn,
  FitsError,
  type FitsHdu,
  FitsHeader,
  type FitsImage,
  type FitsValue,
  type ReadFitsOptions,
} from "./fits_types.ts";
export { MAX_INFLATED_BYTES, maybeGunzip, readFits } from "./fits_read.ts";
export { writeFits, type WriteFitsOptions } from "./fits_write.ts";
