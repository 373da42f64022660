/**
 * The fast ingest path (cells encoded into one buffer, packed by column rank,
 * commits grouped by files) writes exactly the rows the per-cell path wrote:
 * per-table digests of the sample store against `sample_rows_before.json`,
 * made with finkit at commit 0d89b90 (before the fast path) by the same dump
 * (updated since for `ztf.sso_cand`, whose int32/int8 columns are written as integers, for
 * the main and index tables, which keep Fink's columns only, NaN values as cells, and for
 * `statistics_class`, whose rows hold the time `statistics` answers as `key:time`);
 * the `put` fallback (a backend without `putCells`, as HBase) gives the same
 * rows; `writeCell` gives `encodeCell`'s bytes; the Avro `long` decoder is exact.
 */
import avro from "avsc";
import { Buffer } from "node:buffer";
import { assert, assertEquals } from "../../assert.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import type { Store } from "../../../query/store/store.ts";
import { ingestFiles, IngestSession } from "../../../query/ingest/ingest.ts";
import { findAlertFiles } from "../../../query/ingest/read.ts";
import { ByteWriter, encodeCell, writeCell } from "../../../query/store/codec.ts";
import { AVRO_BIGINT_LONG } from "../../../query/ingest/avro.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** Per table: rows and a digest of every key, column and value (paths relative to the cwd). */
async function digests(store: Store): Promise<Record<string, string>> {
  const cwdUri = new TextEncoder().encode(`file://${Deno.cwd()}/`);
  const out: Record<string, string> = {};
  for (const t of await store.listTables()) {
    const lines: string[] = [];
    for await (const r of store.scan(t)) {
      lines.push(
        r.key + "\t" + r.columns.map((c, i) => {
          let v = r.values[i];
          if (c === "d:hdfs_path" && cwdUri.every((b, j) => v[j] === b)) {
            v = v.subarray(cwdUri.length);
          }
          return `${c}=${hex(v)}`;
        }).join(" "),
      );
    }
    const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(lines.join("\n")));
    out[t] = `${lines.length} ${hex(new Uint8Array(d)).slice(0, 32)}`;
  }
  return out;
}

const expected: Record<string, string> = JSON.parse(
  await Deno.readTextFile(new URL("./sample_rows_before.json", import.meta.url)),
);

Deno.test({
  name: "the fast path writes the sample's rows exactly as the per-cell path did",
  ...opts,
  fn: async () => {
    const store = SqliteStore.open(":memory:");
    await ingestFiles(store, await findAlertFiles(["data/sample"]));
    assertEquals(await digests(store), expected);
    await store.close();
  },
});

Deno.test({
  name: "one commit per file (commitSeconds 0) writes the same rows",
  ...opts,
  fn: async () => {
    const store = SqliteStore.open(":memory:");
    await ingestFiles(store, await findAlertFiles(["data/sample"]), { commitSeconds: 0 });
    assertEquals(await digests(store), expected);
    await store.close();
  },
});

Deno.test({
  name: "a backend without putCells (HBase) gets the same rows through put",
  ...opts,
  fn: async () => {
    const inner = SqliteStore.open(":memory:");
    // Every method but putCells, as the HBase backend.
    const plain: Store = {
      description: "plain",
      listTables: () => inner.listTables(),
      createTable: (t, f) => inner.createTable(t, f),
      get: (t, k, o) => inner.get(t, k, o),
      getMany: (t, k, o) => inner.getMany(t, k, o),
      scan: (t, o) => inner.scan(t, o),
      put: (t, r, o) => inner.put(t, r, o),
      delete: (t, k) => inner.delete(t, k),
      transaction: (fn) => inner.transaction(fn),
      count: (t, o) => inner.count(t, o),
      close: () => inner.close(),
    };
    await ingestFiles(plain, await findAlertFiles(["data/sample"]));
    assertEquals(await digests(inner), expected);
    await inner.close();
  },
});

