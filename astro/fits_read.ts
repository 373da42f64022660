/**
 * FITS reading: headers, images (BITPIX 8…−64) and BINTABLE columns, gzip input inflated first.
 *
 * @module
 */

import { gunzipSync } from "node:zlib";
import {
  BLOCK,
  CARD,
  type FitsCard,
  type FitsColumn,
  FitsError,
  type FitsHdu,
  FitsHeader,
  type FitsImage,
  type FitsValue,
  type ReadFitsOptions,
} from "./fits_types.ts";

/**
 * Most bytes gzip data may inflate to: 1.8 GB holds the largest map LIGO/Virgo publish flattened
 * (nside 2048, four 8-byte columns: 1.61 GB); a few kilobytes of gzip cannot make more (a "gzip
 * bomb" of 2 MB inflated to gigabytes).
 */
export const MAX_INFLATED_BYTES = 1_800_000_000;

/**
 * Inflate gzip bytes (magic 0x1f 0x8b), or return the bytes unchanged; more than `maxBytes`
 * (default {@linkcode MAX_INFLATED_BYTES}) inflated is a {@linkcode FitsError}.
 *
 * @example
 * ```ts
 * import { maybeGunzip } from "./fits.ts";
 * maybeGunzip(new Uint8Array([0x53, 0x49])); // unchanged: not gzip
 * ```
 */
export function maybeGunzip(bytes: Uint8Array, maxBytes = MAX_INFLATED_BYTES): Uint8Array {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    let out: Uint8Array;
    try {
      out = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (cause) {
      const tooLarge = (cause as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      throw new FitsError(
        tooLarge
          ? `gzip data inflate to more than ${maxBytes} bytes, the most allowed`
          : `gzip data could not be inflated: ${cause}`,
        { cause },
      );
    }
    // A view of the inflated buffer, not a copy.
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
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
    // The fields must fit in a row (NAXIS1): a TFORM declaring more would read each row's
    // bytes many times over (memory quadratic in the declared repeat).
    if (colOffset > rowBytes) {
      throw new FitsError(
        `HDU ${index}: TFORM${f} = ${format} ends at byte ${colOffset} of a row, but rows ` +
          `have NAXIS1 = ${rowBytes} bytes`,
      );
    }
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
