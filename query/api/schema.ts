/**
 * `schema`: the columns of Fink's alert tables with their types and short
 * descriptions, as Fink's `/api/v1/schema`, read from the store's schema rows.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "../store/store.ts";
import { loadSchema } from "../table/decode.ts";
import { makeFinkTable } from "../table/arrow.ts";
import { COLUMN_DOCS, COMPUTED_COLUMNS } from "./schema_docs.ts";
import { BLAZAR_STATS, DROPPED } from "../table/format.ts";

/** Fink's groups of columns, by family. */
export const SCHEMA_GROUPS: Readonly<Record<string, string>> = {
  i: "ZTF original fields (i:)",
  b: "ZTF original cutouts (b:)",
  d: "Fink science module outputs (d:)",
  v: "Fink on-the-fly added values (v:)",
};

/**
 * The column list: one row per column with `group` (Fink's heading),
 * `column` (`i:jd`…), `type` (the cell type of the store's schema rows) and
 * `doc`; `i:` and `d:` columns from the main table, `b:` from `ztf.cutouts`
 * (served as 2-D arrays), `v:` computed. Sorted by group then name.
 *
 * @example
 * ```ts
 * import { openStore } from "../open.ts";
 * import { schema } from "./schema.ts";
 * const store = await openStore();
 * const cols = await schema(store);
 * console.log(cols.numRows, cols.getChild("column")?.get(0));
 * await store.close();
 * ```
 */
export async function schema(store: Store): Promise<Table> {
  const entries = new Map<string, string>();
  const tables = await store.listTables();
  if (tables.includes("ztf")) {
    for (const [c, t] of await loadSchema(store, "ztf")) {
      if ((c.startsWith("i:") || c.startsWith("d:")) && !DROPPED(c)) entries.set(c, t);
    }
  }
  if (tables.includes("ztf.cutouts")) {
    for (const c of (await loadSchema(store, "ztf.cutouts")).keys()) {
      if (c.startsWith("b:")) entries.set(c, "array2d");
    }
  }
  // Columns formatting fills in when absent (Fink's defaults), so objects always has them.
  for (const b of BLAZAR_STATS) {
    if (!entries.has(`d:blazar_stats_${b}`)) entries.set(`d:blazar_stats_${b}`, "float");
  }
  entries.set("d:tag", "string"); // objects with upper limits: valid, upperlim, badquality
  for (const [c, t] of Object.entries(COMPUTED_COLUMNS)) entries.set(c, t);
  const order = ["i", "b", "d", "v"];
  const names = [...entries.keys()].sort((a, b) =>
    order.indexOf(a[0]) - order.indexOf(b[0]) || (a < b ? -1 : a > b ? 1 : 0)
  );
  const docOf = (c: string) =>
    COLUMN_DOCS[c] ?? `${c.slice(2)}: carried by the ingested alerts (not in Fink's schema)`;
  return makeFinkTable(
    new Map([
      ["group", { values: names.map((c) => SCHEMA_GROUPS[c[0]]), type: "string" }],
      ["column", { values: names, type: "string" }],
      ["type", { values: names.map((c) => entries.get(c)!), type: "string" }],
      ["doc", { values: names.map(docOf), type: "string" }],
    ]),
  );
}
