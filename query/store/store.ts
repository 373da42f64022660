/**
 * The store interface: an HBase-shaped key-value table API that every backend
 * (embedded `node:sqlite`, Apache HBase REST) implements, and that everything
 * above it (ingest, query) is written against once.
 *
 * Rows are addressed by a UTF-8 string rowkey; rowkeys compare **bytewise**
 * on their UTF-8 encoding, as in HBase. A row holds cells named
 * `family:qualifier` (e.g. `i:jd`) whose values are raw bytes; the typed
 * encoding of those bytes is Fink's (see `codec.ts`), so one decoder serves
 * every backend.
 *
 * @module
 */

/** One row as returned by {@linkcode Store.get} and {@linkcode Store.scan}. */
export interface Row {
  /** The rowkey, e.g. `ZTF22aayqeuc_2459795.8062153`. */
  key: string;
  /** Column names `family:qualifier`, sorted bytewise; parallel to `values`. */
  columns: string[];
  /** Raw cell values, parallel to `columns`. */
  values: Uint8Array[];
  /**
   * Optional zero-copy view of the same cells (the embedded backend gives
   * it): cell `i` is `blob[bounds[2i] … bounds[2i+1])`. Decoders use it to
   * avoid one `Uint8Array` view per cell.
   */
  readonly raw?: RawCells;
}

/** Cells of a row as offsets into one buffer (see {@linkcode Row.raw}). */
export interface RawCells {
  /** The buffer holding every cell. */
  blob: Uint8Array;
  /** Start and end offset of each cell, in `columns` order. */
  bounds: Uint32Array;
}

/**
 * A row whose cells are ranges of one buffer (SQLite's packed blob, or the
 * decoded cells of an HBase REST row): cell values are views made on first
 * access of `values`; `raw` lets decoders read the buffer directly without
 * one view per cell.
 *
 * @example
 * ```ts
 * import { PackedRow } from "./store.ts";
 * const row = new PackedRow("k", ["i:a", "i:b"], new Uint8Array([1, 2, 3]), new Uint32Array([0, 1, 1, 3]));
 * console.log(row.values[1]); // Uint8Array [2, 3]
 * ```
 */
export class PackedRow implements Row {
  #values?: Uint8Array[];
  readonly raw: RawCells;
  constructor(
    readonly key: string,
    readonly columns: string[],
    blob: Uint8Array,
    bounds: Uint32Array,
  ) {
    this.raw = { blob, bounds };
  }

  get values(): Uint8Array[] {
    if (!this.#values) {
      const { blob, bounds } = this.raw;
      this.#values = new Array(this.columns.length);
      for (let i = 0; i < this.columns.length; i++) {
        this.#values[i] = blob.subarray(bounds[2 * i], bounds[2 * i + 1]);
      }
    }
    return this.#values;
  }
}

/** A row to write with {@linkcode Store.put}. */
export interface PutRow {
  /** The rowkey. */
  key: string;
  /** Cells to write: `family:qualifier` → raw bytes. */
  cells: Record<string, Uint8Array>;
}

/**
 * Rows whose cells are byte ranges of one buffer: the form of `PutRow[]`
 * that ingest builds (no array or object per cell). Row `r` holds cells
 * `first[r] … first[r + 1] - 1`; cell `c` is column `names[columns[c]]` with
 * bytes `bytes[bounds[2c] … bounds[2c + 1])`. A column named twice in a row
 * keeps its last value, as when a `PutRow`'s cells are assigned in that order.
 */
