/**
 * `anomaly`: the most anomalous alerts of each night (`ztf.anomaly`), as
 * Fink's `/api/v1/anomaly`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { emptyColumns, scanColumns } from "../table/decode.ts";
import { formatOutput, ResultColumns } from "../table/format.ts";
import {
  countParam,
  dateParam,
  FINK_START_JD,
  jdRange,
  nowJulian,
  parseColumns,
} from "./common.ts";

/** Parameters of {@linkcode anomaly}. */
export interface AnomalyParams {
  /** How many alerts (the most recent keys). Default 10. */
  n?: number;
  /** Window start (ISO, JD or MJD). Default 2019-11-01. */
  startDate?: string | number;
  /** Window end; **one day is added** when given, as Fink does. Default now. */
  stopDate?: string | number;
  /** Columns to return; default every column. */
  columns?: string | string[];
}

/**
 * The `n` most recent anomalous alerts between two dates (reversed range
 * scan of `ztf.anomaly`, keys `jd_objectId`), with Fink's derived columns
 * (no colour), sorted by `i:jd` descending.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { anomaly } from "./anomaly.ts";
 * const store = await openStore();
 * const a = await anomaly(store, { n: 5 });
 * console.log(a.getChild("d:anomaly_score")?.toArray());
 * await store.close();
 * ```
 */
export async function anomaly(store: Store, params: AnomalyParams = {}): Promise<Table> {
  const n = countParam("n", params.n, 10);
  const columns = parseColumns(params.columns);
  const jdStart = dateParam("startDate", params.startDate, FINK_START_JD);
  const given = params.stopDate !== undefined && params.stopDate !== "";
  const jdStop = given ? dateParam("stopDate", params.stopDate, 0) + 1 : nowJulian();
  const cols = emptyColumns();
  if (n > 0) {
    const range = jdRange("", jdStart, jdStop);
    await scanColumns(store, "ztf.anomaly", { ...range, reversed: true, limit: n, columns }, cols);
  }
  return formatOutput(ResultColumns.from(cols), {
    truncated: columns !== undefined,
    extractColor: false,
    withConstellation: true,
  });
}
