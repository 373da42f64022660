/**
 * Rows too large for a b-tree page, kept apart: the SQLite backend stores a
 * packed row longer than {@linkcode OUTSIDE} bytes (in Fink's tables, the
 * rows of `ztf.cutouts`: three stamps, ~40 kB) in `_finkit_blobs`, an
 * ordinary rowid table, and puts the blob's id (an SQL integer) in the
 * row's `cells` column instead of the bytes.
 *
 * Why: a `WITHOUT ROWID` table keeps at most ~4 kB of a row in its page
 * (16 KiB pages) and the rest in overflow pages, and rows keyed by
 * `objectId_jd` arrive in no key order, so each insert rewrites (and
 * journals) an old page. Appended to a rowid table, the same bytes fill new
 * pages one after the other. Measured with 40 kB rows, 100,000 rows:
 * 2,770 rows/s and 103 kB written per row inline, 13,000 rows/s and 53 kB
 * written per row apart.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";

/** Packed rows longer than this many bytes are stored in `_finkit_blobs`. */
export const OUTSIDE = 4000;

/** What a table's `cells` column holds: the packed row, or the id of its blob. */
export type StoredCells = Uint8Array | number;

/** The side table of large packed rows. */
export class SideBlobs {
  #stmts = new Map<string, StatementSync>();
  #written = 0;
  constructor(private db: DatabaseSync) {}

  /** Create the side table (in a store opened for writing). */
  static create(db: DatabaseSync): void {
    db.exec(
      "CREATE TABLE IF NOT EXISTS _finkit_blobs (id INTEGER PRIMARY KEY, cells BLOB NOT NULL)",
    );
  }

  #stmt(sql: string): StatementSync {
    let s = this.#stmts.get(sql);
    if (!s) (s = this.db.prepare(sql), this.#stmts.set(sql, s));
    return s;
  }

  /** Store a packed row; returns its id. */
  add(cells: Uint8Array): number {
    this.#written += cells.length;
    const r = this.#stmt("INSERT INTO _finkit_blobs (cells) VALUES (?)").run(cells);
    return Number(r.lastInsertRowid);
  }

  /** The packed row of blob `id`. */
  read(id: number): Uint8Array {
    const r = this.#stmt("SELECT cells FROM _finkit_blobs WHERE id = ?").get(id) as
      | { cells: Uint8Array }
      | undefined;
    if (!r) throw new Error(`the store is damaged: a row refers to blob ${id}, which is missing`);
    return r.cells;
  }

  /** Replace blob `id`'s packed row. */
  replace(id: number, cells: Uint8Array): void {
    this.#written += cells.length;
    this.#stmt("UPDATE _finkit_blobs SET cells = ? WHERE id = ?").run(cells, id);
  }

  /**
   * Bytes of blobs added or rewritten since the last call (for
   * `sqlite_cache.ts`, after a commit; a rolled-back transaction's bytes
   * count towards the next commit, which only makes dropping its pages more
   * likely, never wrong).
   */
  takeWritten(): number {
    const n = this.#written;
    this.#written = 0;
    return n;
  }

  /** Remove blob `id`. */
  remove(id: number): void {
    this.#stmt("DELETE FROM _finkit_blobs WHERE id = ?").run(id);
  }

  /** The packed row a `cells` column holds (reading its blob when it holds an id). */
  cells(stored: StoredCells): Uint8Array {
    return typeof stored === "number" ? this.read(stored) : stored;
  }

  /** What to store in `cells` for `packed`: itself, or the id of a new blob. */
  store(packed: Uint8Array): StoredCells {
    return packed.length > OUTSIDE ? this.add(packed) : packed;
  }

  /**
   * Replace a row's stored cells by `packed`; returns what the row's `cells`
   * column must now hold (the same blob id when the blob was rewritten).
   */
  restore(old: StoredCells, packed: Uint8Array): StoredCells {
    if (typeof old !== "number") return this.store(packed);
    if (packed.length > OUTSIDE) return (this.replace(old, packed), old);
    this.remove(old);
    return packed;
  }
}