export interface CellRows {
  /** Rowkey of each row. */
  readonly keys: readonly string[];
  /** The UTF-8 bytes of row `row`'s rowkey, when the rows hold them already (else from `keys`). */
  keyBytes?(row: number): Uint8Array;
  /** Index of each row's first cell (one more entry than rows). */
  readonly first: ArrayLike<number>;
  /** Column of each cell, as an index into `names`. */
  readonly columns: ArrayLike<number>;
  /**
   * Column names (`family:qualifier`) by index. A backend may remember what
   * it made of them while the same list comes back: the list may grow, but
   * an index never names another column.
   */
  readonly names: readonly string[];
  /** Start and end offset in `bytes` of each cell. */
  readonly bounds: ArrayLike<number>;
  /** The bytes of every cell. */
  readonly bytes: Uint8Array;
}

/** The `PutRow`s of some rows of a {@linkcode CellRows} (each cell copied out of the buffer). */
export function cellRowsToPutRows(rows: CellRows, select: readonly number[]): PutRow[] {
  return select.map((r) => {
    const cells: Record<string, Uint8Array> = {};
    for (let c = rows.first[r]; c < rows.first[r + 1]; c++) {
      cells[rows.names[rows.columns[c]]] = rows.bytes.slice(
        rows.bounds[2 * c],
        rows.bounds[2 * c + 1],
      );
    }
    return { key: rows.keys[r], cells };
  });
}

/**
 * Write rows `select` of `rows`: with the store's {@linkcode Store.putCells}
 * when it has one, else as `PutRow`s with {@linkcode Store.put} (same rows).
 */
export function putCellRows(
  store: Store,
  table: string,
  rows: CellRows,
  select: readonly number[],
  options: PutOptions = {},
): Promise<void> {
  if (select.length === 0) return Promise.resolve();
  if (store.putCells) return store.putCells(table, rows, select, options);
  return store.put(table, cellRowsToPutRows(rows, select), options);
}

/** Options shared by get and scan. */
export interface ReadOptions {
  /**
   * Columns to return: `family:qualifier` names, or bare family names
   * (`"i"`) for a whole family. Omitted: every column. As HBase, a row with
   * no cell in the columns asked is not returned; `[]` asks for the keys only
   * (every row, no cell).
   */
  columns?: string[];
}

/**
 * Scan options, named after the HBase concepts they map to (as happybase's
 * `Table.scan(row_start, row_stop, row_prefix, columns, limit, batch_size,
 * reverse)`).
 */
export interface ScanOptions extends ReadOptions {
  /** Only rows whose key starts with this prefix. Exclusive with startRow/stopRow. */
  prefix?: string;
  /** First rowkey (inclusive). */
  startRow?: string;
  /** Last rowkey (exclusive), as HBase's stopRow. */
  stopRow?: string;
  /** Descending order (HBase `setReversed`). Bounds keep their meaning. */
  reversed?: boolean;
  /** At most this many rows. */
  limit?: number;
  /** Rows fetched per round trip (HBase scanner batch / caching). */
  batchSize?: number;
}

/** A rowkey range: `startRow` inclusive, `stopRow` exclusive (as a scan's bounds). */
export interface RowRange {
  /** First rowkey (inclusive). */
  startRow: string;
  /** Last rowkey (exclusive). */
  stopRow: string;
}

/** Options of a scan over several ranges ({@linkcode scanRanges}). */
export interface RangesOptions extends ReadOptions {
  /** Rows fetched per round trip (HBase scanner caching). */
  batchSize?: number;
}

/** Write options. */
export interface PutOptions {
  /**
   * Skip rows whose key already exists instead of replacing them (used for
   * history rows, which never overwrite a real alert row).
   */
  ifAbsent?: boolean;
}

/**
 * An HBase-shaped store. Every method is async so that network backends fit.
 *
 * @example
 * ```ts
 * import { openStore } from "../mod.ts";
 * const store = await openStore(":memory:");
 * await store.createTable("demo", ["i"]);
 * await store.put("demo", [{ key: "a_1", cells: { "i:x": new Uint8Array([1]) } }]);
 * for await (const row of store.scan("demo", { prefix: "a_" })) console.log(row.key);
 * await store.close();
 * ```
 */
