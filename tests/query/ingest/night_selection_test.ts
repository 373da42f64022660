/**
 * A night's selection (`ztf.anomaly`, `ztf.slsn`) replaces the rows of that
 * night only, for a night as large as ZTF's (250,000 alerts: more than a
 * function call takes as arguments).
 */
import { assertEquals } from "../../assert.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { replaceNightSelection } from "../../../query/ingest/night_selection.ts";
import { javaDoubleToString } from "../../../astro/time.ts";
import { SCHEMA_ROWKEY } from "../../../query/store/layout.ts";

Deno.test("night selection: a 250,000-alert night's rows are replaced, another night's kept", async () => {
  const store = SqliteStore.open(":memory:");
  await store.createTable("ztf", ["i", "d"]);
  await store.createTable("ztf.anomaly", ["i", "d"]);
  // Every row of a selection holds `i:jd` (copied from the main table), which the stale-row scan
  // selects: as HBase, a store returns no row without a cell in the columns asked.
  const cell = (s: string) => ({
    "i:jd": new TextEncoder().encode("0"),
    "i:objectId": new TextEncoder().encode(s),
    "d:note": new TextEncoder().encode(`${s}!`),
  });
  const jd0 = 2460000.6;
  const night = Array.from({ length: 250_000 }, (_, k) => ({
    objectId: `ZTF26a${String(k).padStart(6, "0")}`,
    jd: jd0 + k * 1e-6,
  }));
  const chosen = [night[7], night[123_456]];
  await store.put(
    "ztf",
    chosen.map((a) => ({
      key: `${a.objectId}_${javaDoubleToString(a.jd)}`,
      cells: cell(a.objectId),
    })),
  );
  const before = `${javaDoubleToString(jd0 - 1)}_ZTF25yesterday`;
  const stale = `${javaDoubleToString(night[99].jd)}_${night[99].objectId}`;
  await store.put("ztf.anomaly", [before, stale].map((key) => ({ key, cells: cell(key) })));
  const written = await replaceNightSelection(store, "ztf.anomaly", night, chosen, new Map());
  assertEquals(written, 2);
  const keys: string[] = [];
  for await (const r of store.scan("ztf.anomaly")) {
    if (!r.key.startsWith("schema")) keys.push(r.key);
  }
  assertEquals(keys, [
    before,
    ...chosen.map((a) => `${javaDoubleToString(a.jd)}_${a.objectId}`),
  ]);
  // The chosen alerts' cells, copied from the main table; the schema row is the caller's.
  for (const a of chosen) {
    const copy = await store.get("ztf.anomaly", `${javaDoubleToString(a.jd)}_${a.objectId}`);
    assertEquals(copy?.columns, ["d:note", "i:jd", "i:objectId"]);
    assertEquals(copy?.values.map((v) => new TextDecoder().decode(v)), [
      `${a.objectId}!`,
      "0",
      a.objectId,
    ]);
  }
  assertEquals(await store.get("ztf.anomaly", SCHEMA_ROWKEY), undefined);
  await store.close();
});
