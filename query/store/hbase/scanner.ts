/**
 * Scans over the HBase REST API.
 *
 * - Forward scans use a **stateful scanner** (`PUT /<table>/scanner` with a
 *   ScannerModel → 201 + `Location`; `GET …/scanner/<id>?n=<rows>` until 204;
 *   `DELETE`). The scanner is deleted in a `finally`, so also on errors and
 *   when the caller breaks out of the loop early.
 * - Reversed scans (and forward scans with the `scanner: "stateless"` option)
 *   use the **stateless scanner** (`GET /<table>/*?startrow=…&endrow=…
 *   &reversed=true&limit=…`), because HBase's ScannerModel has no `reversed`
 *   field; pages are chained by restarting at the last key seen.
 *
 * @module
 */
import {
  compareBytes,
  keyBytes,
  prefixStop,
  type Row,
  type ScanOptions,
  StoreError,
} from "../store.ts";
import { b64, type RestClient } from "./client.ts";
import { encodePart, type FilterModel, filters, mergeRow, rowsOf } from "./wire.ts";

/** What a scan needs from the store. */
export interface ScanContext {
  /** The REST client. */
  client: RestClient;
  /** `/<table>` or `/<namespace>:<table>`, URL-encoded. */
  tablePath: string;
  /** Table name, for errors. */
  table: string;
  /** Rows per GET when the caller gives no batchSize. */
  batchSize: number;
  /** ScannerModel `batch`: most cells per GET (a row may be split across GETs). */
  cellBatch: number;
  /**
   * Rethrow a failed request's error, or the "does not exist" StoreError when
   * the table is missing (HBase answers a stateless scan of a missing table
   * with a bare 500, and a stateful one with 201 then 404 on the first page).
   */
  explainFailure: (error: unknown, operation: string) => Promise<never>;
}

/** Row bounds of a scan. */
export interface Bounds {
  /** Inclusive lower bound. */
  lower?: string;
  /** Exclusive upper bound as bytes (stateful scanners). */
  upperBytes?: Uint8Array;
  /** Exclusive upper bound as a string (reversed scans). */
  upper?: string;
}

/**
 * Throw a StoreError for scan options no backend accepts (prefix with a range,
 * a negative or fractional limit or batch size).
 *
 * @example
 * ```ts
 * import { checkScanOptions } from "./scanner.ts";
 * checkScanOptions("hbase://127.0.0.1:8080", "ztf", { prefix: "ZTF21", limit: 10 }); // fine
 * ```
 */
export function checkScanOptions(description: string, table: string, options: ScanOptions): void {
  const fail = (msg: string) => {
    throw new StoreError(description, "scan", table, msg);
  };
  if (
    options.prefix !== undefined &&
    (options.startRow !== undefined || options.stopRow !== undefined)
  ) fail("give either prefix or startRow/stopRow, not both");
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 0)) {
    fail(`limit=${options.limit} is not an integer >= 0`);
  }
  if (
    options.batchSize !== undefined &&
    (!Number.isInteger(options.batchSize) || options.batchSize < 1)
  ) fail(`batchSize=${options.batchSize} is not an integer >= 1`);
}

/**
 * Lower/upper bounds of a scan (prefix, or startRow/stopRow).
 *
 * @example
 * ```ts
 * import { scanBounds } from "./scanner.ts";
 * scanBounds({ prefix: "ZTF21abfmbix_" }).upper; // "ZTF21abfmbix`"
 * ```
 */
export function scanBounds(options: Pick<ScanOptions, "prefix" | "startRow" | "stopRow">): Bounds {
  if (options.prefix !== undefined && options.prefix !== "") {
    return {
      lower: options.prefix,
      upperBytes: prefixStop(keyBytes(options.prefix)),
      upper: nextString(options.prefix),
    };
  }
  const upper = options.stopRow !== undefined && options.stopRow !== ""
    ? options.stopRow
    : undefined;
  return {
    lower: options.startRow || undefined,
    upper,
    upperBytes: upper !== undefined ? keyBytes(upper) : undefined,
  };
}

/**
 * Forward scan with a stateful scanner, deleted in `finally`.
 *
 * @example
 * ```ts
 * import { forwardScan } from "./scanner.ts";
 * // Used by HBaseStore.scan; with a ScanContext `ctx`:
 * // for await (const row of forwardScan(ctx, scanBounds({ prefix: "ZTF21" }), {})) …
 * ```
 */
