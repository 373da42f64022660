/**
 * Scans over the HBase REST API.
 *
 * - Forward scans use a **stateful scanner** (`PUT /<table>/scanner` with a
 *   ScannerModel → 201 + `Location`; `GET …/scanner/<id>?n=<rows>` until 204;
 *   `DELETE`). The scanner is deleted in a `finally`, so also on errors and
 *   when the caller breaks out of the loop early.
 * - Reversed scans use the **stateless scanner** (`GET /<table>/*?startrow=…
 *   &endrow=…&reversed=true&limit=…`), because HBase's ScannerModel has no
 *   `reversed` field; pages are chained by restarting at the last key seen.
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
  client: RestClient;
  /** `/<table>` or `/<namespace>:<table>`, URL-encoded. */
  tablePath: string;
  table: string;
  /** Rows per GET when the caller gives no batchSize. */
  batchSize: number;
  /** ScannerModel `batch`: most cells per GET (a row may be split across GETs). */
  cellBatch: number;
  /** Called when the server says 404 for the table. */
  missingTable: (operation: string) => Promise<never>;
}

interface Bounds {
  lower?: string;
  upperBytes?: Uint8Array;
  /** Exclusive upper bound as a string (reversed scans). */
  upper?: string;
}

/** Lower/upper bounds of a scan (prefix, or startRow/stopRow). */
export function scanBounds(options: Pick<ScanOptions, "prefix" | "startRow" | "stopRow">): Bounds {
  if (options.prefix !== undefined && options.prefix !== "") {
    return {
      lower: options.prefix,
      upperBytes: prefixStop(keyBytes(options.prefix)),
      upper: nextString(options.prefix),
    };
  }
  const upper = options.stopRow !== undefined && options.stopRow !== "" ? options.stopRow : undefined;
  return {
    lower: options.startRow || undefined,
    upper,
    upperBytes: upper !== undefined ? keyBytes(upper) : undefined,
  };
}

/** Forward scan with a stateful scanner, deleted in `finally`. */
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
  if (created.status === 404) await ctx.missingTable(operation);
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
        accept: [204],
      });
      if (res.status === 204 || res.body === null) break;
      const rows = rowsOf(res.body, options.columns);
      let cells = 0;
      for (const r of rows) cells += r.columns.length;
      // Fewer cells than the batch cap: the server did not split the last row.
      const complete = cells < ctx.cellBatch;
      for (const row of rows) {
        if (pending && pending.key === row.key) {
          mergeRow(pending, row);
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

/** Reversed scan with the stateless scanner, page by page. */
export async function* reversedScan(
  ctx: ScanContext,
  bounds: Bounds,
  options: { columns?: string[]; limit?: number; batchSize?: number },
): AsyncGenerator<Row> {
  const batchSize = options.batchSize ?? ctx.batchSize;
  const limit = options.limit ?? Infinity;
  const lowerBytes = bounds.lower !== undefined ? keyBytes(bounds.lower) : undefined;
  const endrow = bounds.lower !== undefined ? belowString(bounds.lower) : undefined;
  let startrow = bounds.upper;
  let skip = bounds.upper; // startrow is inclusive on the server; our upper bound is exclusive
  let yielded = 0;
  while (yielded < limit) {
    const page = Math.min(batchSize, limit - yielded) + (skip !== undefined ? 1 : 0);
    const params = [`reversed=true`, `limit=${page}`];
    if (startrow !== undefined) params.push(`startrow=${encodeURIComponent(startrow)}`);
    if (endrow) params.push(`endrow=${encodeURIComponent(endrow)}`);
    for (const c of options.columns ?? []) params.push(`column=${encodeURIComponent(c)}`);
    const res = await ctx.client.request({
      method: "GET",
      path: `${ctx.tablePath}/*?${params.join("&")}`,
      operation: "scan",
      table: ctx.table,
      idempotent: true,
      accept: [204, 404],
    });
    if (res.status === 404 && typeof res.body === "string" && /table/i.test(res.body)) {
      await ctx.missingTable("scan");
    }
    const rows = res.status === 200 ? rowsOf(res.body, options.columns) : [];
    for (const row of rows) {
      if (row.key === skip) continue;
      if (lowerBytes && compareBytes(keyBytes(row.key), lowerBytes) < 0) return;
      yield row;
      if (++yielded >= limit) return;
    }
    if (rows.length < page) return;
    startrow = skip = rows[rows.length - 1].key;
  }
}

/** Count rows with a key-only scanner (FirstKeyOnlyFilter + KeyOnlyFilter). */
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
