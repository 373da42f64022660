/**
 * Small alert files (ZTF's one alert per file) on a real HBase: read and
 * built until a write's worth is pending, then written together. The same
 * files ingested one run each must leave the same rows in every table, with
 * several times the HTTP requests. Each store lives in a fresh namespace,
 * dropped afterwards.
 */
import { assert, assertEquals } from "../../assert.ts";
import { openHBaseStore } from "../../../query/store/hbase.ts";
import { ingestFiles } from "../../../query/ingest/ingest.ts";
import { everyRow } from "../every_row.ts";
import { dropNamespace, HBASE_REST_URL as url, liveName, namespaceUrl } from "./hbase_live.ts";

const DIR = "data/sample/fink-client/datatest/";
const FILES = [
  "ZTF19acihgng.avro",
  "ZTF19acxxwrs.avro",
  "ZTF19acyfkzd.avro",
  "ZTF19acyjzeo.avro",
].map((f) => DIR + f);

Deno.test({
  name: `${liveName("")}: single-alert files written together, same rows as one run per file`,
  ignore: !url,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const id = crypto.randomUUID().slice(0, 8);
    const together = `finkit_test_${id}_together`, apart = `finkit_test_${id}_apart`;
    try {
      const a = openHBaseStore(namespaceUrl(together));
      const summary = await ingestFiles(a, FILES);
      assertEquals(summary.errors, []);
      assertEquals(summary.alerts, FILES.length);
      const b = openHBaseStore(namespaceUrl(apart));
      for (const f of FILES) assertEquals((await ingestFiles(b, [f])).errors, []);
      const [rowsA, rowsB] = [await everyRow(a), await everyRow(b)];
      assert(rowsA.size > 50, `${rowsA.size} rows`);
      assertEquals([...rowsA.keys()].sort(), [...rowsB.keys()].sort());
      for (const [k, v] of rowsA) assertEquals(v, rowsB.get(k), k);
      // Again (tables exist, rows unchanged): one write for the four files instead of four.
      const [a0, b0] = [a.client.requests, b.client.requests];
      await ingestFiles(a, FILES);
      for (const f of FILES) await ingestFiles(b, [f]);
      const [reqA, reqB] = [a.client.requests - a0, b.client.requests - b0];
      assert(reqA * 2 < reqB, `requests: ${reqA} together, ${reqB} one run per file`);
    } finally {
      await dropNamespace(together);
      await dropNamespace(apart);
    }
  },
});
