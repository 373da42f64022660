/**
 * The rows one alert writes into Fink's tables, exactly as fink-broker's
 * `archive_*` jobs build them: the main table, the index tables, cutouts,
 * history (upper limits, bad-quality points), and the nightly bookkeeping row
 * (see the README's "Table layout" section for the few places where finkit
 * departs from Fink on purpose).
 *
 * @module
 */

import type { AlertRecord, FieldValue } from "./alert.ts";
import {
  CANDIDATE_TYPES,
  CROSSMATCH_COLUMNS,
  FINK_COLUMNS,
  INDEX_I_COLUMNS,
  ROOT_TYPES,
  UPPER_COLUMNS,
  UPPERVALID_COLUMNS,
} from "../store/columns.ts";
import { finkClassification } from "../table/classification.ts";
import { ang2pix } from "../../astro/healpix.ts";
import { jdString, nightOf, NSIDE, RowBuilder, type SchemaTypes } from "../store/layout.ts";
import type { PutRow } from "../store/store.ts";

/** Fink's science-database quality cut on a detection. */
export function passesQualityCut(c: Record<string, FieldValue>): boolean {
  const rb = c.rb, nbad = c.nbad;
  return typeof rb === "number" && rb >= 0.55 && nbad !== null && Number(nbad) === 0;
}

/** Fink-added values of an alert with Fink's defaults for the missing ones. */
export function finkValues(alert: AlertRecord): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, col] of Object.entries(FINK_COLUMNS)) out[name] = col.default;
  for (const [name, v] of Object.entries(alert.fink)) if (v !== null) out[name] = v;
  return out;
}

/** The classification of an alert from its candidate and Fink values. */
export function classify(alert: AlertRecord, fink: Record<string, FieldValue>): string {
  const c = alert.candidate;
  const num = (v: FieldValue) => (v === null ? NaN : Number(v));
  return finkClassification({
    cdsxmatch: String(fink.cdsxmatch ?? "Unknown"),
    roid: num(fink.roid),
    mulens: num(fink.mulens),
    snn_snia_vs_nonia: num(fink.snn_snia_vs_nonia),
    snn_sn_vs_all: num(fink.snn_sn_vs_all),
    rf_snia_vs_nonia: num(fink.rf_snia_vs_nonia),
    ndethist: num(c.ndethist),
    drb: num(c.drb),
    classtar: num(c.classtar),
    jd: num(c.jd),
    jdstarthist: num(c.jdstarthist),
    rf_kn_vs_nonkn: num(fink.rf_kn_vs_nonkn),
    tracklet: String(fink.tracklet ?? ""),
  });
}

/** Column values of an alert as Fink's flattened DataFrame (`i:` and `d:`). */
export function alertColumns(
  alert: AlertRecord,
  fink: Record<string, FieldValue>,
): Map<string, FieldValue> {
  const cols = new Map<string, FieldValue>();
  for (const name of Object.keys(ROOT_TYPES)) {
    const v = name === "objectId"
      ? alert.objectId
      : name === "candid"
      ? alert.candid
      : alert.root[name];
    if (v !== undefined) cols.set(`i:${name}`, v);
  }
  for (const [name, v] of Object.entries(alert.candidate)) {
    if (name !== "candid") cols.set(`i:${name}`, v);
  }
  for (const [name, v] of Object.entries(fink)) cols.set(`d:${name}`, v);
  return cols;
}

function put(b: RowBuilder, cols: Map<string, FieldValue>, names: Iterable<string>): RowBuilder {
  for (const n of names) b.set(n, cols.get(n));
  return b;
}

/** Rows produced by one alert, by table. */
export type TableRows = Map<string, PutRow[]>;

/** Options of {@linkcode alertRows}. */
export interface LayoutOptions {
  /** Apply Fink's science-DB quality cut (`rb >= 0.55 && nbad == 0`). Default true. */
  qualityCut?: boolean;
  /** Where the alert came from (stored in `ztf.cutouts` as `d:hdfs_path`). */
  sourcePath?: string;
  /**
   * History rowkeys already produced in this run (shared between calls): a
   * history point repeated by the next alerts of the same object is built
   * once. Each entry is `<valid|bad|upper>|<rowkey>`.
   */
  seen?: Set<string>;
}

