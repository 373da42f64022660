/**
 * Query speeds at 1M alerts (10,000 synthetic objects of 100 alerts each,
 * built once by bench/generate.ts and cached): one object with all columns,
 * cone searches of 5″ and 1°, latests n=100, statistics of a year.
 * Targets: < 5 ms, < 5 ms, < 200 ms, < 20 ms. Also: the objects answer as JSON and
 * CSV bytes (what the REST server adds to the query).
 *
 * Run: deno bench -A bench/query_bench.ts (FINKIT_BENCH_ALERTS overrides the size).
 */
import { benchStore, STEADY_STATE, syntheticObjectId } from "./generate.ts";
import { SqliteStore } from "../query/store/sqlite.ts";
import { objects } from "../query/api/objects.ts";
import { conesearch } from "../query/api/conesearch.ts";
import { latests } from "../query/api/latests.ts";
import { statistics } from "../query/api/statistics.ts";
import { exportTable } from "../query/table/export.ts";

const ALERTS = Number(Deno.env.get("FINKIT_BENCH_ALERTS") ?? 1_000_000);
const { path } = await benchStore({ alerts: ALERTS, log: (m) => console.error(m) });
const store = SqliteStore.open(path);
const objectCount = ALERTS / 100;
const oid = syntheticObjectId(Math.floor(objectCount / 2));
const lc = await objects(store, { objectId: oid });
const ra = lc.getChild("i:ra")!.get(0) as number, dec = lc.getChild("i:dec")!.get(0) as number;
const cls = lc.getChild("v:classification")!.get(0) as string;
console.error(`${path}: ${oid} has ${lc.numRows} rows; cone at (${ra}, ${dec}); class ${cls}`);

let k = 0;
Deno.bench(
  `objects: one object of 100 alerts, all columns (${ALERTS} alerts)`,
  STEADY_STATE,
  async () => {
    const t = await objects(store, { objectId: syntheticObjectId(k++ % objectCount) });
    if (t.numRows < 100) throw new Error(`expected ≥ 100 rows, got ${t.numRows}`);
  },
);

// The same, 100 different objects per iteration (time/iter ÷ 100 = per object).
Deno.bench(`objects ×100 different objects (time ÷ 100 = per object)`, async () => {
  for (let i = 0; i < 100; i++) {
    const t = await objects(store, { objectId: syntheticObjectId(k++ % objectCount) });
    if (t.numRows < 100) throw new Error(`expected ≥ 100 rows, got ${t.numRows}`);
  }
});

// What the REST server adds to an objects answer: the table as JSON text (Fink's
// `output-format=json`, ~500 KiB here) and its UTF-8 bytes; CSV the same way.
const encoder = new TextEncoder();
for (const format of ["json", "csv"] as const) {
  Deno.bench(
    `objects answer as ${format} bytes (${lc.numRows} rows, all columns)`,
    STEADY_STATE,
    () => {
      const text = exportTable(lc, format) as string;
      if (encoder.encode(text).length < 100_000) throw new Error(`short ${format}`);
    },
  );
}

Deno.bench("conesearch 5″", STEADY_STATE, async () => {
  const t = await conesearch(store, { ra, dec, radius: 5 });
  if (t.numRows < 1) throw new Error("the object itself was not found");
});

Deno.bench("conesearch 1°", STEADY_STATE, async () => {
  await conesearch(store, { ra, dec, radius: 3600 });
});

Deno.bench(`latests n=100 (${cls})`, STEADY_STATE, async () => {
  const t = await latests(store, { class: cls, n: 100 });
  if (t.numRows !== 100) throw new Error(`expected 100 rows, got ${t.numRows}`);
});

Deno.bench("statistics of a year (2020)", async () => {
  await statistics(store, { date: "2020" });
});
