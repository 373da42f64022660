/**
 * `statistics`: per-night counts of alerts and classes (`statistics_class`),
 * as Fink's `/api/v1/statistics`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { loadSchema, scanColumns } from "../table/decode.ts";
import { ResultColumns } from "../table/format.ts";
import { makeFinkTable } from "../table/arrow.ts";
import { parseColumns } from "./common.ts";

/** Parameters of {@linkcode statistics}. */
export interface StatisticsParams {
  /**
   * `YYYYMMDD`, `YYYYMM`, `YYYY` or `""` (every night): a prefix of the night,
   * taken as it is, as Fink does (another form, e.g. `2021-11`, finds no night).
   * Default `""`.
   */
  date?: string | number;
  /** Columns, e.g. `basic:sci,class:Solar System MPC`; default every column. */
  columns?: string | string[];
  /** Return the table's column list instead (`schema` column, one row per column). Default false. */
  schema?: boolean;
}

/**
 * Nightly statistics: one row per night (`key:key = ztf_YYYYMMDD`, in night
 * order), family `basic` (`raw`, `sci`, `n_g`, `n_r`, `exposures`, `fields`)
 * and family `class` (alerts per classification, `simbad_tot`,
 * `simbad_gal`); counts are int64. A class absent a night is null.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { statistics } from "./statistics.ts";
 * const store = await openStore();
 * const nights = await statistics(store, { date: "2021", columns: "basic:sci" });
 * console.log(nights.numRows);
 * await store.close();
 * ```
 */
export async function statistics(store: Store, params: StatisticsParams = {}): Promise<Table> {
  const date = String(params.date ?? "").trim();
  if (params.schema) {
    const schema = await loadSchema(store, "statistics_class");
    const names = [...schema.keys()].sort();
    return makeFinkTable(new Map([["schema", { values: names, type: "string" }]]));
  }
  // Class names have spaces (`class:Solar System MPC`): only the ends are trimmed.
  const columns = parseColumns(params.columns, { innerSpaces: true });
  const cols = await scanColumns(store, "statistics_class", { prefix: `ztf_${date}`, columns });
  const r = ResultColumns.from(cols);
  if (r.length === 0) return new ResultColumns(0).toTable(); // no column either, as Fink's empty frame
  r.set("key:key", cols.keys, "string");
  const order = ["key:key", ...[...r.columns.keys()].filter((c) => c !== "key:key").sort()];
  return r.toTable(order);
}
