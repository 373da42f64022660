/**
 * The writer of `sqlite_blobs_concurrency_test.ts` (a Worker: its own SQLite
 * connection): for `ms` milliseconds, rows `x` and `y` (large, so kept in
 * `_finkit_blobs`) are put and deleted in turn, each getting the blob id the
 * other just freed. Posts the number of writes.
 */
/// <reference lib="deno.worker" />
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { OUTSIDE } from "../../../query/store/sqlite_blobs.ts";

/** A large value that names its row: the key's byte repeated (as the test's). */
function stamp(key: string): Uint8Array {
  return new Uint8Array(OUTSIDE * 2).fill(key.charCodeAt(0));
}

self.onmessage = async (e: MessageEvent<{ path: string; ms: number }>) => {
  const store = SqliteStore.open(e.data.path);
  const end = performance.now() + e.data.ms;
  let writes = 0;
  while (performance.now() < end) {
    for (const key of ["x", "y"]) {
      await store.put("c", [{ key, cells: { "b:s": stamp(key) } }]);
      await store.delete("c", [key]);
      writes += 2;
      await new Promise((r) => setTimeout(r, 1)); // room for the reader's statements
    }
  }
  await store.close();
  self.postMessage(writes);
};
