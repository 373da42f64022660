/**
 * finkit on a real Apache HBase (standalone + REST gateway) beside the embedded
 * SQLite store: sample ingest rate, the night's asteroid-name update, and
 * `objects` (one id, and a list of 10), `conesearch` 5″ and 1°, `latests` n = 100, `xmatch` and
 * `skymap` latencies (median, p95) with HTTP requests per query.
 *
 *   bash scripts/hbase/hbase.sh run deno run -A bench/hbase_bench.ts
 *   HBASE_REST_URL=hbase://127.0.0.1:8080 deno run -A bench/hbase_bench.ts
 *
 * Without `HBASE_REST_URL` (e.g. under `deno task bench`) it prints how to run
 * it and measures nothing. Everything goes into a fresh namespace
 * `finkit_bench_<random>`, dropped at the end.
 */
import { openHBaseStore } from "../query/store/hbase.ts";
import { SqliteStore } from "../query/store/sqlite.ts";
import type { Store } from "../query/store/store.ts";
import { FinkClient } from "../query/client.ts";
import { ingestFiles } from "../query/ingest/ingest.ts";
import { findAlertFiles } from "../query/ingest/read.ts";
import { updateSsoResolver } from "../query/ingest/derived.ts";
import { asteroidNames } from "./generate.ts";
import { percentile } from "./open_loop.ts";

const url = Deno.env.get("HBASE_REST_URL");
const ROUNDS = Number(Deno.env.get("HBASE_BENCH_ROUNDS") ?? 40);
/** Only the queries whose name holds this text (e.g. `xmatch`), when set. */
const ONLY = Deno.env.get("HBASE_BENCH_ONLY");

interface Point {
  id: string;
  ra: number;
  dec: number;
}

async function points(store: Store): Promise<Point[]> {
  const out: Point[] = [];
  const seen = new Set<string>();
  const f64 = (v: Uint8Array) => new DataView(v.buffer, v.byteOffset, v.byteLength).getFloat64(0);
  const columns = ["i:objectId", "i:ra", "i:dec", "a:origin"];
  for await (const r of store.scan("ztf", { columns })) {
    const at = (c: string) => r.values[r.columns.indexOf(c)];
    if (r.columns.indexOf("a:origin") < 0) continue;
    if (new TextDecoder().decode(at("a:origin")) !== "alert") continue;
    const id = new TextDecoder().decode(at("i:objectId"));
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id, ra: f64(at("i:ra")), dec: f64(at("i:dec")) });
  }
  return out;
}

/**
 * A user catalogue for `xmatch`: `n` rows at the sample's objects (cycled, 0.5″ off) and `n`
 * rows at positions where nothing is (a fixed pseudo-random sky, shifted by `seed`).
 */
function catalogue(pts: Point[], n: number, seed: number): string {
  const lines = ["ID,RA,Dec"];
  for (let k = 0; k < n; k++) {
    const p = pts[k % pts.length];
    lines.push(`hit${k},${p.ra + 0.5 / 3600},${p.dec}`);
    const u = ((k * 7919 + seed * 104729) % 100003) / 100003;
    const v = ((k * 15485863 + seed) % 99991) / 99991;
    lines.push(
      `blank${k},${(360 * u).toFixed(6)},${(Math.asin(2 * v - 1) * 180 / Math.PI).toFixed(6)}`,
    );
  }
  return lines.join("\n");
}

/** Median and p95 latency (ms) and requests per call of `call(i)` over `rounds` calls. */
async function measure(
  fink: FinkClient,
  call: (f: FinkClient, i: number) => Promise<unknown>,
  rounds = ROUNDS,
): Promise<{ median: number; p95: number; requests: string }> {
  const client = fink.store instanceof Object && "client" in fink.store
    ? (fink.store as { client: { requests: number } }).client
    : undefined;
  for (let i = 0; i < 5; i++) await call(fink, i); // warm-up (JIT, connections, block cache)
  const times: number[] = [];
  const reqs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const r0 = client?.requests ?? 0;
    const t0 = performance.now();
    await call(fink, i);
    times.push(performance.now() - t0);
    reqs.push((client?.requests ?? 0) - r0);
  }
  times.sort((a, b) => a - b);
  reqs.sort((a, b) => a - b);
  const requests = client
    ? (reqs[0] === reqs[reqs.length - 1]
      ? `${reqs[0]}`
      : `${percentile(reqs, 0.5)} (${reqs[0]}–${reqs[reqs.length - 1]})`)
    : "—";
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), requests };
}

