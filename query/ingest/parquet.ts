/**
 * Reader of Parquet files holding Fink alerts (Spark- or pandas-written):
 * nested `candidate` / `prv_candidates` structs, cutout stamps as raw bytes,
 * int64 as `bigint` (then normalised: ZTF `long` fields stay `bigint`, other
 * integers become `number`). Row groups are read one at a time, so memory
 * stays bounded by the largest row group; rows are assembled by
 * `parquet_rows.ts` (3× faster than hyparquet's generic assembly on
 * `prv_candidates`), falling back to `parquetReadObjects` for other shapes.
 *
 * Pitfall handled (spec §5.4): byte arrays are read with `utf8: false`, so
 * the gzip stamps keep their `1f 8b` magic; columns annotated as strings
 * still decode as UTF-8, and any other byte array outside the cutouts is
 * decoded as UTF-8 during normalisation.
 *
 * @module
 */

import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import type { FileMetaData } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { AlertFileError } from "../../astro/errors.ts";
import type { AlertRecord } from "./alert.ts";
import { normaliseAlert } from "./normalise.ts";
import { readRowGroupRows } from "./parquet_rows.ts";

/**
 * The 4 bytes a Parquet file starts (and ends) with: `PAR1`.
 *
 * @example
 * ```ts
 * import { PARQUET_MAGIC } from "./parquet.ts";
 * console.log(new TextDecoder().decode(PARQUET_MAGIC)); // "PAR1"
 * ```
 */
export const PARQUET_MAGIC: Uint8Array = new Uint8Array([0x50, 0x41, 0x52, 0x31]);

/**
 * Format nanoseconds since the Unix epoch as Spark prints a timestamp cast to
 * string, in UTC: `2025-06-14 03:12:45.123456` (microsecond precision).
 *
 * @example
 * ```ts
 * import { formatTimestamp } from "./parquet.ts";
 * console.log(formatTimestamp(1_700_000_000_123_456_000n)); // "2023-11-14 22:13:20.123456"
 * ```
 */
export function formatTimestamp(nanos: bigint): string {
  const micros = nanos / 1000n;
  let millis = micros / 1000n;
  let subMicros = micros % 1000n;
  if (subMicros < 0n) {
    subMicros += 1000n;
    millis -= 1n;
  }
  const iso = new Date(Number(millis)).toISOString(); // 2023-11-14T22:13:20.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${String(subMicros).padStart(3, "0")}`;
}

/** hyparquet parsers that turn timestamps into Spark-style strings instead of `Date`s. */
const PARSERS = {
  timestampFromMilliseconds: (ms: bigint) => formatTimestamp(BigInt(ms) * 1_000_000n),
  timestampFromMicroseconds: (us: bigint) => formatTimestamp(BigInt(us) * 1000n),
  timestampFromNanoseconds: (ns: bigint) => formatTimestamp(BigInt(ns)),
};

/**
 * Parse the footer of a Parquet file held in memory; throws {@link AlertFileError}
 * (record index `undefined`) when the bytes are not a readable Parquet file.
 *
 * @example
 * ```ts
 * import { readParquetMetadata } from "./parquet.ts";
 * const path = "data/sample/fink-broker/online/science/20200101/part-00000-e827d2ad-255a-42d5-8164-41fca8bed00e.c000.snappy.parquet";
 * console.log(Number(readParquetMetadata(Deno.readFileSync(path), path).num_rows)); // 1
 * ```
 */
export function readParquetMetadata(bytes: Uint8Array, name: string): FileMetaData {
  const n = bytes.length;
  if (
    n < 12 || PARQUET_MAGIC.some((b, i) => bytes[i] !== b) ||
    PARQUET_MAGIC.some((b, i) => bytes[n - 4 + i] !== b)
  ) {
    throw new AlertFileError(
      name,
      undefined,
      "not a complete Parquet file (PAR1 magic missing at the start or the end: truncated?)",
    );
  }
  try {
    return parquetMetadata(bytes, { parsers: PARSERS });
  } catch (err) {
    throw new AlertFileError(
      name,
      undefined,
      `unreadable Parquet footer: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return bytes.buffer as ArrayBuffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

/**
 * Top-level column names of a Parquet file.
 *
 * @example
 * ```ts
 * import { parquetColumns, readParquetMetadata } from "./parquet.ts";
 * const path = "data/sample/fink-broker/datasim/fink_fat_example/orbital.parquet";
 * console.log(parquetColumns(readParquetMetadata(Deno.readFileSync(path), path)).includes("ssoCandId")); // true
 * ```
 */
export function parquetColumns(metadata: FileMetaData): string[] {
  return parquetSchema(metadata).children.map((c) => c.element.name);
}

/**
 * Yield the alerts of a Parquet file held in memory, one row group at a time.
 * Throws {@link AlertFileError} (with `name` and, where known, the index of the
 * first record that could not be read) on a truncated/corrupt file, a schema
 * without `objectId`/`candidate`, or a row that is not an alert.
 *
 * @example
 * ```ts
 * import { readParquetAlerts } from "./parquet.ts";
 * const path = "data/sample/fink-filters/datatest/tde/tde_ZTF20abfcszi_202008.parquet";
 * let n = 0;
 * for await (const alert of readParquetAlerts(Deno.readFileSync(path), path)) n++;
 * console.log(n); // 21
 * ```
 */
export async function* readParquetAlerts(
  bytes: Uint8Array,
  name: string,
): AsyncGenerator<AlertRecord> {
  const metadata = readParquetMetadata(bytes, name);
  const columns = parquetColumns(metadata);
  const missing = ["objectId", "candidate"].filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new AlertFileError(
      name,
      undefined,
      `not an alert file: no ${missing.map((m) => `\`${m}\``).join(" or ")} column (columns: ${
        columns.join(", ")
      }); ZTF alerts need objectId and candidate`,
    );
  }
  let rowStart = 0;
  for (let g = 0; g < metadata.row_groups.length; g++) {
    const rowEnd = rowStart + Number(metadata.row_groups[g].num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await readRowGroupRows(bytes, metadata, g, { parsers: PARSERS }) ??
        await parquetReadObjects({
          file: toArrayBuffer(bytes),
          metadata,
          rowStart,
          rowEnd,
          compressors,
          utf8: false,
          parsers: PARSERS,
        });
    } catch (err) {
      throw new AlertFileError(name, rowStart, `corrupt row group: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (rows.length !== rowEnd - rowStart) {
      throw new AlertFileError(
        name,
        rowStart + rows.length,
        `row group holds ${rows.length} rows, footer says ${rowEnd - rowStart}`,
      );
    }
    for (let i = 0; i < rows.length; i++) {
      let alert: AlertRecord;
      try {
        alert = normaliseAlert(rows[i]);
      } catch (err) {
        throw new AlertFileError(name, rowStart + i, (err as Error).message, { cause: err });
      }
      yield alert;
    }
    rowStart = rowEnd;
  }
}
