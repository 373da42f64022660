/**
 * The opener of `sqlite_open_locked_test.ts` (a Worker: its own SQLite
 * connection): opens the store at the path it is sent, reads its tables'
 * count, and posts `opened N` or the error's message.
 */
/// <reference lib="deno.worker" />
import { SqliteStore } from "../../../query/store/sqlite.ts";

self.onmessage = async (e: MessageEvent<{ path: string }>) => {
  try {
    const store = SqliteStore.open(e.data.path);
    const tables = await store.listTables();
    await store.close();
    self.postMessage(`opened ${tables.length}`);
  } catch (err) {
    self.postMessage((err as Error).message);
  }
};
