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
   * into the id prefix `TRCK_YYYYMMDD[_hh[mm[ss]]]` as Fink does.
   */
  date?: string;
  /** Columns to return; default every column. */
  columns?: string | string[];
}

const DATE_FORM = /^\d{4}-\d{2}-\d{2}( \d{2}(:\d{2}(:\d{2}( \d{2})?)?)?)?$/;

/** The tracklet id prefix of a date, as Fink (`TRCK_` + date without `-`/`:`, space → `_`). */
export function trackletPrefix(date: string): string {
  const d = date.trim();
  if (!DATE_FORM.test(d)) {
    throw new BadRequestError(
      "date",
      date,
      "You need to specify a date at the format YYYY-MM-DD hh:mm:ss (time optional)",
    );
  }
  return "TRCK_" + d.replaceAll("-", "").replaceAll(":", "").replaceAll(" ", "_");
}

/**
 * Alerts of a tracklet (prefix scan of `ztf.tracklet`), Fink's columns and
 * derived `v:` columns (no colour), sorted by `i:jd` descending. Unknown
 * tracklets give an empty table.
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
  if (params.id !== undefined && params.id !== "") {
    prefix = String(params.id).trim();
    if (!prefix.startsWith("TRCK_")) {
      throw new BadRequestError(
        "id",
        params.id,
        "a tracklet id starts with `TRCK_` (TRCK_YYYYMMDD_HHMMSS_NN)",
      );
    }
  } else if (params.date !== undefined && params.date !== "") {
    prefix = trackletPrefix(params.date);
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
