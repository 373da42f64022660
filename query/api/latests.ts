/**
 * `latests` and `classes`: the most recent alerts of a class in a date
 * window, as Fink's `/api/v1/latests`, and the list of classes
 * (`/api/v1/classes`).
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { emptyColumns, scanColumns } from "../table/decode.ts";
import { formatColumns, ResultColumns } from "../table/format.ts";
import { type ClassLists, readClassLists } from "../ingest/auxiliary.ts";
import { SAMPLE_DIR } from "../ingest/sample.ts";
import {
  countParam,
  dateParam,
  FINK_START_JD,
  jdRange,
  nowJulian,
  parseColumns,
} from "./common.ts";

/** Trends Fink's `latests` accepts. */
export const TRENDS = ["rising", "fading", "low_state", "new_low_state"] as const;

/** A trend filter. */
export type Trend = typeof TRENDS[number];

/** Parameters of {@linkcode latests}. */
export interface LatestsParams {
  /** A class: a Fink class, `(SIMBAD) X` (or the bare SIMBAD label), `(TNS) X`, `SLSN candidate`, `(CTA) Blazar low state`… */
  class: string;
  /** How many alerts (the most recent keys). Default 10, as Fink's code (its doc says 100). */
  n?: number;
  /** Window start (ISO, JD or MJD). Default 2019-11-01. */
  startdate?: string | number;
  /** Window end. Default now. */
  stopdate?: string | number;
  /** Add colour and rates (`v:g-r`, `v:rate`…). Default false. */
  color?: boolean;
  /** Keep only rising (`d:mag_rate < 0`) or fading (`> 0`) alerts, or blazar states. */
  trend?: Trend;
  /** Columns to return. */
  columns?: string | string[];
}

let cachedLists: Promise<ClassLists> | undefined;

/** The class lists (Fink, TNS, SIMBAD), read once from the bundled files. */
export function classLists(): Promise<ClassLists> {
  cachedLists ??= readClassLists(decodeURIComponent(SAMPLE_DIR.pathname));
  return cachedLists;
}

/**
 * Fink's class list, as `/api/v1/classes`: Fink classifiers, `(TNS) X` and
 * `(SIMBAD) X`, each sorted case-insensitively.
 *
 * @example
 * ```ts
 * import { classes } from "./latests.ts";
 * const lists = await classes();
 * console.log(lists["Fink classifiers"]);
 * ```
 */
export async function classes(): Promise<Record<string, string[]>> {
  const l = await classLists();
  // Python's `sorted(key=str.lower)`: lower-cased code points, not the locale's collation
  // (which puts `GlCl_Candidate` before `GlCl?`).
  const sort = (xs: string[]) =>
    [...xs].sort((a, b) => {
      const x = a.toLowerCase(), y = b.toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    });
  return {
    "Fink classifiers": sort(l.fink),
    "Cross-match with TNS": sort(l.tns.map((t) => `(TNS) ${t}`)),
    "Cross-match with SIMBAD (see http://simbad.u-strasbg.fr/simbad/sim-display?data=otypes)": sort(
      l.simbad.map((s) => `(SIMBAD) ${s}`),
    ),
  };
}

/**
 * Where a class lives: table and key prefix. As in Fink, a class that is not
 * a known TNS type, a blazar state or `SLSN candidate` is looked up in
 * `ztf.class` as given (`(SIMBAD) ` dropped): a label missing from Fink's
 * lists but present in the data (e.g. an old SIMBAD type such as `MIR`) gives
 * its alerts, and a made-up class an empty answer, not an error.
 */
async function classTable(cls: string): Promise<{ table: string; prefix: string; group: boolean }> {
  const l = await classLists();
  if (cls.startsWith("(TNS) ") && l.tns.includes(cls.slice(6))) {
    return { table: "ztf.tns", prefix: `${cls.slice(6)}_`, group: false };
  }
  if (cls === "(CTA) Blazar low state") {
    return { table: "ztf.low_state_blazars", prefix: "", group: true };
  }
  if (cls === "(CTA) Blazar high state") {
    return { table: "ztf.high_state_blazars", prefix: "", group: true };
  }
  if (cls === "SLSN candidate") return { table: "ztf.slsn", prefix: "", group: true };
  const name = cls.startsWith("(SIMBAD) ") ? cls.slice(9) : cls;
  return { table: "ztf.class", prefix: `${name}_`, group: false };
}

/**
 * The `n` most recent alerts of a class between two dates (reversed range
 * scan over the class index), with Fink's derived columns, sorted by `i:jd`
 * descending. A class whose table holds nothing yet (e.g. blazar states on
 * files without blazar statistics) gives an empty result.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { latests } from "./latests.ts";
 * const store = await openStore();
 * const sne = await latests(store, { class: "SN candidate", n: 5 });
 * console.log(sne.getChild("i:objectId")?.toArray());
 * await store.close();
 * ```
 */
export async function latests(store: Store, params: LatestsParams): Promise<Table> {
  if (!params.class) {
    throw new BadRequestError("class", params.class ?? null, "a class is required");
  }
  const trend = params.trend;
  if (trend !== undefined && !(TRENDS as readonly string[]).includes(trend)) {
    throw new BadRequestError(
      "trend",
      trend,
      `${trend} is not a valid trend. Trend must be among: ${TRENDS.join(", ")}`,
    );
  }
  if (
    (trend === "low_state" || trend === "new_low_state") &&
    params.class !== "(CTA) Blazar low state"
  ) {
    throw new BadRequestError("trend", trend, "this trend needs class `(CTA) Blazar low state`");
  }
  const n = countParam("n", params.n, 10);
  const columns = parseColumns(params.columns);
  const jdStart = dateParam("startdate", params.startdate, FINK_START_JD);
  const jdStop = dateParam("stopdate", params.stopdate, nowJulian());
  const where = await classTable(params.class);
  const cols = emptyColumns();
  if ((await store.listTables()).includes(where.table)) {
    const suffix = where.prefix === "" ? "_" : "";
    const range = jdRange(where.prefix, jdStart, jdStop, suffix);
    await scanColumns(store, where.table, { ...range, reversed: true, limit: n, columns }, cols);
  }
  const r = ResultColumns.from(cols);
  formatColumns(r, {
    truncated: columns !== undefined,
    groupAlerts: where.group,
    extractColor: params.color ?? false,
    withConstellation: true,
  });
  if (trend === "rising" || trend === "fading") {
    const rate = r.num("d:mag_rate");
    r.take([...rate.keys()].filter((i) => (trend === "rising" ? rate[i] < 0 : rate[i] > 0)));
  } else if (trend === "new_low_state") {
    const m0 = r.num("d:blazar_stats_m0"), il = r.num("d:blazar_stats_instantness_low");
    r.take([...m0.keys()].filter((i) => m0[i] >= 1 || il[i] >= 1));
  }
  return r.toTable();
}
