/**
 * The working form of a query result: named typed columns in Fink's column
 * order (families `i`, `d`, `b`, `v`, `a`), row selection and reordering, and
 * the conversion to an Arrow table.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import { type Columns, NUMERIC_TYPES } from "./decode.ts";
import { type ColumnData, makeFinkTable, type TypedColumn } from "./arrow.ts";

const FAMILY_ORDER: Record<string, number> = { i: 0, d: 1, b: 2, v: 3, a: 4 };

/** Column order of Fink's outputs: `i:`, `d:`, `b:`, `v:`, then others; by name inside a family. */
export function finkColumnOrder(names: Iterable<string>): string[] {
  const fam = (n: string) => FAMILY_ORDER[n.slice(0, n.indexOf(":"))] ?? 9;
  return [...names].sort((a, b) =>
    fam(a) - fam(b) || (fam(a) === 3 ? 0 : a < b ? -1 : a > b ? 1 : 0)
  );
}

/** A mutable typed column set, the working form of a result. */
export class ResultColumns {
  /** Columns by name. */
  readonly columns: Map<string, TypedColumn> = new Map();
  /** Build an empty set of `length` rows. */
  constructor(public length: number) {}

  /** From decoded store columns. */
  static from(cols: Columns): ResultColumns {
    const r = new ResultColumns(cols.length);
    for (const [name, values] of cols.values) {
      r.columns.set(name, { values, type: cols.types.get(name) ?? "string" });
    }
    return r;
  }

  /**
   * Values of a column, or undefined: numeric columns from the store are
   * typed arrays (`NaN` for missing), the others arrays (`null` for missing).
   */
  get(name: string): ColumnData | undefined {
    return this.columns.get(name)?.values;
  }

  /** Values of a column as an array (a copy of a typed column), or undefined. */
  list(name: string): unknown[] | undefined {
    const v = this.get(name);
    return v === undefined || Array.isArray(v) ? v : Array.from(v);
  }

  /** Numeric values of a column, a fresh array (`NaN` for null/missing). */
  num(name: string): Float64Array {
    const v = this.get(name);
    if (v && !Array.isArray(v)) return Float64Array.from(v as Float64Array);
    const out = new Float64Array(this.length).fill(NaN);
    if (v) { for (let i = 0; i < this.length; i++) if (v[i] !== null) out[i] = Number(v[i]); }
    return out;
  }

  /** Set a column. */
  set(name: string, values: ColumnData, type: string): void {
    this.columns.set(name, { values, type });
  }

  /** Drop columns matching a predicate. */
  drop(pred: (name: string) => boolean): void {
    for (const n of [...this.columns.keys()]) if (pred(n)) this.columns.delete(n);
  }

  /** Keep the rows at the given indices, in that order. */
  take(indices: number[]): void {
    const n = indices.length;
    // Typed columns share one new buffer (an ArrayBuffer per column costs microseconds).
    let bytes = 0;
    for (const { values: v } of this.columns.values()) {
      if (!Array.isArray(v)) bytes += v.BYTES_PER_ELEMENT * n;
    }
    const buffer = new ArrayBuffer(bytes);
    let offset = 0;
    for (const col of this.columns.values()) { // 8-byte columns first (alignment)
      const v = col.values;
      if (Array.isArray(v)) col.values = gather(v, indices);
      else if (v instanceof Float64Array) {
        col.values = gatherF64(v, indices, new Float64Array(buffer, offset, n));
        offset += 8 * n;
      }
    }
    for (const col of this.columns.values()) {
      const v = col.values;
      if (v instanceof Float32Array) {
        col.values = gatherF32(v, indices, new Float32Array(buffer, offset, n));
        offset += 4 * n;
      }
    }
    this.length = n;
  }

  /** Append another set's rows (union of columns). */
  concat(other: ResultColumns): void {
    const missing = (type: string, n: number): ColumnData =>
      NUMERIC_TYPES.has(type) ? new Float64Array(n).fill(NaN) : new Array(n).fill(null);
    for (const [name, col] of other.columns) {
      if (!this.columns.has(name)) {
        this.columns.set(name, { values: missing(col.type, this.length), type: col.type });
      }
    }
    for (const [name, col] of this.columns) {
      const add = other.columns.get(name)?.values ?? missing(col.type, other.length);
      const a = col.values;
      if (!Array.isArray(a) && !Array.isArray(add)) {
        const out = new Float64Array(a.length + add.length);
        out.set(a);
        out.set(add, a.length);
        col.values = col.type === "float" ? Float32Array.from(out) : out;
      } else col.values = Array.from(a as ArrayLike<unknown>).concat(Array.from(add));
    }
    this.length += other.length;
  }

  /** The Arrow table, columns in Fink's order (or `order`). */
  toTable(order?: string[]): Table {
    const out = new Map<string, TypedColumn>();
    for (const n of order ?? finkColumnOrder(this.columns.keys())) {
      const c = this.columns.get(n);
      if (c) out.set(n, c);
    }
    return makeFinkTable(out);
  }
}

// Gathers, one per array type so each loop stays monomorphic.
function gather(v: unknown[], indices: number[]): unknown[] {
  const out = new Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = v[indices[k]];
  return out;
}

function gatherF64(v: Float64Array, indices: number[], out: Float64Array): Float64Array {
  for (let k = 0; k < indices.length; k++) out[k] = v[indices[k]];
  return out;
}

function gatherF32(v: Float32Array, indices: number[], out: Float32Array): Float32Array {
  for (let k = 0; k < indices.length; k++) out[k] = v[indices[k]];
  return out;
}
