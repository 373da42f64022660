/**
 * `conesearch`: objects whose latest alert lies within a radius of a
 * position, as Fink's `/api/v1/conesearch`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import { prefixRange, type Row, type RowRange, scanRanges, type Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { parseCoordinates } from "../../astro/coordinates.ts";
import { angularSeparation } from "../../astro/coordinates.ts";
import { queryDisc } from "../../astro/healpix.ts";
import { NSIDE } from "../store/layout.ts";
import {
  appendRow,
  type Columns,
  emptyColumns,
  loadSchema,
  padColumns,
  scanColumns,
} from "../table/decode.ts";
import { formatColumns, ResultColumns } from "../table/format.ts";
import {
  countParam,
  dateParam,
  FINK_START_JD,
  jdRange,
  nowJulian,
  parseColumns,
  radiusParam,
} from "./common.ts";

export { MAX_RADIUS_ARCSEC } from "./common.ts";

/** Parameters of {@linkcode conesearch}. */
export interface ConesearchParams {
  /** Right ascension: degrees, or sexagesimal (`12h55m17.218s`, `12 55 17.218`, `12:55:17.218`, `193d49m18.267s`). */
  ra: number | string;
  /** Declination: degrees or sexagesimal (`+02d53m50.35s`, `+02 53 50.35`, `02:53:50.35`). */
  dec: number | string;
  /** Radius in arcseconds, at most 18,000. */
  radius: number | string;
  /** Rows per HEALPix pixel scanned (Fink's `n`). Default 1000. */
  n?: number;
  /** Only objects first detected on or after this date (ISO, JD or MJD). */
  startdate?: string | number;
  /** … and on or before this date. */
  stopdate?: string | number;
  /** Days after `startdate` (instead of `stopdate`). */
  window?: number;
  /** Columns to return (`i:ra,i:dec` are always added). Default all of `ztf.pixel128`. */
  columns?: string | string[];
}

/**
 * Cone search: the HEALPix nside-128 pixels touching the disc (inclusive),
 * then the latest alert of each object found there, an exact great-circle
 * cut, sorted by `v:separation_degree`. With a date window the objects are
 * those *first detected* in the window (`ztf.pixel128` keys hold
 * `jdstarthist`).
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { conesearch } from "./conesearch.ts";
 * const store = await openStore();
 * const hits = await conesearch(store, { ra: "12h55m17.218s", dec: "+02d53m50.35s", radius: 5 });
 * console.log(hits.getChild("i:objectId")?.toArray());
 * await store.close();
 * ```
 */
export async function conesearch(store: Store, params: ConesearchParams): Promise<Table> {
  const c = cone(params);
  const cols = emptyColumns();
  if (c.ranges.length <= FEW_PIXELS) {
    for (const range of c.ranges) {
      await scanColumns(store, "ztf.pixel128", { ...range, columns: c.columns, limit: c.n }, cols);
    }
    return answer(cols, c);
  }
  // More pixels (a wide cone, or a small one at a pixel's corner): read together, each pixel's
  // first n rows.
  const schema = await loadSchema(store, "ztf.pixel128");
  for (const rows of await rowsPerRange(store, c.ranges, c.n, c.columns)) {
    for (const row of rows) appendRow(cols, row, schema);
  }
  return answer(padColumns(cols), c);
}

/** Pixels a cone search scans one by one (a 5″ cone touches 1, at most 4); more are read together. */
const FEW_PIXELS = 3;

/**
 * The first `n` data rows of each of `ranges` (disjoint) of `ztf.pixel128`, read in one
 * {@linkcode scanRanges} pass (on HBase one scanner for a thousand pixels, not a request per
 * pixel), restarted past a range once it has its `n` rows, so that a crowded pixel is not read
 * beyond Fink's cap.
 */
async function rowsPerRange(
  store: Store,
  ranges: readonly RowRange[],
  n: number,
  columns: string[] | undefined,
): Promise<Row[][]> {
  const out: Row[][] = ranges.map(() => []);
  if (n === 0) return out;
  const order = ranges.map((_, i) => i).sort((a, b) =>
    ranges[a].startRow < ranges[b].startRow ? -1 : 1
  );
  let next = 0; // the first range of `order` not read whole yet
  while (next < order.length) {
    const pending = order.slice(next).map((i) => ranges[i]);
    let k = next, full = -1;
    for await (const row of scanRanges(store, "ztf.pixel128", pending, { columns })) {
      while (row.key >= ranges[order[k]].stopRow) k++;
      if (row.key.startsWith("schema")) continue;
      const rows = out[order[k]];
      rows.push(row);
      if (rows.length === n) {
        full = k;
        break;
      }
    }
    if (full < 0) break;
    next = full + 1;
  }
  return out;
}

/**
 * Many cone searches at once (`xmatch`'s catalogue rows): the answers are those of
 * {@linkcode conesearch} for each, in order, but the store is read in one pass per 1,000 cones
 * ({@linkcode scanRanges}: on HBase one scanner for a thousand pixels instead of one request
 * per pixel). Every cone must ask for the same `columns`.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { conesearchMany } from "./conesearch.ts";
 * const store = await openStore();
 * const [a, b] = await conesearchMany(store, [
 *   { ra: 26.7307925, dec: -15.3710891, radius: 5 },
 *   { ra: 0, dec: 0, radius: 5 },
 * ]);
 * console.log(a.getChild("i:objectId")?.get(0), b.numRows); // ZTF25abxvhmk 0
 * await store.close();
 * ```
 */
