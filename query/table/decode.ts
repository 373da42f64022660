/**
 * Reading Fink's tables back: each table's schema rows give the type of
 * every column (as Lomikel's `HBaseSchema`), and rows are decoded into
 * columns — never into one JS object per row, which dominates large scans.
 *
 * @module
 */
import { type CellValue, decodeCell, decodeCellAt, decodeString } from "../store/codec.ts";
import {
  type RangesOptions,
  type Row,
  type RowRange,
  type ScanOptions,
  scanRanges,
  type Store,
} from "../store/store.ts";

/** Column name → type name, from a table's schema rows. */
export type Schema = Map<string, string>;

const schemaCache = new WeakMap<Store, Map<string, Schema>>();

/**
 * The merged schema of a table (every row whose key starts with `schema`,
 * later rows overriding earlier ones). Cached per store; pass `refresh` after
 * writing new columns.
 */
export async function loadSchema(store: Store, table: string, refresh = false): Promise<Schema> {
  let perStore = schemaCache.get(store);
  if (!perStore) schemaCache.set(store, perStore = new Map());
  const cached = perStore.get(table);
  if (cached && !refresh) return cached;
  const schema: Schema = new Map();
  for await (const row of store.scan(table, { prefix: "schema" })) {
    row.columns.forEach((c, i) => schema.set(c, decodeString(row.values[i])));
  }
  perStore.set(table, schema);
  return schema;
}

/** Forget cached schemas of a store (after an ingest). */
export function clearSchemaCache(store: Store): void {
  schemaCache.delete(store);
}

/**
 * Values of one decoded column. Numeric Fink types are typed arrays with
 * `NaN` for a missing (or malformed) cell: `double`, `integer` and `short`
 * as `Float64Array`, `float` as `Float32Array` (exact: the cells are 4-byte
 * floats). Other types are arrays with `null` for a missing cell.
 */
export type ColumnValues = (CellValue | null)[] | Float64Array | Float32Array;

/** Decoded columns: names in first-seen order, each with `length` values. */
export interface Columns {
  /** Row count. */
  length: number;
  /** Rowkeys, parallel to the values. */
  keys: string[];
  /** Column name → values (see {@linkcode ColumnValues}). */
  values: Map<string, ColumnValues>;
  /** Column name → type name (from the schema; unknown columns are strings). */
  types: Map<string, string>;
}

/** An empty column set. */
export function emptyColumns(): Columns {
  return { length: 0, keys: [], values: new Map(), types: new Map() };
}

/**
 * Append decoded rows to a column set. Rows whose key starts with `schema`
 * are skipped (as Lomikel does once a schema is loaded).
 */
export function appendRows(cols: Columns, rows: Iterable<Row>, schema: Schema): Columns {
  for (const row of rows) appendRow(cols, row, schema);
  return padColumns(cols);
}

/** Fink types decoded into typed arrays, missing cells as `NaN`. */
export const NUMERIC_TYPES: ReadonlySet<string> = new Set(["double", "float", "integer", "short"]);

/** How a column's cells are decoded (typed kinds read big-endian bytes in place). */
const enum Kind {
  Value,
  F64,
  F32,
  I32,
  I16,
}

const KIND: Record<string, Kind> = {
  double: Kind.F64,
  float: Kind.F32,
  integer: Kind.I32,
  short: Kind.I16,
};

type Typed = Float64Array | Float32Array;

/** Column targets resolved for one `columns` array of the rows. */
interface Targets {
  names: string[];
  arrays: (Typed | (CellValue | null)[])[];
  kinds: Kind[];
  types: string[];
}

/** Growth state of a column set being appended to: typed columns at full capacity. */
interface Builder {
  capacity: number;
  full: Map<string, Typed>;
  targets?: Targets;
}

const builders = new WeakMap<Columns, Builder>();

function builderOf(cols: Columns): Builder {
  let b = builders.get(cols);
  if (!b) {
    b = { capacity: cols.length, full: new Map() };
    for (const [name, v] of cols.values) if (!Array.isArray(v)) b.full.set(name, v as Typed);
    builders.set(cols, b);
  }
  return b;
}

/**
 * Grow every typed column to hold at least `need` rows (new slots `NaN`),
 * all in one buffer: an ArrayBuffer per column costs microseconds each in Deno.
 */
function grow(cols: Columns, b: Builder, need: number): void {
  // Even, so Float32 columns keep the Float64 ones 8-byte aligned.
  const capacity = (Math.max(need, 2 * b.capacity, INITIAL_CAPACITY) + 1) & ~1;
  const names = [...b.full.keys()];
  const fresh = allocColumns(names.map((n) => cols.types.get(n)!), capacity);
  names.forEach((name, i) => {
    const old = b.full.get(name)!, next = fresh[i];
    next.set(old.subarray(0, Math.min(old.length, cols.length)));
    b.full.set(name, next);
    cols.values.set(name, next);
  });
  b.capacity = capacity;
  b.targets = undefined;
}

/** Typed columns of `capacity` rows, filled with `NaN`, sharing one ArrayBuffer. */
function allocColumns(types: string[], capacity: number): Typed[] {
  let bytes = 0;
  for (const t of types) bytes += (t === "float" ? 4 : 8) * capacity;
  const buffer = new ArrayBuffer(bytes);
  const out: Typed[] = [];
  let offset = 0;
  for (const t of types) {
    const a = t === "float"
      ? new Float32Array(buffer, offset, capacity)
      : new Float64Array(buffer, offset, capacity);
    offset += a.byteLength;
    out.push(a.fill(NaN));
  }
  return out;
}

