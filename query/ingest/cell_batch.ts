/**
 * The rows of a batch of alerts, encoded into one buffer: each cell is a
 * column id and a byte range (see `CellRows` in the store interface), so
 * building an alert's ~400 cells allocates no array or object per cell, and
 * a value written to several tables (the index tables repeat the main
 * table's columns) is encoded once. Column ids are this thread's
 * ({@linkcode columnId}): the row plans look them up once, not per cell.
 *
 * @module
 */
import { ByteWriter, type CellType, writeCell } from "../store/codec.ts";
import { columnType } from "../store/columns.ts";
import type { SchemaTypes } from "../store/layout.ts";
import type { CellRows } from "../store/store.ts";

/** The type of a column whatever its value, or `null` when it depends on the value. */
const fixedTypes = new Map<string, CellType | null>();

function fixedType(column: string): CellType | null {
  let t = fixedTypes.get(column);
  if (t === undefined) {
    // A catalogue column has one type; others are typed by their value (see `columnType`).
    const a = columnType(column, 1n), b = columnType(column, true);
    fixedTypes.set(column, t = a === b ? a : null);
  }
  return t;
}

/** Column names by id, for every {@linkcode CellBatch} of this thread (the list only grows). */
const COLUMN_NAMES: string[] = [];
const COLUMN_IDS = new Map<string, number>();

/** The id of column `name` in this thread's {@linkcode CellBatch}es, given now if new. */
export function columnId(name: string): number {
  let id = COLUMN_IDS.get(name);
  if (id === undefined) {
    COLUMN_IDS.set(name, id = COLUMN_NAMES.length);
    COLUMN_NAMES.push(name);
  }
  return id;
}

/** Column names by id ({@linkcode columnId}); later names are added at the end. */
export const columnNames: readonly string[] = COLUMN_NAMES;

/**
 * Rows under construction, table by table, with the column types seen per
 * table (for the schema rows), as `RowBuilder` records them.
 */
export class CellBatch implements CellRows {
  /** Rowkey of each row. */
  readonly keys: string[] = [];
  /** Table of each row (a tag: see {@linkcode CellBatch.begin}). */
  readonly tables: string[] = [];
  /** Type of each cell. This and the cells' columns and bounds keep their storage between batches. */
  readonly types: string[] = [];
  #columns: Uint32Array = new Uint32Array(1 << 15);
  #first: Uint32Array = new Uint32Array(1024);
  #bounds: Uint32Array = new Uint32Array(1 << 16);
  #cells = 0;
  #writer = new ByteWriter(1 << 20);
  #rowTypes: Map<string, string> = new Map();
  /** Per table's types, the column ids known to be in them (1), so that a cell need not look. */
  #typed = new WeakMap<Map<string, string>, Uint8Array>();
  #rowTyped: Uint8Array = new Uint8Array(0);
  #open = false;

  /** Column types per table, shared with the schema rows. */
  constructor(readonly schema: SchemaTypes) {}

  /** Column names by id (the ids of `columns`). */
  get names(): readonly string[] {
    return COLUMN_NAMES;
  }

  /** Column id of each cell (entries past the last row's cells are stale). */
  get columns(): Uint32Array {
    return this.#columns;
  }

  /**
   * Forget which column types this batch knows `schema` to hold: to be
   * called when entries were removed from `schema` (a failed file's undone).
   */
  recheckTypes(): void {
    this.#typed = new WeakMap();
    this.#rowTyped = new Uint8Array(0);
  }

  /** The bytes of every cell. */
  get bytes(): Uint8Array {
    return this.#writer.bytes;
  }

  /** Number of bytes of the cells (`bytes[0 … byteLength)`). */
  get byteLength(): number {
    return this.#writer.length;
  }

  /** Index of each row's first cell; one more entry than rows once the last row is ended. */
  get first(): Uint32Array {
    return this.#first;
  }

  /** Start and end of each cell in `bytes`. */
  get bounds(): Uint32Array {
    return this.#bounds;
  }

  /**
   * The cells' bytes, handed over: the batch goes on in a buffer given back
   * by {@linkcode CellBatch.giveBytes}, or a new one of the same size.
   */
  takeBytes(): Uint8Array {
    const w = this.#writer;
    const out = w.bytes.subarray(0, w.length);
    const next = this.#spare.pop() ?? new Uint8Array(w.bytes.length);
    w.bytes = next;
    w.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
    w.length = 0;
    return out;
  }

  /** Give back a buffer from {@linkcode CellBatch.takeBytes} to be used again. */
  giveBytes(bytes: Uint8Array): void {
    if (this.#spare.length < 4 && bytes.byteOffset === 0) {
      this.#spare.push(new Uint8Array(bytes.buffer));
    }
  }

  #spare: Uint8Array[] = [];