export async function conesearchMany(
  store: Store,
  list: readonly ConesearchParams[],
): Promise<Table[]> {
  const cones = list.map(cone);
  const columns = cones[0]?.columns;
  if (cones.some((c) => String(c.columns) !== String(columns))) {
    throw new RangeError("conesearchMany: every cone must ask for the same columns");
  }
  const schema = await loadSchema(store, "ztf.pixel128");
  const out: Table[] = [];
  let empty: Table | undefined;
  for (let a = 0; a < cones.length; a += CONES_PER_PASS) {
    const part = cones.slice(a, a + CONES_PER_PASS);
    const rowsOf = await readCones(store, part, columns);
    for (const c of part) {
      // What conesearch's scans would read: each pixel's range in turn, its first n rows.
      const cols = emptyColumns();
      for (const range of c.ranges) {
        for (const row of rowsOf(range, c.n)) appendRow(cols, row, schema);
      }
      // No row: the empty answer, the same for every cone (made once).
      out.push(cols.length ? answer(padColumns(cols), c) : (empty ??= answer(padColumns(cols), c)));
    }
  }
  return out;
}

/**
 * Read the pixels of `cones` in one pass: `(range, n)` then gives the first `n` data rows of one
 * of their ranges. Ranges that do not overlap (whole pixels, for cones without dates) are read as
 * `conesearch` reads them, up to the largest `n` asked; ranges that overlap (dated cones in one
 * pixel) are read whole, then cut.
 */
async function readCones(
  store: Store,
  cones: readonly Cone[],
  columns: string[] | undefined,
): Promise<(range: RowRange, n: number) => Row[]> {
  const index = new Map<string, number>();
  const ranges: RowRange[] = [];
  const id = (r: RowRange) => `${r.startRow}\u0000${r.stopRow}`;
  for (const c of cones) {
    for (const r of c.ranges) {
      if (!index.has(id(r))) index.set(id(r), ranges.length), ranges.push(r);
    }
  }
  const sorted = [...ranges].sort((x, y) => (x.startRow < y.startRow ? -1 : 1));
  const disjoint = sorted.every((r, i) => i === 0 || sorted[i - 1].stopRow <= r.startRow);
  if (disjoint) {
    const most = Math.max(0, ...cones.map((c) => c.n));
    const per = await rowsPerRange(store, ranges, most, columns);
    return (range, n) => per[index.get(id(range))!].slice(0, n);
  }
  const rows: Row[] = [];
  for await (const row of scanRanges(store, "ztf.pixel128", ranges, { columns })) rows.push(row);
  return (range, n) => {
    const out: Row[] = [];
    for (let k = firstAtOrAfter(rows, range.startRow); k < rows.length; k++) {
      const row = rows[k];
      if (row.key >= range.stopRow || out.length === n) break;
      if (!row.key.startsWith("schema")) out.push(row);
    }
    return out;
  };
}

/** Cones whose rows one pass of {@linkcode conesearchMany} holds in memory. */
const CONES_PER_PASS = 1000;

/** Index of the first row whose key is ≥ `key` (rows in key order). */
function firstAtOrAfter(rows: readonly Row[], key: string): number {
  let lo = 0, hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A cone search's checked parameters: its position, radius, cap and pixel ranges. */
interface Cone {
  ra: number;
  dec: number;
  radius: number;
  n: number;
  columns: string[] | undefined;
  /** One key range of `ztf.pixel128` per pixel touching the disc, in `queryDisc` order. */
  ranges: RowRange[];
}

function cone(params: ConesearchParams): Cone {
  const { ra, dec } = parseCoordinates(params.ra, params.dec);
  const radius = radiusParam(params.radius);
  const n = countParam("n", params.n, 1000);
  let columns = parseColumns(params.columns);
  if (columns) {
    for (const c of ["i:ra", "i:dec"]) if (!columns.includes(c)) columns = [...columns, c];
  }
  const dated = params.startdate !== undefined && params.startdate !== "";
  const jdStart = dateParam("startdate", params.startdate, FINK_START_JD);
  let jdStop: number;
  if (params.stopdate !== undefined && params.stopdate !== "") {
    jdStop = dateParam("stopdate", params.stopdate, 0);
  } else if (dated && params.window !== undefined) {
    const w = Number(params.window);
    if (!Number.isFinite(w) || w < 0) {
      throw new BadRequestError("window", params.window, "a window in days ≥ 0 is required");
    }
    jdStop = jdStart + w;
  } else {
    jdStop = nowJulian();
  }
  const pixels = queryDisc(NSIDE, ra, dec, radius / 3600, { inclusive: true });
  const ranges = pixels.map((pix) =>
    dated ? jdRange(`${pix}_`, jdStart, jdStop) : prefixRange(`${pix}_`)
  );
  return { ra, dec, radius, n, columns, ranges };
}

/** The latest alert of each object read, within the radius, nearest first. */
function answer(cols: Columns, c: Cone): Table {
  const r = ResultColumns.from(cols);
  formatColumns(r, { truncated: true, groupAlerts: true, extractColor: false });
  return addSeparation(r, c.ra, c.dec, c.radius);
}

function addSeparation(r: ResultColumns, ra: number, dec: number, radiusArcsec: number): Table {
  const ras = r.num("i:ra"), decs = r.num("i:dec");
  const sep = [...ras].map((x, i) => angularSeparation(ra, dec, x, decs[i]));
  r.set("v:separation_degree", sep, "double");
  const keep = sep.map((s, i) => [s, i] as const)
    .filter(([s]) => s <= radiusArcsec / 3600)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => i);
  r.take(keep);
  return r.toTable();
}
