/**
 * `ssoft`: the Solar System Object Fink Table, as Fink's `/api/v1/ssoft`,
 * computed by finkit from an aggregated SSO file with ephemerides (the
 * bundled one by default) the way fink-utils' `build_the_ssoft` does:
 * asteroids with at least 50 observations, one phase-curve fit each
 * (`SHG1G2`, `HG1G2` or `HG`), the synodic period of the fit residuals
 * (multiband Lomb-Scargle, 1 h to 30 days, light-time corrected), the
 * astrometry of the observations against the ephemerides, time spans, and
 * the IAU name and number from `ztf.sso_resolver`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { angularSeparation } from "../../astro/coordinates.ts";
import { isoToJd } from "../../astro/time.ts";
import { fitPhaseCurve, reducedMagnitude } from "../../fit/phasecurve.ts";
import { lombScargleMultiband } from "../../fit/periodogram.ts";
import type { SsoLightCurve } from "../ingest/auxiliary.ts";
import { scanColumns } from "../table/decode.ts";
import { ResultColumns } from "../table/format.ts";
import { aggregatedLightCurves, SAMPLE_SSO_AGGREGATED_PATH } from "./ssobulk.ts";
import { SSOFT_FLAVORS, type SsoftFlavor, ssoftSchema } from "./ssoft_columns.ts";

export { SSOFT_FLAVORS, type SsoftColumn, type SsoftFlavor, ssoftSchema } from "./ssoft_columns.ts";

/** Parameters of {@linkcode ssoft}. */
export interface SsoftParams {
  /** Phase-curve model: `SHG1G2` (default), `HG1G2` or `HG`. */
  flavor?: string;
  /**
   * `YYYY.MM` (from `2023.07` to the current month; default the current
   * month): the table built at the start of that month, from the
   * observations made before it.
   */
  version?: string;
  /** Only the asteroid with this IAU name or provisional designation (`Benoitcarry`). */
  ssoName?: string;
  /** Only the asteroid with this IAU number (`33803`). */
  ssoNumber?: number | string;
  /** An aggregated SSO Parquet file with ephemerides; default the bundled one; `null`: none. */
  path?: string | null;
  /** Fewest observations an asteroid needs to be in the table. Default 50 (Fink's). */
  nmin?: number;
}

/** Fink's first SSoFT. */
const FIRST_VERSION = "2023.07";
/** Light travel time per au, in days (au / c). */
const LIGHT_DAYS_PER_AU = 149_597_870.7 / 299_792.458 / 86_400;

