/**
 * `resolver`: names ↔ ZTF objects, as Fink's `/api/v1/resolver`, answered
 * offline from the store: `ssodnet` through `ztf.sso_resolver`, `simbad`
 * reverse through the main table's `d:cdsxmatch`, `tns` through
 * `ztf.tns_resolver` when the store has it.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { BadRequestError } from "../../astro/errors.ts";
import { emptyColumns, scanColumns } from "../table/decode.ts";
import { ResultColumns } from "../table/format.ts";
import { countParam } from "./common.ts";

/** Resolvers of {@linkcode resolver}. */
export const RESOLVERS = ["simbad", "ssodnet", "tns"] as const;

/** A resolver name. */
export type Resolver = typeof RESOLVERS[number];

/** Parameters of {@linkcode resolver}. */
export interface ResolverParams {
  /** `ssodnet` (asteroids and comets), `simbad` (reverse only offline) or `tns`. */
  resolver: Resolver;
  /** A name (forward) or a ZTF objectId (reverse). `""` lists the TNS table. */
  name: string;
  /** From a ZTF objectId to names. Default false. */
  reverse?: boolean;
  /** Most rows (forward `ssodnet` with `nmax > 1` is a prefix search). Default 10. */
  nmax?: number;
}

const SSO_COLUMNS = ["i:ssnamenr", "i:name", "i:number"];
const SIMBAD_COLUMNS = ["i:objectId", "d:cdsxmatch", "i:ra", "i:dec", "i:candid", "i:jd"];
const TNS_COLUMNS = [
  "d:declination",
  "d:fullname",
  "d:internalname",
  "d:ra",
  "d:type",
  "d:redshift",
  "d:discoverydate",
];

/**
 * Resolve a name.
 *
 * - `ssodnet` forward: rows of `ztf.sso_resolver` for the name (lower-cased;
 *   `nmax = 1` → that exact name with all its ZTF spellings, `nmax > 1` →
 *   names starting with it, at most `nmax`); columns `i:ssnamenr, i:name,
 *   i:number`. Reverse: the `i:ssnamenr` values of the object's alerts, then
 *   every resolver row holding them.
 * - `simbad` reverse: the object's alerts (`i:objectId, d:cdsxmatch, i:ra,
 *   i:dec, i:candid, i:jd`, at most `nmax`). Forward needs CDS Sesame: a
 *   `BadRequestError` offline.
 * - `tns`: `ztf.tns_resolver` (prefix on the lower-cased name; reverse: rows
 *   whose key contains `_<objectId>`); a `BadRequestError` when the store has
 *   no such table (the bundled data has no TNS names).
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { resolver } from "./resolver.ts";
 * const store = await openStore();
 * const rows = await resolver(store, { resolver: "ssodnet", name: "Benoitcarry", nmax: 1 });
 * console.log(rows.getChild("i:ssnamenr")?.toArray()); // ["8467"]
 * await store.close();
 * ```
 */
export async function resolver(store: Store, params: ResolverParams): Promise<Table> {
  const kind = params.resolver;
  if (!(RESOLVERS as readonly string[]).includes(kind)) {
    throw new BadRequestError("resolver", kind ?? null, `allowed: ${RESOLVERS.join(", ")}`);
  }
  const name = String(params.name ?? "").trim();
  if (name === "" && kind !== "tns") {
    throw new BadRequestError("name", params.name ?? null, "A value for `name` is required");
  }
  const nmax = countParam("nmax", params.nmax, 10);
  const reverse = params.reverse === true;
  if (kind === "ssodnet") {
    return reverse ? await ssodnetReverse(store, name) : await ssodnet(store, name, nmax);
  }
  if (kind === "simbad") {
    if (!reverse) {
      throw new BadRequestError(
        "name",
        name,
        "forward SIMBAD resolution needs CDS Sesame, which is not reachable offline; " +
          "use `reverse: true` with a ZTF objectId",
      );
    }
    return await simbadReverse(store, name, nmax);
  }
  return await tns(store, name, reverse, nmax);
}

