/**
 * Fink's cell encoding, shared by every backend.
 *
 * Fink writes HBase cells through the hbase-spark connector with catalogue
 * types: `double` → 8-byte big-endian IEEE 754, `float` → 4-byte BE,
 * `integer` → 4-byte BE two's complement, `long` → 8-byte BE, `short` →
 * 2-byte BE, `string` → UTF-8. Booleans, arrays and structs are written as
 * strings (`"true"`/`"false"`, `"[...]"`). Each table holds a schema row
 * (`schema_<broker>_<science>`) whose cells hold the type name of every
 * column, which is what a reader uses to decode (as Lomikel's `HBaseSchema`).
 *
 * @module
 */

/** Type names found in Fink's schema rows. */
export type CellType =
  | "double"
  | "float"
  | "integer"
  | "long"
  | "short"
  | "string"
  | "boolean"
  | "binary"
  | "fits/image";

/** A decoded cell value: `long` decodes to `bigint` so `candid` stays exact. */
export type CellValue = number | bigint | string | boolean | Uint8Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The cell types finkit knows how to encode and decode. */
export const CELL_TYPES: readonly CellType[] = [
  "double",
  "float",
  "integer",
  "long",
  "short",
  "string",
  "boolean",
  "binary",
  "fits/image",
];

/**
 * UTF-8 bytes of a string cell. Short strings are cached (cells are never
 * mutated, so one instance can serve every row) and ASCII is encoded in JS,
 * which is several times faster than `TextEncoder` for the short strings
 * that make most of Fink's cells.
 */
export function encodeString(value: string): Uint8Array {
  if (value.length > 24) return asciiOrUtf8(value);
  let bytes = STRING_CACHE.get(value);
  if (!bytes) {
    bytes = asciiOrUtf8(value);
    if (STRING_CACHE.size > 50_000) STRING_CACHE.clear();
    STRING_CACHE.set(value, bytes);
  }
  return bytes;
}

const STRING_CACHE = new Map<string, Uint8Array>();

function asciiOrUtf8(value: string): Uint8Array {
  const n = value.length;
  const out = alloc(n);
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c > 127) return encoder.encode(value);
    out[i] = c;
  }
  return out;
}

/** String of a UTF-8 cell (see {@linkcode decodeStringAt}). */
export function decodeString(bytes: Uint8Array): string {
  return decodeStringAt(bytes, 0, bytes.length);
}

// Short strings are interned in a direct-mapped cache keyed by their bytes: a
// query's string columns repeat a few values (object ids, classes, "Unknown"),
// so most cells are looked up without allocating a string (measured: building
// short strings dominated the garbage of a light-curve query).
const INTERN_SLOTS = 4096;
const INTERN_MAX = 48;
const internBytes = new Uint8Array(INTERN_SLOTS * INTERN_MAX);
const internLength = new Int16Array(INTERN_SLOTS).fill(-1);
const internString: string[] = new Array(INTERN_SLOTS).fill("");

/**
 * String of the UTF-8 bytes `buf[start … end)`; short values are interned,
 * so equal cells decode to the same string without a new allocation.
 */
export function decodeStringAt(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 0) return "";
  if (n > INTERN_MAX) return decoder.decode(buf.subarray(start, end));
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  const slot = (h ^ (h >>> 15)) & (INTERN_SLOTS - 1);
  const base = slot * INTERN_MAX;
  if (internLength[slot] === n) {
    let same = true;
    for (let i = 0; i < n && same; i++) same = internBytes[base + i] === buf[start + i];
    if (same) return internString[slot];
  }
  const str = decoder.decode(buf.subarray(start, end));
  internBytes.set(buf.subarray(start, end), base);
  internLength[slot] = n;
  internString[slot] = str;
  return str;
}

/**
 * Encode a value as Fink's writer does for a column of `type`.
 *
 * @example
 * ```ts
 * import { decodeCell, encodeCell } from "./codec.ts";
 * const bytes = encodeCell("double", 2459795.8062153); // 8 bytes, big-endian
 * decodeCell("double", bytes); // 2459795.8062153
 * decodeCell("long", encodeCell("long", 1622215345315015012n)); // 1622215345315015012n
 * ```
 */
