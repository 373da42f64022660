/**
 * Readers and a writer on one embedded store, two connections (the writer in
 * a Worker): a row kept in `_finkit_blobs` is read with its own blob, never
 * with the blob of another row that took its freed id between the reader's
 * two statements (without the read transaction, this test fails: "a row
 * refers to blob 2, which is missing"). Bounded: 2 seconds of writes.
 */
import { assert } from "../../assert.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { OUTSIDE } from "../../../query/store/sqlite_blobs.ts";

/** A large value that names its row: the key's byte repeated (as the writer's). */
const stamp = (key: string) => new Uint8Array(OUTSIDE * 2).fill(key.charCodeAt(0));

/** Whether a row holds its own stamp. */
const ownStamp = (row: { key: string; values: Uint8Array[] }) =>
  row.values[0]?.[0] === row.key.charCodeAt(0);

Deno.test({
  name: "sqlite: rows in _finkit_blobs read while another connection frees and reuses blob ids",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const path = `${dir}/race.db`;
    let worker: Worker | undefined;
    try {
      // The table and its column exist before the reader opens (a connection loads the
      // column dictionary when it opens).
      const setup = SqliteStore.open(path);
      await setup.createTable("c", ["b"]);
      await setup.put("c", [{ key: "z", cells: { "b:s": stamp("z") } }]);
      await setup.close();
      const reader = SqliteStore.open(path);
      const writer = worker = new Worker(new URL("./blob_writer_worker.ts", import.meta.url), {
        type: "module",
      });
      const writes = new Promise<number>((resolve) => writer.onmessage = (e) => resolve(e.data));
      writer.postMessage({ path, ms: 2000 });
      let rounds = 0, seen = 0, done = false;
      writes.then(() => done = true);
      while (!done) {
        for (const key of ["x", "y"]) {
          const row = await reader.get("c", key);
          if (row) seen++;
          assert(!row || ownStamp(row), `get: row ${key} read with another row's blob`);
        }
        for await (const row of reader.scan("c")) {
          seen++;
          assert(ownStamp(row), `scan: row ${row.key} read with another row's blob`);
        }
        rounds++;
        await new Promise((r) => setTimeout(r, 0));
      }
      const n = await writes;
      await reader.close();
      assert(n > 20 && seen > rounds, `${n} writes, ${rounds} read rounds, ${seen} rows seen`);
    } finally {
      worker?.terminate(); // before its file goes
      await Deno.remove(dir, { recursive: true });
    }
  },
});
