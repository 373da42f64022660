/**
 * Export query results (Apache Arrow tables with Fink's column names) as
 * Fink's REST API serves them: JSON records (pandas `to_json(orient="records")`,
 * int64 as bare integers, NaN as null), CSV (`to_csv(index=False)`), Parquet
 * (`hyparquet-writer`) and VOTable 1.4 (astropy's `votable.from_table` layout).
 *
 * Float32 columns (most ZTF photometry) are printed with the shortest
 * decimal that reads back to the same float32 (`18.123`, not
 * `18.12299919128418`), as Fink's HBase decoder does. Cutouts (2-D arrays)
 * become nested JSON arrays in JSON, JSON text in CSV and in Parquet
 * (`JSON` logical type); binary cells become base64.
 *
 * @module
 */
import { type Data, DataType, Precision, type Table } from "apache-arrow";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { ColumnSource } from "hyparquet-writer";
import { BadRequestError } from "../../astro/errors.ts";
import { float32Decimal, float32String } from "./float32.ts";

/** Output formats of {@linkcode exportTable}. */
export const OUTPUT_FORMATS = ["json", "csv", "votable", "parquet"] as const;

/** An output format. */
export type OutputFormat = typeof OUTPUT_FORMATS[number];

function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

type Kind =
  | "int64"
  | "int32"
  | "float32"
  | "number"
  | "bool"
  | "string"
  | "binary"
  | "list"
  | "other";

function kindOf(type: DataType): Kind {
  if (DataType.isInt(type)) return type.bitWidth === 64 ? "int64" : "int32";
  if (DataType.isFloat(type)) return type.precision === Precision.SINGLE ? "float32" : "number";
  if (DataType.isBool(type)) return "bool";
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return "string";
  if (DataType.isBinary(type) || DataType.isLargeBinary(type)) return "binary";
  if (DataType.isList(type)) return "list";
  return "other";
}

/** A cell of a List column as nested plain arrays. */
function listValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const json = (v as { toJSON?: () => unknown }).toJSON?.();
  const arr = json ?? v;
  const deep = (x: unknown): unknown =>
    x !== null && typeof x === "object" && "toJSON" in (x as object)
      ? deep((x as { toJSON: () => unknown }).toJSON())
      : Array.isArray(x) || ArrayBuffer.isView(x)
      ? Array.from(x as ArrayLike<unknown>, deep)
      : x;
  return deep(arr);
}

/**
 * A float's text as pandas writes it: a whole number keeps its `.0` (`30.0`),
 * so that readers that type by the text (`pd.DataFrame(r.json())`,
 * `pd.read_csv`) get a float column, as from Fink. `text` is the number's
 * shortest form.
 */
function pandasFloat(x: number, text: string): string {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? text + ".0" : text;
}

/** JSON text of one cell, pandas style (NaN → null, int64 bare). */
function jsonCell(v: unknown, kind: Kind): string {
  if (v === null || v === undefined) return "null";
  switch (kind) {
    case "int64":
    case "int32":
      return String(v);
    case "float32":
      return Number.isFinite(v as number)
        ? pandasFloat(v as number, float32String(v as number))
        : "null";
    case "number": {
      const x = Number(v);
      return Number.isFinite(x) ? pandasFloat(x, String(x)) : "null";
    }
    case "bool":
      return v ? "true" : "false";
    case "binary":
      return JSON.stringify(base64(v as Uint8Array));
    case "list":
      return JSON.stringify(
        listValue(v),
        (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? null : x),
      );
    default:
      return JSON.stringify(typeof v === "bigint" ? String(v) : v);
  }
}

