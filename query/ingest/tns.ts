/**
 * `ztf.tns_resolver` from a TNS public-objects catalogue (the CSV that TNS
 * publishes as `tns_public_objects.csv`, which Fink downloads nightly:
 * `fink-broker:bin/ztf/tns_resolver.py`, `format_tns_for_hbase`). One row
 * per internal name (the comma-separated `internal_names` exploded), keyed
 * `lower(fullname + "_" + internalname)` (`sn 2023q_ztf23aaaahln`), with
 * `d:fullname, d:ra, d:declination, d:type, d:redshift, d:internalname,
 * d:discoverydate`. finkit cannot download the catalogue (offline by
 * design): give it the file.
 *
 * @module
 */
import type { PutRow, Store } from "../store/store.ts";
import { RowBuilder, schemaRow } from "../store/layout.ts";
import { parseCsv } from "../table/csv.ts";
import { FinkError } from "../../astro/errors.ts";
import { clearSchemaCache } from "../table/decode.ts";

/** Columns of the TNS catalogue this ingest reads. */
export const TNS_CATALOGUE_COLUMNS = [
  "name_prefix",
  "name",
  "ra",
  "declination",
  "type",
  "redshift",
  "internal_names",
  "discoverydate",
] as const;

/** What {@linkcode ingestTnsCatalogue} did. */
export interface TnsIngestSummary {
  /** Catalogue entries read. */
  objects: number;
  /** `ztf.tns_resolver` rows written (one per internal name). */
  rows: number;
  /** Entries without internal names (Fink drops them too). */
  skipped: number;
}

/**
 * The `ztf.tns_resolver` rows of a TNS catalogue text (CSV with a header; a
 * first line without `name_prefix`, TNS's timestamp line, is skipped). Fink's
 * rules: entries without `internal_names` are dropped, `type` is a string
 * (`nan` when empty, as pandas writes it), empty numbers are left out.
 * Throws a `FinkError` naming the missing columns.
 *
 * @example
 * ```ts
 * import { tnsResolverRows } from "./tns.ts";
 * const csv = "name_prefix,name,ra,declination,type,redshift,internal_names,discoverydate\n" +
 *   'SN,2023q,150.1,2.2,SN Ia,0.03,"ZTF23aaaahln, ATLAS23abc",2023-01-02 03:04:05\n';
 * tnsResolverRows(csv).rows.map((r) => r.key); // ["sn 2023q_ztf23aaaahln", "sn 2023q_atlas23abc"]
 * ```
 */
export function tnsResolverRows(
  text: string,
): { rows: PutRow[]; types: Map<string, string>; objects: number; skipped: number } {
  const lines = text.replace(/^\uFEFF/, "");
  const firstEnd = lines.indexOf("\n");
  const body = firstEnd >= 0 && !lines.slice(0, firstEnd).includes("name_prefix")
    ? lines.slice(firstEnd + 1)
    : lines;
  let records: Record<string, string>[];
  try {
    records = parseCsv(body);
  } catch (e) {
    throw new FinkError(`not a TNS public-objects catalogue: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const header = records.length ? Object.keys(records[0]) : [];
  const missing = TNS_CATALOGUE_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new FinkError(
      `not a TNS public-objects catalogue: missing column(s) ${missing.join(", ")} ` +
        `(expected ${TNS_CATALOGUE_COLUMNS.join(", ")})`,
    );
  }
  const types = new Map<string, string>();
  const rows: PutRow[] = [];
  let skipped = 0;
  const num = (s: string) => (s.trim() === "" ? null : Number(s));
  for (const r of records) {
    const internals = (r.internal_names ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (internals.length === 0) {
      skipped++;
      continue;
    }
    const fullname = `${r.name_prefix} ${r.name}`;
    for (const internal of internals) {
      rows.push(
        new RowBuilder(`${fullname}_${internal}`.toLowerCase(), types)
          .set("d:fullname", fullname, "string")
          .set("d:ra", num(r.ra), "double")
          .set("d:declination", num(r.declination), "double")
          .set("d:type", r.type === "" ? "nan" : r.type, "string")
          .set("d:redshift", num(r.redshift), "double")
          .set("d:internalname", internal, "string")
          .set("d:discoverydate", r.discoverydate, "string")
          .row(),
      );
    }
  }
  return { rows, types, objects: records.length, skipped };
}

/**
 * Fill `ztf.tns_resolver` from a TNS public-objects CSV file (unzipped), so
 * that `resolver({ resolver: "tns" })` works offline. Rows are upserted;
 * nothing is written when the file is not a TNS catalogue.
 *
 * @example
 * ```ts ignore
 * import { connect, ingestTnsCatalogue } from "../../mod.ts";
 * const fink = await connect("file:alerts.db");
 * await ingestTnsCatalogue(fink.store, "tns_public_objects.csv");
 * await fink.resolver({ resolver: "tns", name: "SN 2023q" });
 * ```
 */
export async function ingestTnsCatalogue(
  store: Store,
  path: string,
  options: { batchSize?: number } = {},
): Promise<TnsIngestSummary> {
  const { rows, types, objects, skipped } = tnsResolverRows(await Deno.readTextFile(path));
  const batch = options.batchSize ?? 5000;
  await store.createTable("ztf.tns_resolver", ["d"]);
  await store.transaction(async () => {
    for (let i = 0; i < rows.length; i += batch) {
      await store.put("ztf.tns_resolver", rows.slice(i, i + batch));
    }
    if (rows.length) await store.put("ztf.tns_resolver", [schemaRow(types)]);
  });
  clearSchemaCache(store);
  return { objects, rows: rows.length, skipped };
}
