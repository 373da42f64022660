/**
 * `ssobulk`: the aggregated per-asteroid light curves with ephemerides, as
 * Fink's `/api/v1/ssobulk`, read from the bundled aggregated file (or a
 * file of the same form), and the ephemeris join used by
 * `sso({ withEphem: true })`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import { BadRequestError, FinkError } from "../../astro/errors.ts";
import { readSsoAggregated, type SsoLightCurve } from "../ingest/auxiliary.ts";
import { ResultColumns } from "../table/format.ts";
import { asFinkReads, float32Decimal } from "../table/float32.ts";
import { SAMPLE_DIR } from "../ingest/sample.ts";

/** The bundled aggregated file (3 asteroids: 33803, 8467 with Dobs/Dhelio/Phase, 2005XM12 without). */
export const SAMPLE_SSO_AGGREGATED_PATH: string = decodeURIComponent(
  new URL(
    "fink-science/fink_science/data/alerts/sso_ztf_lc_aggregated_202504_three_obj.parquet",
    SAMPLE_DIR,
  )
    .pathname,
);

/** Parameters of {@linkcode ssobulk}. */
export interface SsoBulkParams {
  /**
   * An aggregated SSO Parquet file (`ssnamenr`, `c*` lists, optional ephemerides). Default the
   * bundled one; `null`: none (an empty table).
   */
  path?: string | null;
  /** Only these asteroids (ZTF `ssnamenr`, comma-separated or an array). Default all. */
  ssnamenr?: string | string[];
}

/** Ephemeris columns copied from aggregated files, in this order. */
export const EPHEMERIS_COLUMNS = ["Phase", "Dobs", "Dhelio", "Elong", "RA", "DEC"] as const;

const cache = new Map<string, Promise<SsoLightCurve[]>>();

