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

/** UTF-8 bytes of a string cell. */
export function encodeString(value: string): Uint8Array {
  return encoder.encode(value);
}

/** String of a UTF-8 cell. */
export function decodeString(bytes: Uint8Array): string {
  return decoder.decode(bytes);
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
    case "double": {
      const out = new Uint8Array(8);
      new DataView(out.buffer).setFloat64(0, toNumber(value, type));
      return out;
    }
    case "float": {
      const out = new Uint8Array(4);
      new DataView(out.buffer).setFloat32(0, toNumber(value, type));
      return out;
    }
    case "integer": {
      const out = new Uint8Array(4);
      new DataView(out.buffer).setInt32(0, toNumber(value, type));
      return out;
    }
    case "short": {
      const out = new Uint8Array(2);
      new DataView(out.buffer).setInt16(0, toNumber(value, type));
      return out;
    }
    case "long": {
      const out = new Uint8Array(8);
      new DataView(out.buffer).setBigInt64(0, toBigInt(value));
      return out;
    }
    case "binary":
    case "fits/image":
      if (value instanceof Uint8Array) return value;
      throw new TypeError(`a ${type} cell needs a Uint8Array, got ${typeof value}`);
    case "boolean":
      return encoder.encode(value ? "true" : "false");
    default:
      // "string" and any unknown type: UTF-8 of the value (as Lomikel decodes).
      return encoder.encode(typeof value === "string" ? value : stringify(value));
  }
}

/**
 * Decode the bytes of a cell of `type` (unknown types decode as UTF-8, as
 * Lomikel does). A cell whose length does not fit its numeric type decodes as
 * its UTF-8 string, so a malformed cell never throws.
 */
export function decodeCell(type: CellType | string, bytes: Uint8Array): CellValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type) {
    case "double":
      return bytes.length === 8 ? view.getFloat64(0) : decoder.decode(bytes);
    case "float":
      return bytes.length === 4 ? view.getFloat32(0) : decoder.decode(bytes);
    case "integer":
      return bytes.length === 4 ? view.getInt32(0) : decoder.decode(bytes);
    case "short":
      return bytes.length === 2 ? view.getInt16(0) : decoder.decode(bytes);
    case "long":
      return bytes.length === 8 ? view.getBigInt64(0) : decoder.decode(bytes);
    case "binary":
    case "fits/image":
      return bytes;
    case "boolean": {
      const s = decoder.decode(bytes);
      return s === "true" ? true : s === "false" ? false : s;
    }
    default:
      return decoder.decode(bytes);
  }
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