function builder(types: SchemaTypes, table: string, key: string): RowBuilder {
  let t = types.get(table);
  if (!t) types.set(table, t = new Map());
  return new RowBuilder(key, t);
}

function add(out: TableRows, table: string, row: PutRow): void {
  const list = out.get(table);
  if (list) list.push(row);
  else out.set(table, [row]);
}

/**
 * The rows one alert writes into Fink's tables: the main table, the index
 * tables, the cutouts, the history (upper limits, bad-quality points, and
 * history detections as main-table rows under `historyRows`), and the
 * nightly bookkeeping row. Returns `undefined` tables when the alert fails
 * the quality cut (only the bookkeeping row is written then).
 */
export function alertRows(
  alert: AlertRecord,
  types: SchemaTypes,
  options: LayoutOptions = {},
): { rows: TableRows; historyRows: PutRow[]; science: boolean; classification: string } {
  const rows: TableRows = new Map();
  const c = alert.candidate;
  const fink = finkValues(alert);
  const classification = classify(alert, fink);
  const science = !(options.qualityCut ?? true) || passesQualityCut(c);
  const oid = alert.objectId;
  const jd = jdString(c.jd);

  add(rows, "finkit.nightly", nightlyRow(alert, fink, classification, science, types));
  // The history is written from every alert read, as Fink's upper-limit jobs read the
  // raw alerts; its points are judged by their own quality.
  const historyRows = historyOf(alert, rows, types, options);
  if (!science) return { rows, historyRows, science, classification };

  const cols = alertColumns(alert, fink);
  // Main table: every i: and d: column, marked as a real alert.
  const main = builder(types, "ztf", `${oid}_${jd}`);
  options.seen?.add(`valid|${main.key}`); // its history duplicates need not be built
  for (const [k, v] of cols) main.set(k, v);
  main.set("a:origin", "alert", "string");
  add(rows, "ztf", main.row());

  // Index tables.
  const index = [
    ...INDEX_I_COLUMNS.map((n) => `i:${n}`),
    ...Object.keys(fink).map((n) => `d:${n}`),
  ];
  const pix = ang2pix(NSIDE, Number(c.ra), Number(c.dec));
  cols.set("d:classification", classification);
  add(
    rows,
    "ztf.pixel128",
    put(
      builder(types, "ztf.pixel128", `${pix}_${jdString(c.jdstarthist)}_${oid}`),
      cols,
      CROSSMATCH_COLUMNS,
    )
      .row(),
  );
  add(
    rows,
    "ztf.class",
    put(builder(types, "ztf.class", `${classification}_${jd}_${oid}`), cols, index).row(),
  );
  const tns = tnsType(fink);
  if (tns !== "") {
    add(rows, "ztf.tns", put(builder(types, "ztf.tns", `${tns}_${jd}_${oid}`), cols, index).row());
  }
  if (Number(fink.roid) === 3 && c.ssnamenr !== null && c.ssnamenr !== "null") {
    add(
      rows,
      "ztf.ssnamenr",
      put(builder(types, "ztf.ssnamenr", `${c.ssnamenr}_${jd}`), cols, index).row(),
    );
  }
  const tracklet = String(fink.tracklet ?? "");
  // Fink skips "" and "null"; pandas-written files also spell a missing tracklet "None".
  if (tracklet !== "" && tracklet !== "null" && tracklet !== "None") {
    add(
      rows,
      "ztf.tracklet",
      put(builder(types, "ztf.tracklet", `${tracklet}_${oid}`), cols, index).row(),
    );
  }

  // Blazar extreme states (fink-filters `low_state_filter` / `high_state_filter`):
  // instantness and robustness of the state both in [0, 1), full columns, `jd_objectId`.
  for (const state of ["low", "high"] as const) {
    if (
      inUnitInterval(fink[`blazar_stats_instantness_${state}`]) &&
      inUnitInterval(fink[`blazar_stats_robustness_${state}`])
    ) {
      const table = `ztf.${state}_state_blazars`;
      const all = [...cols.keys()].filter((k) => k !== "d:classification"); // as the main table
      add(rows, table, put(builder(types, table, `${jd}_${oid}`), cols, all).row());
    }
  }

  // Cutouts: Fink's columns plus the gzipped FITS stamps themselves (family b).
  const cut = builder(types, "ztf.cutouts", `${oid}_${jd}`)
    .set("i:objectId", oid)
    .set("i:candid", alert.candid)
    .set("i:jd", c.jd)
    .set("d:hdfs_path", options.sourcePath ?? "");
  for (const kind of ["Science", "Template", "Difference"] as const) {
    const stamp = alert.cutouts[kind];
    if (stamp) cut.set(`b:cutout${kind}_stampData`, stamp, "fits/image");
  }
  add(rows, "ztf.cutouts", cut.row());

  return { rows, historyRows, science, classification };
}

