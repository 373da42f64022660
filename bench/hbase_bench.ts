/**
 * HBase backend against the HBase REST test double (in process): time, HTTP
 * requests and bytes per operation, so that wire regressions show. Times
 * include the test double's own JSON/base64 work and are not HBase numbers;
 * requests and bytes are what a real REST server would see.
 *
 *   deno bench -A bench/hbase_bench.ts
 */
import { openHBaseStore } from "../query/store/hbase.ts";
import type { PutRow } from "../query/store/store.ts";
import { HBaseRestDouble } from "../tests/hbase_double/server.ts";

const double = HBaseRestDouble.start();
double.unref();
const store = openHBaseStore(double.url);
const stateless = openHBaseStore(double.url, { scanner: "stateless" });
const COLUMNS = [
  "i:jd",
  "i:ra",
  "i:dec",
  "i:magpsf",
  "i:sigmapsf",
  "i:fid",
  "i:rb",
  "i:drb",
  "i:classtar",
]
  .concat([
    "i:magnr",
    "i:sigmagnr",
    "i:distnr",
    "i:ndethist",
    "i:diffmaglim",
    "d:cdsxmatch",
    "d:rf_snia_vs_nonia",
  ])
  .concat(["d:snn_snia_vs_nonia", "d:mulens", "d:roid", "d:nalerthist"]);

function double8(x: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x);
  return b;
}

function alertRow(objectId: string, jd: number): PutRow {
  const cells: Record<string, Uint8Array> = {};
  COLUMNS.forEach((c, i) => (cells[c] = double8(jd + i)));
  return { key: `${objectId}_${jd}`, cells };
}

const objectId = (o: number) => `ZTF21aa${String(o).padStart(5, "0")}`;
await store.createTable("ztf", ["i", "d"]);
await store.createTable("ztf.pixel128", ["i", "d"]);
const rows: PutRow[] = [];
for (let o = 0; o < 60; o++) {
  for (let a = 0; a < 100; a++) rows.push(alertRow(objectId(o), 2459000.5 + a * 1.0123457));
}
await store.put("ztf", rows);
const pixels = Array.from({ length: 50 }, (_, i) => 100_000 + i * 37);
await store.put(
  "ztf.pixel128",
  pixels.flatMap((p, i) =>
    [0, 1].map((k) => ({
      key: `${p}_2459000.${k}_${objectId(i)}`,
      cells: {
        "i:objectId": new TextEncoder().encode(objectId(i)),
        "i:ra": double8(i),
        "i:dec": double8(k),
      },
    }))
  ),
);
const manyKeys = rows.slice(0, 500).filter((_, i) => i % 5 === 0).map((r) => r.key); // 100 rows, 5 objects
const newRows = Array.from({ length: 500 }, (_, i) => alertRow("ZTF99new", 2460000.5 + i));
let putRound = 0;

const ops: Record<string, () => Promise<void>> = {
  "get one object's 100 alerts (prefix scan)": async () => {
    let n = 0;
    for await (const _ of store.scan("ztf", { prefix: `${objectId(7)}_` })) n++;
    if (n !== 100) throw new Error(`got ${n} rows`);
  },
  "get one object's 100 alerts (stateless scan)": async () => {
    let n = 0;
    for await (const _ of stateless.scan("ztf", { prefix: `${objectId(7)}_` })) n++;
    if (n !== 100) throw new Error(`got ${n} rows`);
  },
  "multi-get of 100 rowkeys": async () => {
    const got = await store.getMany("ztf", manyKeys);
    if (got.length !== 100) throw new Error(`got ${got.length} rows`);
  },
  "1°-cone-like: 50 pixel prefix scans": async () => {
    let n = 0;
    for (const p of pixels) {
      for await (const _ of store.scan("ztf.pixel128", { prefix: `${p}_` })) n++;
    }
    if (n !== 100) throw new Error(`got ${n} rows`);
  },
  "1°-cone-like: 50 pixel prefix scans (stateless)": async () => {
    let n = 0;
    for (const p of pixels) {
      for await (const _ of stateless.scan("ztf.pixel128", { prefix: `${p}_` })) {
        n++;
      }
    }
    if (n !== 100) throw new Error(`got ${n} rows`);
  },
  "latest 10 alerts of an object (reversed, limit 10)": async () => {
    let n = 0;
    for await (
      const _ of store.scan("ztf", { prefix: `${objectId(9)}_`, reversed: true, limit: 10 })
    ) n++;
    if (n !== 10) throw new Error(`got ${n} rows`);
  },
  "put a batch of 500 alert rows": () =>
    store.put("ztf", newRows.map((r) => ({ key: `${r.key}_${putRound++}`, cells: r.cells }))),
  "count one object's rows (key-only scan)": async () => {
    if ((await store.count("ztf", { prefix: `${objectId(3)}_` })) !== 100) throw new Error("count");
  },
};

const table: Record<string, { requests: number; bytesSent: number; bytesReceived: number }> = {};
for (const [name, op] of Object.entries(ops)) {
  double.resetStats();
  await op();
  table[name] = {
    requests: double.stats.requests,
    bytesSent: double.stats.bytesIn,
    bytesReceived: double.stats.bytesOut,
  };
}
console.table(table);

for (const [name, op] of Object.entries(ops)) Deno.bench({ name, group: "hbase", fn: op });
