/**
 * Writing a night's selection of alerts into a `jd_objectId` table with the
 * main table's cells (`ztf.anomaly`, `ztf.slsn`), replacing that night's
 * previous selection so that re-ingesting a night is idempotent.
 *
 * @module
 */
import { type CellRows, putCellRows, type Row, type Store } from "../store/store.ts";
import type { SchemaTypes } from "../store/layout.ts";
import { javaDoubleToString } from "../../astro/time.ts";

/** An alert of the night: its object and time. */
export interface NightKey {
  objectId: string;
  jd: number;
}

/**
 * Replace the rows of `table` whose `jd` lies within the night's alerts
 * (`night`) by the `chosen` alerts, copied from the main table under
 * `jd_objectId`. Returns rows written. The table's column types (`types`)
 * take the main table's; its schema row is the caller's to put, once for
 * all nights.
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
  // One multi-get (a few requests on HBase) rather than a get per alert.
  const mainKey = (a: NightKey) => `${a.objectId}_${javaDoubleToString(a.jd)}`;
  const mains = new Map(
    (await store.getMany("ztf", chosen.map(mainKey))).map((row) => [row.key, row]),
  );
  const copies: { key: string; main: Row }[] = [];
  for (const a of chosen) {
    const main = mains.get(mainKey(a));
    if (main) copies.push({ key: `${javaDoubleToString(a.jd)}_${a.objectId}`, main });
  }
  const keep = new Set(copies.map((r) => r.key));
  const drop = stale.filter((k) => !keep.has(k) && !k.startsWith("schema"));
  if (drop.length) await store.delete(table, drop);
  if (copies.length) {
    for (const [c, ty] of types.get("ztf") ?? []) if (!t.has(c)) t.set(c, ty);
    await putCellRows(store, table, copiedRows(copies), copies.map((_, r) => r));
  }
  return copies.length;
}

/**
 * The main table's rows under the selection's keys, as one {@linkcode CellRows}:
 * the cells are copied once into one buffer, with no object per row.
 */
function copiedRows(copies: { key: string; main: Row }[]): CellRows {
  const names: string[] = [];
  const index = new Map<string, number>();
  let cells = 0, size = 0;
  for (const { main } of copies) {
    cells += main.columns.length;
    if (main.raw) size += main.raw.blob.length;
    else for (const v of main.values) size += v.length;
  }
  const first = new Uint32Array(copies.length + 1);
  const columns = new Uint32Array(cells);
  const bounds = new Uint32Array(2 * cells);
  const bytes = new Uint8Array(size);
  let c = 0, o = 0;
  copies.forEach(({ main }, r) => {
    first[r] = c;
    const raw = main.raw;
    // The embedded store's row is one buffer: copy it whole, cells keep their offsets.
    if (raw) bytes.set(raw.blob, o);
    const values = raw ? undefined : main.values;
    main.columns.forEach((name, i) => {
      let id = index.get(name);
      if (id === undefined) (id = names.length, names.push(name), index.set(name, id));
      columns[c] = id;
      if (raw) {
        bounds[2 * c] = o + raw.bounds[2 * i];
        bounds[2 * c + 1] = o + raw.bounds[2 * i + 1];
      } else {
        bytes.set(values![i], o);
        bounds[2 * c] = o;
        bounds[2 * c + 1] = o += values![i].length;
      }
      c++;
    });
    if (raw) o += raw.blob.length;
  });
  first[copies.length] = c;
  return { keys: copies.map((r) => r.key), first, columns, names, bounds, bytes };
}
