/**
 * The Fink client: `const fink = await connect()` gives one object whose
 * methods mirror Fink's REST endpoints, answered in-process over the store,
 * on the embedded store or on HBase alike.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import type { Store } from "./store.ts";
import { openStore, type OpenOptions } from "./open.ts";
import { objects, type ObjectsParams } from "./api/objects.ts";
import { conesearch, type ConesearchParams } from "./api/conesearch.ts";
import { classes, latests, type LatestsParams } from "./api/latests.ts";
import { clearSchemaCache } from "./decode.ts";

/** A connection to Fink's tables. */
export class FinkClient {
  /** Wrap an open store. */
  constructor(readonly store: Store) {}

  /** Light curves of objects (Fink `/api/v1/objects`). */
  objects(params: ObjectsParams | string): Promise<Table> {
    return objects(this.store, typeof params === "string" ? { objectId: params } : params);
  }

  /** Cone search (Fink `/api/v1/conesearch`). */
  conesearch(params: ConesearchParams): Promise<Table> {
    return conesearch(this.store, params);
  }

  /** Most recent alerts of a class (Fink `/api/v1/latests`). */
  latests(params: LatestsParams): Promise<Table> {
    return latests(this.store, params);
  }

  /** Class names by source (Fink `/api/v1/classes`). */
  classes(): Promise<Record<string, string[]>> {
    return classes();
  }

  /** Table names of the store. */
  tables(): Promise<string[]> {
    return this.store.listTables();
  }

  /** Forget cached table schemas (after ingesting more files through `store`). */
  refresh(): void {
    clearSchemaCache(this.store);
  }

  /** Close the store. */
  close(): Promise<void> {
    return this.store.close();
  }
}

/**
 * Connect to Fink's tables: no argument → the embedded sample of real ZTF
 * alerts (built on first use, then reused); `file:path.db` → a local store;
 * `hbase://host:port` → Apache HBase through its REST server.
 *
 * @example
 * ```ts
 * import { connect } from "./client.ts";
 * const fink = await connect();
 * const lc = await fink.objects({ objectId: "ZTF21abfmbix", withUpperLim: true });
 * console.log(lc.numRows);
 * await fink.close();
 * ```
 */
export async function connect(url?: string, options: OpenOptions = {}): Promise<FinkClient> {
  return new FinkClient(await openStore(url, options));
}
