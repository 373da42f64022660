/**
 * Writing packed rows into one table of the SQLite backend, with HBase put
 * semantics (a row that exists is merged column by column; `ifAbsent` keeps
 * it as it is).
 *
 * Rows are inserted {@linkcode CHUNK} at a time by one multi-row `INSERT`:
 * each statement run costs a call into SQLite and a restart of its program,
 * which for the ~50 rows of a real alert (its history, upper limits, index
 * rows) weighed as much as the b-tree inserts. Measured on 485,000 rows of
 * 120–900 bytes: 1.3 s one row per statement, 1.0 s 64 rows per statement.
 * When fewer rows than given were inserted, some keys existed (or repeat
 * in the chunk): each row of the chunk is then read back and merged unless
 * it holds exactly its packed bytes (inserted now, or already the same
 * row: packed rows are canonical, cells in name order, so merging a row
 * with itself gives the same bytes). The result is the one of writing the
 * rows one by one, in order.
 *
 * The inserts are `INSERT OR IGNORE`, never `ON CONFLICT DO NOTHING`: a
 * multi-row insert that could abort half-way (a `NOT NULL` check aborts by
 * default) makes SQLite keep a statement journal, a copy of every existing
 * page the statement changes, written to a temporary file. For 64 rows on
 * random keys that is ~64 pages of 16 KiB per statement: building a
 * 200,000-alert store wrote 6.1 GB for a 0.79 GB file, 1.15 GB without it.
 * `OR IGNORE` resolves every conflict by skipping the row, so the statement
 * cannot abort; the rows it skips are those whose key exists, merged as
 * above (cells and keys are never null, the only other conflict).
 *
 * @module
 */
import type { StatementSync } from "node:sqlite";
import { mergePacked, type TableInfo } from "./sqlite_cells.ts";
import { OUTSIDE, type SideBlobs, type StoredCells } from "./sqlite_blobs.ts";

/** Rows per multi-row `INSERT`. */
export const CHUNK = 64;

/**
 * The copies of a chunk's keys and rows, shared by every writer: a writer
 * lives inside one synchronous put, so two never fill it at once.
 */
const arena = new Uint8Array(CHUNK * (OUTSIDE + 100));

/** A table's prepared statement named `key`, prepared from `sql()` on first use. */
export type StatementOf = (key: string, sql: () => string) => StatementSync;

/** Writes the rows of one put into one table; call {@linkcode RowWriter.flush} at the end. */
export class RowWriter {
  #insert: StatementSync;
  #insertChunk: StatementSync;
  #select: StatementSync;
  #update: StatementSync;
  #keys: Uint8Array[] = [];
  #packed: Uint8Array[] = [];
  #args: Uint8Array[] = new Array(2 * CHUNK);
  /** The queued keys and rows are copied here: callers may pass views into their scratch. */
  #arena = arena;
  #used = 0;

  constructor(
    private info: TableInfo,
    statement: StatementOf,
    private blobs: SideBlobs,
    private ifAbsent: boolean,
  ) {
    const table = info.sqlName;
    const values = (n: number) => Array(n).fill("(?, ?)").join(", ");
    const insert = (n: number) =>
      `INSERT OR IGNORE INTO ${table} (rowkey, cells) VALUES ${values(n)}`;
    this.#insert = statement("insert", () => insert(1));
    this.#insertChunk = statement(`insert${CHUNK}`, () => insert(CHUNK));
    this.#select = statement("get", () => `SELECT cells FROM ${table} WHERE rowkey = ?`);
    this.#update = statement("update", () => `UPDATE ${table} SET cells = ? WHERE rowkey = ?`);
  }

  /** Write (or queue) the row `key` with cells `packed`. */
  put(key: Uint8Array, packed: Uint8Array): void {
    const used = this.#used, room = this.#arena.length - used;
    if (packed.length > OUTSIDE || key.length + packed.length > room) {
      this.flush(); // in order: an earlier row of the same key is written first
      this.#putOne(key, packed);
      return;
    }
    this.#keys.push(this.#copy(key));
    this.#packed.push(this.#copy(packed));
    if (this.#keys.length === CHUNK) this.#putChunk();
  }

  /** Write the queued rows. */
  flush(): void {
    for (let i = 0; i < this.#keys.length; i++) this.#putOne(this.#keys[i], this.#packed[i]);
    this.#keys.length = this.#packed.length = this.#used = 0;
  }

  #copy(bytes: Uint8Array): Uint8Array {
    const start = this.#used, n = bytes.length, arena = this.#arena;
    if (n <= 32) { for (let i = 0; i < n; i++) arena[start + i] = bytes[i]; }
    else arena.set(bytes, start);
    this.#used = start + n;
    return arena.subarray(start, start + n);
  }

  #putChunk(): void {
    const keys = this.#keys, packed = this.#packed, args = this.#args;
    for (let i = 0; i < CHUNK; i++) (args[2 * i] = keys[i], args[2 * i + 1] = packed[i]);
    const inserted = Number(this.#insertChunk.run(...args).changes);
    if (inserted !== CHUNK && !this.ifAbsent) {
      for (let i = 0; i < CHUNK; i++) {
        const old = this.#select.get(keys[i]) as { cells: StoredCells };
        if (!sameBytes(old.cells, packed[i])) this.#merge(keys[i], packed[i], old.cells);
      }
    }
    keys.length = packed.length = this.#used = 0;
  }

  /**
   * Write one packed row: insert it, or, when the row exists, merge it into
   * the existing cells unless `ifAbsent`. Large rows go to the side table
   * (`sqlite_blobs.ts`), checked for existence first so that a rewrite never
   * adds a blob to drop.
   */
  #putOne(key: Uint8Array, packed: Uint8Array): void {
    let old: { cells: StoredCells } | undefined;
    if (packed.length <= OUTSIDE) {
      if (this.#insert.run(key, packed).changes !== 0 || this.ifAbsent) return;
    } else if (!(old = this.#select.get(key) as typeof old)) {
      this.#insert.run(key, this.blobs.add(packed));
      return;
    } else if (this.ifAbsent) return;
    old ??= this.#select.get(key) as { cells: StoredCells };
    this.#merge(key, packed, old.cells);
  }

  #merge(key: Uint8Array, packed: Uint8Array, old: StoredCells): void {
    const merged = mergePacked(this.blobs.cells(old), packed, this.info);
    const stored = this.blobs.restore(old, merged);
    if (stored !== old) this.#update.run(stored, key);
  }
}

function sameBytes(stored: StoredCells, packed: Uint8Array): boolean {
  if (typeof stored === "number" || stored.length !== packed.length) return false;
  for (let i = 0; i < packed.length; i++) if (stored[i] !== packed[i]) return false;
  return true;
}