export function encodeCell(type: CellType | string, value: unknown): Uint8Array {
  switch (type) {
    case "double":
      F64[0] = toNumber(value, type);
      return reversed(SCRATCH, 8);
    case "float":
      F32[0] = toNumber(value, type);
      return reversed(SCRATCH, 4);
    case "integer":
      I32[0] = toNumber(value, type);
      return reversed(SCRATCH, 4);
    case "short":
      I16[0] = toNumber(value, type);
      return reversed(SCRATCH, 2);
    case "long":
      I64[0] = toBigInt(value);
      return reversed(SCRATCH, 8);
    case "binary":
    case "fits/image":
      if (value instanceof Uint8Array) return value;
      throw new TypeError(`a ${type} cell needs a Uint8Array, got ${typeof value}`);
    case "boolean":
      return encodeString(value ? "true" : "false");
    default:
      // "string" and any unknown type: UTF-8 of the value (as Lomikel decodes).
      return encodeString(typeof value === "string" ? value : stringify(value));
  }
}

/**
 * A growable byte buffer that {@linkcode writeCell} appends to: ingest
 * encodes every cell of a batch into one buffer instead of one array per cell.
 */
export class ByteWriter {
  /** The bytes written so far are `bytes[0 … length)`. */
  bytes: Uint8Array;
  /** Big-endian numeric writes into `bytes`. */
  view: DataView;
  /** Bytes written. */
  length = 0;

  /** A writer with `capacity` bytes to start with. */
  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Make room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < need) size *= 2;
    const bytes = new Uint8Array(size);
    bytes.set(this.bytes.subarray(0, this.length));
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer);
  }

  /** Append the UTF-8 bytes of a string (ASCII in JS, the rest with `TextEncoder`). */
  string(value: string): void {
    const n = value.length;
    this.reserve(3 * n);
    const out = this.bytes;
    let o = this.length;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c > 127) {
        const { written } = encoder.encodeInto(value.slice(i), out.subarray(o));
        this.length = o + written;
        return;
      }
      out[o++] = c;
    }
    this.length = o;
  }

  /** Append bytes. */
  append(value: Uint8Array): void {
    this.reserve(value.length);
    this.bytes.set(value, this.length);
    this.length += value.length;
  }

  /** Forget the bytes written (keeps the buffer). */
  reset(): void {
    this.length = 0;
  }
}

/**
 * Append to `w` the bytes {@linkcode encodeCell} gives for `value` as a
 * column of `type` (same bytes, same errors), without a new array per cell.
 */
export function writeCell(w: ByteWriter, type: CellType | string, value: unknown): void {
  switch (type) {
    case "double":
      w.reserve(8);
      w.view.setFloat64(w.length, toNumber(value, type));
      w.length += 8;
      return;
    case "float":
      w.reserve(4);
      w.view.setFloat32(w.length, toNumber(value, type));
      w.length += 4;
      return;
    case "integer":
      w.reserve(4);
      w.view.setInt32(w.length, toNumber(value, type));
      w.length += 4;
      return;
    case "short":
      w.reserve(2);
      w.view.setInt16(w.length, toNumber(value, type));
      w.length += 2;
      return;
    case "long":
      w.reserve(8);
      w.view.setBigInt64(w.length, toBigInt(value));
      w.length += 8;
      return;
    case "binary":
    case "fits/image":
      if (value instanceof Uint8Array) return w.append(value);
      throw new TypeError(`a ${type} cell needs a Uint8Array, got ${typeof value}`);
    case "boolean":
      return w.string(value ? "true" : "false");
    default:
      return w.string(typeof value === "string" ? value : stringify(value));
  }
}

