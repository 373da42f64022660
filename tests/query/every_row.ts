/** Every row of a store, for tests that compare two stores (or one store before and after). */
import type { Store } from "../../query/store/store.ts";

/** Every row of every table of `store`, keyed `table rowkey`, its cells as `column=base64`. */
export async function everyRow(store: Store): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const table of await store.listTables()) {
    for await (const r of store.scan(table)) {
      const cells = r.columns.map((c, i) => `${c}=${r.values[i].toBase64()}`).join(",");
      out.set(`${table} ${r.key}`, cells);
    }
  }
  return out;
}
