/**
 * Fast row assembly for Parquet alert files. hyparquet decodes each leaf
 * column (pages, dictionaries, Dremel levels → per-row nested arrays); its
 * generic struct/list assembly (`parquetReadObjects`) then costs ~3× the
 * decoding for `prv_candidates` (list of ~100-field structs). Here the leaf
 * columns are taken from hyparquet's `onPage` callback and rows are built
 * directly for the shapes alert files use: flat columns, structs of leaves,
 * lists of structs or of leaves, and maps. Any other shape returns
 * `undefined` so the caller falls back to `parquetReadObjects`.
 *
 * @module
 */

import { parquetRead, parquetSchema } from "hyparquet";
import type { FileMetaData, ParquetParsers, SchemaTree } from "hyparquet";
import { compressors } from "hyparquet-compressors";

type Repetition = "REQUIRED" | "OPTIONAL" | "REPEATED";

/** Builds the value of one top-level column for row `r`. */
type ColumnBuilder = (r: number) => unknown;

class Unsupported extends Error {}

function repetition(node: SchemaTree): Repetition {
  return (node.element.repetition_type ?? "REQUIRED") as Repetition;
}

/**
 * Strip the Dremel containers hyparquet's `assembleLists` wraps around a leaf value:
 * one array per non-REQUIRED level; an OPTIONAL level holds `[x]` (or `[]` when null),
 * a REPEATED level holds the entries.
 */
function unwrap(x: unknown, levels: Repetition[], i: number): unknown {
  for (; i < levels.length; i++) {
    const level = levels[i];
    if (level === "REQUIRED") continue;
    const container = x as unknown[];
    if (level === "REPEATED") {
      const out = new Array(container.length);
      for (let j = 0; j < container.length; j++) out[j] = unwrap(container[j], levels, i + 1);
      return out;
    }
    if (container.length === 0) return null;
    x = container[0];
  }
  return x === undefined ? null : x;
}

/** Container levels of a leaf: the repetition of every node between the root and the leaf. */
function containerLevels(path: SchemaTree[]): Repetition[] {
  return path.slice(1, -1).map(repetition);
}

function leavesOf(node: SchemaTree, path: SchemaTree[], out: SchemaTree[][]): SchemaTree[][] {
  if (node.children.length === 0) out.push([...path, node]);
  else for (const child of node.children) leavesOf(child, [...path, node], out);
  return out;
}

/** Per-row data of every leaf, keyed by the dotted path in the schema. */
type LeafData = Map<string, unknown[]>;

function leafRows(data: LeafData, path: SchemaTree[]): unknown[] {
  const key = path.slice(1).map((n) => n.element.name).join(".");
  const rows = data.get(key);
  if (!rows) throw new Unsupported(`no data for leaf ${key}`);
  return rows;
}

/** Unwrapped per-row values of a leaf, from `from` (index in path) down. */
function unwrappedLeaf(data: LeafData, path: SchemaTree[]): (r: number) => unknown {
  const rows = leafRows(data, path);
  const levels = containerLevels(path);
  if (levels.length === 0) return (r) => rows[r] ?? null;
  return (r) => unwrap(rows[r], levels, 0);
}

function countRepeated(path: SchemaTree[]): number {
  return path.filter((n) => repetition(n) === "REPEATED").length;
}

/** Builder for a top-level column node, or throws Unsupported. */
function columnBuilder(root: SchemaTree, node: SchemaTree, data: LeafData): ColumnBuilder {
  if (node.children.length === 0) return unwrappedLeaf(data, [root, node]);
  const leafPaths = leavesOf(node, [root], []);
  const repeated = leafPaths.map(countRepeated);
  if (repeated.some((n) => n > 1) || repetition(node) === "REPEATED") {
    throw new Unsupported(`nested lists in ${node.element.name}`);
  }
  const firstRows = leafRows(data, leafPaths[0]);
  const optional = repetition(node) === "OPTIONAL";
  // A null OPTIONAL top-level group leaves an empty container in every leaf.
  const isNull = optional ? (r: number) => (firstRows[r] as unknown[]).length === 0 : () => false;
  if (repeated.every((n) => n === 0)) return structBuilder(leafPaths, data, isNull);
  if (repeated.some((n) => n === 0)) {
    throw new Unsupported(`mixed struct/list ${node.element.name}`);
  }
  const list = node.children.length === 1 && repetition(node.children[0]) === "REPEATED"
    ? node.children[0]
    : undefined;
  if (!list) throw new Unsupported(`repeated field inside struct ${node.element.name}`);
  const names = list.children.map((c) => c.element.name);
  if (node.element.converted_type === "MAP" || node.element.converted_type === "MAP_KEY_VALUE") {
    if (names.length !== 2 || !names.includes("key") || !names.includes("value")) {
      throw new Unsupported(`map ${node.element.name} without key/value`);
    }
    return mapBuilder(leafPaths, data, isNull);
  }
  // 3-level list (list → element → fields) or legacy 2-level list (repeated group of fields).
  const element = list.children.length === 1 && list.children[0].children.length > 0
    ? list.children[0]
    : list;
  if (element.children.length === 0 || list.children.length === 1 && element === list) {
    // list of primitives: one leaf
    const leaf = unwrappedLeaf(data, leafPaths[0]);
    return (r) => (isNull(r) ? null : leaf(r));
  }
  return listOfStructBuilder(element, leafPaths, data, isNull);
}

