/**
 * Rowkeys and table names of the embedded backend: a rowkey's bytes without
 * `TextEncoder` for ASCII keys, a Fink table's SQL name, and the byte bounds
 * of a prefix or start/stop scan.
 *
 * @module
 */
import { keyBytes, prefixStop, type ScanOptions, StoreError } from "./store.ts";

const keyScratch = new Uint8Array(1024);

/**
 * {@linkcode keyBytes} of a rowkey, without `TextEncoder` for ASCII keys
 * (a view of a scratch buffer, valid until the next call; SQLite copies it).
 */
export function asciiKey(key: string): Uint8Array {
  const n = key.length;
  if (n > keyScratch.length) return keyBytes(key);
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c > 127) return keyBytes(key);
    keyScratch[i] = c;
  }
  return keyScratch.subarray(0, n);
}

/** The SQL table of a Fink table (`t_ztf.pixel128`, quoted). */
export function sqlName(table: string): string {
  return `"t_${table.replaceAll('"', '""')}"`;
}

/** The rowkey byte bounds of a scan: a prefix, or a start row and an exclusive stop row. */
export function bounds(
  options: Pick<ScanOptions, "prefix" | "startRow" | "stopRow">,
  backend: string,
  table: string,
): { lower?: Uint8Array; upper?: Uint8Array } {
  if (options.prefix !== undefined) {
    if (options.startRow !== undefined || options.stopRow !== undefined) {
      throw new StoreError(
        backend,
        "scan",
        table,
        "give either prefix or startRow/stopRow, not both",
      );
    }
    const p = keyBytes(options.prefix);
    return p.length ? { lower: p, upper: prefixStop(p) } : {};
  }
  return {
    lower: options.startRow !== undefined ? keyBytes(options.startRow) : undefined,
    upper: options.stopRow !== undefined && options.stopRow !== ""
      ? keyBytes(options.stopRow)
      : undefined,
  };
}
