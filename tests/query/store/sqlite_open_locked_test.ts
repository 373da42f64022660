/**
 * Opening an embedded store while another connection holds an exclusive lock
 * waits for the lock instead of failing with "database is locked" (a
 * server's query workers open the same file at the same time, and opening
 * for writing takes the lock briefly). The other connection is a Worker's.
 */
import { DatabaseSync } from "node:sqlite";
import { assertEquals } from "../../assert.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { withTempDir } from "../../temp_dir.ts";

Deno.test({
  name: "sqlite: a store opened while another connection writes waits for its commit",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await withTempDir(async (dir) => {
      const path = `${dir}/locked.db`;
      const setup = SqliteStore.open(path);
      await setup.createTable("ztf", ["i"]);
      await setup.close();
      const holder = new DatabaseSync(path);
      holder.exec("BEGIN EXCLUSIVE"); // not even a reader may start
      const opener = new Worker(new URL("./open_worker.ts", import.meta.url), { type: "module" });
      try {
        const answer = new Promise<string>((resolve) => opener.onmessage = (e) => resolve(e.data));
        opener.postMessage({ path });
        await new Promise((r) => setTimeout(r, 500)); // the worker meets the lock
        holder.exec("COMMIT");
        holder.close();
        assertEquals(await answer, "opened 1");
      } finally {
        opener.terminate(); // before its file goes
      }
    });
  },
});