async function main(): Promise<void> {
  if (!url) {
    console.log(
      "bench/hbase_bench.ts: set HBASE_REST_URL, or run " +
        "`bash scripts/hbase/hbase.sh run deno run -A bench/hbase_bench.ts`",
    );
    return;
  }
  const namespace = `finkit_bench_${crypto.randomUUID().slice(0, 8)}`;
  const hbaseStore = openHBaseStore(
    url.replace(/^(hbase:\/\/[^/?]+)(\/[^?]*)?/, `$1/${namespace}`),
  );
  const dir = await Deno.makeTempDir({ prefix: "finkit-bench-" });
  const sqliteStore = SqliteStore.open(`${dir}/bench.db`);
  const files = await findAlertFiles([new URL("../data/sample", import.meta.url).pathname]);
  const lines: string[] = [];
  const ingestLines: string[] = [];
  const resolverLines: string[] = [];
  const stores = [["SQLite", sqliteStore], ["HBase", hbaseStore]] as const;
  type BenchStore = (typeof stores)[number][1];
  /** HTTP requests sent so far (HBase only). */
  const requests = (store: BenchStore) => "client" in store ? store.client.requests : 0;
  /** The requests sent since `r0`, or "—" for the embedded store. */
  const sentSince = (store: BenchStore, r0: number) =>
    "client" in store ? String(requests(store) - r0) : "—";
  try {
    for (const [name, store] of stores) {
      const r0 = requests(store);
      const first = await ingestFiles(store, files);
      const sent = sentSince(store, r0);
      const again = await ingestFiles(store, files);
      const rate = (s: { alerts: number; seconds: number }) => Math.round(s.alerts / s.seconds);
      ingestLines.push(
        `| ${name} | ${rate(first)} alerts/s (${first.seconds.toFixed(1)} s) | ` +
          `${rate(again)} alerts/s (${again.seconds.toFixed(1)} s) | ` +
          `${sent} |`,
      );
    }
    // The end of a night with many asteroids, new then seen again.
    const { ssnamenrs, names } = asteroidNames(20_000, 900_000);
    for (const [name, store] of stores) {
      const times: string[] = [];
      const r0 = requests(store);
      for (let round = 0; round < 2; round++) {
        const t0 = performance.now();
        await updateSsoResolver(store, ssnamenrs, names, new Map());
        times.push(`${((performance.now() - t0) / 1000).toFixed(2)} s`);
      }
      resolverLines.push(`| ${name} | ${times.join(" | ")} | ${sentSince(store, r0)} |`);
    }
    const hbase = new FinkClient(hbaseStore);
    const sqlite = new FinkClient(sqliteStore);
    const pts = await points(sqliteStore);
    const classes = ["SN candidate", "Solar System MPC", "Early SN Ia candidate", "Unknown"];
    // A GW sky map's credible region: every nside-128 pixel of it, thousands of ranges.
    const region = (level: number) => (f: FinkClient) =>
      f.skymap({ eventName: "S200219ac", credibleLevel: level, nDayAfter: 3000 });
    const queries: [string, (f: FinkClient, i: number) => Promise<unknown>, number?][] = [
      ["`objects` (one light curve)", (f, i) => f.objects(pts[i % pts.length].id)],
      ["`objects`, a list of 10 ids, with upper limits", (f, i) => {
        const ids = Array.from({ length: 10 }, (_, k) => pts[(i * 10 + k) % pts.length].id);
        return f.objects({ objectId: ids.join(","), withUpperLim: true });
      }],
      ["`conesearch` 5″", (f, i) => {
        const p = pts[(i * 7) % pts.length];
        return f.conesearch({ ra: p.ra, dec: p.dec, radius: 5 });
      }],
      ["`conesearch` 1°", (f, i) => {
        const p = pts[(i * 7) % pts.length];
        return f.conesearch({ ra: p.ra, dec: p.dec, radius: 3600 });
      }],
      ["`latests` n = 100", (f, i) => f.latests({ class: classes[i % classes.length], n: 100 })],
      [
        "`xmatch` of 1,000 rows at 1.5″ (the sample's objects, and as many blank positions)",
        (f, i) => f.xmatch({ catalog: catalogue(pts, 500, i), radius: 1.5 }),
        5,
      ],
      ["`skymap` S200219ac 90 % (5,960 pixels)", region(0.9), 10],
      ["`skymap` S200219ac 99 % (12,568 pixels)", region(0.99), 10],
    ];
    for (const [name, call, rounds] of queries) {
      if (ONLY && !name.includes(ONLY)) continue;
      const s = await measure(sqlite, call, rounds);
      const h = await measure(hbase, call, rounds);
      lines.push(
        `| ${name} | ${s.median.toFixed(2)} / ${s.p95.toFixed(2)} ms | ` +
          `${h.median.toFixed(1)} / ${h.p95.toFixed(1)} ms | ${h.requests} |`,
      );
    }
  } finally {
    await sqliteStore.close();
    for (const t of await hbaseStore.listTables()) {
      await hbaseStore.client.request({
        method: "DELETE",
        path: `/${namespace}:${encodeURIComponent(t)}/schema`,
        operation: "drop table",
        accept: [404],
      });
    }
    await hbaseStore.client.request({
      method: "DELETE",
      path: `/namespaces/${namespace}`,
      operation: "drop namespace",
      accept: [404],
    });
    await Deno.remove(dir, { recursive: true });
  }
  console.log(`HBase REST ${url}, ${files.length} sample files\n`);
  console.log("| store | first ingest | re-ingest | HTTP requests (first) |");
  console.log("| --- | --- | --- | --- |");
  for (const l of ingestLines) console.log(l);
  console.log("\n20,000 asteroid names into `ztf.sso_resolver` (30,000 rows), then again\n");
  console.log("| store | new | seen again | HTTP requests (both) |");
  console.log("| --- | --- | --- | --- |");
  for (const l of resolverLines) console.log(l);
  console.log(`\n${ROUNDS} calls per query after 5 warm-up calls\n`);
  console.log("| | SQLite median / p95 | HBase median / p95 | HBase requests per query |");
  console.log("| --- | --- | --- | --- |");
  for (const l of lines) console.log(l);
}

if (import.meta.main) await main();
