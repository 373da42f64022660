/**
 * The embedded backend's write transactions: one per batch of puts (or one around a whole
 * ingest group, with savepoints inside), errors turned into `StoreError`s naming the store, and
 * the connection's page cache widened while a transaction writes.
 *
 * Why the cache: the store keeps a rollback journal, under which a writer takes the file's
 * exclusive lock, and so keeps every reader (a server's query workers, in other processes) out,
 * at its commit, but also from the first page its cache cannot hold and must spill to the file
 * until that commit. With cutouts, 0.5 s of ingest (one commit) is ~100 MB: in 64 MiB of cache
 * most of each transaction locked readers out. A writing transaction now has 256 MiB, given
 * back at its end (`bench/serve_while_ingest.ts`: p99 of requests served during an ingest
 * 580–614 → 188–243 ms, ingest speed unchanged).
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { StoreError } from "./store.ts";

/** Page cache of a connection (KiB), as it reads. */
export const READ_CACHE_KIB = 65536;

/** Page cache of a connection (KiB) while it writes a transaction; freed at its end. */
const WRITE_CACHE_KIB = 262144;

/** A connection's write transactions. */
export class Transactions {
  #depth = 0;

  /**
   * For connection `db` of the store `description`; `committed` runs after each outermost
   * commit, `rolledBack` after each rollback (to forget what the transaction had declared).
   */
  constructor(
    private db: DatabaseSync,
    private description: string,
    private committed: () => void,
    private rolledBack: () => void,
  ) {}

  /** Run synchronous work atomically: inside the current transaction, or in its own. */
  atomic(operation: string, table: string | undefined, fn: () => void): void {
    if (this.#depth > 0) return this.run(operation, table, fn);
    this.#begin();
    try {
      fn();
      this.#end("COMMIT");
    } catch (e) {
      this.#end("ROLLBACK");
      this.rolledBack();
      throw this.#storeError(operation, table, e);
    }
    this.committed();
  }

  /** Run `fn`, its errors as `StoreError`s of `operation` on `table`. */
  run(operation: string, table: string | undefined, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      throw this.#storeError(operation, table, e);
    }
  }

  /** Run `fn` in one transaction (a savepoint inside another): all its writes, or none. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    const savepoint = `sp${this.#depth}`;
    if (this.#depth === 0) this.#begin();
    else this.db.exec(`SAVEPOINT ${savepoint}`);
    this.#depth++;
    try {
      const result = await fn();
      this.#depth--;
      if (this.#depth > 0) this.db.exec(`RELEASE ${savepoint}`);
      else {
        this.#end("COMMIT");
        this.committed();
      }
      return result;
    } catch (e) {
      this.#depth--;
      if (this.#depth === 0) this.#end("ROLLBACK");
      else this.db.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      this.rolledBack();
      throw e;
    }
  }

  /** Begin a write transaction with room for its pages (see the module's note). */
  #begin(): void {
    this.db.exec(`PRAGMA cache_size=-${WRITE_CACHE_KIB}`);
    try {
      this.db.exec("BEGIN IMMEDIATE");
    } catch (e) {
      // Another writer held the file past the busy timeout: no transaction, no extra room.
      this.db.exec(`PRAGMA cache_size=-${READ_CACHE_KIB}`);
      throw e;
    }
  }

  /** End the write transaction (`COMMIT` or `ROLLBACK`) and give back the room it had. */
  #end(end: "COMMIT" | "ROLLBACK"): void {
    try {
      this.db.exec(end);
    } finally {
      this.db.exec(`PRAGMA cache_size=-${READ_CACHE_KIB}`);
    }
  }

  #storeError(operation: string, table: string | undefined, e: unknown): StoreError {
    if (e instanceof StoreError) return e;
    return new StoreError(this.description, operation, table, (e as Error).message, { cause: e });
  }
}
