/**
 * `skymap`: alerts first seen inside the credible region of a
 * gravitational-wave sky map around the event time, as Fink's
 * `/api/v1/skymap`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { scanRangeColumns } from "../table/decode.ts";
import { formatColumns, ResultColumns } from "../table/format.ts";
import { type CredibleLevelMap, pixelsWithin, readCredibleLevels } from "../../astro/skymap.ts";
import { SAMPLE_DIR } from "../ingest/sample.ts";
import { jdRange } from "./common.ts";

/** The bundled BAYESTAR map of event S200219ac. */
export const SAMPLE_BAYESTAR_PATH: string = decodeURIComponent(
  new URL("fink-object-api/apps/routes/v1/ztf/skymap/bayestar.fits.gz", SAMPLE_DIR).pathname,
);

/** Events whose sky map is bundled (offline stand-in for GraceDB). */
export const BUNDLED_EVENTS: Readonly<Record<string, string>> = { S200219ac: SAMPLE_BAYESTAR_PATH };

/**
 * The bundled sky map of an event name, or undefined (own names only: `constructor` or
 * `toString` are not events).
 *
 * @example
 * ```ts
 * import { bundledEventPath } from "./skymap.ts";
 * bundledEventPath("constructor"); // undefined
 * ```
 */
export function bundledEventPath(name: string): string | undefined {
  return Object.hasOwn(BUNDLED_EVENTS, name) ? BUNDLED_EVENTS[name] : undefined;
}

/** Parameters of {@linkcode skymap}: give `bayestar` or `eventName`. */
export interface SkymapParams {
  /** The sky map: FITS bytes (gzipped or not) or a file path. */
  bayestar?: Uint8Array | string;
  /** A GraceDB event name; offline only the bundled `S200219ac` is known. */
  eventName?: string;
  /** Credible level, 0 … 1 (e.g. 0.9 for the 90 % region). Required. */
  credibleLevel: number;
  /** Days before the event where the window starts. Default 1. */
  nDayBefore?: number;
  /** Window length in days from its start; also the cut on `i:jd − i:jdstarthist`. Default 6. */
  nDayAfter?: number;
}

/**
 * Objects first detected in the credible region within
 * `[T − nDayBefore, T − nDayBefore + nDayAfter]` (`T` = `DATE-OBS`): the map's
 * nside-128 pixels, range scans of `ztf.pixel128` (keys `pix_jdstarthist_objectId`),
 * the latest alert per object, keeping `i:jd − i:jdstarthist ≤ nDayAfter`,
 * with `v:jdstartgw = T`, sorted by `i:jd` descending.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { skymap } from "./skymap.ts";
 * const store = await openStore();
 * const hits = await skymap(store, { eventName: "S200219ac", credibleLevel: 0.9 });
 * console.log(hits.numRows);
 * await store.close();
 * ```
 */
export async function skymap(store: Store, params: SkymapParams): Promise<Table> {
  const level = Number(params.credibleLevel);
  if (params.credibleLevel === undefined || !(level >= 0 && level <= 1)) {
    throw new BadRequestError(
      "credibleLevel",
      params.credibleLevel ?? null,
      "a credible level from 0 to 1 is required",
    );
  }
  const before = dayParam("nDayBefore", params.nDayBefore, 1);
  const after = dayParam("nDayAfter", params.nDayAfter, 6);
  const bytes = await mapBytes(params);
  const { pixels, jdObs } = await credibleRegion(bytes, level);
  if (!Number.isFinite(jdObs)) {
    throw new BadRequestError(
      "bayestar",
      "DATE-OBS",
      "the sky map needs a DATE-OBS header keyword",
    );
  }
  const jdStart = jdObs - before, jdEnd = jdStart + after;
  // Every pixel's range in one pass (one HBase scanner per 1,000 pixels, not one per pixel).
  const ranges = pixels.map((pix) => jdRange(`${pix}_`, jdStart, jdEnd));
  const r = ResultColumns.from(await scanRangeColumns(store, "ztf.pixel128", ranges));
  if (r.length === 0) return r.toTable();
  formatColumns(r, { truncated: true, groupAlerts: true });
  r.set("v:jdstartgw", new Array(r.length).fill(jdObs), "double");
  const jd = r.num("i:jd"), jds = r.num("i:jdstarthist");
  r.take([...jd.keys()].filter((i) => jd[i] - jds[i] <= after));
  return r.toTable();
}

const maps = new Map<string, CredibleLevelMap>();

/**
 * The nside-128 RING pixels of a sky map's credible region and the event JD
 * (`DATE-OBS`), with the credible-level map cached by content.
 *
 * @example
 * ```ts
 * import { credibleRegion, SAMPLE_BAYESTAR_PATH } from "./skymap.ts";
 * const { pixels, jdObs } = await credibleRegion(await Deno.readFile(SAMPLE_BAYESTAR_PATH), 0.9);
 * ```
 */
export async function credibleRegion(
  bytes: Uint8Array,
  credibleLevel: number,
): Promise<{ pixels: number[]; jdObs: number }> {
  const map = await credibleMap(bytes);
  return { pixels: pixelsWithin(map, credibleLevel), jdObs: map.jdObs };
}

/**
 * The credible-level map of a sky map, cached by the SHA-256 of its bytes
 * (reading a 100 MB BAYESTAR map takes seconds; a notebook asks several levels).
 */
async function credibleMap(bytes: Uint8Array): Promise<CredibleLevelMap> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.slice()));
  const key = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  let map = maps.get(key);
  if (!map) {
    try {
      map = readCredibleLevels(bytes);
    } catch (e) {
      throw new BadRequestError(
        "bayestar",
        `${bytes.length} bytes`,
        `a gzipped (or plain) HEALPix FITS sky map is required; this one cannot be read: ${
          (e as Error).message
        }`,
        { cause: e },
      );
    }
    if (maps.size >= 4) maps.delete(maps.keys().next().value!);
    maps.set(key, map);
  }
  return map;
}

function dayParam(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!Number.isFinite(x) || x < 0) {
    throw new BadRequestError(name, value, "a number of days ≥ 0 is required");
  }
  return x;
}

async function mapBytes(params: SkymapParams): Promise<Uint8Array> {
  if (params.bayestar instanceof Uint8Array) return params.bayestar;
  let path = params.bayestar;
  if (path === undefined || path === "") {
    if (!params.eventName) {
      throw new BadRequestError(
        "bayestar",
        null,
        "give the sky map (`bayestar`: bytes or a path) or an `eventName`",
      );
    }
    path = bundledEventPath(params.eventName);
    if (!path) {
      throw new BadRequestError(
        "eventName",
        params.eventName,
        `fetching sky maps from GraceDB is not possible offline; bundled events: ${
          Object.keys(BUNDLED_EVENTS).join(", ")
        } (or pass the FITS bytes as \`bayestar\`)`,
      );
    }
  }
  try {
    return await Deno.readFile(path);
  } catch (e) {
    throw new BadRequestError(
      "bayestar",
      path,
      `cannot read the sky map file: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