/** Rows allocated for typed columns at the first row (one object's light curve fits). */
const INITIAL_CAPACITY = 128;

function resolveTargets(cols: Columns, b: Builder, names: string[], schema: Schema): Targets {
  const n = names.length;
  const t: Targets = { names, arrays: new Array(n), kinds: new Array(n), types: new Array(n) };
  const newTyped: string[] = [];
  for (const name of names) {
    if (cols.types.has(name)) continue;
    const type = schema.get(name) ?? "string";
    cols.types.set(name, type);
    if (NUMERIC_TYPES.has(type)) newTyped.push(name);
    else cols.values.set(name, []);
  }
  const fresh = allocColumns(newTyped.map((c) => cols.types.get(c)!), b.capacity);
  newTyped.forEach((name, i) => (b.full.set(name, fresh[i]), cols.values.set(name, fresh[i])));
  for (let i = 0; i < n; i++) {
    const name = names[i];
    const type = cols.types.get(name)!;
    const typed = b.full.get(name);
    t.arrays[i] = typed ?? (cols.values.get(name) as (CellValue | null)[]);
    t.kinds[i] = typed ? KIND[type] : Kind.Value;
    t.types[i] = type;
  }
  return t;
}

/** Append one decoded row (see {@linkcode appendRows}); call {@linkcode padColumns} after the last. */
export function appendRow(cols: Columns, row: Row, schema: Schema): void {
  if (row.key.startsWith("schema")) return;
  const b = builderOf(cols);
  const r = cols.length;
  if (r >= b.capacity) grow(cols, b, r + 1);
  cols.length = r + 1;
  cols.keys.push(row.key);
  const names = row.columns;
  // Resolve column names once per run of rows sharing the same `columns` array.
  let t = b.targets;
  if (!t || t.names !== names) t = b.targets = resolveTargets(cols, b, names, schema);
  const { arrays, kinds, types } = t;
  const raw = row.raw;
  if (raw) {
    const { blob, bounds } = raw;
    const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
    for (let i = 0; i < names.length; i++) {
      const s = bounds[2 * i], e = bounds[2 * i + 1], n = e - s;
      const arr = arrays[i];
      switch (kinds[i]) {
        case Kind.F64:
          arr[r] = n === 8 ? view.getFloat64(s) : NaN;
          break;
        case Kind.F32:
          arr[r] = n === 4 ? view.getFloat32(s) : NaN;
          break;
        case Kind.I32:
          arr[r] = n === 4 ? view.getInt32(s) : NaN;
          break;
        case Kind.I16:
          arr[r] = n === 2 ? view.getInt16(s) : NaN;
          break;
        default:
          arr[r] = decodeCellAt(types[i], blob, s, e);
      }
    }
  } else {
    const values = row.values;
    for (let i = 0; i < names.length; i++) {
      const v = decodeCell(types[i], values[i]);
      arrays[i][r] = kinds[i] === Kind.Value ? v : typeof v === "number" ? v : NaN;
    }
  }
}

/**
 * Finish appending: typed columns are cut to `length` rows (their missing
 * cells are already `NaN`), holes of the other columns become `null`.
 */
export function padColumns(cols: Columns): Columns {
  const b = builders.get(cols);
  for (const [name, arr] of cols.values) {
    if (Array.isArray(arr)) {
      const missing = NUMERIC_TYPES.has(cols.types.get(name) ?? "") ? NaN : null;
      for (let i = 0; i < cols.length; i++) if (arr[i] === undefined) arr[i] = missing;
    } else {
      const full = b?.full.get(name) ?? arr;
      cols.values.set(name, full.length === cols.length ? full : full.subarray(0, cols.length));
    }
  }
  return cols;
}

/**
 * Scan a table and decode the rows into columns.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { scanColumns } from "./decode.ts";
 * const store = await openStore();
 * const cols = await scanColumns(store, "ztf", { prefix: "ZTF21abfmbix" });
 * console.log(cols.length, cols.values.get("i:magpsf"));
 * await store.close();
 * ```
 */
export async function scanColumns(
  store: Store,
  table: string,
  options: ScanOptions = {},
  into: Columns = emptyColumns(),
): Promise<Columns> {
  const schema = await loadSchema(store, table);
  const limit = options.limit;
  if (limit === undefined) {
    for await (const row of store.scan(table, options)) appendRow(into, row, schema);
    return padColumns(into);
  }
  // Schema rows in the range must not use up the limit: ask for a few more rows,
  // keep `limit` data rows.
  let n = 0;
  if (limit > 0) {
    for await (const row of store.scan(table, { ...options, limit: limit + SCHEMA_SLACK })) {
      if (row.key.startsWith("schema")) continue;
      appendRow(into, row, schema);
      if (++n === limit) break;
    }
  }
  return padColumns(into);
}

/**
 * {@linkcode scanColumns} over several key ranges at once (sky pixels: one HBase scanner for
 * them all, see {@linkcode scanRanges}), rows in key order.
 */
export async function scanRangeColumns(
  store: Store,
  table: string,
  ranges: readonly RowRange[],
  options: RangesOptions = {},
  into: Columns = emptyColumns(),
): Promise<Columns> {
  const schema = await loadSchema(store, table);
  for await (const row of scanRanges(store, table, ranges, options)) appendRow(into, row, schema);
  return padColumns(into);
}

/** Extra rows a limited scan asks for, in case schema rows fall in its range. */
const SCHEMA_SLACK = 4;
