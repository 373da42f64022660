/**
 * Fast row assembly for Parquet alert files. Each leaf column chunk is decoded
 * into Dremel levels by `parquet_levels.ts`, and rows are built directly for
 * the shapes alert files use: flat columns, structs, lists of structs or of
 * primitives (`prv_candidates`, aggregated `c*` columns), and maps
 * (`mangrove`, `t2`). hyparquet's generic assembly (`parquetReadObjects`)
 * allocates one array per value of an optional list element and spends most
 * of the reading time there; any shape not handled here makes
 * {@link readRowGroupRows} return `undefined`, and the caller falls back to it.
 *
 * @module
 */

import { parquetSchema } from "hyparquet";
import type { FileMetaData, ParquetParsers, SchemaTree } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { type LeafLevels, readLeafLevels } from "./parquet_levels.ts";
import { compileLiteral } from "./literal.ts";

/** Builds the value of one top-level column for row `r`. */
type ColumnBuilder = (r: number) => unknown;

class Unsupported extends Error {}

/** One leaf column laid out by row. */
interface LeafRows {
  /** Definition level of the first entry of each row (`undefined`: all at the maximum). */
  rowDef: Uint8Array | undefined;
  /** Value of each row, for a leaf without repetition. */
  rowValue?: unknown[];
  /** For a leaf inside a list: entries of row `r` are `entries[offsets[r] … offsets[r + 1]]`. */
  offsets?: Int32Array;
  /** List entries (null for a null field or element). */
  entries?: unknown[];
}

/** Lay the levels of a leaf out by row (`n` rows). */
function byRow(levels: LeafLevels, n: number): LeafRows {
  const { defs, reps, values, maxDef, maxRep, count, path } = levels;
  if (maxRep === 0) {
    if (count !== n) throw new Error(`${leafKey(path)} has ${count} values for ${n} rows`);
    const rowValue = new Array(n);
    if (!defs) { for (let r = 0; r < n; r++) rowValue[r] = values[r] ?? null; }
    else {
      let vi = 0;
      for (let r = 0; r < n; r++) rowValue[r] = defs[r] === maxDef ? values[vi++] : null;
    }
    return { rowDef: defs, rowValue };
  }
  if (maxRep > 1 || !reps) throw new Unsupported(`nested lists in ${leafKey(path)}`);
  // Definition level from which a list entry exists: non-REQUIRED nodes down to the REPEATED one.
  let entryDef = 0;
  for (const node of path.slice(1)) {
    if (node.element.repetition_type !== "REQUIRED") entryDef++;
    if (node.element.repetition_type === "REPEATED") break;
  }
  const offsets = new Int32Array(n + 1);
  const rowDef = new Uint8Array(n);
  const entries: unknown[] = [];
  let r = -1;
  let vi = 0;
  for (let e = 0; e < count; e++) {
    const def = defs ? defs[e] : maxDef;
    if (reps[e] === 0) {
      if (++r >= n) throw new Error(`${leafKey(path)} has more than ${n} rows`);
      offsets[r] = entries.length;
      rowDef[r] = def;
    }
    if (def >= entryDef) entries.push(def === maxDef ? values[vi++] : null);
  }
  if (r !== n - 1) throw new Error(`${leafKey(path)} has ${r + 1} rows, expected ${n}`);
  offsets[n] = entries.length;
  return { rowDef, offsets, entries };
}

function leafKey(path: SchemaTree[]): string {
  return path.slice(1).map((node) => node.element.name).join(".");
}

function leavesOf(node: SchemaTree, path: SchemaTree[], out: SchemaTree[][]): SchemaTree[][] {
  if (node.children.length === 0) out.push([...path, node]);
  else for (const child of node.children) leavesOf(child, [...path, node], out);
  return out;
}

/** Per-row layout of every leaf, keyed by dotted path. */
type LeafData = Map<string, LeafRows>;

function rowsOf(data: LeafData, path: SchemaTree[]): LeafRows {
  const rows = data.get(leafKey(path));
  if (!rows) throw new Unsupported(`no data for ${leafKey(path)}`);
  return rows;
}