export async function* forwardScan(
  ctx: ScanContext,
  bounds: Bounds,
  options: { columns?: string[]; limit?: number; batchSize?: number; filter?: FilterModel },
  operation = "scan",
): AsyncGenerator<Row> {
  const batchSize = options.batchSize ?? ctx.batchSize;
  const model: Record<string, unknown> = { batch: ctx.cellBatch, caching: batchSize };
  if (bounds.lower !== undefined) model.startRow = b64(bounds.lower);
  if (bounds.upperBytes) model.endRow = bounds.upperBytes.toBase64();
  if (options.columns?.length) model.column = options.columns.map(b64);
  if (options.filter) model.filter = JSON.stringify(options.filter);
  const created = await ctx.client.request({
    method: "PUT",
    path: `${ctx.tablePath}/scanner`,
    body: model,
    operation,
    table: ctx.table,
    idempotent: true,
    accept: [404],
  });
  if (created.status === 404) {
    const msg = `HTTP 404 from the HBase REST server: ${String(created.body).slice(0, 100)}`;
    await ctx.explainFailure(
      new StoreError(ctx.client.description, operation, ctx.table, msg),
      operation,
    );
  }
  const location = String(created.headers["location"] ?? "");
  const id = /\/scanner\/([^/?#]+)\/?$/.exec(location)?.[1];
  if (!id) {
    const msg = `the HBase REST server gave no scanner id (Location: '${location}')`;
    throw new StoreError(ctx.client.description, operation, ctx.table, msg);
  }
  const scannerPath = `${ctx.tablePath}/scanner/${encodePart(decodeURIComponent(id))}`;
  const limit = options.limit ?? Infinity;
  let yielded = 0;
  let pending: Row | undefined;
  try {
    while (yielded < limit) {
      const want = Math.max(1, Math.min(batchSize, limit - yielded));
      const res = await ctx.client.request({
        method: "GET",
        path: `${scannerPath}?n=${want}`,
        operation,
        table: ctx.table,
        accept: [204, 404],
      });
      if (res.status === 404) {
        // HBase creates scanners on missing tables (201) and answers their first page 404.
        const msg =
          "the HBase REST server lost the scanner (HTTP 404: expired or server restarted)";
        await ctx.explainFailure(
          new StoreError(ctx.client.description, operation, ctx.table, msg),
          operation,
        );
      }
      if (res.status === 204 || res.body === null) break;
      const rows = rowsOf(res.body, options.columns);
      let cells = 0;
      for (const r of rows) cells += r.columns.length;
      // Fewer cells than the batch cap: the server did not split the last row.
      const complete = cells < ctx.cellBatch;
      for (const row of rows) {
        if (pending && pending.key === row.key) {
          pending = mergeRow(pending, row);
          continue;
        }
        if (pending) {
          yield pending;
          if (++yielded >= limit) return;
        }
        pending = row;
      }
      if (complete && pending) {
        yield pending;
        pending = undefined;
        yielded++;
      }
      // A short, unsplit page means the server-side scanner is exhausted: skip the 204 round trip.
      if (complete && rows.length < want) break;
    }
    if (pending && yielded < limit) yield pending;
  } finally {
    await ctx.client.request({
      method: "DELETE",
      path: scannerPath,
      operation: `${operation} (delete scanner)`,
      table: ctx.table,
      accept: [404, 410],
    }).catch(() => {
      // The server expires abandoned scanners; a failed delete must not hide the scan's outcome.
    });
  }
}

/**
 * Scan with the stateless scanner (`GET /<table>/*?…`), page by page: one
 * request per page and no server-side state. Reversed scans always use it.
 *
 * @example
 * ```ts
 * import { statelessScan } from "./scanner.ts";
 * // Used by HBaseStore.scan for reversed scans; with a ScanContext `ctx`:
 * // for await (const row of statelessScan(ctx, bounds, { reversed: true, limit: 10 })) …
 * ```
 */
export async function* statelessScan(
  ctx: ScanContext,
  bounds: Bounds,
  options: { columns?: string[]; limit?: number; batchSize?: number; reversed?: boolean },
): AsyncGenerator<Row> {
  const batchSize = options.batchSize ?? ctx.batchSize;
  const limit = options.limit ?? Infinity;
  const reversed = options.reversed ?? false;
  const lowerBytes = bounds.lower !== undefined ? keyBytes(bounds.lower) : undefined;
  // Reversed: the server starts at `startrow` (inclusive) and stops before `endrow`.
  let startrow = reversed ? bounds.upper : bounds.lower;
  const endrow = reversed
    ? (bounds.lower !== undefined ? belowString(bounds.lower) : undefined)
    : bounds.upper;
  let skip = reversed ? bounds.upper : undefined; // our upper bound is exclusive
  let yielded = 0;
  while (yielded < limit) {
    const page = Math.min(batchSize, limit - yielded) + (skip !== undefined ? 1 : 0);
    const params = [`limit=${page}`];
    if (reversed) params.push("reversed=true");
    if (startrow !== undefined) params.push(`startrow=${encodeURIComponent(startrow)}`);
    if (endrow) params.push(`endrow=${encodeURIComponent(endrow)}`);
    for (const c of options.columns ?? []) params.push(`column=${encodeURIComponent(c)}`);
    let res;
    try {
      res = await ctx.client.request({
        method: "GET",
        path: `${ctx.tablePath}/*?${params.join("&")}`,
        operation: "scan",
        table: ctx.table,
        idempotent: true,
        accept: [204, 404],
      });
    } catch (e) {
      // HBase answers a stateless scan of a missing table with a bare 500 "Request failed.".
      return await ctx.explainFailure(e, "scan");
    }
    if (res.status === 404) {
      const msg = `HTTP 404 from the HBase REST server: ${String(res.body).slice(0, 100)}`;
      await ctx.explainFailure(
        new StoreError(ctx.client.description, "scan", ctx.table, msg),
        "scan",
      );
    }
    const rows = res.status === 200 ? rowsOf(res.body, options.columns) : [];
    for (const row of rows) {
      if (row.key === skip) continue;
      if (reversed && lowerBytes && compareBytes(keyBytes(row.key), lowerBytes) < 0) return;
      yield row;
      if (++yielded >= limit) return;
    }
    if (rows.length < page) return;
    const last = rows[rows.length - 1].key;
    if (reversed) startrow = skip = last;
    else startrow = last + "\u0000"; // the next key in bytewise order
  }
}

/** Most ranges one scanner's MultiRowRangeFilter carries (its JSON stays under ~100 kB). */
const RANGES_PER_SCANNER = 1000;

/**
 * Rows of sorted, disjoint key ranges: one stateful scanner per 1,000 ranges, bounded by its
 * first start and last stop, with a `MultiRowRangeFilter` (HBase seeks from range to range).
 *
 * @example
 * ```ts
 * import { rangesScan } from "./scanner.ts";
 * // Used by HBaseStore.scanRanges, with a ScanContext `ctx`:
 * // for await (const row of rangesScan(ctx, [{ startRow: "1_", stopRow: "1`" }], {})) …
 * ```
 */
export async function* rangesScan(
  ctx: ScanContext,
  ranges: readonly { startRow: string; stopRow: string }[],
  options: { columns?: string[]; batchSize?: number },
): AsyncGenerator<Row> {
  for (let i = 0; i < ranges.length; i += RANGES_PER_SCANNER) {
    const part = ranges.slice(i, i + RANGES_PER_SCANNER);
    const bounds = { lower: part[0].startRow, upperBytes: keyBytes(part.at(-1)!.stopRow) };
    yield* forwardScan(ctx, bounds, { ...options, filter: filters.rowRanges(part) }, "scanRanges");
  }
}

/**
 * Count rows with a key-only scanner (FirstKeyOnlyFilter + KeyOnlyFilter).
 *
 * @example
 * ```ts
 * import { countRows } from "./scanner.ts";
 * // Used by HBaseStore.count: const n = await countRows(ctx, scanBounds({ prefix: "ZTF21" }));
 * ```
 */
export async function countRows(ctx: ScanContext, bounds: Bounds): Promise<number> {
  let n = 0;
  const filter = filters.list("MUST_PASS_ALL", [filters.firstKeyOnly(), filters.keyOnly()]);
  const big = { ...ctx, cellBatch: 10_000 };
  for await (const _ of forwardScan(big, bounds, { batchSize: 10_000, filter }, "count")) n++;
  return n;
}

/**
 * The smallest string greater than every string starting with `prefix`,
 * comparing UTF-8 bytes (last code point + 1), or undefined if none.
 *
 * @example
 * ```ts
 * import { nextString } from "./scanner.ts";
 * nextString("ZTF21abfmbix_"); // "ZTF21abfmbix`"
 * ```
 */
export function nextString(prefix: string): string | undefined {
  const cps = [...prefix];
  while (cps.length) {
    let cp = cps.pop()!.codePointAt(0)! + 1;
    if (cp === 0xd800) cp = 0xe000;
    if (cp <= 0x10ffff) return cps.join("") + String.fromCodePoint(cp);
  }
  return undefined;
}

/** A string below `key` and close to it (exact when its last code point is U+0000). */
function belowString(key: string): string | undefined {
  const cps = [...key];
  const last = cps.pop()!.codePointAt(0)!;
  if (last === 0) return cps.join("") || undefined;
  const prev = last === 0xe000 ? 0xd7ff : last - 1;
  return cps.join("") + String.fromCodePoint(prev);
}
