/**
 * `statistics`: per-night counts of alerts and classes (`statistics_class`),
 * as Fink's `/api/v1/statistics`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { STATISTICS_TIME } from "../store/layout.ts";
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
 * order, and `key:time`), family `basic` (`raw`, `sci`, `n_g`, `n_r`,
 * `exposures`, `fields`) and family `class` (alerts per classification,
 * `simbad_tot`, `simbad_gal`); counts are int64. A class absent a night is
 * null. As Fink's, `key:key` and `key:time` come with any `columns`; Fink's
 * `key:time` is the time HBase wrote the row, finkit's the millisecond since
 * 1970 (int64) of the night's last alert (null in stores built before finkit
 * kept it).
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
    const names = [...schema.keys()].filter((c) => c !== STATISTICS_TIME).sort();
    return makeFinkTable(new Map([["schema", { values: names, type: "string" }]]));
  }
  // Class names have spaces (`class:Solar System MPC`): only the ends are trimmed.
  const asked = parseColumns(params.columns, { innerSpaces: true })
    ?.filter((c) => !c.startsWith("key:") && c !== STATISTICS_TIME); // `key:` come with every row
  const columns = asked && [...asked, STATISTICS_TIME];
  const cols = await scanColumns(store, "statistics_class", { prefix: `ztf_${date}`, columns });
  const r = ResultColumns.from(cols);
  r.set("key:key", cols.keys, "string");
  r.set("key:time", r.get(STATISTICS_TIME) ?? new Array(r.length).fill(null), "long");
  r.drop((c) => c === STATISTICS_TIME);
  // As HBase, a night with none of the columns asked is no row (its time cell does not count).
  if (asked?.length) r.take(rowsWithCells(r, asked));
  if (r.length === 0) return new ResultColumns(0).toTable(); // no column either, as Fink's empty frame
  const rest = [...r.columns.keys()].filter((c) => !c.startsWith("key:")).sort();
  return r.toTable(["key:key", "key:time", ...rest]);
}

/** Indices of the rows holding a cell in at least one of `names`. */
function rowsWithCells(r: ResultColumns, names: string[]): number[] {
  const present = names.map((n) => r.get(n)).filter((v) => v !== undefined);
  const keep: number[] = [];
  for (let i = 0; i < r.length; i++) {
    if (present.some((v) => v[i] !== null && !Number.isNaN(v[i]))) keep.push(i);
  }
  return keep;
}