/** Builder for a top-level column node, or throws Unsupported. */
function columnBuilder(root: SchemaTree, node: SchemaTree, data: LeafData): ColumnBuilder {
  const leafPaths = leavesOf(node, [root], []);
  if (node.children.length === 0) {
    const { rowValue } = rowsOf(data, leafPaths[0]);
    if (!rowValue) throw new Unsupported(`repeated top-level column ${node.element.name}`);
    return (r) => rowValue[r];
  }
  const first = rowsOf(data, leafPaths[0]);
  const optional = node.element.repetition_type === "OPTIONAL";
  const rowDef = first.rowDef;
  // A null OPTIONAL top-level group has definition level 0 in every leaf.
  const isNull = optional && rowDef ? (r: number) => rowDef[r] === 0 : () => false;
  const leaves = leafPaths.map((path) => ({ path, rows: rowsOf(data, path) }));
  if (leaves.every((l) => l.rows.rowValue)) return structBuilder(leaves, isNull);
  if (leaves.some((l) => l.rows.rowValue)) {
    throw new Unsupported(`struct mixing lists and fields: ${node.element.name}`);
  }
  const list = node.children.length === 1 ? node.children[0] : undefined;
  if (!list || list.element.repetition_type !== "REPEATED") {
    throw new Unsupported(`repeated field inside struct ${node.element.name}`);
  }
  const offsets = first.offsets!;
  if (leaves.some((l) => l.rows.entries!.length !== first.entries!.length)) {
    throw new Unsupported(`leaves of ${node.element.name} disagree on list lengths`);
  }
  const converted = node.element.converted_type;
  if (converted === "MAP" || converted === "MAP_KEY_VALUE") {
    const key = leaves.find((l) => l.path[l.path.length - 1].element.name === "key");
    const value = leaves.find((l) => l.path[l.path.length - 1].element.name === "value");
    if (!key || !value || leaves.length !== 2) throw new Unsupported(`map ${node.element.name}`);
    const keys = key.rows.entries!;
    const values = value.rows.entries!;
    return (r) => {
      if (isNull(r)) return null;
      const obj: Record<string, unknown> = {};
      for (let j = offsets[r]; j < offsets[r + 1]; j++) obj[String(keys[j])] = values[j];
      return obj;
    };
  }
  // 3-level list (list → element → fields), legacy 2-level list (repeated group of fields),
  // or list of primitives (list → element leaf, or a repeated leaf).
  const primitives = leaves.length === 1 &&
    (list.children.length === 0 ||
      list.children.length === 1 && list.children[0].children.length === 0);
  if (primitives) {
    const entries = leaves[0].rows.entries!;
    return (r) => (isNull(r) ? null : entries.slice(offsets[r], offsets[r + 1]));
  }
  const element = list.children.length === 1 ? list.children[0] : list;
  if (element.children.some((c) => c.children.length > 0)) {
    throw new Unsupported(`nested struct in list element of ${node.element.name}`);
  }
  const make = recordMaker(leaves.map((l) => l.path[l.path.length - 1].element.name));
  const columns = leaves.map((l) => l.rows.entries!);
  return (r) => {
    if (isNull(r)) return null;
    const out = new Array(offsets[r + 1] - offsets[r]);
    for (let j = offsets[r], k = 0; j < offsets[r + 1]; j++, k++) out[k] = make(columns, j);
    return out;
  };
}

/**
 * A function making the record `{names[0]: columns[0][j], …}`: one object
 * literal of a fixed shape (see {@linkcode compileLiteral}).
 */
function recordMaker(
  names: readonly string[],
): (columns: readonly ArrayLike<unknown>[], j: number) => Record<string, unknown> {
  return compileLiteral(["c", "j"], names, (i) => `c[${i}][j]`);
}

function structBuilder(
  leaves: { path: SchemaTree[]; rows: LeafRows }[],
  isNull: (r: number) => boolean,
): ColumnBuilder {
  const fields = leaves.map(({ path, rows }) => ({
    names: path.slice(2).map((n) => n.element.name), // below root and the top-level group
    values: rows.rowValue!,
  }));
  if (fields.every((f) => f.names.length === 1)) {
    const make = recordMaker(fields.map((f) => f.names[0]));
    const values = fields.map((f) => f.values);
    return (r) => (isNull(r) ? null : make(values, r));
  }
  return (r) => {
    if (isNull(r)) return null;
    const obj: Record<string, unknown> = {};
    for (const { names, values } of fields) {
      let target = obj;
      for (let i = 0; i < names.length - 1; i++) {
        target = (target[names[i]] ??= {}) as Record<string, unknown>;
      }
      target[names[names.length - 1]] = values[r];
    }
    return obj;
  };
}

/** Options of {@link readRowGroupRows}. */
export interface RowGroupReadOptions {
  /** hyparquet parsers (timestamps…) merged over hyparquet's defaults. Default none. */
  parsers?: Partial<ParquetParsers>;
  /** Decode byte arrays without a string annotation as UTF-8. Default `false`. */
  utf8?: boolean;
}

/**
 * Read one whole row group of `file` (the bytes of the whole Parquet file, not copied) as
 * plain objects, like hyparquet's `parquetReadObjects`
 * but faster for alert schemas. Resolves to `undefined` when the schema has a shape
 * this assembler does not handle; throws on corrupt data.
 *
 * @example
 * ```ts
 * import { parquetMetadata } from "hyparquet";
 * import { readRowGroupRows } from "./parquet_rows.ts";
 * const path = "data/sample/fink-filters/datatest/tde/tde_ZTF20abfcszi_202008.parquet";
 * const file = Deno.readFileSync(path);
 * const rows = await readRowGroupRows(file, parquetMetadata(file), 0);
 * console.log(rows?.length, rows?.[0].objectId); // 21 "ZTF20abfcszi"
 * ```
 */
export function readRowGroupRows(
  file: Uint8Array,
  metadata: FileMetaData,
  rowGroup: number,
  { parsers, utf8 = false }: RowGroupReadOptions = {},
): Promise<Record<string, unknown>[] | undefined> {
  const group = metadata.row_groups[rowGroup];
  if (!group) return Promise.reject(new RangeError(`no row group ${rowGroup}`));
  const n = Number(group.num_rows);
  const root = parquetSchema(metadata);
  const paths = new Map(leavesOf(root, [], []).map((p) => [leafKey(p), p]));
  const data: LeafData = new Map();
  try {
    for (const chunk of group.columns) {
      const key = chunk.meta_data?.path_in_schema.join(".") ?? "";
      const path = paths.get(key);
      if (!path) throw new Unsupported(`column chunk ${key} not in the schema`);
      data.set(key, byRow(readLeafLevels(file, chunk, path, { compressors, parsers, utf8 }), n));
    }
    const builders = root.children.map((node) =>
      [node.element.name, columnBuilder(root, node, data)] as const
    );
    const out = new Array<Record<string, unknown>>(n);
    for (let r = 0; r < n; r++) {
      const row: Record<string, unknown> = {};
      for (const [name, build] of builders) row[name] = build(r);
      out[r] = row;
    }
    return Promise.resolve(out);
  } catch (err) {
    if (err instanceof Unsupported) return Promise.resolve(undefined);
    return Promise.reject(err);
  }
}