function structBuilder(
  leafPaths: SchemaTree[][],
  data: LeafData,
  isNull: (r: number) => boolean,
): ColumnBuilder {
  const depth = 2; // root, node
  const fields = leafPaths.map((path) => ({
    names: path.slice(depth).map((n) => n.element.name),
    value: unwrappedLeaf(data, path),
  }));
  if (fields.every((f) => f.names.length === 1)) {
    const names = fields.map((f) => f.names[0]);
    const values = fields.map((f) => f.value);
    return (r) => {
      if (isNull(r)) return null;
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) obj[names[i]] = values[i](r);
      return obj;
    };
  }
  return (r) => {
    if (isNull(r)) return null;
    const obj: Record<string, unknown> = {};
    for (const { names, value } of fields) {
      let target = obj;
      for (let i = 0; i < names.length - 1; i++) {
        target = (target[names[i]] ??= {}) as Record<string, unknown>;
      }
      target[names[names.length - 1]] = value(r);
    }
    return obj;
  };
}

function mapBuilder(
  leafPaths: SchemaTree[][],
  data: LeafData,
  isNull: (r: number) => boolean,
): ColumnBuilder {
  const keyPath = leafPaths.find((p) => p[p.length - 1].element.name === "key")!;
  const valuePath = leafPaths.find((p) => p[p.length - 1].element.name === "value")!;
  const keys = unwrappedLeaf(data, keyPath);
  const values = unwrappedLeaf(data, valuePath);
  return (r) => {
    if (isNull(r)) return null;
    const k = keys(r) as unknown[] | null;
    const v = values(r) as unknown[] | null;
    if (!k || !v) return null;
    const obj: Record<string, unknown> = {};
    for (let i = 0; i < k.length; i++) obj[String(k[i])] = v[i];
    return obj;
  };
}

function listOfStructBuilder(
  element: SchemaTree,
  leafPaths: SchemaTree[][],
  data: LeafData,
  isNull: (r: number) => boolean,
): ColumnBuilder {
  if (element.children.some((c) => c.children.length > 0)) {
    throw new Unsupported(`nested struct in list element ${element.element.name}`);
  }
  const names = element.children.map((c) => c.element.name);
  const byName = new Map(leafPaths.map((p) => [p[p.length - 1].element.name, p]));
  const values = names.map((n) => unwrappedLeaf(data, byName.get(n)!));
  return (r) => {
    if (isNull(r)) return null;
    const columns = values.map((v) => v(r) as unknown[] | null);
    const first = columns[0];
    if (!first) return null;
    const out = new Array(first.length);
    for (let j = 0; j < first.length; j++) {
      const entry: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) entry[names[i]] = columns[i]?.[j] ?? null;
      out[j] = entry;
    }
    return out;
  };
}

/**
 * Options of {@link readRowGroupRows}.
 *
 * @example
 * ```ts
 * import { parquetMetadata } from "hyparquet";
 * import { readRowGroupRows } from "./parquet_rows.ts";
 * const file = Deno.readFileSync("data/sample/fink-broker/datasim/fink_fat_example/orbital.parquet").buffer;
 * const rows = await readRowGroupRows(file, parquetMetadata(file), 0, 605, { utf8: true });
 * console.log(rows?.[0].ssoCandId); // "FF2022aaaaaaa"
 * ```
 */
export interface RowGroupReadOptions {
  /** hyparquet parsers (timestamps…). Default: hyparquet's. */
  parsers?: Partial<ParquetParsers>;
  /** Decode byte arrays without a string annotation as UTF-8. Default `false`. */
  utf8?: boolean;
}

/**
 * Read rows `[rowStart, rowEnd)` (one whole row group) as plain objects, like
 * `parquetReadObjects` but faster for alert schemas. Resolves to `undefined`
 * when the schema has a shape this assembler does not handle.
 *
 * @example
 * ```ts
 * import { parquetMetadata } from "hyparquet";
 * import { readRowGroupRows } from "./parquet_rows.ts";
 * const path = "data/sample/fink-filters/datatest/tde/tde_ZTF20abfcszi_202008.parquet";
 * const file = Deno.readFileSync(path).buffer;
 * const metadata = parquetMetadata(file);
 * const rows = await readRowGroupRows(file, metadata, 0, Number(metadata.row_groups[0].num_rows));
 * console.log(rows?.length, rows?.[0].objectId); // 21 "ZTF20abfcszi"
 * ```
 */
export async function readRowGroupRows(
  file: ArrayBuffer,
  metadata: FileMetaData,
  rowStart: number,
  rowEnd: number,
  { parsers, utf8 = false }: RowGroupReadOptions = {},
): Promise<Record<string, unknown>[] | undefined> {
  const n = rowEnd - rowStart;
  const data: LeafData = new Map();
  await parquetRead({
    file,
    metadata,
    rowStart,
    rowEnd,
    compressors,
    utf8,
    parsers,
    onPage: ({ pathInSchema, columnData, rowStart: pageStart }) => {
      const key = pathInSchema.join(".");
      let rows = data.get(key);
      if (!rows) data.set(key, rows = new Array(n));
      const offset = pageStart - rowStart;
      for (let i = 0; i < columnData.length; i++) {
        const r = offset + i;
        if (r >= 0 && r < n) rows[r] = columnData[i];
      }
    },
  });
  const root = parquetSchema(metadata);
  let builders: [string, ColumnBuilder][];
  try {
    builders = root.children.map((node) => [node.element.name, columnBuilder(root, node, data)]);
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
  const out = new Array<Record<string, unknown>>(n);
  for (let r = 0; r < n; r++) {
    const row: Record<string, unknown> = {};
    for (const [name, build] of builders) row[name] = build(r);
    out[r] = row;
  }
  return out;
}
