/**
 * How an ingest run sends its puts to a remote store (HBase): a table's
 * requests several at once when no rowkey repeats among them, one after the
 * other when one does (so the later row still wins), and nothing started
 * after a failure. The store is a real SQLite store behind a proxy that says
 * it is not transactional and holds each put for a few milliseconds, counting
 * how many are in flight (a test double: SQLite answers synchronously, and no
 * real server fails on demand). The nights an ingest touched are finalised
 * several at once too, to the same rows. Grouped small files on a real HBase:
 * `tests/query/store/hbase_small_files_live_test.ts`.
 */
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import type { PutRow, Store } from "../../../query/store/store.ts";
import { Run } from "../../../query/ingest/run.ts";
import { PARALLEL_REQUESTS } from "../../../query/ingest/lanes.ts";
import { ingestFiles } from "../../../query/ingest/ingest.ts";
import { findAlertFiles } from "../../../query/ingest/read.ts";
import { everyRow } from "../every_row.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };

/** `store` seen as a remote store: puts take `ms`, may fail, and are counted (double). */
function remote(store: SqliteStore, ms = 5, failOn?: (rows: PutRow[]) => boolean) {
  const seen = { inFlight: 0, most: 0, started: 0, startedAfterFailure: 0, failed: false };
  const proxy = new Proxy(store, {
    get(target, prop) {
      if (prop === "transactional") return false;
      if (prop === "putCells") return undefined; // every put goes through `put`
      const v = Reflect.get(target, prop, target);
      if (prop === "put") {
        return async (table: string, rows: PutRow[], o: unknown) => {
          seen.started++;
          if (seen.failed) seen.startedAfterFailure++;
          seen.most = Math.max(seen.most, ++seen.inFlight);
          try {
            await new Promise((r) => setTimeout(r, ms));
            if (failOn?.(rows)) {
              seen.failed = true;
              throw new Error("put refused (double)");
            }
            await (v as (...a: unknown[]) => Promise<void>).call(target, table, rows, o);
          } finally {
            seen.inFlight--;
          }
        };
      }
      return typeof v === "function" ? v.bind(target) : v;
    },
  }) as unknown as Store;
  return { proxy, seen };
}

const cell = (text: string) => ({ "i:x": new TextEncoder().encode(text) });

/** An ingest run over a table `t` of a remote-looking store, and 1,000 rows with distinct keys. */
async function setup(failOn?: (rows: PutRow[]) => boolean) {
  const sqlite = SqliteStore.open(":memory:");
  await sqlite.createTable("t", ["i"]);
  const { proxy, seen } = remote(sqlite, 5, failOn);
  const run = new Run(proxy, { batchSize: 100 }, 0);
  const rows = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}`, cells: cell(`v${i}`) }));
  return { sqlite, seen, run, rows };
}

async function values(store: SqliteStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const r of store.scan("t")) out.set(r.key, new TextDecoder().decode(r.values[0]));
  return out;
}

Deno.test({
  name: "remote store: a table's puts go out several at once when no rowkey repeats",
  ...opts,
  fn: async () => {
    const { sqlite, seen, run, rows } = await setup();
    await run.put("t", rows);
    assertEquals(seen.started, 10);
    assertEquals(seen.most, PARALLEL_REQUESTS);
    assertEquals((await values(sqlite)).size, 1000);
    assertEquals(run.summary.rows.t, 1000);
    await sqlite.close();
  },
});

Deno.test({
  name: "remote store: a rowkey written twice keeps the puts in order (the later row wins)",
  ...opts,
  fn: async () => {
    const { sqlite, seen, run, rows } = await setup();
    rows.push({ key: "k3", cells: cell("later") }); // in the last request, after k3's first
    await run.put("t", rows);
    assertEquals(seen.most, 1);
    assertEquals((await values(sqlite)).get("k3"), "later");
    await sqlite.close();
  },
});

Deno.test({
  name: "remote store: after a failed put none starts, and the error comes once all have ended",
  ...opts,
  fn: async () => {
    const { sqlite, seen, run, rows } = await setup((part) => part.some((r) => r.key === "k250"));
    await assertRejects(() => run.put("t", rows), Error, "put refused (double)");
    assertEquals(seen.inFlight, 0);
    assertEquals(seen.startedAfterFailure, 0);
    assert(seen.started < 10, `${seen.started} puts started`);
    await sqlite.close();
  },
});

Deno.test({
  name: "embedded store: puts stay one after the other",
  ...opts,
  fn: async () => {
    const sqlite = SqliteStore.open(":memory:");
    await sqlite.createTable("t", ["i"]);
    let inFlight = 0, most = 0;
    const counting = new Proxy(sqlite, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target);
        if (prop === "put") {
          return async (...a: unknown[]) => {
            most = Math.max(most, ++inFlight);
            await new Promise((r) => setTimeout(r, 2));
            await (v as (...a: unknown[]) => Promise<void>).apply(target, a);
            inFlight--;
          };
        }
        return typeof v === "function" ? v.bind(target) : v;
      },
    }) as unknown as Store;
    const run = new Run(counting, { batchSize: 100 }, 0);
    await run.put("t", Array.from({ length: 500 }, (_, i) => ({ key: `k${i}`, cells: cell("v") })));
    assertEquals(most, 1);
    await sqlite.close();
  },
});

Deno.test({
  name: "remote store: the sample's nights are finalised several at once, to the same rows",
  ...opts,
  fn: async () => {
    const files = await findAlertFiles(["data/sample"]);
    const embedded = SqliteStore.open(":memory:");
    await ingestFiles(embedded, files);
    const sqlite = SqliteStore.open(":memory:");
    const { proxy } = remote(sqlite, 1);
    // Count the night scans in flight (each held open a few ms, as a round trip).
    let nightScans = 0, most = 0;
    const scanning = new Proxy(proxy, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target);
        if (prop !== "scan") return v;
        return (table: string, o: unknown) => {
          const rows = (v as Store["scan"]).call(target, table, o as never);
          if (table !== "finkit.nightly") return rows;
          return (async function* () {
            most = Math.max(most, ++nightScans);
            try {
              await new Promise((r) => setTimeout(r, 3));
              yield* rows;
            } finally {
              nightScans--;
            }
          })();
        };
      },
    });
    const summary = await ingestFiles(scanning, files);
    assertEquals(summary.errors, []);
    assertEquals(most, PARALLEL_REQUESTS);
    const [want, got] = [await everyRow(embedded), await everyRow(sqlite)];
    assert(want.size > 1000, `${want.size} rows`);
    assertEquals(got, want);
    await embedded.close();
    await sqlite.close();
  },
});
