/**
 * Writing a night's selection of alerts into a `jd_objectId` table with the
 * main table's cells (`ztf.anomaly`, `ztf.slsn`), replacing that night's
 * previous selection so that re-ingesting a night is idempotent.
 *
 * @module
 */
import type { PutRow, Store } from "../store/store.ts";
import { RowBuilder, schemaRow, type SchemaTypes } from "../store/layout.ts";
import { javaDoubleToString } from "../../astro/time.ts";

/** An alert of the night: its object and time. */
export interface NightKey {
  objectId: string;
  jd: number;
}

/**
 * Replace the rows of `table` whose `jd` lies within the night's alerts
 * (`night`) by the `chosen` alerts, copied from the main table under
 * `jd_objectId`. Returns rows written.
 */
export async function replaceNightSelection(
  store: Store,
  table: string,
  night: NightKey[],
  chosen: NightKey[],
  types: SchemaTypes,
): Promise<number> {
  if (night.length === 0) return 0;
  // A loop, not Math.min(...jds): a ZTF night has ~200,000 alerts, past the
  // number of arguments a call can take.
  let lo = Infinity, hi = -Infinity;
  for (const a of night) {
    if (a.jd < lo) lo = a.jd;
    if (a.jd > hi) hi = a.jd;
  }
  const stale: string[] = [];
  for await (
    const r of store.scan(table, {
      startRow: javaDoubleToString(lo),
      stopRow: `${javaDoubleToString(hi)}_\u{10FFFF}`,
      columns: ["i:jd"],
    })
  ) stale.push(r.key);
  let t = types.get(table);
  if (!t) types.set(table, t = new Map());
  const rows: PutRow[] = [];
  // One multi-get (a few requests on HBase) rather than a get per alert.
  const mainKey = (a: NightKey) => `${a.objectId}_${javaDoubleToString(a.jd)}`;
  const mains = new Map(
    (await store.getMany("ztf", chosen.map(mainKey))).map((row) => [row.key, row]),
  );
  for (const a of chosen) {
    const main = mains.get(mainKey(a));
    if (!main) continue;
    const b = new RowBuilder(`${javaDoubleToString(a.jd)}_${a.objectId}`, t);
    main.columns.forEach((c, i) => (b.cells[c] = main.values[i]));
    rows.push(b.row());
  }
  const keep = new Set(rows.map((r) => r.key));
  const drop = stale.filter((k) => !keep.has(k) && !k.startsWith("schema"));
  if (drop.length) await store.delete(table, drop);
  if (rows.length) {
    for (const [c, ty] of types.get("ztf") ?? []) if (!t.has(c)) t.set(c, ty);
    await store.put(table, rows);
    await store.put(table, [schemaRow(t)]);
  }
  return rows.length;
}