async function ssodnet(store: Store, name: string, nmax: number): Promise<Table> {
  const key = name.toLowerCase().replaceAll(" ", "");
  const options = nmax === 1 ? { prefix: `${key}@` } : { prefix: key, limit: nmax };
  const cols = await scanColumns(store, "ztf.sso_resolver", { ...options, columns: SSO_COLUMNS });
  return ResultColumns.from(cols).toTable(SSO_COLUMNS);
}

async function ssodnetReverse(store: Store, objectId: string): Promise<Table> {
  const alerts = await scanColumns(store, "ztf", { prefix: objectId, columns: ["i:ssnamenr"] });
  const wanted = new Set(
    (alerts.values.get("i:ssnamenr") ?? []).filter((s) =>
      typeof s === "string" && s !== "null" && s !== ""
    ),
  );
  const cols = emptyColumns();
  if (wanted.size) {
    const all = await scanColumns(store, "ztf.sso_resolver", { columns: SSO_COLUMNS });
    const ss = all.values.get("i:ssnamenr") ?? [];
    const r = ResultColumns.from(all);
    r.take([...ss.keys()].filter((i) => wanted.has(ss[i])));
    return r.toTable(["i:number", "i:name", "i:ssnamenr"]);
  }
  return ResultColumns.from(cols).toTable();
}

async function simbadReverse(store: Store, objectId: string, nmax: number): Promise<Table> {
  // Only real alerts carry Fink's cross-match (history rows have no d:cdsxmatch).
  const cols = await scanColumns(store, "ztf", {
    prefix: objectId,
    columns: [...SIMBAD_COLUMNS, "a:origin"],
  });
  const r = ResultColumns.from(cols);
  const origin = r.get("a:origin") ?? [];
  r.take([...Array(r.length).keys()].filter((i) => origin[i] !== "history").slice(0, nmax));
  // As Fink: the scan's cells untyped, as text (`"315.8562863"`, the candid's digits).
  for (const name of SIMBAD_COLUMNS) {
    const values = r.list(name);
    if (values) r.set(name, values.map((v) => (v === null ? null : String(v))), "string");
  }
  return r.toTable(SIMBAD_COLUMNS);
}

/** `AT2023abc` → `AT 2023abc`, as Fink's portal writes TNS names before resolving them. */
function tnsName(name: string): string {
  const m = /^(AT|SN|TDE|FRB)(\d{4}[a-z]*)$/i.exec(name.trim());
  return m ? `${m[1]} ${m[2]}` : name;
}

async function tns(store: Store, name: string, reverse: boolean, nmax: number): Promise<Table> {
  if (!(await store.listTables()).includes("ztf.tns_resolver")) {
    throw new BadRequestError(
      "resolver",
      "tns",
      "TNS resolution needs the `ztf.tns_resolver` table (TNS names), which this store does not " +
        "have yet: fill it from TNS's public-objects CSV with `ingestTnsCatalogue(store, path)` " +
        "(the bundled sample carries TNS types in `d:tns`, not TNS names)",
    );
  }
  const cols = emptyColumns();
  if (reverse) {
    const needle = `_${name}`.toLowerCase();
    const all = await scanColumns(store, "ztf.tns_resolver", { columns: TNS_COLUMNS });
    const r = ResultColumns.from(all);
    r.take(
      all.keys.map((k, i) => [k, i] as const).filter(([k]) => k.toLowerCase().includes(needle))
        .map(([, i]) => i).slice(0, nmax),
    );
    return r.toTable(TNS_COLUMNS);
  }
  await scanColumns(store, "ztf.tns_resolver", {
    prefix: name === "" ? undefined : tnsName(name).toLowerCase(),
    limit: nmax,
    columns: TNS_COLUMNS,
  }, cols);
  return ResultColumns.from(cols).toTable(TNS_COLUMNS);
}