/** The current month as `YYYY.MM` (UTC). */
export function currentSsoftVersion(now: Date = new Date()): string {
  return `${now.getUTCFullYear()}.${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Fink's flavor rule (SOCCA is Fink's, not computed here). */
export function ssoftFlavor(flavor: string | undefined): SsoftFlavor {
  const f = flavor ?? "SHG1G2";
  if ((SSOFT_FLAVORS as readonly string[]).includes(f)) return f as SsoftFlavor;
  if (f === "SOCCA") {
    throw new BadRequestError(
      "flavor",
      f,
      "finkit does not compute the SOCCA flavor (shape, spin and period fit); " +
        "choose SHG1G2, HG1G2 or HG",
    );
  }
  throw new BadRequestError("flavor", f, "one of SHG1G2, HG1G2, HG", {
    fink: "flavor needs to be in ['SOCCA', 'SHG1G2', 'HG1G2', 'HG']\n",
  });
}

/** Fink's version rules; returns the version and the JD its data stop at (start of its month). */
export function ssoftVersion(version: string | undefined, now = new Date()): [string, number] {
  const current = currentSsoftVersion(now);
  const v = version ?? current;
  const m = /^(\d{4})\.(\d{2})$/.exec(v);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new BadRequestError("version", v, "YYYY.MM, e.g. 2024.11", {
      fink: "version needs to be YYYY.MM\n",
    });
  }
  if (v < FIRST_VERSION) {
    throw new BadRequestError("version", v, `from ${FIRST_VERSION}`, {
      fink: "version starts on 2023.07\n",
    });
  }
  if (v > current) {
    throw new BadRequestError("version", v, `at most the current month, ${current}`);
  }
  return [v, isoToJd(`${m[1]}-${m[2]}-01`)];
}

type Row = Record<string, number | string | null>;

const cache = new WeakMap<Store, Map<string, Promise<Row[]>>>();

/** Forget the SSoFT tables computed over `store` (after an ingest changed its asteroid names). */
export function clearSsoftCache(store: Store): void {
  cache.delete(store);
}

/**
 * The SSoFT of `flavor` and `version`: one row per asteroid of the
 * aggregated file with at least `nmin` observations before the version's
 * month, Fink's columns (see {@linkcode ssoftSchema}). An asteroid without
 * ephemerides gets `fit = 2`, `status = -2` (Fink's code when Miriade
 * fails) and nulls. `obliquity` is null (it needs the orbit's pole, from
 * SsODNet); `sso_name` and `sso_number` come from `ztf.sso_resolver`, else
 * the number is the `ssnamenr` when it is one. Tables are computed once per
 * file, flavor and version, then served from memory.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { ssoft } from "./ssoft.ts";
 * const store = await openStore();
 * const t = await ssoft(store, { ssoNumber: 33803, version: "2025.06" });
 * console.log(t.getChild("H_1")?.get(0), t.getChild("alpha0")?.get(0));
 * await store.close();
 * ```
 */
export async function ssoft(store: Store, params: SsoftParams = {}): Promise<Table> {
  const [version, jdStop] = ssoftVersion(params.version); // Fink checks the version first
  const flavor = ssoftFlavor(params.flavor);
  const nmin = params.nmin ?? 50;
  if (!Number.isInteger(nmin) || nmin < 1) {
    throw new BadRequestError("nmin", params.nmin, "a positive integer");
  }
  let number: number | undefined;
  if (params.ssoName === undefined && params.ssoNumber !== undefined) {
    number = Number(String(params.ssoNumber).trim());
    if (!Number.isInteger(number)) {
      throw new BadRequestError("sso_number", params.ssoNumber, "an integer (IAU number)");
    }
  }
  const path = params.path === null ? null : params.path ?? SAMPLE_SSO_AGGREGATED_PATH;
  const key = `${path}\n${flavor}\n${version}\n${nmin}`;
  let perStore = cache.get(store);
  if (!perStore) cache.set(store, perStore = new Map());
  let rows = perStore.get(key);
  if (!rows) {
    rows = path === null
      ? Promise.resolve([]) // no aggregated file: no asteroid to fit
      : buildRows(store, path, flavor, version, jdStop, nmin);
    rows.catch(() => perStore!.delete(key));
    perStore.set(key, rows);
  }
  let out = await rows;
  if (params.ssoName !== undefined) out = out.filter((r) => r.sso_name === params.ssoName);
  else if (number !== undefined) out = out.filter((r) => r.sso_number === number);
  return toTable(out, flavor);
}

async function buildRows(
  store: Store,
  path: string,
  flavor: SsoftFlavor,
  version: string,
  jdStop: number,
  nmin: number,
): Promise<Row[]> {
  const [curves, names] = await Promise.all([aggregatedLightCurves(path), ssoNames(store)]);
  const rows: Row[] = [];
  for (const lc of curves) {
    const row = ssoftRow(lc, flavor, jdStop, nmin);
    if (!row) continue;
    const known = names.get(lc.ssnamenr);
    row.sso_name = known?.name ?? null;
    row.sso_number = known?.number ?? (/^\d+$/.test(lc.ssnamenr) ? Number(lc.ssnamenr) : null);
    row.version = version;
    rows.push(row);
  }
  return rows;
}

/** `ssnamenr` → IAU name and number, from `ztf.sso_resolver` (empty when the store has none). */
async function ssoNames(store: Store): Promise<Map<string, { name: string; number?: number }>> {
  const out = new Map<string, { name: string; number?: number }>();
  if (!(await store.listTables()).includes("ztf.sso_resolver")) return out;
  const cols = await scanColumns(store, "ztf.sso_resolver", {
    columns: ["i:ssnamenr", "i:name", "i:number"],
  });
  const ss = cols.values.get("i:ssnamenr") ?? [], nm = cols.values.get("i:name") ?? [];
  const nb = cols.values.get("i:number") ?? [];
  for (let i = 0; i < cols.length; i++) {
    const n = Number(nb[i]);
    if (typeof ss[i] === "string" && typeof nm[i] === "string" && !out.has(ss[i] as string)) {
      out.set(ss[i] as string, {
        name: nm[i] as string,
        number: Number.isInteger(n) && n > 0 ? n : undefined,
      });
    }
  }
  return out;
}

/** An asteroid's observations before a version's month, sorted by JD, as an SSoFT row uses them. */
export interface SsoftObservations {
  /** JD (UTC). */
  jd: Float64Array;
  /** JD minus the light travel time from the asteroid (`Dobs`). */
  jdLight: Float64Array;
  /** Phase angle [deg]. */
  phase: Float64Array;
  /** Reduced magnitude (`magpsf − 5 log10(Dobs·Dhelio)`). */
  mag: Float64Array;
  /** `sigmapsf`. */
  err: Float64Array;
  /** ZTF `fid`. */
  band: Int32Array;
  /** Observed position [deg]. */
  ra: Float64Array;
  /** Observed position [deg]. */
  dec: Float64Array;
  /** Ephemeris position [deg], when the file has it. */
  raEphem?: Float64Array;
  /** Ephemeris position [deg], when the file has it. */
  decEphem?: Float64Array;
}

/**
 * The observations of `lc` made before `jdStop`, sorted by JD: `undefined`
 * when fewer than `nmin`, `"no ephemerides"` when the file has no `Phase`,
 * `Dobs`, `Dhelio` for them.
 */
export function ssoftObservations(
  lc: SsoLightCurve,
  jdStop: number,
  nmin = 50,
): SsoftObservations | "no ephemerides" | undefined {
  const c = lc.columns;
  const idx = [...c.cjd.keys()].filter((i) => c.cjd[i] < jdStop)
    .sort((a, b) => c.cjd[a] - c.cjd[b]);
  if (idx.length < nmin) return undefined;
  const { Phase, Dobs, Dhelio, RA, DEC } = c;
  if (!Phase || !Dobs || !Dhelio) return "no ephemerides";
  const pick = (a: ArrayLike<number>) => Float64Array.from(idx, (i) => a[i]);
  const jd = pick(c.cjd);
  return {
    jd,
    jdLight: Float64Array.from(idx, (i, k) => jd[k] - Dobs[i] * LIGHT_DAYS_PER_AU),
    phase: pick(Phase),
    mag: Float64Array.from(idx, (i) => reducedMagnitude(c.cmagpsf[i], Dobs[i], Dhelio[i])),
    err: pick(c.csigmapsf),
    band: Int32Array.from(idx, (i) => c.cfid[i]),
    ra: pick(c.cra),
    dec: pick(c.cdec),
    raEphem: RA && pick(RA),
    decEphem: DEC && pick(DEC),
  };
}

/** One asteroid's row, or undefined when it has fewer than `nmin` observations before `jdStop`. */
export function ssoftRow(
  lc: SsoLightCurve,
  flavor: SsoftFlavor,
  jdStop: number,
  nmin = 50,
): Row | undefined {
  const obs = ssoftObservations(lc, jdStop, nmin);
  if (obs === undefined) return undefined;
  const row: Row = { ssnamenr: lc.ssnamenr, flag: 0 };
  if (obs === "no ephemerides") return { ...row, fit: 2, status: -2 };
  const { jd, phase, mag, err, band, ra, dec } = obs;
  // fink-utils fits the observed positions (`i:ra`, `i:dec`) for the spin's aspect angle.
  const fit = fitPhaseCurve({ phase, mag, err, band, ra, dec }, { model: flavor });
  const schema = ssoftSchema(flavor);
  for (const [k, v] of Object.entries(fit)) {
    if (k in schema && typeof v === "number") row[k] = v;
  }
  if (flavor === "SHG1G2" && Number.isFinite(fit.alpha0)) {
    row.alpha0_alt = (fit.alpha0! + 180) % 360;
    row.delta0_alt = -fit.delta0!;
  }
  const bands = [...new Set(band)];
  if (bands.every((b) => Number.isFinite(fit[`H_${b}`]))) {
    const model = fit.model(phase, band, ra, dec);
    const y = mag.map((m, k) => m - model[k]);
    Object.assign(row, periodOfResiduals(obs.jdLight, y, err, band));
  }
  if (obs.raEphem && obs.decEphem) {
    Object.assign(row, astrometry(ra, dec, obs.raEphem, obs.decEphem));
  }
  row.n_days = jd[jd.length - 1] - jd[0];
  for (const b of bands) {
    const t = jd.filter((_, k) => band[k] === b);
    row[`n_days_${b}`] = t[t.length - 1] - t[0];
  }
  row.last_jd = jd[jd.length - 1];
  return row;
}

/**
 * fink-utils' `estimate_synodic_period` on the phase-curve residuals `y`
 * (observation − model) at light-time corrected JDs `t`: a multiband
 * Lomb-Scargle (one base and one per-band harmonic, exact least squares:
 * astropy's 1e-6 ridge moves no peak here and doubles the cost) over periods
 * of 1 h to 30 days; the period in hours, and Σ((y − periodic model)/σ)² / N
 * as `period_chi2red`.
 *
 * @example
 * ```ts
 * import { periodOfResiduals } from "./ssoft.ts";
 * const t = Array.from({ length: 80 }, (_, k) => 2460000 + 37 * ((k * 0.618034) % 1));
 * const band = t.map((_, k) => 1 + (k % 2));
 * const y = t.map((x) => 0.2 * Math.sin((2 * Math.PI * x * 24) / 7.5));
 * periodOfResiduals(t, y, t.map(() => 0.05), band).period; // ≈ 7.5 (hours)
 * ```
 */
export function periodOfResiduals(
  t: ArrayLike<number>,
  y: ArrayLike<number>,
  err: ArrayLike<number>,
  band: ArrayLike<number>,
): { period: number; period_chi2red: number } {
  const ls = lombScargleMultiband({ t, y, dy: err, band }, {
    ntermsBase: 1,
    ntermsBand: 1,
    minimumPeriod: 1 / 24,
    maximumPeriod: 30,
  });
  if (!Number.isFinite(ls.bestFrequency)) return { period: NaN, period_chi2red: NaN };
  const model = ls.model(t, ls.bestFrequency, band);
  let chi2 = 0;
  for (let k = 0; k < y.length; k++) chi2 += ((y[k] - model[k]) / err[k]) ** 2;
  return { period: ls.bestPeriod * 24, period_chi2red: chi2 / y.length };
}

/** Mean, standard deviation, skewness and excess kurtosis (scipy's, biased) of the separations. */
function astrometry(
  ra: Float64Array,
  dec: Float64Array,
  raEph: Float64Array,
  decEph: Float64Array,
) {
  const sep = ra.map((r, k) => angularSeparation(r, dec[k], raEph[k], decEph[k]) * 3600);
  const n = sep.length, mean = sep.reduce((s, x) => s + x, 0) / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (const x of sep) {
    const d = x - mean;
    m2 += d * d / n, m3 += d ** 3 / n, m4 += d ** 4 / n;
  }
  return {
    mean_astrometry: mean,
    std_astrometry: Math.sqrt(m2),
    skew_astrometry: m3 / m2 ** 1.5,
    kurt_astrometry: m4 / (m2 * m2) - 3,
  };
}

/** Rows as a table with every column of the flavor's schema, in its order. */
function toTable(rows: Row[], flavor: SsoftFlavor): Table {
  const schema = ssoftSchema(flavor);
  const r = new ResultColumns(rows.length);
  for (const [name, { type }] of Object.entries(schema)) {
    if (type === "str") {
      r.set(name, rows.map((x) => (x[name] ?? null) as string | null), "string");
    } else if (type === "int" && !name.startsWith("n_days")) { // day spans: JD differences
      r.set(name, rows.map((x) => toLong(x[name])), "long");
    } else {
      r.set(name, Float64Array.from(rows, (x) => num(x[name])), "double");
    }
  }
  return r.toTable(Object.keys(schema));
}

function num(v: number | string | null | undefined): number {
  return typeof v === "number" ? v : NaN;
}

function toLong(v: number | string | null | undefined): bigint | null {
  return typeof v === "number" && Number.isInteger(v) ? BigInt(v) : null;
}
