/**
 * Snappy blocks as Avro object container files store them: a raw Snappy
 * block followed by the 4-byte big-endian CRC-32 of the *uncompressed*
 * bytes (Avro 1.x specification, "snappy" codec). The block itself is
 * decoded with hyparquet's pure-JS `snappyUncompress`; the length prefix and
 * the checksum are checked here.
 *
 * @module
 */

import { snappyUncompress } from "hyparquet";
import * as zlib from "node:zlib";

/** Native CRC-32 of `node:zlib` (Node ≥ 20.15, Deno 2): ~50× faster than the table loop. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/**
 * A Snappy block that cannot be decoded (bad length, bad data or checksum mismatch).
 *
 * @example
 * ```ts
 * import { avroSnappyDecompress, SnappyError } from "./snappy.ts";
 * try {
 *   avroSnappyDecompress(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
 * } catch (err) {
 *   console.log(err instanceof SnappyError); // true
 * }
 * ```
 */
export class SnappyError extends Error {
  /** Build an error with a message naming what is wrong. */
  constructor(message: string) {
    super(message);
    this.name = "SnappyError";
  }
}

const CRC_TABLE = /* @__PURE__ */ (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/**
 * CRC-32 (IEEE 802.3, as zlib and Avro use it) of `bytes`, as an unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * import { crc32 } from "./snappy.ts";
 * console.log(crc32(new TextEncoder().encode("123456789")).toString(16)); // "cbf43926"
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  if (nativeCrc32) return nativeCrc32(bytes) >>> 0;
  return crc32Table(bytes);
}

/**
 * CRC-32 by the classic table loop (the fallback of {@link crc32}).
 *
 * @example
 * ```ts
 * import { crc32Table } from "./snappy.ts";
 * console.log(crc32Table(new TextEncoder().encode("123456789")).toString(16)); // "cbf43926"
 * ```
 */
export function crc32Table(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/**
 * Read the uncompressed length stored as a varint at the start of a Snappy block.
 *
 * @example
 * ```ts
 * import { snappyLength } from "./snappy.ts";
 * console.log(snappyLength(new Uint8Array([0x05, 0x10, 0x68, 0x65, 0x6c, 0x6c, 0x6f]))); // 5
 * ```
 */
export function snappyLength(block: Uint8Array): number {
  let result = 0;
  let shift = 0;
  for (let i = 0; i < 5 && i < block.length; i++) {
    const byte = block[i];
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7;
  }
  throw new SnappyError("snappy block has no valid length prefix");
}

/**
 * Options of {@link avroSnappyDecompress}.
 *
 * @example
 * ```ts
 * import { avroSnappyDecompress } from "./snappy.ts";
 * const block = new Uint8Array([1, 0, 0x61, 0, 0, 0, 0]); // "a" with a wrong CRC
 * console.log(avroSnappyDecompress(block, { checkCrc: false })); // Uint8Array [ 97 ]
 * ```
 */
export interface AvroSnappyOptions {
  /** Check the CRC-32 trailer against the decoded bytes. Default `true`. */
  checkCrc?: boolean;
  /** Refuse blocks that claim to decode to more than this many bytes. Default 256 MiB. */
  maxLength?: number;
}

/**
 * Decode one Avro "snappy" block (raw Snappy data + 4-byte big-endian CRC-32 of the result).
 * Throws {@link SnappyError} on a bad length prefix, corrupt data or a checksum mismatch.
 *
 * @example
 * ```ts
 * import { avroSnappyDecompress, crc32 } from "./snappy.ts";
 * // "hello" as one Snappy literal, followed by its CRC.
 * const text = new TextEncoder().encode("hello");
 * const crc = crc32(text);
 * const block = new Uint8Array([5, 4 << 2, ...text, crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255]);
 * console.log(new TextDecoder().decode(avroSnappyDecompress(block))); // "hello"
 * ```
 */
export function avroSnappyDecompress(
  block: Uint8Array,
  { checkCrc = true, maxLength = 256 * 1024 * 1024 }: AvroSnappyOptions = {},
): Uint8Array {
  if (block.length < 5) {
    throw new SnappyError(`snappy block of ${block.length} bytes is shorter than 5 bytes`);
  }
  const data = block.subarray(0, block.length - 4);
  const length = snappyLength(data);
  if (length > maxLength) {
    throw new SnappyError(
      `snappy block claims ${length} bytes, more than the ${maxLength} allowed`,
    );
  }
  const output = new Uint8Array(length);
  try {
    snappyUncompress(data, output);
  } catch (err) {
    throw new SnappyError(`corrupt snappy block: ${(err as Error).message}`);
  }
  if (checkCrc) {
    const t = block.length - 4;
    const expected =
      ((block[t] << 24) | (block[t + 1] << 16) | (block[t + 2] << 8) | block[t + 3]) >>>
      0;
    const actual = crc32(output);
    if (expected !== actual) {
      throw new SnappyError(
        `snappy block checksum mismatch: stored ${expected.toString(16)}, computed ${
          actual.toString(16)
        }`,
      );
    }
  }
  return output;
}
