/**
 * `sso`: light curves of Solar-System objects by number, name or
 * designation, as Fink's `/api/v1/sso`, resolved offline through
 * `ztf.sso_resolver` (several ZTF spellings per asteroid).
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store.ts";
import { BadRequestError } from "../errors.ts";
import { decodeString } from "../codec.ts";
import { emptyColumns, scanColumns } from "../decode.ts";
import { formatColumns, ResultColumns } from "../format.ts";
import { DEFAULT_SSO_NAMES } from "../ingest/ingest.ts";
import { NLIMIT, parseColumns, parseIdList } from "./common.ts";
import { addCutoutColumns, type CutoutKind, parseCutoutKind } from "./cutout_columns.ts";
import { joinEphemerides } from "./ssobulk.ts";

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
  /** Aggregated SSO file for `withEphem`. Default the bundled one. */
  ephemPath?: string;
  /** Add cutouts as 2-D arrays. Default false. */
  withCutouts?: boolean;
  /** Which cutout with `withCutouts`. Default `Science` (as Fink's `/sso`). */
  cutoutKind?: CutoutKind | "All";
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
  let columns = parseColumns(params.columns);
  if (columns && !columns.includes("i:ssnamenr")) columns = [...columns, "i:ssnamenr"];
  const kinds = params.withCutouts ? parseCutoutKind(params.cutoutKind ?? "Science") : [];
  if (kinds.length && columns && !(columns.includes("i:objectId") && columns.includes("i:jd"))) {
    throw new BadRequestError(
      "columns",
      params.columns,
      "You need to add 'i:objectId,i:jd' to the columns",
    );
  }
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
  if (params.withEphem) await joinEphemerides(r, { path: params.ephemPath });
  if (kinds.length) await addCutoutColumns(store, r, kinds);
  const ss = r.get("i:ssnamenr") ?? [];
  r.set("sso_name", ss.map((s) => names.get(String(s))?.name ?? null), "string");
  r.set("sso_number", ss.map((s) => names.get(String(s))?.number ?? null), "string");
  return formatColumns(r, { truncated: columns !== undefined, extractColor: false }).toTable();
}
