/**
 * Fink's HBase table layout for ZTF: table names and column families, the
 * schema row, rowkey pieces (Java's `Double.toString` of a JD, the night),
 * and the row builder that encodes typed cells. What each alert writes into
 * these tables is built by `ingest/rows.ts`.
 *
 * @module
 */

import { encodeCell, encodeString } from "./codec.ts";
import { columnType } from "./columns.ts";
import { javaDoubleToString } from "../../astro/time.ts";
import type { PutRow } from "./store.ts";

/** Fink's ZTF tables that finkit fills, with their column families. */
export const TABLES: Readonly<Record<string, readonly string[]>> = {
  "ztf": ["i", "d", "a"],
  "ztf.pixel128": ["i", "d", "a"],
  "ztf.class": ["i", "d", "a"],
  "ztf.tns": ["i", "d", "a"],
  "ztf.ssnamenr": ["i", "d", "a"],
  "ztf.tracklet": ["i", "d", "a"],
  "ztf.upper": ["i", "d", "a"],
  "ztf.uppervalid": ["i", "d", "a"],
  "ztf.cutouts": ["i", "d", "b", "a"],
  "ztf.anomaly": ["i", "d", "a"],
  "ztf.slsn": ["i", "d", "a"],
  "ztf.low_state_blazars": ["i", "d", "a"],
  "ztf.high_state_blazars": ["i", "d", "a"],
  "statistics_class": ["basic", "class"],
  "ztf.sso_resolver": ["i", "a"],
  "ztf.orb_cand": ["d", "a"],
  "ztf.sso_cand": ["d", "a"],
  // finkit's own bookkeeping (not a Fink table): one row per alert read, by night.
  "finkit.nightly": ["n"],
};

/**
 * The cell of a `statistics_class` row that `statistics` answers as Fink's
 * `key:time` (HBase's cell time there): finkit stores the millisecond since
 * 1970 of the night's last alert, so that stores stay reproducible. Listed
 * nowhere else.
 */
export const STATISTICS_TIME = "basic:_time";

/** Rowkey of the schema row finkit writes in every table (Fink: `schema_<broker>_<science>`). */
export const SCHEMA_ROWKEY = "schema_finkit_ztf";

/** HEALPix resolution of the cone-search index table (`ztf.pixel128`). */
export const NSIDE = 128;

/**
 * Recent JDs and their text, by slot (the JD's second, modulo the size). ZTF's
 * alerts of one exposure share its JD, and an object's history repeats the
 * exposures of its field: in a night's files most JDs in rowkeys were printed
 * before, and printing one is the costly part (~0.2 µs).
 */
const JD_SLOTS = 16384;
const slotJd = new Float64Array(JD_SLOTS).fill(NaN);
const slotText: string[] = new Array(JD_SLOTS).fill("");

/** Java `Double.toString` of a JD, as Spark prints it inside rowkeys. */
export function jdString(jd: unknown): string {
  const x = Number(jd);
  const slot = (x * 86400) & (JD_SLOTS - 1); // ToInt32 keeps the low bits of the second
  if (slotJd[slot] === x && x !== 0) return slotText[slot]; // 0 and -0 print apart
  const text = javaDoubleToString(x);
  slotJd[slot] = x;
  slotText[slot] = text;
  return text;
}

/**
 * Accumulates typed cells for one row and the column types seen, so that the
 * schema row of each table lists every column written.
 */
export class RowBuilder {
  readonly cells: Record<string, Uint8Array> = {};
  constructor(readonly key: string, private types: Map<string, string>) {}

  /** Add a cell (nulls are skipped, as the hbase-spark connector does). */
  set(column: string, value: unknown, type?: string): this {
    if (value === null || value === undefined) return this;
    if (typeof value === "number" && Number.isNaN(value)) return this;
    const t = type ?? columnType(column, value);
    this.cells[column] = encodeCell(t, value);
    if (!this.types.has(column)) this.types.set(column, t);
    return this;
  }

  /** The row to put. */
  row(): PutRow {
    return { key: this.key, cells: this.cells };
  }
}

/** Build the schema row of a table from the column types it holds. */
export function schemaRow(types: Map<string, string>): PutRow {
  const cells: Record<string, Uint8Array> = {};
  for (const [c, t] of types) cells[c] = encodeString(t);
  return { key: SCHEMA_ROWKEY, cells };
}

/** Per-table column types seen, for the schema rows. */
export type SchemaTypes = Map<string, Map<string, string>>;

/** The UTC day (since 1970) and night of the last {@linkcode nightOf} call. */
let lastDay = NaN, lastNight = "";

/**
 * UTC night `YYYYMMDD` of a JD (ZTF nights at Palomar fall within one UTC
 * date). The last day's answer is kept: ingest asks for every alert, and
 * the alerts of a file come night by night (a `Date` and its ISO string
 * cost microseconds).
 */
export function nightOf(jd: number): string {
  const ms = Math.trunc((jd - 2440587.5) * 86400000); // as `new Date` truncates
  const day = Math.floor(ms / 86400000);
  if (day === lastDay) return lastNight;
  const night = new Date(ms).toISOString().slice(0, 10).replaceAll("-", "");
  lastDay = day;
  return lastNight = night;
}
