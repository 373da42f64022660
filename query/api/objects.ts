/**
 * `objects`: the light curves of one or several objects, as Fink's
 * `/api/v1/objects`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import { prefixRange, type Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { type Columns, emptyColumns, scanColumns, scanRangeColumns } from "../table/decode.ts";
import { byJdDescending, formatColumns, formatOutput, ResultColumns } from "../table/format.ts";
import { NLIMIT, parseColumns, parseIdList } from "./common.ts";
import {
  addCutoutColumns,
  type CutoutKind,
  parseCutoutKind,
  withStampKey,
} from "./cutout_columns.ts";

/** Parameters of {@linkcode objects}. */
export interface ObjectsParams {
  /**
   * ZTF object id(s): an array or a comma-separated list. Each is a rowkey
   * **prefix**, so a partial id (`ZTF21abfmb`) returns every matching object,
   * as Fink's portal relies on.
   */
  objectId: string | string[];
  /**
   * Most rows (alerts, and upper limits with `withUpperLim`) the answer to a list of ids may
   * hold, else a `BadRequestError`; one id is bounded by Fink's 10,000 rows per id only. Default
   * no cap. `deno task serve` passes its `--max-rows`.
   */
  maxRows?: number;
  /** Add upper limits and bad-quality points, tagged in `d:tag`. Default false. */
  withUpperLim?: boolean;
  /** Add the cutouts as 2-D arrays (`b:cutout<Kind>_stampData`). Default false. */
  withCutouts?: boolean;
  /** Which cutouts with `withCutouts`: `Science`, `Template`, `Difference` or all (default). */
  cutoutKind?: CutoutKind | "All";
  /** Columns to return (`i:jd,i:magpsf` or an array); default every column. */
  columns?: string | string[];
}

/**
 * Light curves of objects: one row per alert (and, from finkit's ingest, per
 * history detection, `a:origin = "history"`), Fink's columns plus the
 * derived `v:` columns, sorted by `i:jd` descending. Unknown objects give an
 * empty table.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { objects } from "./objects.ts";
 * const store = await openStore();
 * const lc = await objects(store, { objectId: "ZTF25abxvhmk", withUpperLim: true });
 * console.log(lc.numRows, lc.getChild("d:tag")?.toArray());
 * await store.close();
 * ```
 */
export async function objects(store: Store, params: ObjectsParams): Promise<Table> {
  const ids = coveringPrefixes(parseIdList("objectId", params.objectId));
  const asked = parseColumns(params.columns);
  const kinds = params.withCutouts ? parseCutoutKind(params.cutoutKind) : [];
  // Fink finds each row's stamps by `i:objectId` and `i:candid` (and fails with a 500 without them).
  if (kinds.length && asked && !["i:objectId", "i:candid"].every((c) => asked.includes(c))) {
    throw new BadRequestError(
      "columns",
      params.columns,
      "with cutouts, the columns must include i:objectId and i:candid",
    );
  }
  const { columns, jdAdded } = withStampKey(asked, kinds);
  // A list of short prefixes (ZTF1,ZTF2,…) would otherwise build the whole store; one id is
  // bounded by Fink's 10,000 rows per id.
  const capRows = (rows: number) => {
    if (ids.length > 1 && params.maxRows !== undefined && rows > params.maxRows) {
      throw new BadRequestError(
        "objectId",
        params.objectId,
        `it finds more than ${params.maxRows} rows, the most one answer holds here; ask ` +
          "fewer ids or longer prefixes",
      );
    }
  };
  const r = ResultColumns.from(await idRows(store, "ztf", ids, columns, (n) => capRows(n)));
  if (kinds.length) await addCutoutColumns(store, r, kinds);
  if (jdAdded) r.drop((c) => c === "i:jd");
  if (!params.withUpperLim) return formatOutput(r, { truncated: columns !== undefined });
  // As Fink: the alerts are formatted (derived `v:` columns, defaults), then the upper limits and
  // bad-quality points are appended as stored, so their other columns are null.
  const valid = formatColumns(r, { truncated: columns !== undefined });
  await addUpperLimits(store, ids, valid, capRows);
  if (valid.get("i:jd") !== undefined) valid.take(byJdDescending(valid));
  return valid.toTable();
}

/** A full ZTF object id (its rows' prefix: full ids' prefixes are disjoint). */
const FULL_ID = /^ZTF\d{2}[a-z]{7}$/;

/**
 * The rows of `table` under each id's prefix, at most NLIMIT per id as Fink's client limit;
 * `check(rows so far)` after each read. Several full ids are read in one pass (`scanRanges`: one
 * HBase scanner instead of one per id); more than NLIMIT rows in all could hide an id past its
 * cap, so those lists, and prefixes, are read id by id.
 */
async function idRows(
  store: Store,
  table: string,
  ids: string[],
  columns: string[] | undefined,
  check: (rows: number) => void,
): Promise<Columns> {
  if (ids.length > 1 && ids.every((id) => FULL_ID.test(id))) {
    const ranges = ids.map(prefixRange);
    const all = await scanRangeColumns(store, table, ranges, { columns });
    check(all.length);
    if (all.length <= NLIMIT) return all;
  }
  const cols = emptyColumns();
  for (const id of ids) {
    await scanColumns(store, table, { prefix: id, columns, limit: NLIMIT }, cols);
    check(cols.length);
  }
  return cols;
}

/**
 * The ids whose prefix scans cover all the others' rows: repeats, and ids
 * that extend another id of the list, go (Fink merges the scans' rows by
 * rowkey, so each row comes once).
 */
function coveringPrefixes(ids: string[]): string[] {
  const unique = [...new Set(ids)];
  return unique.filter((id) => !unique.some((p) => p !== id && id.startsWith(p)));
}

/**
 * Fink's `withupperlim`: rows of `ztf.upper` (tag `upperlim`) and
 * `ztf.uppervalid` (tag `badquality`, dropped when a valid point has the same
 * `i:jd`) joined to the valid rows (tag `valid`); `i:candid` is -1 for the
 * non-valid rows; their columns other than the stored ones stay null (Fink
 * formats only the alerts). Unlike Fink, the added rows are typed like the
 * others (Fink's are HBase's text).
 */
async function addUpperLimits(
  store: Store,
  ids: string[],
  r: ResultColumns,
  capRows: (rows: number) => void,
): Promise<void> {
  r.set("d:tag", new Array(r.length).fill("valid"), "string");
  const validJd = new Set(r.num("i:jd"));
  for (const [table, tag] of [["ztf.upper", "upperlim"], ["ztf.uppervalid", "badquality"]]) {
    const cols = await idRows(store, table, ids, undefined, (n) => capRows(r.length + n));
    const extra = ResultColumns.from(cols);
    if (tag === "badquality") {
      const jd = extra.num("i:jd");
      extra.take([...jd.keys()].filter((i) => !validJd.has(jd[i])));
    }
    extra.set("d:tag", new Array(extra.length).fill(tag), "string");
    extra.set("i:candid", new Array(extra.length).fill(-1n), "long");
    r.concat(extra);
  }
}