Deno.test({
  name: "a file failing half-way leaves no row and no trace in the run (counts, nights)",
  ...opts,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const good = "data/sample/fink-client/datatest/ZTF19acihgng.avro";
    const src = await Deno.readFile("data/sample/fink-client/datatest/ztf/part-3-305711.avro");
    await Deno.writeFile(`${dir}/truncated.avro`, src.subarray(0, Math.floor(src.length * 0.8)));
    const a = SqliteStore.open(":memory:"), b = SqliteStore.open(":memory:");
    const withBad = await ingestFiles(a, [`${dir}/truncated.avro`, good]);
    const alone = await ingestFiles(b, [good]);
    assertEquals(withBad.errors.length, 1);
    assert(withBad.errors[0].recordIndex! > 0, "records were read before the cut");
    for (const k of ["alerts", "scienceAlerts", "objects", "rows"] as const) {
      assertEquals(withBad[k], alone[k], k);
    }
    assertEquals(await digests(a), await digests(b));
    await a.close();
    await b.close();
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test("commitSeconds must be a finite number ≥ 0, named in the error", async () => {
  const store = SqliteStore.open(":memory:");
  for (const bad of [-1, Infinity, NaN, "1"]) {
    let message = "";
    try {
      await IngestSession.begin(store, { commitSeconds: bad as number });
    } catch (e) {
      message = (e as Error).message;
    }
    assert(message.startsWith("commitSeconds must be"), `${bad}: ${message}`);
  }
  await store.close();
});

Deno.test("writeCell appends encodeCell's bytes and throws its errors", () => {
  const w = new ByteWriter(4); // grows
  const cases: [string, unknown][] = [
    ["double", 2459795.8062153],
    ["double", -0],
    ["double", "12.5"],
    ["float", 18.123456789],
    ["float", 3n],
    ["integer", -7],
    ["integer", 3.9],
    ["integer", 2 ** 31 + 5],
    ["short", 40000],
    ["long", 1622215345315015012n],
    ["long", -(2n ** 63n)],
    ["long", "-42"],
    ["boolean", true],
    ["boolean", 0],
    ["string", "ZTF21abfmbix"],
    ["string", "é☃𝄞 and a long string past the cache limit"],
    ["string", { a: 1n, b: [1, null] }],
    ["unknown", 12],
    ["binary", new Uint8Array([1, 2, 3])],
    ["fits/image", new Uint8Array(300).fill(7)],
  ];
  const want: number[] = [];
  for (const [type, value] of cases) {
    want.push(...encodeCell(type, value));
    writeCell(w, type, value);
  }
  assertEquals(hex(w.bytes.subarray(0, w.length)), hex(new Uint8Array(want)));
  for (const [type, value] of [["double", "abc"], ["long", 1.5], ["binary", "x"]] as const) {
    let a = "", b = "";
    try {
      encodeCell(type, value);
    } catch (e) {
      a = String(e);
    }
    try {
      writeCell(w, type, value);
    } catch (e) {
      b = String(e);
    }
    assert(a !== "" && a === b, `${type} ${value}: ${a} / ${b}`);
  }
});

Deno.test("the Avro long decoder is exact from 0 to ±2^63 (as avsc's own long below 2^52)", () => {
  const big = avro.Type.forSchema("long" as avro.Schema, { registry: { long: AVRO_BIGINT_LONG } });
  const std = avro.Type.forSchema("long" as avro.Schema);
  const values = [0n, 1n, -1n, 63n, -64n, 2n ** 48n, -(2n ** 48n) - 1n, 2n ** 53n - 1n];
  values.push(2n ** 53n + 1n, 1622215345315015012n, 2n ** 63n - 1n, -(2n ** 63n));
  for (const v of values) {
    const bytes = big.toBuffer(v);
    assertEquals(big.fromBuffer(bytes), v);
    if (v > -(2n ** 52n) && v < 2n ** 52n) {
      assertEquals(hex(bytes), hex(std.toBuffer(Number(v))));
      assertEquals(big.fromBuffer(Buffer.from(std.toBuffer(Number(v)))), v);
    }
  }
});
