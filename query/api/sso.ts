/**
 * `sso`: light curves of Solar-System objects by number, name or
 * designation, as Fink's `/api/v1/sso`, resolved offline through
 * `ztf.sso_resolver` (several ZTF spellings per asteroid).
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { decodeString } from "../store/codec.ts";
import { emptyColumns, scanColumns } from "../table/decode.ts";
import { formatColumns, ResultColumns } from "../table/format.ts";
import { DEFAULT_SSO_NAMES } from "../ingest/derived.ts";
import { NLIMIT, parseColumns, parseIdList } from "./common.ts";
import { addCutoutColumns, CUTOUT_KINDS, type CutoutKind, withStampKey } from "./cutout_columns.ts";
import { joinEphemerides } from "./ssobulk.ts";
import { asFinkReads } from "../table/float32.ts";
import { fitPhaseCurve, type PhaseCurveResult } from "../../fit/phasecurve.ts";

/** Columns the sHG1G2 residuals need (added to a column selection). */
const RESIDUAL_COLUMNS = ["i:jd", "i:magpsf", "i:sigmapsf", "i:fid", "i:ra", "i:dec"];

/** Parameters of {@linkcode sso}. */
export interface SsoParams {
  /** Number, name or designation (`8467`, `Benoitcarry`, `2010 JO69`, `10P`); an array or a comma list. */
  nOrD: string | number | (string | number)[];
  /**
   * Add ephemerides (`Phase`, `Dobs`, `Dhelio`, `Elong`, `RA`, `DEC`) and the
   * reduced magnitude `i:magpsf_red`, joined from an aggregated SSO file by
   * (`i:ssnamenr`, `i:jd`). Default false.
   */
  withEphem?: boolean;
  /**
   * Add `residuals_shg1g2`: `i:magpsf_red` minus an sHG1G2 fit of this
   * object's alerts (Fink's start: H 15, G1 G2 0.15, R 0.8, pole (180°, 0°);
   * soft-L1 loss). Implies `withEphem`; one object only. A fit that fails
   * (e.g. too few points) gives null residuals, as Fink's NaN. Default false.
   */
  withResiduals?: boolean;
  /** Aggregated SSO file for `withEphem`. Default the bundled one; `null`: none. */
  ephemPath?: string | null;
  /** Add cutouts as 2-D arrays. Default false. */
  withCutouts?: boolean;
  /** Which cutout with `withCutouts`. Default `Science` (as Fink's `/sso`). */
  cutoutKind?: CutoutKind;
  /** Columns to return (`i:ssnamenr` is always added). Default every column. */
  columns?: string | string[];
}

/** One resolved object: the ZTF spellings of an asteroid and its name/number. */
export interface SsoIdentity {
  /** ZTF `ssnamenr` values of the object. */
  ssnamenr: string[];
  /** IAU name when known. */
  name?: string;
  /** MPC number when known. */
  number?: string;
}

const DESIGNATION = /^(\d+|\d{4}[A-Z]{1,2}\d*|\d+[PDI](-[A-Z]+)?|[CPDXI]\/\d{4}[A-Z]{1,2}\d*)$/;

async function resolverRows(
  store: Store,
  key: string,
): Promise<{ ss: string; name: string; number: string }[]> {
  const out = [];
  for await (const row of store.scan("ztf.sso_resolver", { prefix: `${key.toLowerCase()}@` })) {
    const get = (c: string) => {
      const i = row.columns.indexOf(c);
      return i < 0 ? "" : decodeString(row.values[i]);
    };
    out.push({ ss: get("i:ssnamenr"), name: get("i:name"), number: get("i:number") });
  }
  return out;
}

/**
 * Resolve one number, name or designation to its ZTF spellings (offline:
 * `ztf.sso_resolver`, then finkit's bundled names, then the id itself when
 * it looks like a number or designation).
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { resolveSso } from "./sso.ts";
 * const store = await openStore();
 * console.log(await resolveSso(store, "Benoitcarry")); // { ssnamenr: ["8467"], name: "Benoitcarry", number: "8467" }
 * await store.close();
 * ```
 */
export async function resolveSso(store: Store, id: string): Promise<SsoIdentity> {
  const key = id.replaceAll(" ", "");
  let rows = await resolverRows(store, key);
  let name = rows.find((r) => r.name)?.name;
  let number = rows.find((r) => r.number)?.number;
  if (!number) {
    const bundled = Object.entries(DEFAULT_SSO_NAMES).find(([num, nm]) =>
      num === key || nm.toLowerCase() === key.toLowerCase()
    );
    if (bundled) [number, name] = bundled;
  }
  for (const other of [number, name]) {
    if (other && other.toLowerCase() !== key.toLowerCase()) {
      rows = rows.concat(await resolverRows(store, other));
    }
  }
  const ssnamenr = [...new Set(rows.map((r) => r.ss).filter((s) => s !== ""))];
  if (ssnamenr.length === 0) {
    if (number) ssnamenr.push(number);
    else if (DESIGNATION.test(key)) ssnamenr.push(key);
    else {
      throw new BadRequestError(
        "nOrD",
        id,
        `${id} is not a valid name or number known offline (ztf.sso_resolver and bundled names); ` +
          "give an MPC number or a designation (e.g. 2010JO69)",
      );
    }
  }
  return { ssnamenr, name, number };
}