function columnsOf(table: Table): { name: string; kind: Kind; get: (i: number) => unknown }[] {
  return table.schema.fields.map((f, j) => {
    const vec = table.getChildAt(j)!;
    const kind = kindOf(f.type);
    const data = vec.data.length === 1 ? vec.data[0] : undefined;
    if (data && (kind === "int64" || kind === "int32" || kind === "float32" || kind === "number")) {
      // Fixed-width numbers straight from the buffer (Vector.get goes through a visitor per cell).
      // Arrow slices fixed-width value buffers with the data (`offset` is for the validity bits).
      const values = data.values as ArrayLike<number | bigint>;
      const get = data.nullCount > 0
        ? (i: number) => (data.getValid(i) ? values[i] : null)
        : (i: number) => values[i];
      return { name: f.name, kind, get };
    }
    if (data?.valueOffsets instanceof Int32Array && kind === "string") {
      return { name: f.name, kind, get: utf8Getter(data) };
    }
    return { name: f.name, kind, get: (i: number) => vec.get(i) };
  });
}

const utf8 = new TextDecoder();

/**
 * Cells of a Utf8 column: its bytes decoded once when they are ASCII (substrings
 * then), else one decode per cell (`Vector.get` decodes every cell).
 */
function utf8Getter(data: Data): (i: number) => string | null {
  const off = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const first = off[0], last = off[data.length];
  let ascii = true;
  for (let k = first; k < last && ascii; k++) ascii = bytes[k] < 0x80;
  const valid = data.nullCount > 0 ? (i: number) => data.getValid(i) : () => true;
  if (!ascii) {
    return (i) => (valid(i) ? utf8.decode(bytes.subarray(off[i], off[i + 1])) : null);
  }
  const text = utf8.decode(bytes.subarray(first, last));
  return (i) => (valid(i) ? text.substring(off[i] - first, off[i + 1] - first) : null);
}

/**
 * JSON records of a table, as Fink's `output-format=json`
 * (`[{"i:objectId": "ZTF…", "i:candid": 1622215345315015012, …}, …]`):
 * int64 values are bare integers (exact), NaN and nulls are `null`.
 *
 * @example
 * ```ts
 * import { makeFinkTable } from "./arrow.ts";
 * import { toJSON } from "./export.ts";
 * const t = makeFinkTable(new Map([["i:candid", { values: [1622215345315015012n], type: "long" }]]));
 * toJSON(t); // '[{"i:candid":1622215345315015012}]'
 * ```
 */
export function toJSON(table: Table): string {
  const n = table.numRows;
  // Column by column (one kind per loop, repeated strings written once), then row by row.
  const cells = columnsOf(table).map((c, j) => {
    const key = (j ? "," : "") + JSON.stringify(c.name) + ":";
    const out: string[] = new Array(n);
    let last: unknown = undefined, lastText = "";
    for (let i = 0; i < n; i++) {
      const v = c.get(i);
      if (v !== last || i === 0) {
        last = v;
        lastText = key + jsonCell(v, c.kind);
      }
      out[i] = lastText;
    }
    return out;
  });
  const rows: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let s = "{";
    for (let j = 0; j < cells.length; j++) s += cells[j][i];
    rows[i] = s + "}";
  }
  return `[${rows.join(",")}]`;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvCell(v: unknown, kind: Kind): string {
  if (v === null || v === undefined) return "";
  switch (kind) {
    case "int64":
    case "int32":
      return String(v);
    case "float32":
      return Number.isNaN(v) ? "" : pandasFloat(v as number, float32String(v as number));
    case "number": {
      const x = Number(v);
      return Number.isNaN(x) ? "" : pandasFloat(x, String(x));
    }
    case "bool":
      return v ? "True" : "False";
    case "binary":
      return base64(v as Uint8Array);
    case "list":
      return csvField(JSON.stringify(listValue(v)));
    default:
      return csvField(String(v));
  }
}

/**
 * CSV text of a table, as Fink's `output-format=csv` (pandas
 * `to_csv(index=False)`): a header of column names, nulls as empty fields,
 * booleans `True`/`False`, int64 exact.
 *
 * @example
 * ```ts
 * import { makeFinkTable } from "./arrow.ts";
 * import { toCSV } from "./export.ts";
 * const t = makeFinkTable(new Map([["i:jd", { values: [2459795.8062153], type: "double" }]]));
 * toCSV(t); // "i:jd\n2459795.8062153\n"
 * ```
 */