export interface Store {
  /** A short description of the backend, e.g. `sqlite:/path/alerts.db`. */
  readonly description: string;
  /** Names of the tables present. */
  listTables(): Promise<string[]>;
  /** Create a table with the given column families if it does not exist. */
  createTable(table: string, families: string[]): Promise<void>;
  /** One row, or `undefined` when absent. */
  get(table: string, rowkey: string, options?: ReadOptions): Promise<Row | undefined>;
  /** Several rows in one call (multi-get); absent rows are omitted, order follows `rowkeys`. */
  getMany(table: string, rowkeys: string[], options?: ReadOptions): Promise<Row[]>;
  /** Rows in rowkey order (bytewise), as an async iterator. */
  scan(table: string, options?: ScanOptions): AsyncIterable<Row>;
  /**
   * Optional: the rows of several key ranges in one pass, in rowkey order, each row once (HBase:
   * one scanner with a `MultiRowRangeFilter` instead of one per range). Called by
   * {@linkcode scanRanges} with ranges sorted, non-empty and disjoint; backends without it are
   * scanned range by range.
   */
  scanRanges?(table: string, ranges: RowRange[], options?: RangesOptions): AsyncIterable<Row>;
  /**
   * Write rows. One call is one atomic batch on the embedded backend (all or
   * nothing); on HBase each row is atomic. Existing cells of a row are
   * replaced column by column, as an HBase put.
   */
  put(table: string, rows: PutRow[], options?: PutOptions): Promise<void>;
  /**
   * Optional fast form of {@linkcode Store.put} for rows `select` of a
   * {@linkcode CellRows} (same semantics and atomicity). Backends without it
   * are written through `put` (see {@linkcode putCellRows}).
   */
  putCells?(
    table: string,
    rows: CellRows,
    select: readonly number[],
    options?: PutOptions,
  ): Promise<void>;
  /** Delete whole rows (absent rows are ignored). */
  delete(table: string, rowkeys: string[]): Promise<void>;
  /**
   * Run `fn` so that every put inside it commits together (embedded backend:
   * one transaction). Backends without multi-row transactions run `fn` as is.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * True when {@linkcode Store.transaction} really rolls back on error (the
   * embedded backend); absent or false otherwise. Ingest then writes a file
   * while reading it instead of reading it whole first.
   */
  readonly transactional?: boolean;
  /**
   * True when the store was opened read-only (the embedded sample): writes
   * fail. Absent or false otherwise.
   */
  readonly readOnly?: boolean;
  /** Count rows (optionally under a prefix), without decoding them. */
  count(
    table: string,
    options?: Pick<ScanOptions, "prefix" | "startRow" | "stopRow">,
  ): Promise<number>;
  /** Release resources. */
  close(): Promise<void>;
}

/**
 * The rows of several key ranges, in rowkey order, each row once (ranges may come in any order
 * and overlap; empty ones are dropped): with the store's {@linkcode Store.scanRanges} when it has
 * one (one HBase scanner for them all), else one scan per range. Same rows either way.
 *
 * @example
 * ```ts
 * import { openStore } from "../mod.ts";
 * import { scanRanges } from "./store.ts";
 * const store = await openStore(":memory:");
 * await store.createTable("t", ["i"]);
 * const cell = { "i:x": new Uint8Array([1]) };
 * await store.put("t", ["a_1", "b_1", "c_1"].map((key) => ({ key, cells: cell })));
 * const ranges = [{ startRow: "c_", stopRow: "c`" }, { startRow: "a_", stopRow: "a`" }];
 * for await (const row of scanRanges(store, "t", ranges)) console.log(row.key); // a_1, c_1
 * await store.close();
 * ```
 */
export async function* scanRanges(
  store: Store,
  table: string,
  ranges: readonly RowRange[],
  options: RangesOptions = {},
): AsyncGenerator<Row> {
  const merged = mergeRanges(ranges);
  yield* merged.length > 1 && store.scanRanges
    ? store.scanRanges(table, merged, options)
    : scanEach(store, table, merged, options);
}

