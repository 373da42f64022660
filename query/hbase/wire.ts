/**
 * The HBase REST wire format as finkit uses it: CellSet JSON (base64 keys,
 * column names and values), row and multi-get paths (RowSpec grammar), and the
 * filter JSON carried as a string inside a ScannerModel.
 *
 * Filters are built here rather than with npm `hbase`'s scanner, which
 * base64-encodes every `value` it finds — wrong for `SubstringComparator` and
 * `RegexStringComparator` values, which HBase reads as plain text.
 *
 * @module
 */
import type { PutRow, Row } from "../store.ts";
import { compareBytes, keyBytes } from "../store.ts";
import { b64, b64Bytes, unb64, unb64Text } from "./client.ts";

/** One cell of a CellSet, as JSON: base64 column and value (`$`), epoch-ms timestamp. */
export interface CellModel {
  column: string;
  timestamp?: number;
  $: string;
}

/** One row of a CellSet, as JSON: base64 key and its cells. */
export interface RowModel {
  key: string;
  Cell: CellModel[];
}

/** A CellSet, as JSON. */
export interface CellSetModel {
  Row: RowModel[];
}

/** HBase filter JSON (ScannerModel.FilterModel); byte fields base64 except string comparators. */
export interface FilterModel {
  type: string;
  op?: string;
  value?: string;
  comparator?: { type: string; value?: string; op?: string };
  filters?: FilterModel[];
}

/**
 * Filter builders with the encodings HBase expects.
 *
 * @example
 * ```ts
 * import { filters } from "./wire.ts";
 * const f = filters.list("MUST_PASS_ALL", [filters.firstKeyOnly(), filters.keyOnly()]);
 * console.log(JSON.stringify(f));
 * ```
 */
export const filters = {
  /** Rows whose key starts with `prefix` (base64 value). */
  prefix: (prefix: string): FilterModel => ({ type: "PrefixFilter", value: b64(prefix) }),
  /** Only the first cell of each row (row counting). */
  firstKeyOnly: (): FilterModel => ({ type: "FirstKeyOnlyFilter" }),
  /** Cells without values (row counting). */
  keyOnly: (): FilterModel => ({ type: "KeyOnlyFilter" }),
  /** Stop after `key`, inclusive (base64 value). */
  inclusiveStop: (key: string): FilterModel => ({ type: "InclusiveStopFilter", value: b64(key) }),
  /** Rowkey contains `text`, case-insensitively: the comparator value is plain text, not base64. */
  rowContains: (text: string): FilterModel => ({
    type: "RowFilter",
    op: "EQUAL",
    comparator: { type: "SubstringComparator", value: text },
  }),
  /** A list of filters, `MUST_PASS_ALL` (and) or `MUST_PASS_ONE` (or). */
  list: (op: "MUST_PASS_ALL" | "MUST_PASS_ONE", list: FilterModel[]): FilterModel => ({
    type: "FilterList",
    op,
    filters: list,
  }),
};

/**
 * Rows of a CellSet, with column names sorted bytewise. Consecutive entries
 * with the same key (a row split across scanner batches) are not merged here.
 */
export function rowsOf(cellSet: unknown, columns?: readonly string[]): Row[] {
  const rows = (cellSet as CellSetModel | null)?.Row ?? [];
  const out: Row[] = [];
  for (const r of rows) {
    const cells: [string, Uint8Array][] = [];
    for (const c of r.Cell ?? []) {
      const name = unb64Text(c.column);
      if (columns && !selected(name, columns)) continue;
      cells.push([name, unb64(c.$ ?? "")]);
    }
    sortCells(cells);
    out.push({ key: unb64Text(r.key), columns: cells.map((c) => c[0]), values: cells.map((c) => c[1]) });
  }
  return out;
}

function selected(column: string, columns: readonly string[]): boolean {
  for (const c of columns) {
    if (c === column || (!c.includes(":") && column.startsWith(c + ":"))) return true;
  }
  return false;
}

function sortCells(cells: [string, Uint8Array][]): void {
  for (let i = 1; i < cells.length; i++) {
    if (cells[i - 1][0] > cells[i][0]) {
      // "family:qualifier" strings sort bytewise like their UTF-8 bytes except
      // for astral characters; compare bytes to be exact.
      cells.sort((a, b) => compareBytes(keyBytes(a[0]), keyBytes(b[0])));
      return;
    }
  }
}

/** Merge `next` (same key, later cells of a split row) into `row`, keeping columns sorted. */
export function mergeRow(row: Row, next: Row): void {
  const cells: [string, Uint8Array][] = row.columns.map((c, i) => [c, row.values[i]]);
  for (let i = 0; i < next.columns.length; i++) cells.push([next.columns[i], next.values[i]]);
  sortCells(cells);
  row.columns = cells.map((c) => c[0]);
  row.values = cells.map((c) => c[1]);
}

/** CellSet JSON for a batch of rows (keys, columns and values base64). */
export function cellSetOf(rows: readonly PutRow[], checkColumn?: string): CellSetModel {
  return {
    Row: rows.map((r) => {
      const Cell: CellModel[] = [];
      for (const [column, value] of Object.entries(r.cells)) {
        Cell.push({ column: b64(column), $: b64Bytes(value) });
      }
      // check=put: the last cell names the column to check; an empty value means "absent".
      if (checkColumn) Cell.push({ column: b64(checkColumn), $: "" });
      return { key: b64(r.key), Cell };
    }),
  };
}

/**
 * URL-encode one RowSpec part (row key or column). Every reserved character,
 * including `*` (which would make a suffix glob), `,` and `/`, is escaped.
 */
export function encodePart(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*~]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Table path segment: `name` or `namespace:name`. */
export function tablePath(table: string, namespace?: string): string {
  return "/" + (namespace ? `${encodePart(namespace)}:${encodePart(table)}` : encodePart(table));
}

/** Path of a single-row get: `/<table>/<row>[/<col>,<col>]`. */
export function rowPath(tablePrefix: string, key: string, columns?: readonly string[]): string {
  let path = `${tablePrefix}/${encodePart(key)}`;
  if (columns?.length) path += "/" + columns.map(encodePart).join(",");
  return path;
}

/**
 * One `row=` query value of a multi-get. HBase decodes query values once and
 * then parses each as a RowSpec (which decodes again), so the RowSpec is
 * encoded twice.
 */
export function multigetParam(key: string, columns?: readonly string[]): string {
  let spec = encodePart(key);
  if (columns?.length) spec += "/" + columns.map(encodePart).join(",");
  return "row=" + encodeURIComponent(spec);
}
