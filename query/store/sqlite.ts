/**
 * The embedded backend of the store interface: one `node:sqlite` file (built
 * into Deno), one `WITHOUT ROWID` table per Fink table keyed by the rowkey's
 * UTF-8 bytes (so keys compare bytewise, as in HBase), a rollback journal,
 * one transaction per batch (`sqlite_transactions.ts`); the pages a
 * transaction appends leave the OS page cache after its commit
 * (`sqlite_cache.ts`).
 *
 * A row's cells are packed in one BLOB: for each cell, the column id (from a
 * per-table column dictionary) and the value length as varints, then the
 * raw value. Pages are 16 KiB so that an alert row (~1.6 kB, up to ~4 kB with
 * long strings) stays in its b-tree page: with 8 KiB pages a quarter of the
 * rows spilled into mostly empty overflow pages (measured on 100k alerts:
 * 647 MB against 397 MB, and slower object reads). Rows longer than ~4 kB
 * (the cutouts) are stored apart, in one rowid table: see `sqlite_blobs.ts`.
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import {
  type CellRows,
  keyBytes,
  type PutOptions,
  type PutRow,
  type RangesOptions,
  type ReadOptions,
  type Row,
  type RowRange,
  rowReturned,
  type ScanOptions,
  type Store,
  StoreError,
} from "./store.ts";
import { pack, packCells, type ScanRow, type TableInfo, unpack } from "./sqlite_cells.ts";
import { asciiKey, bounds, sqlName } from "./sqlite_keys.ts";
import { SideBlobs, type StoredCells } from "./sqlite_blobs.ts";
import { RowWriter } from "./sqlite_put.ts";
import { catalogTable, loadCatalog, prepareForWriting, unreadableFormat } from "./sqlite_file.ts";
import { WrittenPages } from "./sqlite_cache.ts";
import { READ_CACHE_KIB, Transactions } from "./sqlite_transactions.ts";

/** Whether a scanned row's `cells` column holds the id of a blob. */
function holdsBlobId(r: ScanRow): boolean {
  return typeof (Array.isArray(r) ? r[1] : r.cells) === "number";
}

const decoder = new TextDecoder();

/** Options of {@linkcode SqliteStore.open}. */
export interface SqliteOptions {
  /** Open read-only (fails if the file does not exist). Default false. */
  readOnly?: boolean;
}

/**
 * A store in one SQLite file (or `":memory:"`).
 *
 * @example
 * ```ts
 * import { SqliteStore } from "./sqlite.ts";
 * const store = SqliteStore.open(":memory:");
 * await store.createTable("ztf", ["i", "d"]);
 * await store.put("ztf", [{ key: "ZTF21abfmbix_2459000.5", cells: { "i:fid": new Uint8Array([0, 0, 0, 1]) } }]);
 * const row = await store.get("ztf", "ZTF21abfmbix_2459000.5");
 * console.log(row?.columns); // ["i:fid"]
 * await store.close();
 * ```
 */
export class SqliteStore implements Store {
  readonly description: string;
  /** Transactions roll back: see {@linkcode Store.transactional}. */
  readonly transactional = true;
  /** Opened read-only: see {@linkcode Store.readOnly}. */
  readonly readOnly: boolean;
  #db: DatabaseSync;
  #tables = new Map<string, TableInfo>();
  #blobs: SideBlobs;
  #written: WrittenPages | undefined;
  #tx: Transactions;

  private constructor(readonly path: string, options: SqliteOptions) {
    this.description = `sqlite:${path}`;
    this.readOnly = options.readOnly ?? false;
    try {
      this.#db = new DatabaseSync(path, { readOnly: this.readOnly });
    } catch (e) {
      throw new StoreError(this.description, "open", undefined, (e as Error).message, { cause: e });
    }
    try {
      // Wait for another connection's lock instead of failing at once. Set
      // before any other statement: even `cache_size` reads the schema, and
      // preparing a file for writing takes the write lock briefly (a
      // server's query workers open the same file at the same time).
      this.#db.exec(`PRAGMA busy_timeout=10000; PRAGMA cache_size=-${READ_CACHE_KIB};`);
      if (!options.readOnly) prepareForWriting(this.#db);
    } catch (e) {
      this.#db.close();
      throw new StoreError(this.description, "open", undefined, (e as Error).message, { cause: e });
    }
    this.#blobs = new SideBlobs(this.#db);
    // After a commit, the OS page cache lets go of the large rows it appended; after a rollback,
    // the column ids the batch created are dropped.
    this.#tx = new Transactions(
      this.#db,
      this.description,
      () => {
        const blobBytes = this.#blobs.takeWritten();
        this.#written?.committed(blobBytes);
      },
      () => this.#loadCatalog(),
    );
    this.#checkFormat();
    this.#loadCatalog();
    if (!options.readOnly) this.#written = WrittenPages.for(path);
  }