function inUnitInterval(v: FieldValue | undefined): boolean {
  return typeof v === "number" && v >= 0 && v < 1;
}

/** History points of an alert: upper limits, bad-quality detections, valid detections. */
function historyOf(
  alert: AlertRecord,
  rows: TableRows,
  types: SchemaTypes,
  options: LayoutOptions,
): PutRow[] {
  const oid = alert.objectId;
  const historyRows: PutRow[] = [];
  const seen = options.seen;
  for (const p of alert.prvCandidates) {
    const pjd = jdString(p.jd);
    const key = `${oid}_${pjd}`;
    const upper = p.magpsf === null || p.magpsf === undefined;
    const bad = !upper && (options.qualityCut ?? true) && !passesQualityCut(p);
    if (seen) {
      const id = `${upper ? "upper" : bad ? "bad" : "valid"}|${key}`;
      if (seen.has(id)) continue;
      seen.add(id);
    }
    if (upper) {
      const b = builder(types, "ztf.upper", key).set("i:objectId", oid);
      for (const n of UPPER_COLUMNS.slice(1)) b.set(`i:${n}`, p[n], CANDIDATE_TYPES[n]);
      add(rows, "ztf.upper", b.row());
    } else if (bad) {
      if (p.rb === null || p.rb === undefined) continue; // Fink's condition is null, row dropped
      const b = builder(types, "ztf.uppervalid", key).set("i:objectId", oid);
      for (const n of UPPERVALID_COLUMNS.slice(1)) b.set(`i:${n}`, p[n], CANDIDATE_TYPES[n]);
      add(rows, "ztf.uppervalid", b.row());
    } else {
      const b = builder(types, "ztf", key).set("i:objectId", oid, "string");
      for (const [n, v] of Object.entries(p)) {
        if (n === "candid") b.set("i:candid", v, "long");
        else b.set(`i:${n}`, v, CANDIDATE_TYPES[n]);
      }
      b.set("a:origin", "history", "string");
      historyRows.push(b.row());
    }
  }
  return historyRows;
}

/**
 * The TNS type of an alert: `d:tns`, or, in recent Fink files where `tns` is
 * empty and the label moved to `tnsclass` (`"(TNS) SLSN-II"`), that label.
 */
export function tnsType(fink: Record<string, FieldValue>): string {
  const tns = String(fink.tns ?? "");
  if (tns !== "") return tns;
  const cls = String(fink.tnsclass ?? "");
  return cls.startsWith("(TNS) ") ? cls.slice(6) : "";
}

function nightlyRow(
  alert: AlertRecord,
  fink: Record<string, FieldValue>,
  classification: string,
  science: boolean,
  types: SchemaTypes,
): PutRow {
  const c = alert.candidate;
  return builder(types, "finkit.nightly", `${nightOf(Number(c.jd))}_${alert.candid}`)
    .set("n:objectId", alert.objectId, "string")
    .set("n:jd", c.jd, "double")
    .set("n:fid", c.fid, "integer")
    .set("n:field", c.field, "integer")
    .set("n:science", science, "boolean")
    .set("n:classification", classification, "string")
    .set("n:cdsxmatch", fink.cdsxmatch, "string")
    .set("n:anomaly_score", alert.fink.anomaly_score ?? null, "double")
    .set("n:slsn_score", alert.fink.slsn_score ?? null, "float")
    .row();
}
