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

import { gunzipSync } from "node:zlib";
import { FinkError } from "./errors.ts";

const BLOCK = 2880;
const CARD = 80;

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

/**
 * Inflate gzip bytes (magic 0x1f 0x8b), or return the bytes unchanged.
 *
 * @example
 * ```ts
 * import { maybeGunzip } from "./fits.ts";
 * maybeGunzip(new Uint8Array([0x53, 0x49])); // unchanged: not gzip
 * ```
 */
export function maybeGunzip(bytes: Uint8Array): Uint8Array {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return new Uint8Array(gunzipSync(bytes));
    } catch (cause) {
      throw new FitsError(`gzip data could not be inflated: ${cause}`, { cause });
    }
  }
  return bytes;
}

/**
 * Read every HDU of a FITS file (plain or gzipped bytes).
 *
 * @example
 * ```ts
 * import { readFits } from "./fits.ts";
 * const bytes = Deno.readFileSync("tests/fixtures/cutouts/ZTF22aayqeuc_science.fits.gz");
 * const [primary] = readFits(bytes);
 * primary.image?.width; // 63
 * ```
 */
export function readFits(input: Uint8Array, options: ReadFitsOptions = {}): FitsHdu[] {
  const bytes = maybeGunzip(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hdus: FitsHdu[] = [];
  let offset = 0;
  while (offset + BLOCK <= bytes.length) {
    const index = hdus.length;
    // Anything after the last HDU that is not an extension (zero padding) is ignored.
    if (
      index > 0 &&
      new TextDecoder("latin1").decode(bytes.subarray(offset, offset + 8)) !== "XTENSION"
    ) {
      break;
    }
    const { header, end } = parseHeader(bytes, offset, index);
    const dataStart = end;
    const bitpix = header.number("BITPIX");
    const naxis = header.number("NAXIS", 0);
    const axes: number[] = [];
    for (let i = 1; i <= naxis; i++) axes.push(header.number(`NAXIS${i}`));
    const pcount = header.number("PCOUNT", 0);
    const gcount = header.number("GCOUNT", 1);
    const nbytes = naxis === 0
      ? 0
      : (Math.abs(bitpix) / 8) * gcount * (pcount + axes.reduce((a, b) => a * b, 1));
    if (dataStart + nbytes > bytes.length) {
      throw new FitsError(`HDU ${index}: data of ${nbytes} bytes run past the end of the file`);
    }
    const xt = index === 0 ? "PRIMARY" : String(header.get("XTENSION") ?? "").trim();
    const hdu: FitsHdu = { index, type: "other", header };
    if (xt === "PRIMARY" || xt === "IMAGE") {
      hdu.type = "image";
      if (naxis > 0) hdu.image = readImage(view, dataStart, header, bitpix, axes, index);
    } else if (xt === "BINTABLE") {
      hdu.type = "bintable";
      hdu.rows = axes[1];
      hdu.columns = readTable(bytes, view, dataStart, header, axes, options.columns, index);
    }
    hdus.push(hdu);
    offset = dataStart + Math.ceil(nbytes / BLOCK) * BLOCK;
  }
  if (hdus.length === 0) throw new FitsError("not a FITS file: shorter than one 2880-byte block");
  return hdus;
}

function parseHeader(
  bytes: Uint8Array,
  start: number,
  index: number,
): { header: FitsHeader; end: number } {
  const cards: FitsCard[] = [];
  const decoder = new TextDecoder("latin1");
  for (let pos = start;; pos += CARD) {
    if (pos + CARD > bytes.length) throw new FitsError(`HDU ${index}: header has no END card`);
    const card = decoder.decode(bytes.subarray(pos, pos + CARD));
    if (pos === start && index === 0 && !card.startsWith("SIMPLE")) {
      throw new FitsError("not a FITS file: the first card is not SIMPLE");
    }
    const key = card.slice(0, 8).trim();
    if (key === "END") {
      const used = pos + CARD - start;
      return { header: new FitsHeader(cards), end: start + Math.ceil(used / BLOCK) * BLOCK };
    }
    if (card.slice(8, 10) !== "= ") {
      if (key === "CONTINUE" && cards.length > 0) {
        const prev = cards[cards.length - 1];
        const { value } = parseValue(card.slice(8));
        if (typeof prev.value === "string" && typeof value === "string") {
          prev.value = prev.value.replace(/&$/, "") + value;
        }
        continue;
      }
      cards.push({ key, value: undefined, comment: card.slice(8).trimEnd() });
      continue;
    }
    const { value, comment } = parseValue(card.slice(10));
    cards.push({ key, value, comment });
  }
}

function parseValue(text: string): { value: FitsValue | undefined; comment: string } {
  const t = text.trimStart();
  if (t.startsWith("'")) {
    let i = 1;
    let s = "";
    while (i < t.length) {
      if (t[i] === "'") {
        if (t[i + 1] === "'") {
          s += "'";
          i += 2;
          continue;
        }
        break;
      }
      s += t[i++];
    }
    const rest = t.slice(i + 1);
    const slash = rest.indexOf("/");
    return { value: s.trimEnd(), comment: slash >= 0 ? rest.slice(slash + 1).trim() : "" };
  }
  const slash = t.indexOf("/");
  const raw = (slash >= 0 ? t.slice(0, slash) : t).trim();
  const comment = slash >= 0 ? t.slice(slash + 1).trim() : "";
  if (raw === "T") return { value: true, comment };
  if (raw === "F") return { value: false, comment };
  if (raw === "") return { value: undefined, comment };
  const n = Number(raw.replace(/[dD]/, "E"));
  return { value: Number.isNaN(n) ? raw : n, comment };
}

function readImage(
  view: DataView,
  start: number,
  header: FitsHeader,
  bitpix: number,
  axes: number[],
  index: number,
): FitsImage {
  const width = axes[0];
  const height = axes.slice(1).reduce((a, b) => a * b, 1);
  const n = width * height;
  const bzero = header.number("BZERO", 0);
  const bscale = header.number("BSCALE", 1);
  const wide = bitpix === 32 || bitpix === 64 || bitpix === -64;
  const data = wide ? new Float64Array(n) : new Float32Array(n);
  const read = reader(view, bitpix, index);
  const size = Math.abs(bitpix) / 8;
  const blank = header.get("BLANK");
  for (let i = 0; i < n; i++) {
    const raw = read(start + i * size);
    data[i] = bitpix > 0 && raw === blank ? NaN : bzero + bscale * raw;
  }
  return { width, height, data, toRows: () => toRows(data, width, height) };
}

function toRows(data: Float32Array | Float64Array, width: number, height: number): number[][] {
  const rows: number[][] = [];
  for (let y = 0; y < height; y++) rows.push(Array.from(data.subarray(y * width, (y + 1) * width)));
  return rows;
}

function reader(view: DataView, bitpix: number, index: number): (at: number) => number {
  switch (bitpix) {
    case 8:
      return (at) => view.getUint8(at);
    case 16:
      return (at) => view.getInt16(at);
    case 32:
      return (at) => view.getInt32(at);
    case 64:
      return (at) => Number(view.getBigInt64(at));
    case -32:
      return (at) => view.getFloat32(at);
    case -64:
      return (at) => view.getFloat64(at);
  }
  throw new FitsError(`HDU ${index}: BITPIX = ${bitpix}; allowed: 8, 16, 32, 64, -32, -64`);
}

const TFORM = /^\s*(\d*)([LXBIJKAEDCMPQ])/;
const TYPE_SIZE: Record<string, number> = { L: 1, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8 };

function readTable(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  header: FitsHeader,
  axes: number[],
  wanted: string[] | undefined,
  index: number,
): Map<string, FitsColumn> {
  const [rowBytes, nrows] = axes;
  const nfields = header.number("TFIELDS");
  const columns = new Map<string, FitsColumn>();
  let colOffset = 0;
  for (let f = 1; f <= nfields; f++) {
    const format = String(header.get(`TFORM${f}`) ?? "");
    const m = TFORM.exec(format);
    if (!m) throw new FitsError(`HDU ${index}: TFORM${f} = ${JSON.stringify(format)} is not valid`);
    const repeat = m[1] === "" ? 1 : Number(m[1]);
    const code = m[2];
    const size = code === "X" ? Math.ceil(repeat / 8) : (TYPE_SIZE[code] ?? 0) * repeat;
    if (!(code in TYPE_SIZE) && code !== "X") {
      throw new FitsError(
        `HDU ${index}: TFORM${f} = ${format}; allowed types: L X B I J K A E D (no complex or heap)`,
      );
    }
    const name = String(header.get(`TTYPE${f}`) ?? `COL${f}`);
    const at = colOffset;
    colOffset += size;
    if (wanted && !wanted.includes(name)) continue;
    const unit = String(header.get(`TUNIT${f}`) ?? "");
    const data = readColumn(bytes, view, start, rowBytes, nrows, at, code, repeat, size);
    const tscal = header.number(`TSCAL${f}`, 1);
    const tzero = header.number(`TZERO${f}`, 0);
    const scaled = (tscal !== 1 || tzero !== 0) && !Array.isArray(data) &&
        !(data instanceof BigInt64Array)
      ? Float64Array.from(data as Float32Array, (v) => tzero + tscal * v)
      : data;
    columns.set(name, { name, format, repeat, unit, data: scaled });
  }
  return columns;
}

function readColumn(
  bytes: Uint8Array,
  view: DataView,
  start: number,
  rowBytes: number,
  nrows: number,
  at: number,
  code: string,
  repeat: number,
  size: number,
): FitsColumn["data"] {
  const n = nrows * repeat;
  if (code === "A") {
    const dec = new TextDecoder("latin1");
    const out: string[] = [];
    for (let r = 0; r < nrows; r++) {
      const p = start + r * rowBytes + at;
      out.push(dec.decode(bytes.subarray(p, p + size)).replace(/[\0 ]+$/, ""));
    }
    return out;
  }
  if (code === "B" || code === "L" || code === "X") {
    const out = new Uint8Array(nrows * size);
    for (let r = 0; r < nrows; r++) {
      const p = start + r * rowBytes + at;
      if (code === "L") {
        for (let k = 0; k < size; k++) out[r * size + k] = bytes[p + k] === 0x54 ? 1 : 0;
      } else out.set(bytes.subarray(p, p + size), r * size);
    }
    return out;
  }
  const elem = TYPE_SIZE[code];
  const out = code === "E"
    ? new Float32Array(n)
    : code === "D"
    ? new Float64Array(n)
    : code === "J"
    ? new Int32Array(n)
    : code === "I"
    ? new Int16Array(n)
    : new BigInt64Array(n);
  for (let r = 0; r < nrows; r++) {
    const p = start + r * rowBytes + at;
    for (let k = 0; k < repeat; k++) {
      const q = p + k * elem;
      const i = r * repeat + k;
      if (code === "D") (out as Float64Array)[i] = view.getFloat64(q);
      else if (code === "E") (out as Float32Array)[i] = view.getFloat32(q);
      else if (code === "J") (out as Int32Array)[i] = view.getInt32(q);
      else if (code === "I") (out as Int16Array)[i] = view.getInt16(q);
      else (out as BigInt64Array)[i] = view.getBigInt64(q);
    }
  }
  return out;
}

/** Options of {@link writeFits}. */
export interface WriteFitsOptions {
  /** −32 (float32, default) or −64 (float64). */
  bitpix?: -32 | -64;
  /** Extra header cards written after the mandatory ones (keywords ≤ 8 characters). */
  header?: Record<string, FitsValue>;
}

/**
 * Write one image as a single-HDU FITS file (primary HDU, big-endian floats).
 * Row 0 of `data` becomes the first row of the file, so
 * `readFits(writeFits(img))[0].image` gives back the same array.
 *
 * @example
 * ```ts
 * import { writeFits } from "./fits.ts";
 * const bytes = writeFits({ width: 2, height: 2, data: new Float32Array([1, 2, 3, 4]) });
 * bytes.length; // 5760
 * ```
 */
export function writeFits(
  image: { width: number; height: number; data: ArrayLike<number> },
  options: WriteFitsOptions = {},
): Uint8Array {
  const { bitpix = -32, header = {} } = options;
  const { width, height, data } = image;
  if (bitpix !== -32 && bitpix !== -64) {
    throw new FitsError(`writeFits: bitpix = ${bitpix}; allowed: -32 or -64`);
  }
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new FitsError(
      `writeFits: width × height = ${width} × ${height}; positive integers needed`,
    );
  }
  if (data.length !== width * height) {
    throw new FitsError(
      `writeFits: data has ${data.length} values; width × height = ${width * height}`,
    );
  }
  const cards = [
    card("SIMPLE", true, "conforms to FITS standard"),
    card("BITPIX", bitpix, "array data type"),
    card("NAXIS", 2, "number of array dimensions"),
    card("NAXIS1", width),
    card("NAXIS2", height),
  ];
  for (const [k, v] of Object.entries(header)) cards.push(card(k, v));
  cards.push("END".padEnd(CARD));
  const headerText = cards.join("");
  const headerLen = Math.ceil(headerText.length / BLOCK) * BLOCK;
  const size = bitpix === -32 ? 4 : 8;
  const dataLen = Math.ceil((data.length * size) / BLOCK) * BLOCK;
  const out = new Uint8Array(headerLen + dataLen);
  out.fill(0x20, 0, headerLen);
  for (let i = 0; i < headerText.length; i++) out[i] = headerText.charCodeAt(i) & 0xff;
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    if (size === 4) view.setFloat32(headerLen + 4 * i, data[i]);
    else view.setFloat64(headerLen + 8 * i, data[i]);
  }
  return out;
}

function card(key: string, value: FitsValue, comment = ""): string {
  const k = key.toUpperCase();
  if (!/^[A-Z0-9_-]{1,8}$/.test(k)) {
    throw new FitsError(
      `writeFits: header keyword ${JSON.stringify(key)}; allowed: 1-8 of A-Z 0-9 _ -`,
    );
  }
  let v: string;
  if (typeof value === "boolean") v = (value ? "T" : "F").padStart(20);
  else if (typeof value === "number") {
    v = (Number.isInteger(value) ? String(value) : value.toExponential(15).toUpperCase())
      .padStart(20);
  } else v = `'${value.replace(/'/g, "''").padEnd(8)}'`.padEnd(20);
  const text = `${k.padEnd(8)}= ${v}${comment ? ` / ${comment}` : ""}`;
  return text.slice(0, CARD).padEnd(CARD);
}