/**
 * Alerts of Solar-System objects (prefix scans of `ztf.ssnamenr` for every
 * ZTF spelling), Fink's columns and derived `v:` columns (no colour), plus
 * `sso_name` and `sso_number`, sorted by `i:jd` descending. Known objects
 * without alerts give an empty table; unresolvable names a `BadRequestError`.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { sso } from "./sso.ts";
 * const store = await openStore();
 * const lc = await sso(store, { nOrD: "8467", withEphem: true });
 * console.log(lc.numRows, lc.getChild("Phase")?.toArray(), lc.getChild("i:magpsf_red")?.toArray());
 * await store.close();
 * ```
 */
export async function sso(store: Store, params: SsoParams): Promise<Table> {
  const ids = parseIdList(
    "nOrD",
    Array.isArray(params.nOrD) ? params.nOrD.map(String) : String(params.nOrD ?? ""),
  )
    .map((s) => s.replaceAll(" ", ""));
  if (params.withResiduals && ids.length > 1) {
    throw new BadRequestError(
      "withResiduals",
      ids.join(","),
      "You cannot request residuals for a list object names: give one object",
      { fink: "You cannot request residuals for a list object names.\n" },
    );
  }
  let columns = parseColumns(params.columns);
  if (columns) {
    const needed = ["i:ssnamenr", ...(params.withResiduals ? RESIDUAL_COLUMNS : [])];
    columns = [...columns, ...needed.filter((c) => !columns!.includes(c))];
  }
  const kinds = params.withCutouts ? ssoCutoutKind(params.cutoutKind) : [];
  // Fink's check, on the columns' text as Fink makes it.
  const text = columns?.join(",") ?? "";
  if (kinds.length && columns && !(text.includes("i:objectId") && text.includes("i:candid"))) {
    throw new BadRequestError(
      "columns",
      params.columns,
      "You need to add 'i:objectId,i:candid' to the columns",
      { fink: "You need to add 'i:objectId,i:candid' to the columns.\n" },
    );
  }
  const stampKey = withStampKey(columns, kinds);
  columns = stampKey.columns;
  const names = new Map<string, SsoIdentity>();
  for (const id of ids) {
    const who = await resolveSso(store, id);
    for (const s of who.ssnamenr) names.set(s, who);
  }
  const cols = emptyColumns();
  for (const s of names.keys()) {
    await scanColumns(store, "ztf.ssnamenr", { prefix: `${s}_`, columns, limit: NLIMIT }, cols);
  }
  const r = ResultColumns.from(cols);
  if (r.length === 0) return r.toTable();
  if (params.withEphem || params.withResiduals) {
    await joinEphemerides(r, { path: params.ephemPath });
  }
  if (params.withResiduals) addShg1g2Residuals(r);
  if (kinds.length) await addCutoutColumns(store, r, kinds);
  if (stampKey.jdAdded) r.drop((c) => c === "i:jd");
  const ss = r.list("i:ssnamenr") ?? [];
  r.set("sso_name", ss.map((s) => names.get(String(s))?.name ?? null), "string");
  // An integer, as Fink's (`rocks.identify`); none for an unnumbered object.
  const number = (s: unknown) => {
    const n = names.get(String(s))?.number;
    return n !== undefined && /^\d+$/.test(n) ? BigInt(n) : null;
  };
  r.set("sso_number", ss.map(number), "long");
  return formatColumns(r, { truncated: columns !== undefined, extractColor: false }).toTable();
}

/** `cutout-kind` of `sso`: one kind, `Science` by default (Fink's check and text; no `All`). */
function ssoCutoutKind(kind: string | undefined): CutoutKind[] {
  kind ??= "Science";
  if ((CUTOUT_KINDS as readonly string[]).includes(kind)) return [kind as CutoutKind];
  throw new BadRequestError("cutoutKind", kind, "choose among Science, Template, Difference", {
    fink: "`cutout-kind` must be `Science`, `Difference`, or `Template`.\n",
  });
}

/**
 * Add `residuals_shg1g2` to alert rows that carry ephemerides (`Phase`,
 * `i:magpsf_red`): fit sHG1G2 per `i:fid` on the alert positions (`i:ra`,
 * `i:dec`) with Fink's single pole start, then `i:magpsf_red − model`.
 * Rows without ephemerides, and every row when the fit fails (`fit ≠ 0`),
 * get null. Returns the fit.
 *
 * @example
 * ```ts
 * import { ResultColumns } from "../table/format.ts";
 * import { addShg1g2Residuals } from "./sso.ts";
 * const r = new ResultColumns(1);
 * for (const c of ["Phase", "i:magpsf_red", "i:sigmapsf", "i:ra", "i:dec"]) r.set(c, [1], "double");
 * r.set("i:fid", [1], "integer");
 * addShg1g2Residuals(r).fit; // 1: one point is not enough, residuals_shg1g2 is null
 * ```
 */
export function addShg1g2Residuals(r: ResultColumns): PhaseCurveResult {
  const phase = r.num("Phase"), mag = r.num("i:magpsf_red"), err = asFinkReads(r, "i:sigmapsf");
  const ra = r.num("i:ra"), dec = r.num("i:dec"), fid = r.num("i:fid");
  const res = fitPhaseCurve(
    { phase, mag, err, band: fid, ra, dec },
    { model: "SHG1G2", poleStarts: [[180, 0]] },
  );
  const out: (number | null)[] = new Array(r.length).fill(null);
  if (res.fit === 0) {
    for (let i = 0; i < r.length; i++) {
      // A point of a band the fit dropped (too few points) has no model: null, Fink's NaN.
      if (!res.bands.includes(String(fid[i]))) continue;
      const m = mag[i] - res.model(phase[i], fid[i], ra[i], dec[i]);
      out[i] = Number.isFinite(m) ? m : null;
    }
  }
  r.set("residuals_shg1g2", out, "double");
  return res;
}
