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
  FINK_COLUMNS,
  UPPER_COLUMNS,
  UPPERVALID_COLUMNS,
} from "../store/columns.ts";
import { finkClassification } from "../table/classification.ts";
import { ang2pix } from "../../astro/healpix.ts";
import { jdString, nightOf, NSIDE } from "../store/layout.ts";
import { type CellBatch, columnId } from "./cell_batch.ts";
import { CLASSIFICATION, finkValue, rowPlan, Source, storedFinkValue } from "./row_plan.ts";
import { uniformEntryKeys } from "./normalise.ts";
import { KeyedFunctions } from "./literal.ts";
import { BAD, type HistoryRecord, UPPER, VALID } from "./seen.ts";

/** Fink's science-database quality cut on a detection. */
export function passesQualityCut(c: Record<string, FieldValue>): boolean {
  const rb = c.rb, nbad = c.nbad;
  return typeof rb === "number" && rb >= 0.55 && nbad !== null && Number(nbad) === 0;
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

/** The tag of history detections in a {@linkcode CellBatch} (main-table rows written if absent). */
export const HISTORY = "ztf (history)";

/** Options of {@linkcode alertRows}. */
export interface LayoutOptions {
  /** Apply Fink's science-DB quality cut (`rb >= 0.55 && nbad == 0`). Default true. */
  qualityCut?: boolean;
  /** Where the alert came from (stored in `ztf.cutouts` as `d:hdfs_path`). */
  sourcePath?: string;
  /**
   * History points already produced (shared between calls): a history point
   * repeated by the next alerts of the same object is built once.
   */
  seen?: HistoryRecord;
}

// Interned column names: one string per column, not one per cell.
const columnNames = new Map<string, string>();
function col(family: string, name: string): string {
  const k = family === "i" ? name : `${family}\u0000${name}`;
  let c = columnNames.get(k);
  if (c === undefined) columnNames.set(k, c = `${family}:${name}`);
  return c;
}

/** Cell index of each column of the alert's main row (see `RowPlan.columns`). */
let cells = new Int32Array(512);

/** The Fink values that classification, index keys and filters read. */
const SUBSET = [
  "cdsxmatch",
  "roid",
  "mulens",
  "snn_snia_vs_nonia",
  "snn_sn_vs_all",
  "rf_snia_vs_nonia",
  "rf_kn_vs_nonkn",
  "tracklet",
  "tns",
  "tnsclass",
  "blazar_stats_instantness_low",
  "blazar_stats_robustness_low",
  "blazar_stats_instantness_high",
  "blazar_stats_robustness_high",
];

/** Fink-added values of the {@linkcode SUBSET} names, Fink's defaults for the missing ones. */
function finkSubset(f: Record<string, FieldValue>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const n of SUBSET) {
    const v = finkValue(f, n, FINK_COLUMNS[n]?.default);
    if (v !== undefined || Object.hasOwn(f, n)) out[n] = v as FieldValue;
  }
  return out;
}

/**
 * Add to `batch` the rows one alert writes into Fink's tables: the main
 * table, the index tables, the cutouts, the history (upper limits,
 * bad-quality points, and history detections, tagged {@linkcode HISTORY}),
 * and the nightly bookkeeping row. An alert failing the quality cut writes
 * only its history and bookkeeping rows.
 */
