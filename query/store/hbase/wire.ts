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
import { columnSelected, compareBytes, keyBytes, PackedRow } from "../store.ts";
import { b64, b64Bytes, base64Length, decodeBase64Into, unb64Text } from "./client.ts";

/** One cell of a CellSet, as JSON: base64 column and value (`$`), epoch-ms timestamp. */
export interface CellModel {
  /** Column `family:qualifier`, base64. */
  column: string;
  /** Epoch milliseconds (server-assigned on writes when omitted). */
  timestamp?: number;
  /** Value, base64. */
  $: string;
}

/** One row of a CellSet, as JSON: base64 key and its cells. */
export interface RowModel {
  /** Rowkey, base64. */
  key: string;
  /** Cells of the row. */
  Cell: CellModel[];
}

/** A CellSet, as JSON. */
export interface CellSetModel {
  /** Rows. */
  Row: RowModel[];
}

/** HBase filter JSON (ScannerModel.FilterModel); byte fields base64 except string comparators. */
export interface FilterModel {
  /** Filter class name, e.g. `PrefixFilter`. */
  type: string;
  /** Compare or list operator (`EQUAL`, `MUST_PASS_ALL`…). */
  op?: string;
  /** Operand: base64 bytes, or a decimal for PageFilter. */
  value?: string;
  /** Comparator of compare filters (string comparators take plain text). */
  comparator?: { type: string; value?: string; op?: string };
  /** Children of a FilterList. */
  filters?: FilterModel[];
  /** Row ranges of a MultiRowRangeFilter (base64 bounds). */
  ranges?: {
    startRow: string;
    startRowInclusive: boolean;
    stopRow: string;
    stopRowInclusive: boolean;
  }[];
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
  /** Rows in any of the ranges, each `[startRow, stopRow)`. */
  rowRanges: (ranges: readonly { startRow: string; stopRow: string }[]): FilterModel => ({
    type: "MultiRowRangeFilter",
    ranges: ranges.map((r) => ({
      startRow: b64(r.startRow),
      startRowInclusive: true,
      stopRow: b64(r.stopRow),
      stopRowInclusive: false,
    })),
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
 *
 * @example
 * ```ts
 * import { rowsOf } from "./wire.ts";
 * const rows = rowsOf({ Row: [{ key: "aw==", Cell: [{ column: "aTp4", $: "AQ==" }] }] });
 * console.log(rows[0].key, rows[0].columns); // "k" ["i:x"]
 * ```
 */
export function rowsOf(cellSet: unknown, columns?: readonly string[]): Row[] {
  const rows = (cellSet as CellSetModel | null)?.Row ?? [];
  const out: Row[] = [];
  let previous: string[] = [];
  for (const r of rows) {
    const cells: [string, string][] = [];
    let size = 0;
    for (const c of r.Cell ?? []) {
      const name = columnName(c.column);
      if (!columnSelected(name, columns)) continue;
      const value = c.$ ?? "";
      cells.push([name, value]);
      size += base64Length(value);
    }
    sortCells(cells);
    // One buffer for the row's cells: decoders read it in place (`raw`).
    const blob = new Uint8Array(size);
    const bounds = new Uint32Array(2 * cells.length);
    let at = 0;
    for (let i = 0; i < cells.length; i++) {
      bounds[2 * i] = at;
      at = decodeBase64Into(cells[i][1], blob, at);
      bounds[2 * i + 1] = at;
    }
    // Rows holding the same columns share one array, so decoders resolve the names once.
    let same = previous.length === cells.length;
    for (let i = 0; same && i < cells.length; i++) same = previous[i] === cells[i][0];
    if (!same) previous = cells.map((c) => c[0]);
    out.push(new PackedRow(unb64Text(r.key), previous, blob, bounds));
  }
  return out;
}

/**
 * `fn` with its answers kept, for column names: every row repeats the same
 * ones, and each base64 or UTF-8 call costs ~0.5–0.8 µs (12 ms for a light
 * curve of 100 alerts × 165 columns, against 0.3 ms looked up). A table has a
 * few hundred names; the map starts over past {@linkcode NAMES_KEPT}.
 */
function memoized(fn: (text: string) => string): (text: string) => string {
  const kept = new Map<string, string>();
  return (text) => {
    let answer = kept.get(text);
    if (answer === undefined) {
      if (kept.size >= NAMES_KEPT) kept.clear();
      kept.set(text, answer = fn(text));
    }
    return answer;
  };
}
const NAMES_KEPT = 20_000;
/** A column name from its base64 form (reads). */
const columnName = memoized(unb64Text);
/** The base64 form of a column name (writes). */
const encodedName = memoized(b64);

function sortCells<T>(cells: [string, T][]): void {
  for (let i = 1; i < cells.length; i++) {
    if (cells[i - 1][0] > cells[i][0]) {
      // "family:qualifier" strings sort bytewise like their UTF-8 bytes except
      // for astral characters; compare bytes to be exact.
      cells.sort((a, b) => compareBytes(keyBytes(a[0]), keyBytes(b[0])));
      return;
    }
  }
}

/**
 * `row` with `next`'s cells (same key, later cells of a split row), columns sorted.
 *
 * @example
 * ```ts
 * import { mergeRow } from "./wire.ts";
 * const row = { key: "k", columns: ["i:b"], values: [new Uint8Array([2])] };
 * const merged = mergeRow(row, { key: "k", columns: ["i:a"], values: [new Uint8Array([1])] });
 * console.log(merged.columns); // ["i:a", "i:b"]
 * ```
 */
export function mergeRow(row: Row, next: Row): Row {
  const cells: [string, Uint8Array][] = row.columns.map((c, i) => [c, row.values[i]]);
  for (let i = 0; i < next.columns.length; i++) cells.push([next.columns[i], next.values[i]]);
  sortCells(cells);
  return { key: row.key, columns: cells.map((c) => c[0]), values: cells.map((c) => c[1]) };
}

/**
 * CellSet JSON for a batch of rows (keys, columns and values base64).
 *
 * @example
 * ```ts
 * import { cellSetOf } from "./wire.ts";
 * cellSetOf([{ key: "k", cells: { "i:x": new Uint8Array([1]) } }]);
 * // { Row: [{ key: "aw==", Cell: [{ column: "aTp4", $: "AQ==" }] }] }
 * ```
 */
export function cellSetOf(rows: readonly PutRow[], checkColumn?: string): CellSetModel {
  return {
    Row: rows.map((r) => {
      const Cell: CellModel[] = [];
      for (const [column, value] of Object.entries(r.cells)) {
        Cell.push({ column: encodedName(column), $: b64Bytes(value) });
      }
      // check=put: the last cell names the column to check; an empty value means "absent".
      if (checkColumn) Cell.push({ column: encodedName(checkColumn), $: "" });
      return { key: b64(r.key), Cell };
    }),
  };
}

/**
 * URL-encode one RowSpec part (row key or column). Every reserved character,
 * including `*` (which would make a suffix glob), `,` and `/`, is escaped.
 *
 * @example
 * ```ts
 * import { encodePart } from "./wire.ts";
 * encodePart("(TNS) SN Ia_1*"); // "%28TNS%29%20SN%20Ia_1%2A"
 * ```
 */
export function encodePart(part: string): string {
  return encodeURIComponent(part).replace(
    /[!'()*~]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/**
 * Table path segment: `name` or `namespace:name`.
 *
 * @example
 * ```ts
 * import { tablePath } from "./wire.ts";
 * tablePath("ztf.pixel128", "fink"); // "/fink:ztf.pixel128"
 * ```
 */
export function tablePath(table: string, namespace?: string): string {
  return "/" + (namespace ? `${encodePart(namespace)}:${encodePart(table)}` : encodePart(table));
}

/**
 * Path of a single-row get: `/<table>/<row>[/<col>,<col>]`.
 *
 * @example
 * ```ts
 * import { rowPath } from "./wire.ts";
 * rowPath("/ztf", "ZTF21abfmbix_1", ["i:jd", "d"]); // "/ztf/ZTF21abfmbix_1/i%3Ajd,d"
 * ```
 */
export function rowPath(tablePrefix: string, key: string, columns?: readonly string[]): string {
  let path = `${tablePrefix}/${encodePart(key)}`;
  if (columns?.length) path += "/" + columns.map(encodePart).join(",");
  return path;
}

/**
 * One `row=` query value of a multi-get. HBase decodes query values once and
 * then parses each as a RowSpec (which decodes again), so the RowSpec is
 * encoded twice.
 *
 * @example
 * ```ts
 * import { multigetParam } from "./wire.ts";
 * multigetParam("a/b", ["i:jd"]); // "row=a%252Fb%2Fi%253Ajd"
 * ```
 */
export function multigetParam(key: string, columns?: readonly string[]): string {
  let spec = encodePart(key);
  if (columns?.length) spec += "/" + columns.map(encodePart).join(",");
  return "row=" + encodeURIComponent(spec);
}

/**
 * The bytewise-first column name of a row to write (the ifAbsent check column).
 *
 * @example
 * ```ts
 * import { firstColumn } from "./wire.ts";
 * firstColumn({ key: "k", cells: { "i:jd": new Uint8Array(8), "d:roid": new Uint8Array(4) } }); // "d:roid"
 * ```
 */
export function firstColumn(row: PutRow): string {
  const names = Object.keys(row.cells);
  let first = names[0];
  for (const n of names) if (n < first) first = n;
  return first;
}

/**
 * A row restricted to `columns` (names or bare families).
 *
 * @example
 * ```ts
 * import { selectColumns } from "./wire.ts";
 * const row = { key: "k", columns: ["d:x", "i:a"], values: [new Uint8Array(1), new Uint8Array(1)] };
 * selectColumns(row, ["i"]).columns; // ["i:a"]
 * ```
 */
export function selectColumns(row: Row, columns: readonly string[]): Row {
  const keep = row.columns.map((c, i) => [c, i] as const).filter(([c]) =>
    columnSelected(c, columns)
  );
  return {
    key: row.key,
    columns: keep.map(([c]) => c),
    values: keep.map(([, i]) => row.values[i]),
  };
}
