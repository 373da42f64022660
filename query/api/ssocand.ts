/**
 * `ssocand`: Solar-System object candidates from fink-fat — orbital
 * parameters (`ztf.orb_cand`) and light curves (`ztf.sso_cand`), as Fink's
 * `/api/v1/ssocand`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { emptyColumns, loadSchema } from "../table/decode.ts";
import { appendRow, padColumns } from "../table/decode.ts";
import { decodeString } from "../store/codec.ts";
import { ResultColumns } from "../table/format.ts";
import { countParam, dateParam, FINK_START_JD, jdRange, nowJulian } from "./common.ts";

/** Most orbits one `orbParams` answer holds (`maxnumber` applies to light curves only). */
const ORBITS_LIMIT = 10_000;

/** What {@linkcode ssocand} returns. */
export type SsoCandKind = "orbParams" | "lightcurves";

/** Parameters of {@linkcode ssocand}. */
export interface SsoCandParams {
  /** `orbParams` (orbits) or `lightcurves` (detections). */
  kind: SsoCandKind;
  /** Only this candidate, e.g. `FF2022aaaaaaa`. Default every candidate. */
  ssoCandId?: string;
  /** Light curves only: window start (ISO, JD or MJD). Default 2019-11-01. */
  startDate?: string | number;
  /** Light curves only: window end. Default now. */
  stopDate?: string | number;
  /** Light curves only (as in Fink): at most this many rows. Default 10,000. Orbits are capped at 10,000. */
  maxnumber?: number;
}

/**
 * Orbits or light curves of fink-fat candidates, columns `d:*` typed from the
 * table schema, in rowkey order (orbits by id, detections by `jd`).
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { ssocand } from "./ssocand.ts";
 * const store = await openStore();
 * const orbits = await ssocand(store, { kind: "orbParams" });
 * console.log(orbits.numRows, orbits.getChild("d:a")?.get(0));
 * await store.close();
 * ```
 */
export async function ssocand(store: Store, params: SsoCandParams): Promise<Table> {
  if (params.kind !== "orbParams" && params.kind !== "lightcurves") {
    throw new BadRequestError("kind", params.kind ?? null, "allowed: orbParams or lightcurves");
  }
  const max = countParam("maxnumber", params.maxnumber, 10_000);
  const id = params.ssoCandId === undefined ? "" : String(params.ssoCandId).trim();
  const cols = emptyColumns();
  if (params.kind === "orbParams") {
    const schema = await loadSchema(store, "ztf.orb_cand");
    // Fink limits only the light curves' scan by `maxnumber`.
    const limit = ORBITS_LIMIT;
    for await (const row of store.scan("ztf.orb_cand", { prefix: `cand_${id}`, limit })) {
      appendRow(cols, row, schema);
    }
  } else {
    const jdStart = dateParam("startDate", params.startDate, FINK_START_JD);
    const jdStop = dateParam("stopDate", params.stopDate, nowJulian());
    const schema = await loadSchema(store, "ztf.sso_cand");
    const range = jdRange("", jdStart, jdStop, "_");
    for await (const row of store.scan("ztf.sso_cand", range)) {
      if (cols.length >= max) break;
      if (id !== "") {
        const k = row.columns.indexOf("d:ssoCandId");
        if (k < 0 || decodeString(row.values[k]) !== id) continue;
      }
      appendRow(cols, row, schema);
    }
  }
  const r = ResultColumns.from(padColumns(cols));
  return r.toTable([...r.columns.keys()].sort());
}
