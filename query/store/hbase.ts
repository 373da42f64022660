/**
 * The Apache HBase backend of the store interface, through HBase's REST
 * server (`hbase rest start`) and npm `hbase` (wrapped in promises, see
 * `hbase/client.ts`). Open it with {@linkcode openHBaseStore}
 * (`hbase://host:port[/namespace]?timeout=…`).
 *
 * Wire choices: CellSet JSON with base64 keys, columns and values; single
 * gets by path, multi-gets with `/multiget?row=…`, scans with the stateless
 * scanner (one GET per page; `scanner: "stateful"` for a server-side scanner,
 * always deleted), `count` with a FirstKeyOnly+KeyOnly scanner, one CellSet
 * PUT per batch of rows. Checked against a real HBase 2.6.1 (docs/hbase.md).
 *
 * @module
 */
import {
  type PutOptions,
  type PutRow,
  type RangesOptions,
  type ReadOptions,
  type Row,
  type RowRange,
  rowReturned,
  scanEach,
  type ScanOptions,
  type Store,
  StoreError,
} from "./store.ts";
import { RestClient } from "./hbase/client.ts";
import { assertRestGateway, ensureNamespace, missingFamily } from "./hbase/admin.ts";
import type { HBaseStoreOptions } from "./hbase/options.ts";
import {
  checkScanOptions,
  countRows,
  forwardScan,
  rangesScan,
  scanBounds,
  type ScanContext,
  statelessScan,
} from "./hbase/scanner.ts";
import {
  cellSetOf,
  firstColumn,
  multigetParam,
  rowPath,
  rowsOf,
  selectColumns,
  tablePath,
} from "./hbase/wire.ts";
import { parseHBaseUrl } from "./hbase/url.ts";

export { HBaseUrlError, parseHBaseUrl } from "./hbase/url.ts";
export { filters } from "./hbase/wire.ts";
export { dropNamespace } from "./hbase/admin.ts";
export type { HBaseStoreOptions } from "./hbase/options.ts";
export type { Krb5Options, RestClientOptions } from "./hbase/client.ts";

/**
 * A store on Apache HBase through its REST server.
 *
 * @example
 * ```ts
 * import { openHBaseStore } from "./hbase.ts";
 * const store = openHBaseStore("hbase://127.0.0.1:8080?timeout=5000");
 * // await store.createTable("ztf", ["i", "d"]);
 * // for await (const row of store.scan("ztf", { prefix: "ZTF21abfmbix_" })) console.log(row.key);
 * await store.close();
 * ```
 */
export class HBaseStore implements Store {
  readonly description: string;
  /** The REST client (its `requests` counter is handy in tests and benches). */
  readonly client: RestClient;
  readonly #options: HBaseStoreOptions;
  readonly #known = new Set<string>();
  #namespaceReady = false;

