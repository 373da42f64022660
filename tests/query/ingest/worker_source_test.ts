/**
 * `IngestSession.addFromWorker`: alerts made by a worker of the caller's
 * (through `BatchPoster`) write what `addAlerts` writes from the same alerts
 * in one thread (the bench store's generator, both ways); a source the worker
 * fails writes nothing and is listed in the summary, a source without alerts
 * too, and the other sources are written whole.
 */
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { IngestSession } from "../../../query/ingest/ingest.ts";
import { readAlertFile } from "../../../query/ingest/read.ts";
import { benchStore } from "../../../bench/generate.ts";
import { everyRow } from "../every_row.ts";
import type { Store } from "../../../query/store/store.ts";
import { FinkError } from "../../../astro/errors.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "the bench generator in a worker writes the store addAlerts writes in one thread",
  ...opts,
  fn: async () => {
    const stores: Map<string, string>[] = [];
    const summaries = [];
    for (const inThread of [true, false]) {
      const dir = await Deno.makeTempDir();
      try {
        const { path, summary } = await benchStore({ alerts: 2_000, cutouts: true, dir, inThread });
        const { seconds: _, rows: _puts, files: _files, ...rest } = summary!;
        summaries.push(rest);
        const store = SqliteStore.open(path);
        stores.push(await everyRow(store));
        await store.close();
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    }
    assertEquals(summaries[1].alerts, 2_000);
    assertEquals(summaries[1], summaries[0]);
    assert(stores[0].size > 10_000);
    assertEquals(stores[1], stores[0]);
  },
});

const FILE = "data/sample/fink-client/datatest/ztf/part-3-305711.avro";
const WORKER = new URL("./source_worker.ts", import.meta.url);

Deno.test({
  name: "a source the worker fails, or finds empty, writes nothing; the others are whole",
  ...opts,
  fn: async () => {
    const worker = SqliteStore.open(":memory:");
    const session = await IngestSession.begin(worker);
    await session.addFromWorker(WORKER, [
      `${FILE}#fail`,
      { name: `${FILE}#all`, uri: "stream://night" },
      `${FILE}#none`,
      `${FILE}#stop`,
      `${FILE}#all`,
    ], { tag: "hello" });
    const summary = await session.finish();
    assertEquals(summary.files, 5);
    assertEquals(summary.alerts, 31);
    const unfinished = "Error: the worker ended without finishing this source";
    assertEquals(summary.errors.map((e) => [e.file, e.message]), [
      [`${FILE}#fail`, "Error: the stream broke"],
      [`${FILE}#none`, `the worker found no alerts in source "${FILE}#none"`],
      [`${FILE}#stop`, unfinished],
      [`${FILE}#all`, unfinished],
    ]);
    // The same as the file's alerts added in one thread under the URI the worker gave.
    const alerts = [];
    for await (const a of readAlertFile(FILE)) alerts.push(a);
    const plain = SqliteStore.open(":memory:");
    const s2 = await IngestSession.begin(plain);
    await s2.addAlerts(alerts, "stream://night");
    await s2.finish();
    assertEquals(await everyRow(worker), await everyRow(plain));
    await worker.close();
    await plain.close();
  },
});

Deno.test({
  name: "a worker module that cannot load, or throws, fails its sources with the reason",
  ...opts,
  fn: async () => {
    const store = SqliteStore.open(":memory:");
    const session = await IngestSession.begin(store);
    await session.addFromWorker(new URL("./no_such_worker.ts", import.meta.url), ["a", "b"]);
    await session.addFromWorker("data:application/javascript,self.onmessage = () => null.x", ["c"]);
    const { errors, alerts } = await session.finish();
    assertEquals(alerts, 0);
    assertEquals(errors.map((e) => e.file), ["a", "b", "c"]);
    for (const e of errors) assert(e.message.startsWith("Error: the ingest worker failed: "));
    assert(errors[2].message.includes("TypeError"), errors[2].message);
    await store.close();
  },
});

Deno.test({
  name: "addFromWorker refuses a store without transactions, saying why",
  ...opts,
  fn: async () => {
    const store = SqliteStore.open(":memory:");
    // The embedded store seen as one without transactions, as HBase is (a double).
    const plainStore: Store = new Proxy(store, {
      get: (target, prop) =>
        prop === "transactional" ? false : Reflect.get(target, prop, target)?.bind?.(target) ??
          Reflect.get(target, prop, target),
    });
    const session = await IngestSession.begin(plainStore);
    await assertRejects(
      () => session.addFromWorker(WORKER, [FILE]),
      FinkError,
      "addFromWorker needs a store with transactions",
    );
    assertEquals((await session.finish()).alerts, 0);
    await store.close();
  },
});
