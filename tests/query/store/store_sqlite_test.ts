import { SqliteStore } from "../../../query/store/sqlite.ts";
import { storeConformance } from "../../conformance/store_suite.ts";
import { ingestQueryConformance } from "../../conformance/ingest_query_suite.ts";

storeConformance("sqlite :memory:", () => Promise.resolve({ store: SqliteStore.open(":memory:") }));

storeConformance("sqlite file", async () => {
  const dir = await Deno.makeTempDir();
  return {
    store: SqliteStore.open(`${dir}/s.db`),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
});

// The ingest + query suite uses an in-memory SQLite store as its reference; running it on a
// file-backed SQLite store checks that the file backend gives the same tables and answers.
ingestQueryConformance("sqlite file", async () => {
  const dir = await Deno.makeTempDir();
  return {
    store: SqliteStore.open(`${dir}/iq.db`),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
});