  /** Build a store; no request is sent until the first operation. */
  constructor(options: HBaseStoreOptions = {}) {
    this.#options = options;
    const ns = options.namespace;
    this.description = options.description ??
      `hbase://${options.host ?? "127.0.0.1"}:${options.port ?? 8080}${ns ? "/" + ns : ""}`;
    for (
      const [name, v] of Object.entries({
        batchSize: options.batchSize,
        cellBatch: options.cellBatch,
      })
    ) {
      if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
        throw new RangeError(`HBaseStore option ${name}=${v} must be an integer >= 1`);
      }
    }
    this.client = new RestClient(this.description, options);
  }

  #path(table: string): string {
    return tablePath(table, this.#options.namespace);
  }

  #ctx(table: string): ScanContext {
    return {
      client: this.client,
      tablePath: this.#path(table),
      table,
      batchSize: this.#options.batchSize ?? 1000,
      cellBatch: this.#options.cellBatch ?? 20_000,
      explainFailure: (e, operation) => this.#explainFailure(e, table, operation),
    };
  }

  async #missing(table: string, operation: string): Promise<never> {
    this.#known.delete(table);
    await assertRestGateway(this.client, operation, table); // else "not HBase", not "no table"
    const ns = this.#options.namespace;
    const where = ns
      ? ` in namespace '${ns}'`
      : " in the default namespace (finkit's URLs name one: hbase://host:port/<namespace>)";
    throw new StoreError(
      this.description,
      operation,
      table,
      `table '${table}' does not exist${where}`,
    );
  }

  /** Throw a StoreError if `table` does not exist (cached once seen). */
  async #checkTable(table: string, operation: string): Promise<void> {
    if (this.#known.has(table)) return;
    if (!(await this.#exists(table, operation))) await this.#missing(table, operation);
  }

  /**
   * Rethrow `e`, unless it is HBase's bare 500 "Request failed." (its answer to
   * a multi-get, a stateless scan or a scanner page on a missing table) and the
   * table is indeed missing: then the "does not exist" error.
   */
  async #explainFailure(e: unknown, table: string, operation: string): Promise<never> {
    if (
      e instanceof StoreError && /HTTP 404|HTTP 500.*Request failed/.test(e.message) &&
      !(await this.#exists(table, operation).catch(() => true))
    ) await this.#missing(table, operation);
    throw e;
  }

  async #exists(table: string, operation: string): Promise<boolean> {
    const res = await this.client.request({
      method: "GET",
      path: `${this.#path(table)}/exists`,
      operation,
      table,
      idempotent: true,
      accept: [404],
    });
    if (res.status === 404) return false;
    this.#known.add(table);
    return true;
  }

  async listTables(): Promise<string[]> {
    const res = await this.client.request({
      method: "GET",
      path: "/",
      operation: "listTables",
      idempotent: true,
    });
    const names = ((res.body as { table?: { name: string }[] } | null)?.table ?? []).map((t) =>
      t.name
    );
    const ns = this.#options.namespace;
    const mine = ns
      ? names.filter((n) => n.startsWith(ns + ":")).map((n) => n.slice(ns.length + 1))
      : names.filter((n) => !n.includes(":"));
    for (const n of mine) this.#known.add(n);
    return mine;
  }

  async createTable(table: string, families: string[]): Promise<void> {
    if (!families.length) {
      throw new StoreError(
        this.description,
        "createTable",
        table,
        "give at least one column family",
      );
    }
    // Never PUT a schema on an existing table: HBase would disable and modify it.
    if (this.#known.has(table) || (await this.#exists(table, "createTable"))) return;
    const ns = this.#options.namespace;
    if (ns && !this.#namespaceReady) {
      await ensureNamespace(this.client, ns, table); // HBase refuses tables in a missing namespace
      this.#namespaceReady = true;
    }
    await this.client.request({
      method: "PUT",
      path: `${this.#path(table)}/schema`,
      body: {
        name: ns ? `${ns}:${table}` : table,
        ColumnSchema: families.map((name) => ({ name })),
      },
      operation: "createTable",
      table,
      accept: [304], // created concurrently by someone else
    });
    this.#known.add(table);
  }

  async get(table: string, rowkey: string, options: ReadOptions = {}): Promise<Row | undefined> {
    const res = await this.client.request({
      method: "GET",
      path: rowPath(this.#path(table), rowkey, options.columns),
      operation: "get",
      table,
      idempotent: true,
      accept: [404],
    });
    if (res.status === 404) {
      await this.#checkTable(table, "get");
      return undefined;
    }
    const rows = rowsOf(res.body, options.columns);
    const row = rows.find((r) => r.key === rowkey);
    return row && rowReturned(row.columns.length, options.columns) ? row : undefined;
  }

  async getMany(table: string, rowkeys: string[], options: ReadOptions = {}): Promise<Row[]> {
    const found = await this.#multiget(table, rowkeys.map((k) => [k, options.columns]), "getMany");
    const out: Row[] = [];
    for (const k of rowkeys) {
      const r = found.get(k);
      if (r && r.columns.length) out.push(r);
    }
    return out;
  }

  /** Multi-get in as few requests as the URL length allows. */
  async #multiget(
    table: string,
    specs: [string, string[] | undefined][],
    operation: string,
  ): Promise<Map<string, Row>> {
    const found = new Map<string, Row>();
    const base = `${this.#path(table)}/multiget?`;
    const maxUrl = this.#options.maxUrlLength ?? 6000;
    let params: string[] = [];
    let length = base.length;
    let anyFound = false;
    const flush = async () => {
      if (!params.length) return;
      const res = await this.client.request({
        method: "GET",
        path: base + params.join("&"),
        operation,
        table,
        idempotent: true,
        accept: [404],
      }).catch((e) => this.#explainFailure(e, table, operation));
      params = [];
      length = base.length;
      if (res.status === 404) return;
      anyFound = true;
      for (const r of rowsOf(res.body)) found.set(r.key, r);
    };
    for (const [key, columns] of specs) {
      const p = multigetParam(key, columns);
      if (params.length && length + p.length + 1 > maxUrl) await flush();
      params.push(p);
      length += p.length + 1;
    }
    await flush();
    if (!anyFound && specs.length) await this.#checkTable(table, operation);
    // Column selection: HBase applies it, this is a cheap guarantee for bare families too.
    for (const [key, columns] of specs) {
      const r = found.get(key);
      if (r && columns?.length) found.set(key, selectColumns(r, columns));
    }
    return found;
  }

  scan(table: string, options: ScanOptions = {}): AsyncIterable<Row> {
    checkScanOptions(this.description, table, options);
    if (options.limit === 0) return (async function* () {})();
    const ctx = this.#ctx(table);
    const bounds = scanBounds(options);
    const opts = { columns: options.columns, limit: options.limit, batchSize: options.batchSize };
    return options.reversed || (this.#options.scanner ?? "stateless") === "stateless"
      ? statelessScan(ctx, bounds, { ...opts, reversed: options.reversed })
      : forwardScan(ctx, bounds, opts);
  }

  scanRanges(table: string, ranges: RowRange[], options: RangesOptions = {}): AsyncIterable<Row> {
    // A stateful scanner costs 3 requests (create, page, delete): a few ranges go one by one.
    if (ranges.length <= 3 && (this.#options.scanner ?? "stateless") === "stateless") {
      return scanEach(this, table, ranges, options);
    }
    return rangesScan(this.#ctx(table), ranges, options);
  }

  async put(table: string, rows: PutRow[], options: PutOptions = {}): Promise<void> {
    const chunk = this.#options.maxRowsPerPut ?? 1000;
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk).filter((r) => Object.keys(r.cells).length);
      if (!part.length) continue;
      if (!options.ifAbsent) await this.#put(table, part);
      else if (this.#options.ifAbsent === "check-and-put") await this.#checkAndPut(table, part);
      else await this.#getThenPut(table, part);
    }
  }

  async #put(table: string, rows: PutRow[]): Promise<void> {
    // The row in the path is a placeholder: keys in the CellSet body win.
    const res = await this.client.request({
      method: "PUT",
      path: `${this.#path(table)}/fakerow`,
      body: cellSetOf(rows),
      operation: "put",
      table,
      accept: [404],
    });
    if (res.status === 404) await this.#putNotFound(table, res.body);
  }

  /** A put answered 404: a missing table, or a column family the table lacks. */
  #putNotFound(table: string, body: unknown): Promise<never> {
    const family = missingFamily(body);
    if (!family) return this.#missing(table, "put");
    const msg = `column family '${family}' does not exist in table '${table}'`;
    throw new StoreError(this.description, "put", table, msg);
  }

  /**
   * A row counts as present when it already has a value in the first column
   * (bytewise) of the row being written, so no existing cell is overwritten.
   */
  async #getThenPut(table: string, rows: PutRow[]): Promise<void> {
    const specs = rows.map((r) => [r.key, [firstColumn(r)]] as [string, string[]]);
    const present = await this.#multiget(table, specs, "put");
    const absent = rows.filter((r) => !present.get(r.key)?.columns.length);
    if (absent.length) await this.#put(table, absent);
  }

  async #checkAndPut(table: string, rows: PutRow[]): Promise<void> {
    for (const row of rows) {
      const res = await this.client.request({
        method: "PUT",
        path: `${rowPath(this.#path(table), row.key)}?check=put`,
        body: cellSetOf([row], firstColumn(row)),
        operation: "put",
        table,
        accept: [304, 404],
      });
      if (res.status === 404) await this.#putNotFound(table, res.body);
    }
  }

  /** Delete whole rows: one `DELETE /<table>/<row>` each (REST has no multi-row delete). */
  async delete(table: string, rowkeys: string[]): Promise<void> {
    for (const key of rowkeys) {
      const res = await this.client.request({
        method: "DELETE",
        path: rowPath(this.#path(table), key),
        operation: "delete",
        table,
        accept: [404],
      });
      if (res.status === 404) await this.#checkTable(table, "delete");
    }
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    // HBase has no multi-row transactions: each row of a put is atomic, no more.
    return fn();
  }

  async count(
    table: string,
    options: Pick<ScanOptions, "prefix" | "startRow" | "stopRow"> = {},
  ): Promise<number> {
    return await countRows(this.#ctx(table), scanBounds(options));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Open an HBase store from a connection string
 * `hbase://[user:password@]host[:port][/namespace][?timeout=ms&retries=n&protocol=https&path=/prefix]`.
 * Options given here override the string's.
 *
 * @example
 * ```ts
 * import { openHBaseStore } from "./hbase.ts";
 * const store = openHBaseStore("hbase://localhost:8080/fink?timeout=10000", { batchSize: 500 });
 * console.log(store.description); // hbase://localhost:8080/fink
 * await store.close();
 * ```
 */
export function openHBaseStore(url: string, options: HBaseStoreOptions = {}): HBaseStore {
  const u = parseHBaseUrl(url);
  return new HBaseStore({
    host: u.host,
    port: u.port,
    protocol: u.protocol,
    path: u.path,
    namespace: u.namespace,
    timeout: u.timeout,
    retries: u.retries,
    auth: u.auth,
    ...stripUndefined(options),
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