export function toCSV(table: Table): string {
  const cols = columnsOf(table);
  const lines = [cols.map((c) => csvField(c.name)).join(",")];
  for (let i = 0; i < table.numRows; i++) {
    lines.push(cols.map((c) => csvCell(c.get(i), c.kind)).join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * Parquet bytes of a table (snappy-compressed, one row group per 100,000
 * rows), typed as pandas writes Fink's frames: Float64 and Float32 → DOUBLE
 * (a float32 as its decimal), Int32 and Int64 → INT64 (pandas metadata:
 * nullable `Int64`), Bool → BOOLEAN, Utf8 → STRING, Binary → BYTE_ARRAY,
 * lists and 2-D arrays → JSON text.
 *
 * @example
 * ```ts
 * import { makeFinkTable } from "./arrow.ts";
 * import { toParquet } from "./export.ts";
 * const t = makeFinkTable(new Map([["i:candid", { values: [1622215345315015012n], type: "long" }]]));
 * const bytes = toParquet(t); // starts and ends with "PAR1"
 * ```
 */
export function toParquet(table: Table): Uint8Array {
  const cols = columnsOf(table);
  const columnData: ColumnSource[] = cols.map((c) => {
    // As pandas writes Fink's frames: every integer column int64, every float one float64
    // (a float32 as the decimal Fink parses from its HBase cell).
    const cell = c.kind === "list"
      ? (v: unknown) => (v === null ? null : JSON.stringify(listValue(v)))
      : c.kind === "int32"
      ? (v: unknown) => (v === null ? null : BigInt(v as number))
      : c.kind === "float32"
      ? (v: unknown) => (v === null ? null : float32Decimal(v as number))
      : (v: unknown) => v;
    const data: unknown[] = new Array(table.numRows);
    for (let i = 0; i < table.numRows; i++) {
      const v = c.get(i);
      data[i] = v === undefined ? null : cell(v);
    }
    const type = ({
      int64: "INT64",
      int32: "INT64",
      float32: "DOUBLE",
      number: "DOUBLE",
      bool: "BOOLEAN",
      string: "STRING",
      binary: "BYTE_ARRAY",
      list: "JSON",
      other: "STRING",
    } as const)[c.kind];
    return { name: c.name, data, type } as ColumnSource;
  });
  if (columnData.length === 0) return new Uint8Array(parquetWriteBuffer({ columnData: [] }));
  return new Uint8Array(
    parquetWriteBuffer({ columnData, rowGroupSize: 100_000, kvMetadata: [pandasMetadata(cols)] }),
  );
}

/**
 * The `pandas` metadata of a Parquet file, for its integer columns: they are
 * nullable `Int64` in Fink's frames, and pandas reads them back so (without
 * it, an int64 column with a null would become float64 and lose digits of
 * 64-bit ids). No index column: pandas gives a RangeIndex.
 */
function pandasMetadata(cols: { name: string; kind: Kind }[]): { key: string; value: string } {
  const columns = cols.filter((c) => c.kind === "int64" || c.kind === "int32")
    .map((c) => ({
      name: c.name,
      field_name: c.name,
      pandas_type: "int64",
      numpy_type: "Int64",
      metadata: null,
    }));
  const value = { index_columns: [], column_indexes: [], columns, pandas_version: "2.2.3" };
  return { key: "pandas", value: JSON.stringify(value) };
}

/**
 * VOTable datatypes, as astropy writes Fink's frames: Fink types every integer
 * column int64 and every float one float64 (`hbase_type_converter`).
 */
const VOTABLE_TYPES: Record<Kind, string> = {
  int64: "long",
  int32: "long",
  float32: "double",
  number: "double",
  // Fink's frames hold booleans as Python objects, which astropy writes as text ('True').
  bool: "char",
  string: "char",
  binary: "char",
  list: "char",
  other: "char",
};

function xmlEscape(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/**
 * An XML ID from a column name, as astropy's `fix_id`: characters other than
 * letters, digits, `_`, `.` and `-` become `_` (`i:ra` → `i_ra`, `v:g-r` →
 * `v_g-r`), and a name not starting with a letter or `_` gets a `_` first.
 */
function votableId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_.\-]/g, "_");
  return /^[A-Za-z_]/.test(name) ? id : "_" + id;
}

/**
 * VOTable 1.4 text of a table (TABLEDATA), as Fink's `output-format=votable`
 * (astropy `votable.from_table`): each FIELD has `name` = the column name and
 * `ID` = its XML-safe form, so astropy reads the columns back as `i_ra`,
 * `i_dec`, … as from Fink. Types are those astropy gives Fink's frames:
 * integers `long`, floats `double` (a float32 as its decimal), booleans text
 * (`True`/`False`). Nulls and NaN are empty cells; 2-D arrays and binary
 * cells are text (JSON, base64).
 *
 * @example
 * ```ts
 * import { makeFinkTable } from "./arrow.ts";
 * import { toVOTable } from "./export.ts";
 * const t = makeFinkTable(new Map([["i:ra", { values: [193.82], type: "double" }]]));
 * toVOTable(t).includes('<FIELD ID="i_ra" datatype="double" name="i:ra"/>'); // true
 * ```
 */
export function toVOTable(table: Table): string {
  const cols = columnsOf(table);
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<VOTABLE version="1.4" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xmlns="http://www.ivoa.net/xml/VOTable/v1.3" ' +
    'xsi:schemaLocation="http://www.ivoa.net/xml/VOTable/v1.3 http://www.ivoa.net/xml/VOTable/v1.3">',
    ' <RESOURCE type="results">',
    "  <TABLE>",
  ];
  const ascii = (c: { get: (i: number) => unknown }) => {
    for (let i = 0; i < table.numRows; i++) {
      const v = c.get(i);
      // deno-lint-ignore no-control-regex
      if (typeof v === "string" && /[^\x00-\x7f]/.test(v)) return false;
    }
    return true;
  };
  for (const c of cols) {
    let type = VOTABLE_TYPES[c.kind];
    if (type === "char" && c.kind === "string" && !ascii(c)) type = "unicodeChar";
    const size = type === "char" || type === "unicodeChar" ? ' arraysize="*"' : "";
    out.push(
      `   <FIELD ID="${xmlEscape(votableId(c.name))}"${size} datatype="${type}" name="${
        xmlEscape(c.name)
      }"/>`,
    );
  }
  out.push("   <DATA>", "    <TABLEDATA>");
  for (let i = 0; i < table.numRows; i++) {
    let row = "     <TR>";
    for (const c of cols) {
      const v = c.get(i);
      const text = v === null || v === undefined
        ? ""
        : c.kind === "string" || c.kind === "other"
        ? String(v)
        : csvCell(v, c.kind).replace(/^"(.*)"$/s, (_m, x: string) => x.replaceAll('""', '"'));
      row += `<TD>${xmlEscape(text)}</TD>`;
    }
    out.push(row + "</TR>");
  }
  out.push("    </TABLEDATA>", "   </DATA>", "  </TABLE>", " </RESOURCE>", "</VOTABLE>", "");
  return out.join("\n");
}

/**
 * A table in one of Fink's output formats: `json`, `csv` and `votable` give
 * text, `parquet` gives bytes. Any other format is a {@linkcode BadRequestError}.
 *
 * @example
 * ```ts
 * import { makeFinkTable } from "./arrow.ts";
 * import { exportTable } from "./export.ts";
 * const t = makeFinkTable(new Map([["i:jd", { values: [2459795.8062153], type: "double" }]]));
 * const csv = exportTable(t, "csv") as string;
 * ```
 */
export function exportTable(table: Table, format: OutputFormat | string): string | Uint8Array {
  switch (format) {
    case "json":
      return toJSON(table);
    case "csv":
      return toCSV(table);
    case "parquet":
      return toParquet(table);
    case "votable":
      return toVOTable(table);
    default:
      throw new BadRequestError(
        "output-format",
        format,
        `Output format \`${format}\` is not supported. Choose among json, csv, votable, or parquet`,
      );
  }
}

/** Plain JS value of a cell for display: lists as nested arrays, others as is. */
export function plainCell(v: unknown, type: DataType): unknown {
  const kind = kindOf(type);
  if (kind === "list") return listValue(v);
  if (kind === "float32" && typeof v === "number") return Number(float32String(v));
  return v;
}
