/**
 * An ingest in a Worker, for tests that must bound its time (a Worker can be
 * terminated; a loop on the test's own thread could not): ingests the paths
 * it is sent into an in-memory store and posts the summary's alerts and
 * error messages.
 */
/// <reference lib="deno.worker" />
import { ingestFiles } from "../../../query/ingest/ingest.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";

self.onmessage = async (e: MessageEvent<{ paths: string[] }>) => {
  const store = SqliteStore.open(":memory:");
  const summary = await ingestFiles(store, e.data.paths);
  await store.close();
  self.postMessage({ alerts: summary.alerts, errors: summary.errors.map((x) => x.message) });
};
