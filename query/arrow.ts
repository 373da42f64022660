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
  const alloc = new Slab();
  const fields: Field[] = [];
  const children: Data[] = [];
  const vectors: Record<string, Vector> = {};
  let length = -1;
  for (const [name, col] of columns) {
    const type: DataType = arrowType(col.type);
    const vector = directVector(col.values, col.type, type, alloc) ??
      vectorFromArray(coerce(col.values as (CellValue | null)[], col.type), type) as Vector;
    vectors[name] = vector;
    if (length < 0) length = vector.length;
    else if (vector.length !== length) {
      throw new RangeError(`column ${name} has ${vector.length} values, expected ${length}`);
    }
    fields.push(new Field(name, vector.type, true));
    children.push(vector.data[0] ?? makeData({ type: vector.type, length: 0 }));
  }
  if (Object.values(vectors).some((v) => v.data.length !== 1)) return new Table(vectors);
  // One record batch straight from its children (cheaper than Table's column distribution).
  const schema = new Schema(fields);
  const data = makeData({ type: new Struct(fields), length: Math.max(length, 0), children });
  return new Table([new RecordBatch(schema, data)]);
}

const utf8 = new TextEncoder();

/**
 * Build a vector straight from typed buffers (same coercions as `coerce`):
 * several times faster than `vectorFromArray`'s builders on the wide, short
 * tables queries return. `undefined` for nested types (left to the builders).
 */
function directVector(
  values: unknown[],
  finkType: string,
  type: DataType,
  alloc: Slab,
): Vector | undefined {
  const n = values.length;
  const valid = alloc.u8((n + 7) >> 3);
  let nulls = 0;
  const ok = (i: number) => (valid[i >> 3] |= 1 << (i & 7));
  const data = <T>(extra: Record<string, unknown>): Vector =>
    makeVector(
      makeData({
        type,
        length: n,
        nullCount: nulls,
        nullBitmap: nulls ? valid : new Uint8Array(0),
        ...extra,
        // deno-lint-ignore no-explicit-any
      } as any),
    ) as Vector<T & DataType>;
  switch (finkType) {
    case "double":
    case "float":
    case "integer":
    case "short": {
      const out = finkType === "double"
        ? alloc.f64(n)
        : finkType === "float"
        ? alloc.f32(n)
        : alloc.i32(n);
      // NaN is a missing value: decoded columns hold NaN for absent cells, and Fink's
      // writer never stores NaN (the hbase-spark connector skips it as null).
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (typeof v === "number" && v === v) (out[i] = v, ok(i));
        else if (typeof v === "bigint") (out[i] = Number(v), ok(i));
        else nulls++;
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
      return undefined;
    default: {
      // UTF-8 in one buffer; ASCII (most of Fink's strings) is copied in JS.
      const strs: (string | null)[] = new Array(n);
      let cap = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const str = v === null || v === undefined ? null : typeof v === "string" ? v : String(v);
        strs[i] = str;
        if (str === null) nulls++;
        else (ok(i), cap += str.length * 3);
      }
      const offsets = alloc.i32(n + 1);
      const buf = alloc.u8(cap);
      let pos = 0;
      for (let i = 0; i < n; i++) {
        const str = strs[i];
        if (str !== null) {
          for (let j = 0; j < str.length; j++) {
            const c = str.charCodeAt(j);
            if (c > 127) {
              pos += utf8.encodeInto(str.slice(j), buf.subarray(pos)).written;
              break;
            }
            buf[pos++] = c;
          }
        }
        offsets[i + 1] = pos;
      }
      return data({ valueOffsets: offsets, data: buf.subarray(0, pos) });
    }
  }
}

/**
 * Buffers of one table carved out of shared 8-byte-aligned chunks: one
 * ArrayBuffer per ~256 kB instead of three per column (allocating an
 * ArrayBuffer costs microseconds in Deno, and a result has ~170 columns).
 */
class Slab {
  #buf = new ArrayBuffer(0);
  #off = 0;

  #take(bytes: number): [ArrayBuffer, number] {
    const size = (bytes + 7) & ~7;
    if (this.#off + size > this.#buf.byteLength) {
      this.#buf = new ArrayBuffer(Math.max(size, 1 << 18));
      this.#off = 0;
    }
    const at = this.#off;
    this.#off += size;
    return [this.#buf, at];
  }

  u8(n: number): Uint8Array {
    const [b, o] = this.#take(n);
    return new Uint8Array(b, o, n);
  }
  i32(n: number): Int32Array {
    const [b, o] = this.#take(4 * n);
    return new Int32Array(b, o, n);
  }
  f32(n: number): Float32Array {
    const [b, o] = this.#take(4 * n);
    return new Float32Array(b, o, n);
  }
  f64(n: number): Float64Array {
    const [b, o] = this.#take(8 * n);
    return new Float64Array(b, o, n);
  }
  i64(n: number): BigInt64Array {
    const [b, o] = this.#take(8 * n);
    return new BigInt64Array(b, o, n);
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
