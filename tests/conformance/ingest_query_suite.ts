/**
 * "Same ingest, same query results": the same alert files ingested into the
 * embedded SQLite store (the reference) and into a backend under test must
 * leave byte-identical tables, and the query API must answer the same on
 * both. A backend test file calls {@linkcode ingestQueryConformance}.
 *
 * Hook: when `query/mod.ts` exports `connect`, open both stores through it
 * here instead of taking them from factories.
 */
import { assertEquals } from "../assert.ts";
import type { Store } from "../../query/store/store.ts";
import { SqliteStore } from "../../query/store/sqlite.ts";
import { ingestFiles } from "../../query/ingest/ingest.ts";
import { objects } from "../../query/api/objects.ts";
import { conesearch } from "../../query/api/conesearch.ts";
import type { StoreFactory } from "./store_suite.ts";

/** Small real alert files (ZTF, from fink-client's test data) used by the suite. */
export const INGEST_FILES = [
  "ZTF19acihgng.avro",
  "ZTF19acxxwrs.avro",
  "ZTF19acyfkzd.avro",
  "ZTF19acyjzeo.avro",
].map((f) => new URL(`../../data/sample/fink-client/datatest/${f}`, import.meta.url).pathname);

async function dump(store: Store): Promise<Record<string, [string, string[], number[][]][]>> {
  const out: Record<string, [string, string[], number[][]][]> = {};
  for (const table of (await store.listTables()).sort()) {
    const rows: [string, string[], number[][]][] = [];
    for await (const r of store.scan(table)) {
      rows.push([r.key, r.columns, r.values.map((v) => [...v])]);
    }
    out[table] = rows;
  }
  return out;
}

const plain = (t: { toArray(): { toJSON(): unknown }[] }) => t.toArray().map((r) => r.toJSON());

/** Register the ingest + query comparison for a backend. */
export function ingestQueryConformance(name: string, factory: StoreFactory): void {
  Deno.test({
    name: `${name}: same ingest and same query results as the embedded store`,
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      const reference = SqliteStore.open(":memory:");
      const { store, cleanup } = await factory();
      try {
        const a = await ingestFiles(reference, INGEST_FILES);
        const b = await ingestFiles(store, INGEST_FILES);
        assertEquals({ ...b, seconds: 0 }, { ...a, seconds: 0 });
        assertEquals(await dump(store), await dump(reference));
        const seen = new Map<string, { ra: number; dec: number }>();
        const f64 = (v: Uint8Array) =>
          new DataView(v.buffer, v.byteOffset, v.byteLength).getFloat64(0);
        const columns = ["i:objectId", "i:ra", "i:dec", "a:origin"];
        for await (const r of reference.scan("ztf", { columns })) {
          const id = new TextDecoder().decode(r.values[r.columns.indexOf("i:objectId")]);
          const origin = r.columns.indexOf("a:origin");
          // Objects whose only alert failed the quality cut have history rows but no index rows.
          const alert = origin >= 0 && new TextDecoder().decode(r.values[origin]) === "alert";
          if (r.key.startsWith("schema") || seen.has(id) || !alert) continue;
          seen.set(id, {
            ra: f64(r.values[r.columns.indexOf("i:ra")]),
            dec: f64(r.values[r.columns.indexOf("i:dec")]),
          });
        }
        assertEquals(seen.size > 0, true, "the reference store holds objects");
        for (const [id, { ra, dec }] of seen) {
          const lc = plain(await objects(reference, { objectId: id }));
          assertEquals(lc.length > 0, true, `light curve of ${id}`);
          assertEquals(plain(await objects(store, { objectId: id })), lc);
          const cone = { ra, dec, radius: 60 };
          const hits = plain(await conesearch(reference, cone));
          assertEquals(hits.length > 0, true, `cone around ${id}`);
          assertEquals(plain(await conesearch(store, cone)), hits);
        }
      } finally {
        await store.close();
        await reference.close();
        await cleanup?.();
      }
    },
  });
}