// One scratch buffer, viewed as each numeric type; the platform is little-endian
// (every platform Deno runs on), so big-endian bytes are the scratch reversed.
const SCRATCH = new Uint8Array(8);
const F64 = new Float64Array(SCRATCH.buffer);
const F32 = new Float32Array(SCRATCH.buffer);
const I32 = new Int32Array(SCRATCH.buffer);
const I16 = new Int16Array(SCRATCH.buffer);
const I64 = new BigInt64Array(SCRATCH.buffer);

function reversed(src: Uint8Array, n: number): Uint8Array {
  const out = alloc(n);
  for (let i = 0; i < n; i++) out[i] = src[n - 1 - i];
  return out;
}

// Small cells are carved out of shared slabs: a view is far cheaper than a new
// ArrayBuffer per cell (measured: allocation dominated ingest). Cells are never
// mutated after encoding, and a slab is freed once no cell refers to it.
const SLAB_SIZE = 1 << 16;
let slab = new Uint8Array(SLAB_SIZE);
let slabOffset = 0;

function alloc(n: number): Uint8Array {
  if (n > 256) return new Uint8Array(n);
  if (slabOffset + n > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabOffset = 0;
  }
  const out = slab.subarray(slabOffset, slabOffset + n);
  slabOffset += n;
  return out;
}

/**
 * Decode the bytes of a cell of `type` (unknown types decode as UTF-8, as
 * Lomikel does). A cell whose length does not fit its numeric type decodes as
 * its UTF-8 string, so a malformed cell never throws.
 */
export function decodeCell(type: CellType | string, bytes: Uint8Array): CellValue {
  switch (type) {
    case "double":
      return bytes.length === 8 ? (load(bytes, 8), F64[0]) : decoder.decode(bytes);
    case "float":
      return bytes.length === 4 ? (load(bytes, 4), F32[0]) : decoder.decode(bytes);
    case "integer":
      return bytes.length === 4 ? (load(bytes, 4), I32[0]) : decoder.decode(bytes);
    case "short":
      return bytes.length === 2 ? (load(bytes, 2), I16[0]) : decoder.decode(bytes);
    case "long":
      return bytes.length === 8 ? (load(bytes, 8), I64[0]) : decoder.decode(bytes);
    case "binary":
    case "fits/image":
      return bytes;
    case "boolean": {
      const s = decodeString(bytes);
      return s === "true" ? true : s === "false" ? false : s;
    }
    default:
      return decodeString(bytes);
  }
}

/**
 * {@linkcode decodeCell} of the bytes `buf[start … end)`, without making a
 * view for numeric cells.
 */
export function decodeCellAt(
  type: CellType | string,
  buf: Uint8Array,
  start: number,
  end: number,
): CellValue {
  const n = end - start;
  switch (type) {
    case "double":
      if (n !== 8) break;
      for (let i = 0; i < 8; i++) SCRATCH[i] = buf[end - 1 - i];
      return F64[0];
    case "float":
      if (n !== 4) break;
      for (let i = 0; i < 4; i++) SCRATCH[i] = buf[end - 1 - i];
      return F32[0];
    case "integer":
      if (n !== 4) break;
      for (let i = 0; i < 4; i++) SCRATCH[i] = buf[end - 1 - i];
      return I32[0];
    case "long":
      if (n !== 8) break;
      for (let i = 0; i < 8; i++) SCRATCH[i] = buf[end - 1 - i];
      return I64[0];
  }
  if (type === "string") return decodeStringAt(buf, start, end);
  if (type === "boolean") {
    const b = decodeStringAt(buf, start, end);
    return b === "true" ? true : b === "false" ? false : b;
  }
  return decodeCell(type, buf.subarray(start, end));
}

/** Copy big-endian `bytes` into the little-endian scratch buffer. */
function load(bytes: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) SCRATCH[i] = bytes[n - 1 - i];
}

function toNumber(value: unknown, type: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  throw new TypeError(`cannot encode ${JSON.stringify(value)} as ${type}`);
}

function toBigInt(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`cannot encode ${JSON.stringify(value)} as long`);
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    return JSON.stringify(value, (_k, v) => typeof v === "bigint" ? Number(v) : v);
  }
  return String(value);
}
