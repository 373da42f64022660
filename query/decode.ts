/**
 * Reading Fink's tables back: each table's schema rows give the type of
 * every column (as Lomikel's `HBaseSchema`), and rows are decoded into
 * columns — never into one JS object per row, which dominates large scans.
 *
 * @module
 */
import { type CellValue, decodeCell, decodeCellAt, decodeString } from "./codec.ts";
import type { Row, ScanOptions, Store } from "./store.ts";

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

/** Decoded columns: names in first-seen order, each a value array with `null` for missing cells. */
export interface Columns {
  /** Row count. */
  length: number;
  /** Rowkeys, parallel to the values. */
  keys: string[];
  /**
   * Column name → values (length `length`). Missing cells are `NaN` in
   * numeric columns (`double`, `float`, `integer`, `short`), `null` otherwise.
   */
  values: Map<string, (CellValue | null)[]>;
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

/** Append one decoded row (see {@linkcode appendRows}); call {@linkcode padColumns} after the last. */
export function appendRow(cols: Columns, row: Row, schema: Schema): void {
  if (row.key.startsWith("schema")) return;
  const r = cols.length++;
  cols.keys.push(row.key);
  const names = row.columns;
  // Resolve column names once per run of rows sharing the same `columns` array.
  let targets = resolved.get(cols);
  if (!targets || targets.names !== names) {
    const arrays: (CellValue | null)[][] = new Array(names.length);
    const types: string[] = new Array(names.length);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      let arr = cols.values.get(name);
      let type = cols.types.get(name);
      if (!arr || type === undefined) {
        arr = [];
        type = schema.get(name) ?? "string";
        cols.values.set(name, arr);
        cols.types.set(name, type);
      }
      arrays[i] = arr;
      types[i] = type;
    }
    targets = { names, arrays, types };
    resolved.set(cols, targets);
  }
  const { arrays, types } = targets;
  const raw = row.raw;
  if (raw) {
    const { blob, bounds } = raw;
    for (let i = 0; i < names.length; i++) {
      arrays[i][r] = decodeCellAt(types[i], blob, bounds[2 * i], bounds[2 * i + 1]);
    }
  } else {
    const values = row.values;
    for (let i = 0; i < names.length; i++) arrays[i][r] = decodeCell(types[i], values[i]);
  }
}

const resolved = new WeakMap<
  Columns,
  { names: string[]; arrays: (CellValue | null)[][]; types: string[] }
>();

/** Fink types decoded to JS numbers: their missing cells are `NaN` rather than `null`. */
export const NUMERIC_TYPES: ReadonlySet<string> = new Set(["double", "float", "integer", "short"]);

/**
 * Fill the holes left by missing cells, so every column has `length` values:
 * `NaN` in numeric columns (which then stay arrays of unboxed doubles — no
 * allocation per value), `null` in the others.
 */
export function padColumns(cols: Columns): Columns {
  for (const [name, arr] of cols.values) {
    const missing = NUMERIC_TYPES.has(cols.types.get(name) ?? "") ? NaN : null;
    for (let i = 0; i < cols.length; i++) if (arr[i] === undefined) arr[i] = missing;
  }
  return cols;
}

/**
 * Scan a table and decode the rows into columns.
 *
 * @example
 * ```ts
 * import { openStore } from "./open.ts";
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
  for await (const row of store.scan(table, options)) appendRow(into, row, schema);
  return padColumns(into);
}
