/**
 * A minimal PNG encoder (8-bit RGBA or grayscale, no filtering) for static cutout images, using
 * `node:zlib` deflate. Kernel side only.
 *
 * @module
 */
import { deflateSync } from "node:zlib";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Encode RGBA pixels (row-major, top row first) as a PNG file; with
 * `channels` 1, the pixels are 8-bit gray levels (a grayscale PNG, as
 * Pillow writes a 2-D `uint8` array).
 *
 * @example
 * ```ts
 * import { encodePNG } from "./png.ts";
 * const png = encodePNG(new Uint8ClampedArray(4 * 4), 2, 2);
 * console.assert(png[1] === 0x50 && png[2] === 0x4e && png[3] === 0x47); // "PNG"
 * ```
 */
export function encodePNG(
  pixels: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  channels: 1 | 4 = 4,
): Uint8Array {
  const row = width * channels;
  if (pixels.length !== row * height) {
    throw new RangeError(
      `${channels === 4 ? "RGBA" : "gray"} has ${pixels.length} bytes, expected ${width}×${height}${
        channels === 4 ? "×4" : ""
      } = ${row * height}`,
    );
  }
  const raw = new Uint8Array((row + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (row + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * row, (y + 1) * row), y * (row + 1) + 1);
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 4 ? 6 : 0; // RGBA or grayscale
  const idat = new Uint8Array(deflateSync(raw));
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", idat),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Base64 of bytes.
 *
 * @example
 * ```ts
 * import { toBase64 } from "./png.ts";
 * console.assert(toBase64(new Uint8Array([1, 2, 3])) === "AQID");
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}