/** The rows of `ranges`, one {@linkcode Store.scan} after the other. */
export async function* scanEach(
  store: Store,
  table: string,
  ranges: readonly RowRange[],
  options: RangesOptions = {},
): AsyncGenerator<Row> {
  for (const r of ranges) yield* store.scan(table, { ...options, ...r });
}

/** Ranges sorted by their start (bytewise), the empty ones dropped, overlapping ones joined. */
export function mergeRanges(ranges: readonly RowRange[]): RowRange[] {
  const byStart = ranges
    .map((r) => ({ ...r, start: keyBytes(r.startRow), stop: keyBytes(r.stopRow) }))
    .filter((r) => compareBytes(r.start, r.stop) < 0)
    .sort((a, b) => compareBytes(a.start, b.start));
  const out: (RowRange & { stop: Uint8Array })[] = [];
  for (const r of byStart) {
    const last = out.at(-1);
    if (last && compareBytes(r.start, last.stop) <= 0) {
      if (compareBytes(r.stop, last.stop) > 0) {
        Object.assign(last, { stopRow: r.stopRow, stop: r.stop });
      }
    } else out.push({ startRow: r.startRow, stopRow: r.stopRow, stop: r.stop });
  }
  return out.map(({ startRow, stopRow }) => ({ startRow, stopRow }));
}

/** Error raised by a store operation; names the backend, table and operation. */
export class StoreError extends Error {
  /** Build an error for `operation` on `table` of `backend`. */
  constructor(
    readonly backend: string,
    readonly operation: string,
    readonly table: string | undefined,
    message: string,
    options?: ErrorOptions,
  ) {
    super(
      `${backend}: ${operation}${table ? ` on table '${table}'` : ""} failed: ${message}`,
      options,
    );
    this.name = "StoreError";
  }
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a rowkey. */
export function keyBytes(key: string): Uint8Array {
  return encoder.encode(key);
}

/**
 * The smallest byte string greater than every string that starts with
 * `prefix` (HBase's `unsignedCopyAndIncrement` of the last non-0xFF byte).
 * Returns `undefined` when no such bound exists (prefix all 0xFF or empty).
 *
 * @example
 * ```ts
 * import { prefixStop } from "./store.ts";
 * prefixStop(new TextEncoder().encode("ZTF_")); // bytes of "ZTF`"
 * ```
 */
export function prefixStop(prefix: Uint8Array): Uint8Array | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] !== 0xff) {
      const out = prefix.slice(0, i + 1);
      out[i]++;
      return out;
    }
  }
  return undefined;
}

/**
 * The key range of the rows whose key starts with `prefix`, up to {@linkcode prefixStop} (keys
 * here are ASCII, so that bound is text too).
 *
 * @example
 * ```ts
 * import { prefixRange } from "./store.ts";
 * console.log(prefixRange("1234_")); // { startRow: "1234_", stopRow: "1234`" }
 * ```
 */
export function prefixRange(prefix: string): RowRange {
  return { startRow: prefix, stopRow: new TextDecoder().decode(prefixStop(keyBytes(prefix))) };
}

/** Bytewise comparison of two byte strings (HBase `Bytes.compareTo`). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/**
 * Whether a row read with `columns` is returned, as HBase answers: not when it
 * holds no cell of the columns asked, unless only its key was asked
 * (`columns: []`) or nothing was selected.
 */
export function rowReturned(cells: number, columns: readonly string[] | undefined): boolean {
  return cells > 0 || !columns?.length;
}

/** Whether `column` is selected by a columns list of names or bare families. */
export function columnSelected(column: string, columns: readonly string[] | undefined): boolean {
  if (!columns) return true;
  for (const c of columns) {
    if (c === column) return true;
    if (!c.includes(":") && column.startsWith(c + ":")) return true;
  }
  return false;
}
