/**
 * Fink's `format_hbase_output`: from decoded rows to the table the REST API
 * answers — defaults for absent columns, the computed `v:` columns
 * (classification, first/last dates, lapse, constellation, colour and
 * rates), one row per object when asked, sorted by `i:jd` descending.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import { type Columns, NUMERIC_TYPES } from "./decode.ts";
import { type ColumnData, makeFinkTable, type TypedColumn } from "./arrow.ts";
import { finkClassification } from "./classification.ts";
import { jdToIso } from "../astro/time.ts";
import { constellation } from "../astro/constellation.ts";
import { addColourAndRates } from "./colour.ts";

/** Options of {@linkcode formatOutput}, named after Fink's. */
export interface FormatOptions {
  /** Only some columns were asked: no defaults, no derived columns. Default false. */
  truncated?: boolean;
  /** Keep one row per object: its latest alert. Default false. */
  groupAlerts?: boolean;
  /** Add `v:rate`, `v:g-r`, … (only when not truncated). Default true. */
  extractColor?: boolean;
  /** Add `v:constellation` (only when not truncated). Default true. */
  withConstellation?: boolean;
}

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

/** `d:blazar_stats_*` columns Fink fills with -1 when absent (old and new blazar modules). */
export const BLAZAR_STATS: readonly string[] = [
  "m0",
  "m1",
  "m2",
  "instantness_low",
  "robustness_low",
  "instantness_high",
  "robustness_high",
];

function fill(r: ResultColumns, name: string, value: unknown, type: string): void {
  if (r.columns.has(name)) return;
  r.set(
    name,
    NUMERIC_TYPES.has(type) && typeof value === "number"
      ? new Float64Array(r.length).fill(value)
      : new Array(r.length).fill(value),
    type,
  );
}

/** Indices sorted by `i:jd` descending (stable). */
export function byJdDescending(r: ResultColumns): number[] {
  const jd = r.num("i:jd");
  return [...Array(r.length).keys()].sort((a, b) => (jd[b] - jd[a]) || a - b);
}

/**
 * `v:classification` per row. Rows that come from an alert's history (no
 * Fink columns: history detections, upper limits, bad-quality points) take
 * the classification of the object's nearest later alert.
 */
export function classificationColumn(r: ResultColumns): string[] {
  const g = (n: string) => r.get(n) ?? [];
  const num = (n: string) => r.num(n);
  const cds = g("d:cdsxmatch"), tracklet = g("d:tracklet");
  const roid = num("d:roid"), mulens = num("d:mulens"), snn1 = num("d:snn_snia_vs_nonia");
  const snn2 = num("d:snn_sn_vs_all"), rf = num("d:rf_snia_vs_nonia"), nd = num("i:ndethist");
  const drb = num("i:drb"), ct = num("i:classtar"), jd = num("i:jd"), jds = num("i:jdstarthist");
  const kn = num("d:rf_kn_vs_nonkn");
  const origin = g("a:origin"), oid = g("i:objectId");
  const out: (string | null)[] = new Array(r.length).fill(null);
  for (let i = 0; i < r.length; i++) {
    // Alerts carry Fink's columns; history rows and upper limits do not.
    if (origin[i] === "history" || cds[i] === null || cds[i] === undefined) continue;
    out[i] = finkClassification({
      cdsxmatch: String(cds[i] ?? "Unknown"),
      roid: roid[i],
      mulens: mulens[i],
      snn_snia_vs_nonia: snn1[i],
      snn_sn_vs_all: snn2[i],
      rf_snia_vs_nonia: rf[i],
      ndethist: nd[i],
      drb: drb[i],
      classtar: ct[i],
      jd: jd[i],
      jdstarthist: jds[i],
      rf_kn_vs_nonkn: kn[i],
      tracklet: String(tracklet[i] ?? ""),
    });
  }
  // History rows: the classification of the object's next alert in time (else its last one).
  const alertsByObject = new Map<unknown, number[]>();
  for (let i = 0; i < r.length; i++) {
    if (out[i] === null) continue;
    const list = alertsByObject.get(oid[i]);
    if (list) list.push(i);
    else alertsByObject.set(oid[i], [i]);
  }
  for (let i = 0; i < r.length; i++) {
    if (out[i] !== null) continue;
    const list = alertsByObject.get(oid[i]);
    if (!list) {
      out[i] = "Unknown";
      continue;
    }
    let best = -1;
    for (const j of list) {
      if (jd[j] >= jd[i] && (best < 0 || jd[j] < jd[best])) best = j;
    }
    if (best < 0) best = list.reduce((a, b) => (jd[b] > jd[a] ? b : a));
    out[i] = out[best];
  }
  return out as string[];
}

/**
 * Format decoded rows as Fink's API does (`format_hbase_output`).
 *
 * @example
 * ```ts
 * import { openStore } from "./open.ts";
 * import { scanColumns } from "./decode.ts";
 * import { formatOutput, ResultColumns } from "./format.ts";
 * const store = await openStore();
 * const cols = await scanColumns(store, "ztf", { prefix: "ZTF21abfmbix" });
 * const table = formatOutput(ResultColumns.from(cols));
 * console.log(table.numRows, table.getChild("v:classification")?.get(0));
 * await store.close();
 * ```
 */
export function formatOutput(r: ResultColumns, options: FormatOptions = {}): Table {
  return formatColumns(r, options).toTable();
}

/** {@linkcode formatOutput} that keeps the working column set (for further steps). */
export function formatColumns(r: ResultColumns, options: FormatOptions = {}): ResultColumns {
  if (r.length === 0) return r;
  const truncated = options.truncated ?? false;
  r.drop((n) => n.startsWith("d:t2_") || n === "d:spicy_name" || n.startsWith("key:"));
  if (!truncated) {
    fill(r, "d:tracklet", "", "string");
    fill(r, "d:tns", "", "string");
    for (const b of BLAZAR_STATS) fill(r, `d:blazar_stats_${b}`, -1.0, "float");
    const jd = r.num("i:jd"), jds = r.num("i:jdstarthist");
    r.set("v:classification", classificationColumn(r), "string");
    if (options.extractColor ?? true) addColourAndRates(r);
    r.set("v:lastdate", [...jd].map((x) => (Number.isFinite(x) ? jdToIso(x) : null)), "string");
    r.set("v:firstdate", [...jds].map((x) => (Number.isFinite(x) ? jdToIso(x) : null)), "string");
    r.set("v:lapse", jd.map((x, i) => x - jds[i]), "double");
    if (options.withConstellation ?? true) {
      const ra = r.num("i:ra"), dec = r.num("i:dec");
      r.set(
        "v:constellation",
        [...ra].map((
          x,
          i,
        ) => (Number.isFinite(x) && Number.isFinite(dec[i]) ? constellation(x, dec[i]) : null)),
        "string",
      );
    }
  }
  if (options.groupAlerts) {
    const jd = r.num("i:jd"), oid = r.get("i:objectId") ?? [];
    const best = new Map<unknown, number>();
    for (let i = 0; i < r.length; i++) {
      const b = best.get(oid[i]);
      if (b === undefined || jd[i] > jd[b]) best.set(oid[i], i);
    }
    r.take([...best.values()]);
  }
  r.take(byJdDescending(r));
  return r;
}

/** Values of a decoded column as numbers (helper for callers). */
export function asNumbers(values: ColumnData | undefined): number[] {
  return Array.from(values ?? [], (v) => (v === null ? NaN : Number(v)));
}
