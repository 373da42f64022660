/**
 * Query results as Apache Arrow tables, with Fink's column names and types:
 * `double` → Float64, `float` → Float32, `integer` → Int32, `long` → Int64
 * (`candid` stays exact), `boolean` → Bool, `string` → Utf8, binary →
 * Binary, 2-D arrays (cutouts, type `array2d`) → List<List<Float32>>, lists
 * (`list<double>`, `list<float>`, `list<integer>`) → List of that type.
 * Missing cells are nulls.
 *
 * @module
 */
import {
  Binary,
  Bool,
  type Data,
  type DataType,
  Field,
  Float32,
  Float64,
  Int32,
  Int64,
  List,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import type { Columns } from "./decode.ts";
import { f64ToI32, Slab, validityF32, validityF64 } from "./arrow_buffers.ts";

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
    case "list<double>":
    case "list<float>":
    case "list<integer>":
      return new List(new Field("item", arrowType(type.slice(5, -1)), true));
    default:
      return new Utf8();
  }
}

/**
 * Values of the nested and binary columns, left to Arrow's builders (the
 * other types are built by `directData`): a binary cell that is not bytes is null.
 */
function coerce(values: ColumnData, type: string): unknown[] {
  return type === "binary" || type === "fits/image"
    ? Array.from(values, (v) => (v instanceof Uint8Array ? v : null))
    : Array.from(values);
}

/**
 * Values of a result column: an array (`null` for missing) or, for numeric
 * types, a typed array (`NaN` for missing).
 */
export type ColumnData = unknown[] | Float64Array | Float32Array;

/** One column for {@linkcode makeFinkTable}: values and a Fink type name. */
export interface TypedColumn {
  /** Values, `null` (or `NaN` in numeric columns) for missing. */
  values: ColumnData;
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
  const alloc = new Slab(slabEstimate(columns));
  const children: Data[] = [];
  const built = new Map<string, Vector>(); // columns from Arrow's builders
  let length = -1, split = false;
  for (const [name, col] of columns) {
    const type = cachedType(col.type);
    let data = directData(col.values, col.type, type, alloc);
    if (!data) {
      const vector = vectorFromArray(
        coerce(col.values, col.type),
        type,
      ) as Vector;
      built.set(name, vector);
      if (vector.data.length !== 1) split = true;
      data = vector.data[0] ?? makeData({ type, length: 0 });
    }
    if (length < 0) length = data.length;
    else if (data.length !== length) {
      throw new RangeError(`column ${name} has ${data.length} values, expected ${length}`);
    }
    children.push(data);
  }
  if (split) {
    const names = [...columns.keys()];
    return new Table(
      Object.fromEntries(names.map((n, i) => [n, built.get(n) ?? makeVector(children[i])])),
    );
  }
  // One record batch straight from its children (cheaper than Table's column distribution).
  const schema = cachedSchema(columns);
  const data = makeData({ type: new Struct(schema.fields), length: Math.max(length, 0), children });
  return new Table([recordBatch(schema, data)]);
}

/** Bytes the Arrow buffers of `columns` need, roughly (zero-copy columns need a bitmap only). */
function slabEstimate(columns: Map<string, TypedColumn>): number {
  let bytes = 0;
  for (const { values, type } of columns.values()) {
    const n = values.length;
    bytes += ((n + 7) >> 3) + 8;
    if (
      (type === "double" && values instanceof Float64Array) ||
      (type === "float" && values instanceof Float32Array)
    ) continue;
    bytes += NUMERIC_OR_LONG.has(type)
      ? 8 * n + 8
      : type === "boolean"
      ? (n >> 3) + 8
      : 24 * n + 16;
  }
  return bytes;
}

const NUMERIC_OR_LONG = new Set(["double", "float", "integer", "short", "long"]);

/**
 * A record batch of a schema and children known to agree (same lengths and
 * types). `new RecordBatch(schema, data)` re-derives the schema with
 * `Schema.assign` — a clone of every field and a name lookup per field,
 * O(columns²) — which made up a fifth of a light-curve query's garbage; the
 * batch built here has the same fields as the constructor's.
 */
function recordBatch(schema: Schema, data: Data<Struct>): RecordBatch {
  const batch = Object.create(RecordBatch.prototype) as RecordBatch & {
    schema: Schema;
    data: Data<Struct>;
    _metadata: Map<string, string>;
  };
  batch.schema = schema;
  batch.data = data;
  batch._metadata = new Map();
  return batch;
}

const typeCache = new Map<string, DataType>();

