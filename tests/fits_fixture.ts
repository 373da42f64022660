/** FITS files built card by card, for tests of the FITS reader and of sky-map uploads. */

/** A FITS header block from 80-character cards (END added, padded with spaces). */
export function header(cards: string[]): Uint8Array {
  const text = [...cards, "END"].map((c) => c.padEnd(80)).join("");
  const out = new Uint8Array(Math.ceil(text.length / 2880) * 2880).fill(0x20);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Data bytes padded with zeros to whole 2880-byte blocks. */
export function block(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(data.length / 2880) * 2880);
  out.set(data);
  return out;
}

/** The parts one after another. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), o += p.length);
  return out;
}

/** A card `KEY     = value`, the value right-aligned in 20 columns as FITS writes numbers. */
function card(key: string, value: number): string {
  return `${key.padEnd(8)}= ${String(value).padStart(20)}`;
}

/**
 * An empty primary HDU then a BINTABLE of `rows` rows of `rowBytes` bytes, its columns given as
 * `[TTYPE, TFORM]` pairs, further cards after them, and `data` (zeros to the declared size when
 * not given).
 */
export function binTableFits(
  opts: {
    rowBytes: number;
    rows: number;
    columns: [string, string][];
    cards?: string[];
    data?: Uint8Array;
  },
): Uint8Array {
  const { rowBytes, rows, columns } = opts;
  return concat(
    header([
      "SIMPLE  =                    T",
      "BITPIX  =                    8",
      "NAXIS   =                    0",
      "EXTEND  =                    T",
    ]),
    header([
      "XTENSION= 'BINTABLE'",
      "BITPIX  =                    8",
      "NAXIS   =                    2",
      card("NAXIS1", rowBytes),
      card("NAXIS2", rows),
      "PCOUNT  =                    0",
      "GCOUNT  =                    1",
      card("TFIELDS", columns.length),
      ...columns.flatMap(([type, form], i) => [
        `TTYPE${i + 1}`.padEnd(8) + `= '${type}'`,
        `TFORM${i + 1}`.padEnd(8) + `= '${form}'`,
      ]),
      ...(opts.cards ?? []),
    ]),
    block(opts.data ?? new Uint8Array(rowBytes * rows)),
  );
}
