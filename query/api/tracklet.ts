/**
 * `tracklet`: alerts of fast-moving objects grouped in a ZTF tracklet
 * (`TRCK_YYYYMMDD_HHMMSS_NN`), by id or by date, as Fink's `/api/v1/tracklet`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { scanColumns } from "../table/decode.ts";
import { formatOutput, ResultColumns } from "../table/format.ts";
import { parseColumns } from "./common.ts";

/** Parameters of {@linkcode tracklet}: give `id` or `date`. */
export interface TrackletParams {
  /** A tracklet id or id prefix, e.g. `TRCK_20211022_091949_00`. */
  id?: string;
  /**
   * A date `YYYY-MM-DD[ hh[:mm[:ss]]]` (optionally followed by ` NN`), turned
   * into the id prefix `TRCK_YYYYMMDD[_hh[mm[ss]]]` as Fink does (text of
   * another form finds nothing, as in Fink).
   */
  date?: string;
  /** Columns to return; default every column. */
  columns?: string | string[];
}

/**
 * The tracklet id prefix of a date, as Fink (`TRCK_` + the date without `-`
 * and `:`, spaces → `_`). Like Fink, any text is taken: a date of another
 * form is a prefix no tracklet has, so it finds nothing.
 */
export function trackletPrefix(date: string): string {
  return "TRCK_" + date.trim().replaceAll("-", "").replaceAll(":", "").replaceAll(" ", "_");
}

/**
 * Alerts of a tracklet (prefix scan of `ztf.tracklet`), Fink's columns and
 * derived `v:` columns (no colour), sorted by `i:jd` descending. Unknown
 * tracklets, ids and dates of another form give an empty table (Fink's rule);
 * neither `id` nor `date` (or both empty) is a `BadRequestError`.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { tracklet } from "./tracklet.ts";
 * const store = await openStore();
 * const t = await tracklet(store, { date: "2021-10-22 09:19:49" });
 * console.log(t.numRows);
 * await store.close();
 * ```
 */
export async function tracklet(store: Store, params: TrackletParams): Promise<Table> {
  let prefix: string;
  // Any id or date is a key prefix, as in Fink: an unknown one finds nothing. An empty one
  // is refused (in Fink it would answer the whole table).
  if (params.id !== undefined && String(params.id).trim() !== "") {
    prefix = String(params.id).trim();
  } else if (params.date !== undefined && params.date.trim() !== "") {
    prefix = trackletPrefix(params.date);
  } else if (params.id !== undefined) {
    throw new BadRequestError(
      "id",
      params.id,
      "a tracklet id or id prefix is required, e.g. `TRCK_20211022_091949_00` " +
        "(an empty one would answer the whole table)",
    );
  } else {
    throw new BadRequestError(
      "date",
      params.date ?? null,
      "You need to specify a date at the format YYYY-MM-DD hh:mm:ss, or a tracklet `id`",
    );
  }
  const columns = parseColumns(params.columns);
  const cols = await scanColumns(store, "ztf.tracklet", { prefix, columns });
  return formatOutput(ResultColumns.from(cols), {
    truncated: columns !== undefined,
    extractColor: false,
  });
}
