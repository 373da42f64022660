/**
 * Store benchmark (`deno task bench`): builds once (and caches in
 * `.cache/bench/`) a store of 1M synthetic alerts derived from the real
 * sample (see generate.ts), then measures ingest rate, object get, point get,
 * prefix scan and range scan. `FINKIT_BENCH_ALERTS` changes the size.
 */
import {
  benchStore,
  generateAlerts,
  sampleAlerts,
  STEADY_STATE,
  syntheticObjectId,
} from "./generate.ts";
import { SqliteStore } from "../query/store/sqlite.ts";
import { IngestSession } from "../query/ingest/ingest.ts";
import { scanColumns } from "../query/table/decode.ts";
import { javaDoubleToString } from "../astro/time.ts";

const N = Number(Deno.env.get("FINKIT_BENCH_ALERTS") ?? 1_000_000);
const { path } = await benchStore({
  alerts: N,
  log: (m) => console.error(`building bench store: ${m}`),
});
const store = SqliteStore.open(path, { readOnly: true });
const objects = N / 100;

let k = 0;
const nextObject = () => syntheticObjectId(k = (k * 7919 + 13) % objects);

// Ingest rate with cutouts, into a fresh store: 2,000 alerts per iteration.
const base = await sampleAlerts();
const fresh = [...generateAlerts(base, { objects: 20, cutouts: true, firstObject: 5_000_000 })];
Deno.bench({
  name: `ingest 2,000 alerts with cutouts into a new store (alerts/s = 2000 / time)`,
  group: "ingest",
  n: 3,
  warmup: 1,
  async fn(b) {
    const dir = await Deno.makeTempDir();
    const s = SqliteStore.open(`${dir}/i.db`);
    const session = await IngestSession.begin(s);
    b.start();
    await session.addAlerts(fresh);
    await session.finish();
    b.end();
    await s.close();
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.bench({
  name: `object get at ${
    N.toLocaleString("en")
  } alerts: one object's 100 rows, all columns, decoded`,
  group: "read",
  ...STEADY_STATE,
  async fn() {
    const cols = await scanColumns(store, "ztf", { prefix: `${nextObject()}_` });
    if (cols.length !== 100) throw new Error(`expected 100 rows, got ${cols.length}`);
  },
});

Deno.bench({
  name: "point get of one alert row (raw cells)",
  group: "read",
  ...STEADY_STATE,
  async fn() {
    const oid = nextObject();
    const first = await (async () => {
      for await (const r of store.scan("ztf", { prefix: `${oid}_`, limit: 1, columns: ["i:jd"] })) {
        return r;
      }
    })();
    if (!first || !(await store.get("ztf", first.key))) throw new Error("missing row");
  },
});

Deno.bench({
  name: "prefix scan: 100 rows of ztf (raw cells)",
  group: "read",
  ...STEADY_STATE,
  async fn() {
    let n = 0;
    for await (const _ of store.scan("ztf", { prefix: `${nextObject()}_` })) n++;
    if (n !== 100) throw new Error(`${n}`);
  },
});

Deno.bench({
  name: "range scan: 10,000 rows of ztf.class by key range (raw cells)",
  group: "read",
  async fn() {
    let n = 0;
    const jd = 2458800.5 + (k++ % 1000);
    for await (
      const _ of store.scan("ztf.class", {
        startRow: `Unknown_${javaDoubleToString(jd)}`,
        stopRow: "Unknown_9",
        limit: 10_000,
      })
    ) n++;
    if (n === 0) throw new Error("empty range");
  },
});

// The embedded sample: connect() to the already-built cache (the first call builds it).
const { connect } = await import("../query/client.ts");
await (await connect()).close(); // make sure the cache exists
Deno.bench({
  name: "connect() to the embedded sample, second call (cache reused)",
  group: "connect",
  async fn() {
    const fink = await connect();
    await fink.close();
  },
});
