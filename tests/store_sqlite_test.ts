import { SqliteStore } from "../query/sqlite.ts";
import { storeConformance } from "./conformance/store_suite.ts";

storeConformance("sqlite :memory:", () => Promise.resolve({ store: SqliteStore.open(":memory:") }));

storeConformance("sqlite file", async () => {
  const dir = await Deno.makeTempDir();
  return {
    store: SqliteStore.open(`${dir}/s.db`),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
});