  /** Number of rows. */
  get length(): number {
    return this.keys.length;
  }

  /** The rowkey of row `row`. */
  key(row: number): string {
    return this.keys[row];
  }

  /** Number of cells. */
  get cells(): number {
    return this.#cells;
  }

  /** Forget every row (the buffers are kept for the next batch). */
  reset(): void {
    this.keys.length = 0;
    this.tables.length = 0;
    this.#cells = 0;
    this.#writer.reset();
    this.#open = false;
  }

  /**
   * Start a row of `schemaTable` under `key`, tagged `tag` (default: the
   * table; ingest tags the history detections apart from the main rows).
   */
  begin(schemaTable: string, key: string, tag: string = schemaTable): this {
    this.end();
    let t = this.schema.get(schemaTable);
    if (!t) this.schema.set(schemaTable, t = new Map());
    if (t !== this.#rowTypes) {
      this.#rowTypes = t;
      this.#rowTyped = this.#typed.get(t) ?? new Uint8Array(0);
    }
    this.keys.push(key);
    this.tables.push(tag);
    this.#open = true;
    return this;
  }

  /** End the current row (done by the next `begin` too). */
  end(): void {
    if (this.#open) {
      const n = this.keys.length;
      if (n >= this.#first.length) this.#first = grow(this.#first, n + 1);
      this.#first[n] = this.#cells;
      this.#open = false;
    }
  }

  /**
   * Add a cell as `RowBuilder.set` does (nulls and NaN skipped; the type from
   * `type`, else Fink's catalogue, else the value). Returns the cell's index,
   * or -1 when skipped.
   */
  set(column: string, value: unknown, type?: string): number {
    if (value === null || value === undefined) return -1;
    if (typeof value === "number" && Number.isNaN(value)) return -1;
    return this.setById(columnId(column), value, type);
  }

  /**
   * {@linkcode CellBatch.set} of the column of id `id` ({@linkcode columnId}):
   * the form for columns known ahead (without `type`, typed as `set` types it).
   * `keepNaN` writes a NaN as a cell, as the hbase-spark connector writes an
   * alert's NaN values (it skips nulls only).
   */
  setById(id: number, value: unknown, type?: string | null, keepNaN = false): number {
    if (value === null || value === undefined) return -1;
    if (!keepNaN && typeof value === "number" && Number.isNaN(value)) return -1;
    const t = type ?? fixedType(COLUMN_NAMES[id]) ?? columnType(COLUMN_NAMES[id], value);
    const w = this.#writer;
    const start = w.length;
    writeCell(w, t, value);
    return this.#push(id, t, start, w.length);
  }

  /** Add to the current row a copy of cell `cell` (same column, type and bytes); -1 skips. */
  copy(cell: number): void {
    if (cell < 0) return;
    this.#push(
      this.#columns[cell],
      this.types[cell],
      this.#bounds[2 * cell],
      this.#bounds[2 * cell + 1],
    );
  }

  #push(id: number, type: string, start: number, end: number): number {
    const c = this.#cells++;
    if (2 * c + 2 > this.#bounds.length) {
      this.#bounds = grow(this.#bounds, 2 * c + 2);
      this.#columns = grow(this.#columns, c + 1);
    }
    this.#columns[c] = id;
    this.types[c] = type;
    this.#bounds[2 * c] = start;
    this.#bounds[2 * c + 1] = end;
    if (this.#rowTyped[id] !== 1) this.#noteType(id, type);
    return c;
  }

  /** Record column `id`'s type for the current row's table, unless it has one. */
  #noteType(id: number, type: string): void {
    const column = COLUMN_NAMES[id];
    if (!this.#rowTypes.has(column)) this.#rowTypes.set(column, type);
    if (id >= this.#rowTyped.length) {
      const typed = new Uint8Array(Math.max(2 * id, 256));
      typed.set(this.#rowTyped);
      this.#typed.set(this.#rowTypes, this.#rowTyped = typed);
    }
    this.#rowTyped[id] = 1;
  }

  /** The bytes of cell `cell`. */
  cellBytes(cell: number): Uint8Array {
    return this.#writer.bytes.subarray(this.#bounds[2 * cell], this.#bounds[2 * cell + 1]);
  }

  /** The index of the cell `column` of row `row` (its last one), or -1. */
  find(row: number, column: string): number {
    const id = COLUMN_IDS.get(column);
    if (id === undefined) return -1;
    for (let c = this.#first[row + 1] - 1; c >= this.#first[row]; c--) {
      if (this.#columns[c] === id) return c;
    }
    return -1;
  }
}

/** A copy of `a` with room for at least `n` entries. */
function grow(a: Uint32Array, n: number): Uint32Array {
  const out = new Uint32Array(Math.max(n, 2 * a.length));
  out.set(a);
  return out;
}
