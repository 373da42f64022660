/**
 * Query results as Apache Arrow tables, with Fink's column names and types:
 * `double` → Float64, `float` → Float32, `integer` → Int32, `long` → Int64
 * (`candid` stays exact), `boolean` → Bool, `string` → Utf8, binary →
 * Binary, 2-D arrays (cutouts, type `array2d`) → List<List<Float32>>.
 * Missing cells are nulls.
 *
 * @module
 */
import {
  Binary,
  Bool,
  type DataType,
  Field,
  Float32,
  Float64,
  Int32,
  Int64,
  List,
  Table,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import type { Columns } from "./decode.ts";
import type { CellValue } from "./codec.ts";

/** The Arrow type of a Fink type name. */
export function arrowType(type: string): DataType {
  switch (type) {
    case "double":
      return new Float64();
    case "float":
      return new Float32();
    case "integer":
    case "short":
      return new Int32();
    case "long":
      return new Int64();
    case "boolean":
      return new Bool();
    case "binary":
    case "fits/image":
      return new Binary();
    case "array2d":
      return new List(new Field("item", new List(new Field("item", new Float32(), true)), true));
    default:
      return new Utf8();
  }
}

/** Coerce decoded values to what the Arrow type expects (strings in numeric columns → null). */
function coerce(values: (CellValue | null)[], type: string): unknown[] {
  switch (type) {
    case "double":
    case "float":
    case "integer":
    case "short":
      return values.map((
        v,
      ) => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : null));
    case "long":
      return values.map((v) =>
        typeof v === "bigint" ? v : typeof v === "number" && Number.isInteger(v) ? BigInt(v) : null
      );
    case "boolean":
      return values.map((
        v,
      ) => (typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : null));
    case "binary":
    case "fits/image":
      return values.map((v) => (v instanceof Uint8Array ? v : null));
    case "array2d":
      return values;
    default:
      return values.map((v) =>
        v === null || v === undefined ? null : typeof v === "string" ? v : String(v)
      );
  }
}

/** One column for {@linkcode makeFinkTable}: values and a Fink type name. */
export interface TypedColumn {
  /** Values, `null` for missing. */
  values: unknown[];
  /** Fink type name (`double`, `long`, `string`, …). */
  type: string;
}

/**
 * Build an Arrow table from named, typed columns (in the given order).
 *
 * @example
 * ```ts
 * import { makeFinkTable } from "./arrow.ts";
 * const t = makeFinkTable(new Map([
 *   ["i:jd", { values: [2459795.8062153], type: "double" }],
 *   ["i:candid", { values: [1622215345315015012n], type: "long" }],
 * ]));
 * console.log(t.numRows, t.getChild("i:candid")?.get(0)); // 1 1622215345315015012n
 * ```
 */
export function makeFinkTable(columns: Map<string, TypedColumn>): Table {
  const vectors: Record<string, Vector> = {};
  for (const [name, col] of columns) {
    const type: DataType = arrowType(col.type);
    vectors[name] = vectorFromArray(
      coerce(col.values as (CellValue | null)[], col.type),
      type,
    ) as Vector;
  }
  return new Table(vectors);
}

/** Arrow table of decoded columns, optionally restricted to / ordered by `order`. */
export function columnsToTable(cols: Columns, order?: string[]): Table {
  const names = order ?? [...cols.values.keys()].sort();
  const out = new Map<string, TypedColumn>();
  for (const n of names) {
    const values = cols.values.get(n);
    if (!values) continue;
    out.set(n, { values, type: cols.types.get(n) ?? "string" });
  }
  return makeFinkTable(out);
}