/** {@linkcode arrowType}, one instance per Fink type (Arrow types are immutable). */
function cachedType(finkType: string): DataType {
  let t = typeCache.get(finkType);
  if (!t) typeCache.set(finkType, t = arrowType(finkType));
  return t;
}

const schemaCache = new Map<string, Schema>();

/** The schema of named, typed columns (all nullable), cached: queries repeat a few shapes. */
function cachedSchema(columns: Map<string, TypedColumn>): Schema {
  let key = "";
  for (const [name, col] of columns) key += `${name}\u0000${col.type}\u0001`;
  let schema = schemaCache.get(key);
  if (!schema) {
    if (schemaCache.size >= 64) schemaCache.delete(schemaCache.keys().next().value!);
    const fields = [...columns].map(([name, col]) => new Field(name, cachedType(col.type), true));
    schemaCache.set(key, schema = new Schema(fields));
  }
  return schema;
}

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

/**
 * Build a vector straight from typed buffers (same coercions as `coerce`):
 * several times faster than `vectorFromArray`'s builders on the wide, short
 * tables queries return. `undefined` for nested types (left to the builders).
 */
function directData(
  values: ColumnData,
  finkType: string,
  type: DataType,
  alloc: Slab,
): Data | undefined {
  const n = values.length;
  const valid = alloc.u8((n + 7) >> 3);
  let nulls = 0;
  const ok = (i: number) => (valid[i >> 3] |= 1 << (i & 7));
  const data = (extra: Record<string, unknown>): Data =>
    makeData({
      type,
      length: n,
      nullCount: nulls,
      nullBitmap: nulls ? valid : EMPTY,
      ...extra,
      // deno-lint-ignore no-explicit-any
    } as any) as Data;
  switch (finkType) {
    case "double":
    case "float":
    case "integer":
    case "short": {
      // Typed columns of the same width are used as they are (no copy).
      if (finkType === "double" && values instanceof Float64Array) {
        nulls = validityF64(values, valid);
        return data({ data: values });
      }
      if (finkType === "float" && values instanceof Float32Array) {
        nulls = validityF32(values, valid);
        return data({ data: values });
      }
      const out = finkType === "double"
        ? alloc.f64(n)
        : finkType === "float"
        ? alloc.f32(n)
        : alloc.i32(n);
      // NaN is a missing value: decoded columns hold NaN for absent cells, and Fink's
      // writer never stores NaN (the hbase-spark connector skips it as null).
      if (values instanceof Float64Array && out instanceof Int32Array) {
        nulls = f64ToI32(values, out, valid);
      } else {
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (typeof v === "number" && v === v) (out[i] = v, ok(i));
          else if (typeof v === "bigint") (out[i] = Number(v), ok(i));
          else nulls++;
        }
      }
      return data({ data: out });
    }
    case "long": {
      const out = alloc.i64(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v === "bigint") (out[i] = v, ok(i));
        else if (typeof v === "number" && Number.isInteger(v)) (out[i] = BigInt(v), ok(i));
        else nulls++;
      }
      return data({ data: out });
    }
    case "boolean": {
      const bits = alloc.u8((n + 7) >> 3);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const b = typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : null;
        if (b === null) nulls++;
        else {
          ok(i);
          if (b) bits[i >> 3] |= 1 << (i & 7);
        }
      }
      return data({ data: bits });
    }
    case "binary":
    case "fits/image":
    case "array2d":
    case "list<double>":
    case "list<float>":
    case "list<integer>":
      return undefined;
    default: {
      // UTF-8 in one buffer, encoded by one native call when the column is ASCII
      // (most of Fink's strings); byte offsets then equal character offsets.
      const strs: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const str = v === null || v === undefined ? null : typeof v === "string" ? v : String(v);
        strs[i] = str;
        if (str === null) nulls++;
        else ok(i);
      }
      const joined = strs.join(""); // nulls join as ""
      const offsets = alloc.i32(n + 1);
      const buf = alloc.u8(joined.length * 3);
      let pos = utf8.encodeInto(joined, buf).written;
      if (pos === joined.length) {
        pos = 0;
        for (let i = 0; i < n; i++) offsets[i + 1] = pos += strs[i]?.length ?? 0;
      } else {
        pos = 0;
        for (let i = 0; i < n; i++) {
          const str = strs[i];
          if (str) pos += utf8.encodeInto(str, buf.subarray(pos)).written;
          offsets[i + 1] = pos;
        }
      }
      alloc.trim(buf, pos);
      return data({ valueOffsets: offsets, data: buf.subarray(0, pos) });
    }
  }
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
