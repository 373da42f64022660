/**
 * The **HBase REST test double**: a small HTTP server on 127.0.0.1 that
 * speaks the subset of the HBase REST wire format finkit uses. It is not
 * HBase. The reference is a real Apache HBase 2.6.1 (`scripts/hbase/hbase.sh`,
 * started by `.ci/run`; the live suites run every store and query test there).
 * This double is kept for what a real server cannot easily show — **faults**
 * (injected 5xx, slow answers and hangs, resets, malformed bodies), request,
 * byte and open-scanner counters, a request log — and for runs on machines
 * without Java. Where it answers, it answers as HBase 2.6.1 does; each point
 * found on the real server is reproduced here and asserted on both by
 * `tests/query/store/hbase_behaviour_test.ts` (list in docs/hbase.md, "What the
 * real server showed"):
 *
 * - `GET /version/cluster`, `GET /` (table list), `GET /<t>/exists`,
 *   `GET|PUT|POST|DELETE /<t>/schema` (201 also on an existing table, counted in
 *   `stats.schemaReplaced`; 503 `NamespaceNotFoundException` in a missing namespace).
 * - `GET /<t>/<row>[/<col>,…]`: CellSet JSON, base64 key/column/value; 404 when absent.
 * - `PUT|POST /<t>/<anyrow>[/…]` with a CellSet body (keys in the body win; 404
 *   `NoSuchColumnFamilyException` for an unknown family); `?check=put`: the last cell is
 *   the check (empty value = "column absent"), 304 when it fails.
 * - `GET /<t>/multiget?row=<RowSpec>&…`: RowSpec values are decoded twice, as HBase does;
 *   404 "No rows found." when none exists.
 * - Stateful scanners: `PUT|POST /<t>/scanner` (ScannerModel JSON or XML) → 201 + Location;
 *   `GET /<t>/scanner/<id>?n=&c=` → at most `batch` (or c) cells and n rows, 204 when exhausted;
 *   `DELETE`. Filters: see `table.ts`.
 * - Stateless scans: `GET /<t>/*?startrow=&endrow=&column=&limit=&reversed=`.
 * - Missing tables: 404, except multi-gets and stateless scans (500 "Request failed.") and
 *   scanners (201, then 404 on the first page).
 * - `/namespaces[/<ns>]` (see `admin.ts`): 403 when creating an existing one, 503 when
 *   dropping a non-empty one.
 * - Fault injection (`inject`), slow answers, and counters (`stats`, `log`).
 *
 * Run it alone with `deno run -A tests/hbase_double/main.ts` (prints its URL).
 *
 * @module
 */
import { bin, compileFilter, type DoubleTable, type FilterJson, unbin, utf8 } from "./table.ts";
import { namespaceRoute, requestFailed, schemaRoute } from "./admin.ts";
import {
  type DoubleStats,
  newStats,
  nextCell,
  parseRowSpec,
  parseScannerXml,
  type Scanner,
} from "./helpers.ts";

/** A fault to inject into the next matching requests. */
export interface Fault {
  /** Answer with this status (e.g. 500). */
  status?: number;
  /** Wait this long before answering (slow server). */
  delayMs?: number;
  /** How many requests it applies to. Default 1. */
  times?: number;
  /** Only requests whose "METHOD path" matches. Default all. */
  match?: RegExp;
  /** Answer 200 `application/json` with this body instead (e.g. malformed JSON). */
  body?: string;
  /** Send the headers, then abort the body mid-way (a connection reset). */
  reset?: boolean;
}

const json = { "content-type": "application/json" };
const NO_SUCH_FAMILY = "org.apache.hadoop.hbase.regionserver.NoSuchColumnFamilyException";

/** A running HBase REST test double. */
export type { DoubleStats };

/** A running HBase REST test double. */
export class HBaseRestDouble {
  readonly tables = new Map<string, DoubleTable>();
  readonly faults: Fault[] = [];
  readonly namespaces = new Set(["default", "hbase"]);
  readonly log: { method: string; path: string; body: string; authorization?: string }[] = [];
  stats: DoubleStats = newStats();
  #scanners = new Map<string, Scanner>();
  #nextScanner = 1;
  #server: Deno.HttpServer<Deno.NetAddr>;