export function alertRows(
  alert: AlertRecord,
  batch: CellBatch,
  options: LayoutOptions = {},
): { science: boolean; classification: string } {
  const c = alert.candidate;
  const plan = rowPlan(alert);
  const fink = finkSubset(alert.fink);
  const classification = classify(alert, fink);
  const science = !(options.qualityCut ?? true) || passesQualityCut(c);
  const oid = alert.objectId;
  const jd = jdString(c.jd);

  nightlyRow(alert, fink, classification, science, batch);
  // The history is written from every alert read, as Fink's upper-limit jobs read the
  // raw alerts; its points are judged by their own quality.
  historyOf(alert, batch, options);
  if (!science) return { science, classification };

  // Main table: every i: and d: column (Fink's flattened DataFrame), marked as a real alert.
  const mainKey = `${oid}_${jd}`;
  batch.begin("ztf", mainKey);
  options.seen?.add(oid, c.jd, VALID); // its history duplicates need not be built
  const tns = tnsType(fink);
  const { columns, ids, types, sources, fields, defaults } = plan;
  const n = columns.length;
  if (cells.length < n) cells = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const f = fields[i];
    const v = sources[i] === Source.Candidate
      ? c[f]
      : sources[i] === Source.Fink
      ? storedFinkValue(alert.fink, f, defaults[i])
      : sources[i] === Source.Tns
      ? tns || storedFinkValue(alert.fink, f, defaults[i])
      : f === "objectId"
      ? oid
      : f === "candid"
      ? alert.candid
      : alert.root[f];
    cells[i] = batch.setById(ids[i], v, types[i], true);
  }
  batch.setById(ORIGIN, "alert", "string");

  // Index tables.
  const pix = ang2pix(NSIDE, Number(c.ra), Number(c.dec));
  batch.begin("ztf.pixel128", `${pix}_${jdString(c.jdstarthist)}_${oid}`);
  let classCell = -1;
  for (const i of plan.pixel) {
    if (i === CLASSIFICATION) classCell = batch.set("d:classification", classification);
    else batch.copy(cells[i]);
  }
  // `d:classification` is in the index rows when Fink's values hold a `classification`.
  const cf = plan.finkClassification >= 0 ? fields[plan.finkClassification] : "";
  const withClass = cf !== "" && (cf in FINK_COLUMNS ||
    (Object.hasOwn(alert.fink, cf) && alert.fink[cf] !== null));
  const index = (table: string, key: string) => {
    batch.begin(table, key);
    for (const i of plan.index) {
      if (i !== CLASSIFICATION) batch.copy(cells[i]);
      else if (withClass) batch.copy(classCell);
    }
  };
  index("ztf.class", `${classification}_${jd}_${oid}`);
  if (tns !== "") index("ztf.tns", `${tns}_${jd}_${oid}`);
  if (Number(fink.roid) === 3 && c.ssnamenr !== null && c.ssnamenr !== "null") {
    index("ztf.ssnamenr", `${c.ssnamenr}_${jd}`);
  }
  const tracklet = String(fink.tracklet ?? "");
  // Fink skips "" and "null"; pandas-written files also spell a missing tracklet "None".
  if (tracklet !== "" && tracklet !== "null" && tracklet !== "None") {
    index("ztf.tracklet", `${tracklet}_${oid}`);
  }

  // Blazar extreme states (fink-filters `low_state_filter` / `high_state_filter`):
  // instantness and robustness of the state both in [0, 1), full columns, `jd_objectId`.
  for (const state of ["low", "high"] as const) {
    if (
      inUnitInterval(fink[`blazar_stats_instantness_${state}`]) &&
      inUnitInterval(fink[`blazar_stats_robustness_${state}`])
    ) {
      batch.begin(`ztf.${state}_state_blazars`, `${jd}_${oid}`);
      for (const i of plan.blazar) batch.copy(cells[i]); // as the main table
    }
  }

  // Cutouts: Fink's columns plus the gzipped FITS stamps themselves (family b).
  batch.begin("ztf.cutouts", `${oid}_${jd}`);
  batch.set("i:objectId", oid);
  batch.set("i:candid", alert.candid);
  batch.set("i:jd", c.jd);
  batch.set("d:hdfs_path", options.sourcePath ?? "");
  for (const kind of ["Science", "Template", "Difference"] as const) {
    const stamp = alert.cutouts[kind];
    if (stamp) batch.set(`b:cutout${kind}_stampData`, stamp, "fits/image");
  }
  batch.end();
  return { science, classification };
}

function inUnitInterval(v: FieldValue | undefined): boolean {
  return typeof v === "number" && v >= 0 && v < 1;
}

/** The values given to a history record that does not compare them. */
const NONE: FieldValue[] = [];

