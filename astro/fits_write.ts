/**
 * FITS writing: one primary image HDU with its header.
 *
 * @module
 */

import { BLOCK, CARD, FitsError, type FitsValue } from "./fits_types.ts";

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
