/**
 * Decoding in a worker beside the writer (query/ingest/pipeline.ts) writes
 * the stores the single-threaded ingest writes, byte for byte, with the same
 * summary: the whole sample (alert, auxiliary and skipped files), and a run
 * with a truncated file, a missing file and good files around them (the bad
 * files write nothing, the others everything).
 */
import { assert, assertEquals } from "../../assert.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { ingestFiles, type IngestSummary } from "../../../query/ingest/ingest.ts";
import { findAlertFiles } from "../../../query/ingest/read.ts";
import { encodeKeys } from "../../../query/ingest/pipeline.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };

/** Every table's rows: key, columns and values (hex). */
async function rowsOf(store: SqliteStore): Promise<Record<string, string[]>> {
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  const out: Record<string, string[]> = {};
  for (const t of await store.listTables()) {
    out[t] = [];
    for await (const r of store.scan(t)) {
      out[t].push(`${r.key}\t${r.columns.map((c, i) => `${c}=${hex(r.values[i])}`).join(" ")}`);
    }
  }
  return out;
}

async function both(files: string[], commitSeconds?: number) {
  const out: {
    rows: Record<string, string[]>;
    summary: Omit<IngestSummary, "seconds" | "rows">;
  }[] = [];
  for (const decodeWorker of [false, true]) {
    const store = SqliteStore.open(":memory:");
    // Puts counted differ: the worker records history file by file, the writer across files.
    const { seconds: _, rows: _puts, ...summary } = await ingestFiles(store, files, {
      decodeWorker,
      commitSeconds,
    });
    out.push({ rows: await rowsOf(store), summary });
    await store.close();
  }
  return out;
}

Deno.test({
  name: "the sample ingested with a decoding worker gives the same store and summary",
  ...opts,
  fn: async () => {
    const [plain, worker] = await both(await findAlertFiles(["data/sample"]));
    assert(plain.summary.alerts > 300 && plain.summary.skipped.length > 0);
    assert(plain.rows["ztf.orb_cand"].length > 1, "auxiliary files written");
    assertEquals(worker.summary, plain.summary);
    assertEquals(worker.rows, plain.rows);
  },
});

Deno.test({
  name: "with a decoding worker, truncated and missing files write nothing, as without",
  ...opts,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const src = "data/sample/fink-client/datatest/ztf/part-3-305711.avro";
      const bytes = await Deno.readFile(src);
      await Deno.writeFile(`${dir}/truncated.avro`, bytes.subarray(0, bytes.length - 5000));
      const files = [
        "data/sample/fink-client/datatest/ZTF19acihgng.avro",
        `${dir}/truncated.avro`,
        `${dir}/missing.avro`,
        src,
        "data/sample/fink-client/datatest/ZTF19acyjzeo.avro",
      ];
      for (const commitSeconds of [0, 0.5]) {
        const [plain, worker] = await both(files, commitSeconds);
        assertEquals(plain.summary.errors.length, 2);
        assertEquals(plain.summary.alerts, 1 + 31 + 1);
        assertEquals(worker.summary, plain.summary);
        assertEquals(worker.rows, plain.rows);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("encodeKeys: the keys' UTF-8 bytes one after the other, ASCII or not", () => {
  const enc = new TextEncoder();
  const cases = [
    [],
    ["ZTF21abfmbix_2459386.7210764", "SN candidate_2459386.7210764_ZTF21abfmbix", ""],
    ["a", "é", "(TNS) SN Ia_1", "𝔘_2", "lone \ud800 surrogate", "z"],
  ];
  for (const keys of cases) {
    const { keyBytes, keyEnds } = encodeKeys(keys);
    let start = 0;
    keys.forEach((k, r) => {
      assertEquals(keyBytes.subarray(start, keyEnds[r]), enc.encode(k), k);
      start = keyEnds[r];
    });
    assertEquals(keyBytes.length, start);
  }
});
