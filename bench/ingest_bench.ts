/**
 * Ingest benchmark (`deno bench -A bench/ingest_bench.ts`): alerts/s into a new
 * embedded store, whole runs (tables created, rows, commits, night-level tables).
 *
 * - **files**, the user's path (`ingestFiles`: Avro decoding, normalisation, rows,
 *   SQLite; decoding in a worker beside the writer for the big file, as by
 *   default): one Fink Avro file of N alerts with cutouts, the same without
 *   cutouts, and N/10 single-alert files (ZTF distributes one alert per file)
 *   with and without cutouts (also packed in one `.tar.gz`, as ZTF's nightly
 *   archives), and without cutouts for objects of 3 alerts repeating their
 *   history (as in a night).
 *   The files are made once (cached in `.cache/bench/`) from the 31 real alerts
 *   of `data/sample/fink-client/datatest/ztf/part-3-305711.avro` (Fink 2026
 *   schema), each a new object (`ZTF99…`) with its history, within one night,
 *   in blocks of 64,000 bytes as Spark writes them (one or two alerts with
 *   cutouts, about six without).
 * - **memory**, the bench store's path (`IngestSession.addAlerts` of
 *   `generateAlerts`, generated before the timer starts): N alerts of N/100
 *   objects, with and without cutouts.
 *
 * N is `FINKIT_INGEST_ALERTS` (default 10,000). alerts/s = N / time per iteration.
 */
import { ingestFiles, IngestSession } from "../query/ingest/ingest.ts";
import { updateSsoResolver } from "../query/ingest/derived.ts";
import { SqliteStore } from "../query/store/sqlite.ts";
import { syntheticAvroFiles, tarball } from "./synthetic_files.ts";
import {
  asteroidNames,
  generateAlerts,
  GENERATOR_WORKER,
  generatorSource,
  sampleAlerts,
} from "./generate.ts";

const N = Number(Deno.env.get("FINKIT_INGEST_ALERTS") ?? 10_000);

async function intoNewStore(fn: (store: SqliteStore) => Promise<unknown>, b: Deno.BenchContext) {
  const dir = await Deno.makeTempDir();
  const store = SqliteStore.open(`${dir}/ingest.db`);
  b.start();
  await fn(store);
  b.end();
  await store.close();
  await Deno.remove(dir, { recursive: true });
}

const n = N.toLocaleString("en");
const fileCases: [string, string[]][] = [
  [`files: ${n} alerts in one Fink avro file, with cutouts`, await syntheticAvroFiles(N, N, true)],
  [`files: ${n} alerts in one Fink avro file, no cutouts`, await syntheticAvroFiles(N, N, false)],
  [
    `files: ${(N / 10).toLocaleString("en")} single-alert avro files, with cutouts`,
    await syntheticAvroFiles(N / 10, 1, true),
  ],
  [
    `files: ${(N / 10).toLocaleString("en")} single-alert avro files, with cutouts, in one .tar.gz`,
    await tarball(await syntheticAvroFiles(N / 10, 1, true)),
  ],
  [
    `files: ${(N / 10).toLocaleString("en")} single-alert avro files, no cutouts`,
    await syntheticAvroFiles(N / 10, 1, false),
  ],
  [
    `files: ${(N / 10).toLocaleString("en")} single-alert avro files, 3 per object, no cutouts`,
    await syntheticAvroFiles(N / 10, 1, false, 3),
  ],
];
for (const [name, files] of fileCases) {
  Deno.bench({
    name: `${name} (alerts/s = alerts / time)`,
    group: "files",
    n: 3,
    warmup: 1,
    async fn(b) {
      await intoNewStore(async (store) => {
        const s = await ingestFiles(store, files);
        if (s.errors.length) throw new Error(s.errors[0].message);
      }, b);
    },
  });
}

const base = await sampleAlerts();
for (const cutouts of [false, true]) {
  Deno.bench({
    name: `memory: ${n} generated alerts, ${
      cutouts ? "with" : "no"
    } cutouts (alerts/s = ${n} / time)`,
    group: "memory",
    n: 3,
    warmup: 1,
    async fn(b) {
      const alerts = [
        ...generateAlerts(base, { objects: N / 100, cutouts, firstObject: 7_000_000 }),
      ];
      await intoNewStore(async (store) => {
        const session = await IngestSession.begin(store);
        for (let i = 0; i < alerts.length; i += 10_000) {
          await session.addAlerts(alerts.slice(i, i + 10_000), "generated");
        }
        await session.finish();
      }, b);
    },
  });
}

// The same alerts made and turned into rows by the generator's worker (its start and the
// generation included) while this thread writes them: the bench store's build.
for (const cutouts of [false, true]) {
  Deno.bench({
    name: `worker: ${n} generated alerts, ${cutouts ? "with" : "no"} cutouts, generation included`,
    group: "memory",
    n: 3,
    warmup: 1,
    async fn(b) {
      await intoNewStore(async (store) => {
        const session = await IngestSession.begin(store);
        const source = generatorSource(7_000_000, N / 100);
        await session.addFromWorker(GENERATOR_WORKER, [source], { cutouts });
        await session.finish();
      }, b);
    },
  });
}

// The end of a night with many asteroids: 20,000 ssnamenr spellings (half of
// them numbered asteroids with a name) added to `ztf.sso_resolver`.
const { ssnamenrs, names } = asteroidNames(20_000);
Deno.bench({
  name: "night end: 20,000 asteroid names into ztf.sso_resolver (30,000 rows)",
  group: "night end",
  n: 5,
  warmup: 1,
  async fn(b) {
    await intoNewStore(async (store) => {
      await store.createTable("ztf.sso_resolver", ["i"]);
      await updateSsoResolver(store, ssnamenrs, names, new Map());
    }, b);
  },
});