/** History points of an alert: upper limits, bad-quality detections, valid detections. */
function historyOf(alert: AlertRecord, batch: CellBatch, options: LayoutOptions): void {
  const oid = alert.objectId;
  const seen = options.seen;
  const values = seen?.comparesValues ?? false;
  const prv = alert.prvCandidates;
  const keys = uniformEntryKeys(prv);
  const detection = keys ? detectionWriter(keys) : undefined;
  // Rowkeys are made only for the rows built: a point repeated by an object's alerts is not.
  const key = (p: Record<string, FieldValue>) => `${oid}_${jdString(p.jd)}`;
  // Every row repeats the object's id (and every detection its origin): encoded once, then copied.
  let oidCell = -1, originCell = -1;
  const objectId = () =>
    oidCell < 0 ? (oidCell = batch.setById(OBJECT_ID, oid, "string")) : batch.copy(oidCell);
  for (const p of prv) {
    const upper = p.magpsf === null || p.magpsf === undefined;
    const bad = !upper && (options.qualityCut ?? true) && !passesQualityCut(p);
    if (upper) {
      if (seen && !seen.add(oid, p.jd, UPPER, values ? UPPER_ONLY.map((n) => p[n]) : NONE)) {
        continue;
      }
      batch.begin("ztf.upper", key(p));
      objectId();
      for (let i = 0; i < UPPER_ONLY.length; i++) {
        batch.setById(UPPER_ONLY_IDS[i], p[UPPER_ONLY[i]], UPPER_ONLY_TYPES[i]);
      }
    } else if (bad) {
      // Fink's condition is null without rb: no row, but the point is seen in this file.
      const dropped = p.rb === null || p.rb === undefined;
      const row = dropped ? undefined : values ? UPPERVALID_ONLY.map((n) => p[n]) : NONE;
      if (seen && !seen.add(oid, p.jd, BAD, row)) continue;
      if (dropped) continue;
      batch.begin("ztf.uppervalid", key(p));
      objectId();
      for (const n of UPPERVALID_ONLY) batch.set(col("i", n), p[n], CANDIDATE_TYPES[n]);
    } else {
      if (seen && !seen.add(oid, p.jd, VALID)) continue;
      batch.begin("ztf", key(p), HISTORY);
      objectId();
      if (detection) detection(p, batch);
      else {
        for (const n in p) {
          if (n === "candid") batch.set("i:candid", p[n], "long");
          else batch.set(col("i", n), p[n], CANDIDATE_TYPES[n]);
        }
      }
      if (originCell < 0) originCell = batch.setById(ORIGIN, "history", "string");
      else batch.copy(originCell);
    }
  }
  batch.end();
}

/** Sets the `i:` cells of a history detection, as the loop over its fields in `historyOf`. */
type DetectionWriter = (p: Record<string, FieldValue>, batch: CellBatch) => void;

const detectionWriters = new KeyedFunctions<DetectionWriter>();
let lastKeys: readonly string[] = [];
let lastWriter: DetectionWriter | undefined;

/**
 * The cells of a history detection with fields `keys` (in order), compiled
 * once per shape: named reads and constant column names and types, instead
 * of a loop over the fields looking each one up.
 */
function detectionWriter(keys: readonly string[]): DetectionWriter {
  if (keys === lastKeys && lastWriter) return lastWriter;
  lastKeys = keys;
  return lastWriter = detectionWriters.get(keys, () => {
    // A field of no known type is typed by its value, as `CellBatch.set` does.
    const types = keys.map((n) => n === "candid" ? "long" : CANDIDATE_TYPES[n]);
    const lines = keys.map((n, i) => {
      const id = columnId(n === "candid" ? "i:candid" : col("i", n));
      return `b.setById(${id}, p[${JSON.stringify(n)}], T[${i}]);`;
    });
    const make = new Function("T", `return (p, b) => {\n${lines.join("\n")}\n};`);
    return make(types) as DetectionWriter;
  });
}

const UPPER_ONLY = UPPER_COLUMNS.slice(1);
const UPPER_ONLY_COLUMNS = UPPER_ONLY.map((n) => col("i", n));
const UPPER_ONLY_IDS = UPPER_ONLY_COLUMNS.map(columnId);
const UPPER_ONLY_TYPES = UPPER_ONLY.map((n) => CANDIDATE_TYPES[n] as string | undefined);
const OBJECT_ID = columnId("i:objectId");
const ORIGIN = columnId("a:origin");
const UPPERVALID_ONLY = UPPERVALID_COLUMNS.slice(1);

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
  batch: CellBatch,
): void {
  const c = alert.candidate;
  batch.begin("finkit.nightly", `${nightOf(Number(c.jd))}_${alert.candid}`);
  batch.set("n:objectId", alert.objectId, "string");
  batch.set("n:jd", c.jd, "double");
  batch.set("n:fid", c.fid, "integer");
  batch.set("n:field", c.field, "integer");
  batch.set("n:science", science, "boolean");
  batch.set("n:classification", classification, "string");
  batch.set("n:cdsxmatch", fink.cdsxmatch, "string");
  batch.set("n:anomaly_score", alert.fink.anomaly_score ?? null, "double");
  batch.set("n:slsn_score", alert.fink.slsn_score ?? null, "float");
  batch.end();
}