/** Aggregated light curves of a file (default the bundled one; `null`: none), read once per path. */
export function aggregatedLightCurves(
  path: string | null = SAMPLE_SSO_AGGREGATED_PATH,
): Promise<SsoLightCurve[]> {
  if (path === null) return Promise.resolve([]);
  let p = cache.get(path);
  if (!p) {
    p = readSsoAggregated(path).catch((e) => {
      cache.delete(path);
      throw e instanceof FinkError
        ? e
        : new FinkError(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
    });
    cache.set(path, p);
  }
  return p;
}

/** The aggregated light curves `params` asks for (its file; its `ssnamenr`, or all). */
async function chosenLightCurves(params: SsoBulkParams): Promise<SsoLightCurve[]> {
  const objects = await aggregatedLightCurves(params.path);
  if (params.ssnamenr === undefined) return objects;
  const only = new Set(
    (Array.isArray(params.ssnamenr) ? params.ssnamenr : String(params.ssnamenr).split(","))
      .map((s) => s.trim()),
  );
  return objects.filter((o) => only.has(o.ssnamenr));
}

/**
 * Aggregated SSO light curves as one flat table, one row per observation:
 * `ssnamenr`, `cjd`, `cmagpsf`, `csigmapsf`, `cfid`, `cra`, `cdec`, the
 * ephemerides present (`Phase` deg, `Dobs`/`Dhelio` au, `Elong`, `RA`, `DEC`)
 * and, with distances, the reduced magnitude `magpsf_red = cmagpsf −
 * 5 log10(Dobs·Dhelio)`. Rows follow the file (object, then observation).
 *
 * @example
 * ```ts
 * import { ssobulk } from "./ssobulk.ts";
 * const lc = await ssobulk({ ssnamenr: "8467" });
 * console.log(lc.numRows, lc.getChild("Phase")?.get(0)); // 216 …
 * ```
 */
export async function ssobulk(params: SsoBulkParams = {}): Promise<Table> {
  const chosen = await chosenLightCurves(params);
  const n = chosen.reduce((s, o) => s + o.columns.cjd.length, 0);
  const r = new ResultColumns(n);
  const base = ["cjd", "cmagpsf", "csigmapsf", "cfid", "cra", "cdec"] as const;
  const eph = EPHEMERIS_COLUMNS.filter((c) => chosen.some((o) => o.columns[c]));
  const values: Record<string, unknown[]> = { ssnamenr: [] };
  for (const c of [...base, ...eph, "magpsf_red"]) values[c] = [];
  for (const o of chosen) {
    const m = o.columns.cjd.length;
    for (let i = 0; i < m; i++) {
      values.ssnamenr.push(o.ssnamenr);
      for (const c of base) values[c].push(finite(o.columns[c][i]));
      for (const c of eph) values[c].push(o.columns[c] ? finite(o.columns[c]![i]) : null);
      const d = o.columns.Dobs?.[i], h = o.columns.Dhelio?.[i];
      values.magpsf_red.push(
        d !== undefined && h !== undefined
          ? finite(o.columns.cmagpsf[i] - 5 * Math.log10(d * h))
          : null,
      );
    }
  }
  r.set("ssnamenr", values.ssnamenr, "string");
  for (const c of base) r.set(c, values[c], c === "cfid" ? "integer" : "double");
  for (const c of eph) r.set(c, values[c], "double");
  if (eph.includes("Dobs") && eph.includes("Dhelio")) {
    r.set("magpsf_red", values.magpsf_red, "double");
  }
  return r.toTable(["ssnamenr", ...base, ...eph, "magpsf_red"]);
}

/** The columns of Fink's aggregated file, in its order. */
const FILE_COLUMNS: readonly (keyof SsoLightCurve["columns"])[] = [
  "cra",
  "cdec",
  "cmagpsf",
  "csigmapsf",
  "cfid",
  "cjd",
  "Dobs",
  "Dhelio",
  "Phase",
  "Elong",
  "RA",
  "DEC",
];

/**
 * The aggregated file's rows as they are, one per asteroid: `ssnamenr` and
 * its list columns (`cra`, `cdec`, `cmagpsf`, …, ephemerides), in the file's
 * order. This is what Fink's REST `/api/v1/ssobulk` sends in formats other
 * than Parquet (for Parquet it sends the file itself). Float32 items are
 * given at float32 precision (`18.3451`, not `18.345100402832031`).
 *
 * @example
 * ```ts
 * import { ssobulkObjects } from "./ssobulk.ts";
 * const rows = await ssobulkObjects();
 * console.log(rows.numRows, rows.getChild("cjd")?.get(0)?.length); // 3 …
 * ```
 */
export async function ssobulkObjects(params: SsoBulkParams = {}): Promise<Table> {
  const chosen = await chosenLightCurves(params);
  const r = new ResultColumns(chosen.length);
  r.set("ssnamenr", chosen.map((o) => o.ssnamenr), "string");
  // No asteroid (none asked for is in the file, or no file): every column of Fink's file.
  const present = chosen.length === 0
    ? FILE_COLUMNS
    : FILE_COLUMNS.filter((c) => chosen.some((o) => o.columns[c]));
  for (const c of present) {
    const lists = chosen.map((o) => o.columns[c] as ArrayLike<number> | undefined);
    if (c === "cfid") {
      r.set(c, lists.map((l) => (l ? Array.from(l) : null)), "list<integer>");
      continue;
    }
    // A float32 column of the file reads back as doubles that are all float32 values.
    const single = lists.every((l) => !l || Array.prototype.every.call(l, isFloat32));
    const item = (x: number) => Number.isFinite(x) ? (single ? float32Decimal(x) : x) : null;
    r.set(c, lists.map((l) => (l ? Array.from(l, item) : null)), "list<double>");
  }
  return r.toTable(["ssnamenr", ...present]);
}

function isFloat32(x: unknown): boolean {
  return typeof x !== "number" || !Number.isFinite(x) || Math.fround(x) === x;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * Join ephemerides onto alert rows by (`i:ssnamenr`, `i:jd`): each row takes
 * the observation of the same asteroid whose `cjd` is within `toleranceDays`
 * (default 1e-5 d ≈ 0.9 s) of its `i:jd`, and gets `Phase`, `Dobs`, `Dhelio`,
 * `Elong`, `RA`, `DEC` and `i:magpsf_red = i:magpsf − 5 log10(Dobs·Dhelio)`.
 * Throws a `BadRequestError` when no row finds ephemerides (Fink asks Miriade,
 * which is not reachable offline).
 */
export async function joinEphemerides(
  r: ResultColumns,
  options: { path?: string | null; toleranceDays?: number } = {},
): Promise<void> {
  if (r.length === 0) return;
  const tol = options.toleranceDays ?? 1e-5;
  const objects = await aggregatedLightCurves(options.path);
  const byName = new Map(objects.map((o) => [o.ssnamenr, o]));
  const ss = r.get("i:ssnamenr") ?? [], jd = r.num("i:jd"), mag = asFinkReads(r, "i:magpsf");
  const out: Record<string, (number | null)[]> = {};
  for (const c of [...EPHEMERIS_COLUMNS, "i:magpsf_red"]) out[c] = new Array(r.length).fill(null);
  let matched = 0;
  for (let i = 0; i < r.length; i++) {
    const o = byName.get(String(ss[i]));
    if (!o || !o.columns.Dobs || !o.columns.Dhelio) continue;
    let best = -1, bestD = Infinity;
    const cjd = o.columns.cjd;
    for (let k = 0; k < cjd.length; k++) {
      const d = Math.abs(cjd[k] - jd[i]);
      if (d < bestD) [best, bestD] = [k, d];
    }
    if (best < 0 || bestD > tol) continue;
    matched++;
    for (const c of EPHEMERIS_COLUMNS) {
      out[c][i] = o.columns[c] ? finite(o.columns[c]![best]) : null;
    }
    out["i:magpsf_red"][i] = finite(
      mag[i] - 5 * Math.log10(o.columns.Dobs[best] * o.columns.Dhelio[best]),
    );
  }
  if (matched === 0) {
    throw new BadRequestError(
      "withEphem",
      true,
      "We could not obtain the ephemerides information: Fink computes them with Miriade (IMCCE), " +
        "which is not reachable offline, and " + (options.path === null
          ? "no aggregated SSO file was given (connect or serve with `ssoFile`)"
          : "the aggregated SSO file has none for these alerts"),
    );
  }
  for (const c of EPHEMERIS_COLUMNS) r.set(c, out[c], "double");
  r.set("i:magpsf_red", out["i:magpsf_red"], "double");
}
