/**
 * `conesearch`: objects whose latest alert lies within a radius of a
 * position, as Fink's `/api/v1/conesearch`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { parseCoordinates } from "../../astro/coordinates.ts";
import { angularSeparation } from "../../astro/coordinates.ts";
import { queryDisc } from "../../astro/healpix.ts";
import { NSIDE } from "../store/layout.ts";
import { emptyColumns, scanColumns } from "../table/decode.ts";
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
  const cols = emptyColumns();
  for (const pix of pixels) {
    const range = dated ? jdRange(`${pix}_`, jdStart, jdStop) : { prefix: `${pix}_` };
    await scanColumns(store, "ztf.pixel128", { ...range, columns, limit: n }, cols);
  }
  const r = ResultColumns.from(cols);
  formatColumns(r, { truncated: true, groupAlerts: true, extractColor: false });
  return addSeparation(r, ra, dec, radius);
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