  #checkFormat(): void {
    const unreadable = unreadableFormat(this.#db);
    if (unreadable === undefined) return;
    this.#db.close();
    throw new StoreError(this.description, "open", undefined, unreadable);
  }

  /** Open (creating if needed) the SQLite file at `path`. */
  static open(path: string, options: SqliteOptions = {}): SqliteStore {
    return new SqliteStore(path, options);
  }

  #loadCatalog(): void {
    this.#tables = loadCatalog(this.#db);
  }

  /**
   * Add the tables another connection created since this one read the
   * catalog (the known ones keep their state and prepared statements).
   */
  #learnTables(): void {
    for (const [name, info] of loadCatalog(this.#db)) {
      if (!this.#tables.has(name)) this.#tables.set(name, info);
    }
  }

  #table(table: string, operation: string): TableInfo {
    let info = this.#tables.get(table);
    if (!info) {
      this.#learnTables();
      info = this.#tables.get(table);
    }
    if (!info) {
      throw new StoreError(
        this.description,
        operation,
        table,
        this.#tables.size === 0
          ? "no such table: the store is empty (nothing ingested into it yet)"
          : `no such table; tables are: ${[...this.#tables.keys()].join(", ")}`,
      );
    }
    return info;
  }

  #stmt(info: TableInfo, key: string, sql: () => string, arrays = false): StatementSync {
    let s = info.stmts.get(key);
    if (!s) {
      s = this.#db.prepare(sql());
      // Rows as arrays rather than objects: measurably cheaper on large scans
      // (Deno versions without `setReturnArrays` keep objects; `scan` reads both).
      const returnArrays = (s as { setReturnArrays?: (on: boolean) => void }).setReturnArrays;
      if (arrays && returnArrays) returnArrays.call(s, true);
      info.stmts.set(key, s);
    }
    return s;
  }

  listTables(): Promise<string[]> {
    return Promise.resolve([...this.#tables.keys()].sort());
  }

  createTable(table: string, families: string[]): Promise<void> {
    if (this.#tables.has(table)) return Promise.resolve();
    this.#learnTables(); // another connection may have created it, and its columns
    if (this.#tables.has(table)) return Promise.resolve();
    this.#tx.run("createTable", table, () => {
      this.#db.exec(
        `CREATE TABLE IF NOT EXISTS ${
          sqlName(table)
        } (rowkey BLOB PRIMARY KEY, cells BLOB NOT NULL) WITHOUT ROWID`,
      );
      this.#db.prepare("INSERT OR IGNORE INTO _finkit_tables (name, families) VALUES (?, ?)")
        .run(table, JSON.stringify(families));
    });
    this.#tables.set(table, catalogTable(this.#db, table, [...families]));
    return Promise.resolve();
  }

  get(table: string, rowkey: string, options: ReadOptions = {}): Promise<Row | undefined> {
    const info = this.#table(table, "get");
    const stmt = this.#stmt(
      info,
      "get",
      () => `SELECT cells FROM ${info.sqlName} WHERE rowkey = ?`,
    );
    const key = keyBytes(rowkey);
    const r = stmt.get(key) as { cells: StoredCells } | undefined;
    let cells = r?.cells;
    if (typeof cells === "number") {
      // The row's cells are a blob: the row and its blob read from one state of the file.
      cells = this.#snapshot(() => {
        const again = (stmt.get(key) as { cells: StoredCells } | undefined)?.cells;
        return again === undefined ? undefined : this.#cells(table, "get", again);
      });
    }
    const row = cells && unpack(rowkey, cells, info, options.columns);
    return Promise.resolve(
      row && rowReturned(row.columns.length, options.columns) ? row : undefined,
    );
  }

  /**
   * Run `read` in one read transaction unless the connection is in one: a
   * row and its blob (two statements) are read from the same state of the
   * file, never across a writer's commit.
   */
  #snapshot<T>(read: () => T): T {
    if (this.#db.isTransaction) return read();
    this.#db.exec("BEGIN");
    try {
      return read();
    } finally {
      this.#db.exec("COMMIT");
    }
  }

  async getMany(table: string, rowkeys: string[], options: ReadOptions = {}): Promise<Row[]> {
    const out: Row[] = [];
    for (const k of rowkeys) {
      const r = await this.get(table, k, options);
      if (r) out.push(r);
    }
    return out;
  }

  async *scan(table: string, options: ScanOptions = {}): AsyncGenerator<Row> {
    const info = this.#table(table, "scan");
    const { lower, upper } = bounds(options, this.description, table);
    const reversed = options.reversed ?? false;
    const batch = Math.max(1, Math.min(options.batchSize ?? 1000, 100_000));
    let remaining = options.limit ?? Infinity;
    if (!(remaining >= 0)) {
      throw new StoreError(
        this.description,
        "scan",
        table,
        `limit must be ≥ 0, got ${options.limit}`,
      );
    }
    // Keyset pagination: each batch restarts after the last key seen.
    let cursor: Uint8Array | undefined;
    while (remaining > 0) {
      const n = Math.min(batch, remaining);
      const conds: string[] = [];
      const params: (Uint8Array | bigint)[] = [];
      if (lower) (conds.push("rowkey >= ?"), params.push(lower));
      if (upper) (conds.push("rowkey < ?"), params.push(upper));
      if (cursor) (conds.push(reversed ? "rowkey < ?" : "rowkey > ?"), params.push(cursor));
      const where = conds.length ? `WHERE ${conds.join(" AND ")}` : "";
      const sql = `SELECT rowkey, cells FROM ${info.sqlName} ${where} ORDER BY rowkey ${
        reversed ? "DESC" : "ASC"
      } LIMIT ?`; // bound, so each shape of scan is one cached statement whatever its limit
      params.push(BigInt(n));
      const stmt = this.#stmt(info, sql, () => sql, true);
      const rows = this.#rows(table, "scan", stmt, params);
      let last: Uint8Array | undefined;
      for (const [rowkey, cells] of rows) {
        last = rowkey;
        const row = unpack(decoder.decode(rowkey), cells, info, options.columns);
        if (!rowReturned(row.columns.length, options.columns)) continue; // the limit counts rows returned
        yield row;
        if (--remaining === 0) return;
      }
      if (rows.length < n) break;
      cursor = last;
    }
  }

  /**
   * Rows of sorted, disjoint ranges, 200 ranges per statement: the ranges a JSON array of hex
   * bounds, the outer loop (`CROSS JOIN`), each an index range of the table, so rows come in key
   * order without a sort (one scan per range cost ~17 µs of statement and iterator each).
   */
  async *scanRanges(
    table: string,
    ranges: RowRange[],
    options: RangesOptions = {},
  ): AsyncGenerator<Row> {
    const info = this.#table(table, "scanRanges");
    const sql = `SELECT t.rowkey, t.cells FROM json_each(?) AS r CROSS JOIN ${info.sqlName} AS t ` +
      "WHERE t.rowkey >= unhex(r.value ->> 0) AND t.rowkey < unhex(r.value ->> 1)";
    const stmt = this.#stmt(info, sql, () => sql, true);
    const hex = (key: string) => keyBytes(key).toHex();
    for (let i = 0; i < ranges.length; i += 200) {
      const part = ranges.slice(i, i + 200).map((r) => [hex(r.startRow), hex(r.stopRow)]);
      for (const [rowkey, cells] of this.#rows(table, "scanRanges", stmt, [JSON.stringify(part)])) {
        const row = unpack(decoder.decode(rowkey), cells, info, options.columns);
        if (rowReturned(row.columns.length, options.columns)) yield row;
      }
    }
  }

  /** The rows `stmt` reads with `params`; cells kept as blobs read from the same state of the file. */
  #rows(
    table: string,
    operation: string,
    stmt: StatementSync,
    params: (Uint8Array | bigint | string)[],
  ): [Uint8Array, Uint8Array][] {
    const pairs = (rows: ScanRow[], read: (stored: StoredCells) => Uint8Array) =>
      rows.map((r): [Uint8Array, Uint8Array] => {
        const [rowkey, stored] = Array.isArray(r) ? r : [r.rowkey, r.cells];
        return [rowkey, read(stored)];
      });
    const rows = stmt.all(...params) as unknown as ScanRow[];
    if (!rows.some(holdsBlobId)) return pairs(rows, (stored) => stored as Uint8Array);
    // Rows whose cells are blobs: the batch and its blobs read from one state of the file.
    return this.#snapshot(() =>
      pairs(
        stmt.all(...params) as unknown as ScanRow[],
        (stored) => this.#cells(table, operation, stored),
      )
    );
  }

  count(
    table: string,
    options: Pick<ScanOptions, "prefix" | "startRow" | "stopRow"> = {},
  ): Promise<number> {
    const info = this.#table(table, "count");
    const { lower, upper } = bounds(options, this.description, table);
    const conds: string[] = [];
    const params: Uint8Array[] = [];
    if (lower) (conds.push("rowkey >= ?"), params.push(lower));
    if (upper) (conds.push("rowkey < ?"), params.push(upper));
    const where = conds.length ? `WHERE ${conds.join(" AND ")}` : "";
    const r = this.#db.prepare(`SELECT count(*) AS n FROM ${info.sqlName} ${where}`)
      .get(...params) as { n: number };
    return Promise.resolve(Number(r.n));
  }

  put(table: string, rows: PutRow[], options: PutOptions = {}): Promise<void> {
    const info = this.#table(table, "put");
    const newColumn = (name: string) => this.#newColumn(table, info, name);
    this.#tx.atomic("put", table, () => {
      const writer = this.#writer(info, options);
      for (const row of rows) writer.put(keyBytes(row.key), pack(row.cells, info, newColumn));
      writer.flush();
    });
    return Promise.resolve();
  }

  /** {@linkcode SqliteStore.put} of rows `select` of `rows`, packed without a record per row. */
  putCells(
    table: string,
    rows: CellRows,
    select: readonly number[],
    options: PutOptions = {},
  ): Promise<void> {
    const info = this.#table(table, "put");
    const newColumn = (name: string) => this.#newColumn(table, info, name);
    this.#tx.atomic("put", table, () => {
      const writer = this.#writer(info, options);
      for (const r of select) {
        const packed = packCells(rows, r, info, newColumn);
        writer.put(rows.keyBytes ? rows.keyBytes(r) : asciiKey(rows.keys[r]), packed);
      }
      writer.flush();
    });
    return Promise.resolve();
  }

  #writer(info: TableInfo, options: PutOptions): RowWriter {
    const statement = (key: string, sql: () => string) => this.#stmt(info, key, sql);
    return new RowWriter(info, statement, this.#blobs, options.ifAbsent ?? false);
  }

  delete(table: string, rowkeys: string[]): Promise<void> {
    const info = this.#table(table, "delete");
    const del = this.#stmt(
      info,
      "delete",
      () => `DELETE FROM ${info.sqlName} WHERE rowkey = ? RETURNING cells`,
    );
    this.#tx.atomic("delete", table, () => {
      for (const k of rowkeys) {
        const old = del.get(keyBytes(k)) as { cells: StoredCells } | undefined;
        if (old && typeof old.cells === "number") this.#blobs.remove(old.cells);
      }
    });
    return Promise.resolve();
  }

  /** The packed row a `cells` column holds, for a row of `table` being read. */
  #cells(table: string, operation: string, stored: StoredCells): Uint8Array {
    try {
      return this.#blobs.cells(stored);
    } catch (e) {
      throw new StoreError(this.description, operation, table, (e as Error).message, { cause: e });
    }
  }

  #newColumn(table: string, info: TableInfo, name: string): number {
    // Inside the write transaction: learn what another connection may have added first.
    info.refresh?.();
    const known = info.ids.get(name);
    if (known !== undefined) return known;
    const id = info.names.length;
    if (id > 0xffff) {
      throw new StoreError(this.description, "put", table, "more than 65,535 distinct columns");
    }
    this.#db.prepare("INSERT INTO _finkit_columns (tbl, id, name) VALUES (?, ?, ?)").run(
      table,
      id,
      name,
    );
    info.names[id] = name;
    info.ids.set(name, id);
    info.ranked = false;
    return id;
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.#tx.transaction(fn);
  }

  close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
    this.#written?.close();
    return Promise.resolve();
  }
}
