/**
 * Fink's `format_hbase_output`: from decoded rows to the table the REST API
 * answers — defaults for absent columns, the computed `v:` columns
 * (classification, first/last dates, lapse, constellation, colour and
 * rates), one row per object when asked, sorted by `i:jd` descending.
 *
 * @module
 */
import { asFinkReads } from "./float32.ts";
import type { Table } from "apache-arrow";
import { NUMERIC_TYPES } from "./decode.ts";
import type { ColumnData } from "./arrow.ts";
import { finkClassification } from "./classification.ts";
import { jdToIso } from "../../astro/time.ts";
import { constellation } from "../../astro/constellation.ts";
import { addColourAndRates } from "./colour.ts";
import type { ResultColumns } from "./result.ts";
export { finkColumnOrder, ResultColumns } from "./result.ts";

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
 * Fink columns: finkit's history detections) take the classification of the
 * object's nearest later alert.
 */
export function classificationColumn(r: ResultColumns): string[] {
  const g = (n: string) => r.get(n) ?? [];
  // As Fink's API computes it, from the HBase cells' decimal text (`classtar` 0.4 is not > 0.4).
  const num = (n: string) => asFinkReads(r, n);
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
 * import { openStore } from "../open.ts";
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

/** Columns Fink's API drops from its answers (`d:t2_*`, `d:spicy_name`, `key:*`). */
export const DROPPED = (name: string): boolean =>
  name.startsWith("d:t2_") || name === "d:spicy_name" || name.startsWith("key:");

/** {@linkcode formatOutput} that keeps the working column set (for further steps). */
export function formatColumns(r: ResultColumns, options: FormatOptions = {}): ResultColumns {
  if (r.length === 0) return r;
  const truncated = options.truncated ?? false;
  r.drop(DROPPED);
  // As Fink, "for easier json decoding": a row without light-curve features (finkit's history
  // rows; in Fink an alert older than the module, its cell cast to "nan") says `[]`.
  for (const name of ["d:lc_features_g", "d:lc_features_r"]) {
    const v = r.get(name);
    if (v?.some((x) => x === null || x === "nan")) {
      r.set(name, Array.from(v, (x) => (x === null || x === "nan" ? "[]" : x)), "string");
    }
  }
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
  // As Fink: one row per object only when both columns are there, sorted only by a time there.
  const hasJd = r.get("i:jd") !== undefined, oid = r.get("i:objectId");
  if (options.groupAlerts && hasJd && oid !== undefined) {
    const jd = r.num("i:jd");
    const best = new Map<unknown, number>();
    for (let i = 0; i < r.length; i++) {
      const b = best.get(oid[i]);
      if (b === undefined || jd[i] > jd[b]) best.set(oid[i], i);
    }
    r.take([...best.values()]);
  }
  if (hasJd) r.take(byJdDescending(r));
  return r;
}

/** Values of a decoded column as numbers (helper for callers). */
export function asNumbers(values: ColumnData | undefined): number[] {
  return Array.from(values ?? [], (v) => (v === null ? NaN : Number(v)));
}
