/**
 * FITS data types (header cards, images, BINTABLE columns, HDUs) and the FITS error.
 *
 * @module
 */

import { FinkError } from "./errors.ts";

export const BLOCK = 2880;
export const CARD = 80;

/**
 * A FITS file could not be read or written: says which HDU/keyword and why.
 *
 * @example
 * ```ts
 * import { FitsError, readFits } from "./fits.ts";
 * try {
 *   readFits(new Uint8Array(10));
 * } catch (e) {
 *   if (e instanceof FitsError) console.log(e.message);
 * }
 * ```
 */
export class FitsError extends FinkError {
  /** Build an error with a message. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FitsError";
  }
}

/** A header value: strings (trailing blanks removed), numbers, logicals. */
export type FitsValue = string | number | boolean;

/** One header card. */
export interface FitsCard {
  /** Keyword, e.g. `NSIDE`. */
  key: string;
  /** Parsed value (`undefined` for COMMENT/HISTORY/blank cards). */
  value: FitsValue | undefined;
  /** Comment after the `/`, or the text of COMMENT/HISTORY cards. */
  comment: string;
}

/**
 * A parsed FITS header: ordered cards plus keyword lookup.
 *
 * @example
 * ```ts
 * import { FitsHeader } from "./fits.ts";
 * const h = new FitsHeader([{ key: "NSIDE", value: 512, comment: "" }]);
 * h.get("NSIDE"); // 512
 * ```
 */
export class FitsHeader {
  readonly #index = new Map<string, FitsValue>();
  /** Build a header from its cards (the first occurrence of a keyword wins). */
  constructor(readonly cards: FitsCard[]) {
    for (const c of cards) {
      if (c.value !== undefined && !this.#index.has(c.key)) this.#index.set(c.key, c.value);
    }
  }
  /** Value of `key` (case-insensitive), or `undefined`. */
  get(key: string): FitsValue | undefined {
    return this.#index.get(key.toUpperCase());
  }
  /** Whether `key` has a value. */
  has(key: string): boolean {
    return this.#index.has(key.toUpperCase());
  }
  /** Numeric value of `key`, or `fallback` when absent. */
  number(key: string, fallback?: number): number {
    const v = this.get(key);
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== "number") {
      throw new FitsError(`header keyword ${key} = ${JSON.stringify(v)}: a number is required`);
    }
    return v;
  }
  /** All keyword/value pairs as a plain object (first occurrence wins). */
  toObject(): Record<string, FitsValue> {
    return Object.fromEntries(this.#index);
  }
}

/** Pixel data of an image HDU. */
export interface FitsImage {
  /** NAXIS1 (columns). */
  width: number;
  /** NAXIS2 (rows); product of NAXIS2…NAXISn for cubes, 1 for 1-D. */
  height: number;
  /**
   * Physical values `BZERO + BSCALE·raw`, row-major in file order. BITPIX 8,
   * 16, −32 → Float32Array; BITPIX 32, 64, −64 → Float64Array.
   */
  data: Float32Array | Float64Array;
  /** Rows as nested arrays; row 0 = first row in the file (astropy `data.tolist()`). */
  toRows(): number[][];
}

/** One BINTABLE column, flattened: row r holds `data[r·repeat … (r+1)·repeat)`. */
export interface FitsColumn {
  /** TTYPEn. */
  name: string;
  /** TFORMn, e.g. `D` or `1024E`. */
  format: string;
  /** Elements per row. */
  repeat: number;
  /** TUNITn or "". */
  unit: string;
  /**
   * E → Float32Array, D → Float64Array, J → Int32Array, I → Int16Array,
   * B/L → Uint8Array, K → BigInt64Array, A → string[] (one per row);
   * Float64Array when TSCAL/TZERO apply.
   */
  data:
    | Float32Array
    | Float64Array
    | Int32Array
    | Int16Array
    | Uint8Array
    | BigInt64Array
    | string[];
}

/** One header-data unit. */
export interface FitsHdu {
  /** Index in the file (0 = primary). */
  index: number;
  /** `"image"` (primary or IMAGE), `"bintable"`, or `"other"`. */
  type: "image" | "bintable" | "other";
  /** Parsed header. */
  header: FitsHeader;
  /** Image data (image HDUs with NAXIS ≥ 1). */
  image?: FitsImage;
  /** Columns by name (BINTABLE HDUs). */
  columns?: Map<string, FitsColumn>;
  /** Number of table rows (BINTABLE HDUs). */
  rows?: number;
}

/** Options of {@link readFits}. */
export interface ReadFitsOptions {
  /** Only decode these BINTABLE columns (default: all). Saves time on big sky maps. */
  columns?: string[];
}