  private constructor() {
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#handle(req),
    );
  }

  /** Start a test double on a random port. */
  static start(): HBaseRestDouble {
    return new HBaseRestDouble();
  }

  /** Its port. */
  get port(): number {
    return this.#server.addr.port;
  }

  /** `hbase://127.0.0.1:<port>` */
  get url(): string {
    return `hbase://127.0.0.1:${this.port}`;
  }

  /** Inject a fault. */
  inject(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Zero the counters and the request log. */
  resetStats(): void {
    this.stats = newStats();
    this.log.length = 0;
  }

  /** Let the process exit while the test double still listens (benches). */
  unref(): void {
    this.#server.unref();
  }

  /** Stop listening (the server is then "down"). */
  async close(): Promise<void> {
    await this.#server.shutdown();
  }

  async #handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const body = req.body ? await req.text() : "";
    this.stats.requests++;
    this.stats.bytesIn += body.length + url.pathname.length + url.search.length;
    const authorization = req.headers.get("authorization") ?? undefined;
    this.log.push({ method: req.method, path: url.pathname + url.search, body, authorization });
    const fault = this.faults.find((f) =>
      !f.match || f.match.test(`${req.method} ${url.pathname}`)
    );
    if (fault) {
      if (--fault.times! <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.status) return this.text(fault.status, "Injected fault\r\n");
      if (fault.body !== undefined) {
        return new Response(fault.body, { status: 200, headers: json });
      }
      if (fault.reset) {
        const stream = new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"Row":[{"key":'));
            c.error(new Error("reset by the test double"));
          },
        });
        return new Response(stream, { status: 200, headers: json });
      }
    }
    let res: Response;
    try {
      res = this.#route(req.method, url, body, req.headers.get("content-type") ?? "");
    } catch (e) {
      res = this.text(400, `Bad request: ${(e as Error).message}\r\n`);
    }
    return res;
  }

  /** Count a request of `route` (internal to the double). */
  count(route: string) {
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;
  }

  /** A JSON answer (internal to the double). */
  json(status: number, value: unknown, headers: Record<string, string> = {}): Response {
    const text = JSON.stringify(value);
    this.stats.bytesOut += text.length;
    return new Response(text, { status, headers: { ...json, ...headers } });
  }

  /** A text answer (internal to the double). */
  text(status: number, text: string, headers: Record<string, string> = {}): Response {
    this.stats.bytesOut += text.length;
    return new Response(status === 204 || status === 304 ? null : text, {
      status,
      headers: { "content-type": "text/plain", ...headers },
    });
  }

  #route(method: string, url: URL, body: string, type: string): Response {
    const raw = url.pathname.split("/").slice(1);
    if (raw.length === 1 && raw[0] === "") {
      this.count("tables");
      return this.json(200, { table: [...this.tables.keys()].map((name) => ({ name })) });
    }
    if (raw[0] === "version") {
      this.count("version");
      return raw[1] === "cluster"
        ? this.json(200, { Version: "2.5.8 (HBase REST test double)" })
        : this.json(200, { REST: "0.0.3", Server: "HBase REST test double" });
    }
    if (raw[0] === "namespaces") {
      return namespaceRoute(this, method, decodeURIComponent(raw[1] ?? ""));
    }
    const tableName = decodeURIComponent(raw[0]);
    const table = this.tables.get(tableName);
    const sub = raw[1] ?? "";
    if (sub === "schema") return schemaRoute(this, method, tableName, body);
    if (sub === "exists") {
      this.count("exists");
      return table ? this.text(200, "") : this.text(404, "Not found\r\n");
    }
    if (!table) {
      this.count("missing-table");
      // As HBase 2.6: scanners are created on missing tables (201), their first page is 404;
      // multi-gets and stateless scans fail with Jersey's bare 500 "Request failed.".
      if (sub === "scanner" && !raw[2] && method !== "GET" && method !== "DELETE") {
        return this.text(201, "", {
          location: `http://127.0.0.1:${this.port}/${raw[0]}/scanner/${
            (0x1000 + this.#nextScanner++).toString(16)
          }lost`,
        });
      }
      if (
        method === "GET" && (sub.startsWith("multiget") || raw.slice(1).join("/").endsWith("*"))
      ) {
        return requestFailed(this, url.pathname);
      }
      return this.text(
        404,
        `Not found\r\norg.apache.hadoop.hbase.TableNotFoundException: ${tableName}\r\n`,
      );
    }
    if (sub === "scanner") return this.#scanner(method, table, raw[2], url, body, type);
    if (sub.startsWith("multiget") && method === "GET") return this.#multiget(table, raw, url);
    if (raw.slice(1).join("/").endsWith("*") && method === "GET") {
      return this.#stateless(table, raw, url);
    }
    if (method === "GET") return this.#get(table, raw.slice(1).join("/"));
    if (method === "PUT" || method === "POST") return this.#put(table, body, url);
    if (method === "DELETE") {
      this.count("delete");
      const spec = parseRowSpec(raw.slice(1).join("/"));
      const k = bin(spec.key);
      if (table.rows.delete(k)) table.keys.splice(table.lowerBound(k), 1);
      return this.text(200, "");
    }
    return this.text(405, "Method not allowed\r\n");
  }

  #cellSet(rows: { key: string; cells: ReturnType<DoubleTable["cells"]> }[]) {
    return {
      Row: rows.map((r) => ({
        key: unbin(r.key).toBase64(),
        Cell: r.cells.map((c) => ({
          column: c.column.toBase64(),
          timestamp: c.timestamp,
          $: c.value.toBase64(),
        })),
      })),
    };
  }

  #get(table: DoubleTable, rowspec: string): Response {
    this.count("get");
    const spec = parseRowSpec(rowspec);
    const cells = table.cells(bin(spec.key), spec.columns);
    if (!cells.length) return this.text(404, "Not found\r\n");
    return this.json(200, this.#cellSet([{ key: bin(spec.key), cells }]));
  }

  #multiget(table: DoubleTable, raw: string[], url: URL): Response {
    this.count("multiget");
    const pathColumns = raw[2] ? raw[2].split(",").map((c) => utf8(decodeURIComponent(c))) : [];
    const rows = [];
    for (const rk of url.searchParams.getAll("row")) {
      const spec = parseRowSpec(rk); // the query value was decoded once already: RowSpec decodes again
      const cells = table.cells(bin(spec.key), [...spec.columns, ...pathColumns]);
      if (cells.length) rows.push({ key: bin(spec.key), cells });
    }
    if (!rows.length) return this.text(404, "No rows found.\r\n");
    return this.json(200, this.#cellSet(rows));
  }

  #put(table: DoubleTable, body: string, url: URL): Response {
    const model = JSON.parse(body) as {
      Row: { key: string; Cell: { column: string; $: string }[] }[];
    };
    const decode = (r: (typeof model.Row)[number]) =>
      r.Cell.map((c) => ({
        column: Uint8Array.fromBase64(c.column),
        value: Uint8Array.fromBase64(c.$ ?? ""),
      }));
    if (url.searchParams.get("check") === "put") {
      this.count("checkAndPut");
      if (model.Row.length !== 1) {
        return this.text(400, "Bad request: Number of rows specified is not 1.\r\n");
      }
      const key = Uint8Array.fromBase64(model.Row[0].key);
      const cells = decode(model.Row[0]);
      const check = cells.pop()!;
      if (!cells.some((c) => bin(c.column) === bin(check.column))) {
        return this.text(400, "Bad request: The column to put and check do not match.\r\n");
      }
      const current = table.rows.get(bin(key))?.get(bin(check.column))?.value;
      const ok = current ? bin(current) === bin(check.value) : check.value.length === 0;
      if (!ok) return this.text(304, "");
      table.put(key, cells);
      return this.text(200, "");
    }
    this.count("put");
    const family = model.Row.map((r) => table.missingFamily(decode(r))).find((f) => f);
    if (family) {
      const region = `${table.name},,1 in table '${table.name}'`;
      return this.text(
        404,
        `Not found\r\n${NO_SUCH_FAMILY}: Column family ${family} does not exist in region ${region}\r\n`,
      );
    }
    for (const r of model.Row) table.put(Uint8Array.fromBase64(r.key), decode(r));
    return this.text(200, "");
  }

  #stateless(table: DoubleTable, raw: string[], url: URL): Response {
    this.count("statelessScan");
    const p = url.searchParams;
    const spec = decodeURIComponent(raw.slice(1).join("/"));
    const prefix = spec.slice(0, spec.indexOf("*"));
    const start = p.get("startrow") ?? prefix;
    const end = p.get("endrow") ?? "";
    const reversed = p.get("reversed") === "true";
    const limit = Number(p.get("limit") ?? Infinity);
    const columns = p.getAll("column").map(utf8);
    if (p.get("filter")) {
      return this.text(
        400,
        "Bad request: filter strings are not implemented by the test double\r\n",
      );
    }
    const rows = table.range(utf8(start), utf8(end), reversed, limit, columns);
    return this.json(200, this.#cellSet(rows));
  }

  #scanner(
    method: string,
    table: DoubleTable,
    id: string | undefined,
    url: URL,
    body: string,
    type: string,
  ) {
    if (!id && (method === "PUT" || method === "POST")) {
      this.count("scanner create");
      const model = type.includes("xml") ? parseScannerXml(body) : JSON.parse(body);
      const start = model.startRow ? bin(Uint8Array.fromBase64(model.startRow)) : "";
      const end = model.endRow ? bin(Uint8Array.fromBase64(model.endRow)) : "";
      const filter = model.filter
        ? compileFilter(JSON.parse(model.filter) as FilterJson)
        : undefined;
      const from = table.lowerBound(start);
      const to = end ? table.lowerBound(end) : table.keys.length;
      const scannerId = (0x1000 + this.#nextScanner++).toString(16) + "d0ub1e";
      this.#scanners.set(scannerId, {
        table,
        keys: table.keys.slice(from, to),
        index: 0,
        columns: ((model.column ?? []) as string[]).map((c) => Uint8Array.fromBase64(c)),
        batch: Number(model.batch ?? 2 ** 31 - 1),
        filter,
        queue: [],
        done: false,
      });
      this.stats.scannersCreated++;
      this.stats.openScanners++;
      return this.text(201, "", {
        location: `http://127.0.0.1:${this.port}/${table.name}/scanner/${scannerId}`,
      });
    }
    const scanner = id ? this.#scanners.get(id) : undefined;
    if (!scanner) return this.text(404, "Not found\r\n");
    if (method === "DELETE") {
      this.count("scanner delete");
      this.#scanners.delete(id!);
      this.stats.openScanners--;
      return this.text(200, "");
    }
    this.count("scanner next");
    const maxRows = Number(url.searchParams.get("n") ?? 0);
    const maxValues = Number(url.searchParams.get("c") ?? 0);
    const limit = maxValues > 0 ? maxValues : scanner.batch;
    const rows: { key: string; cells: ReturnType<DoubleTable["cells"]> }[] = [];
    let rowsLeft = maxRows;
    for (let count = limit; count > 0; count--) {
      const next = nextCell(scanner);
      if (!next) break;
      const last = rows.at(-1);
      if (last && last.key !== next.key && maxRows > 0 && --rowsLeft === 0) {
        scanner.queue.unshift(next); // put back: it starts a row beyond n
        break;
      }
      if (last && last.key === next.key) last.cells.push(next.cell);
      else rows.push({ key: next.key, cells: [next.cell] });
    }
    if (!rows.length) return this.text(204, "");
    return this.json(200, this.#cellSet(rows));
  }
}
