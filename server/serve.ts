/**
 * `serve()`: Fink's REST API (and the portal pages, when given) over HTTP
 * with Deno's built-in server, on any finkit store.
 *
 * @module
 */
import { connect, type FinkClient } from "../query/mod.ts";
import {
  type AccessLogLine,
  accessLogLine,
  errorResponse,
  type HandlerOptions,
  methodNotAllowed,
  requestUrl,
  routePath,
  rowCount,
  unreadableUrl,
  withCors,
} from "./handler.ts";
import { appHandler } from "./app.ts";
import { WorkerPool } from "./pool.ts";

/** Options of {@linkcode serve}. */
export interface ServeOptions extends HandlerOptions {
  /**
   * Store URL (`file:alerts.db`, which must exist, `hbase://host:8080`); default the embedded
   * sample, served read-only (`readOnly` defaults to true on a store opened read-only).
   */
  store?: string;
  /** An already open client (instead of `store`); `serve` then leaves it open on shutdown. */
  client?: FinkClient;
  /**
   * The aggregated SSO light-curve file that `ssobulk`, `ssoft` and `sso?withEphem` read
   * (`connect`'s `ssoFile`): default the bundled sample's on the embedded sample, none on
   * other stores; a `client` brings its own.
   */
  ssoFile?: string | null;
  /** Port; default 24000 (`0` picks a free one). */
  port?: number;
  /** Interface; default `127.0.0.1` (loopback only). */
  hostname?: string;
  /** Called once the server listens. */
  onListen?: (addr: { hostname: string; port: number; url: string }) => void;
  /** Stops the server when aborted. */
  signal?: AbortSignal;
  /**
   * Query workers, each with its own store connection, so that queries run in
   * parallel (SQLite reads are synchronous). Default: one per core for a file
   * or HBase store; 0 (queries in the HTTP thread) for `:memory:` or a `client`.
   */
  workers?: number;
}

/** A running server. */
export interface FinkServer {
  /** Base URL (`http://127.0.0.1:24000`). */
  url: string;
  /** The port listened on. */
  port: number;
  /** Resolves when the server has stopped. */
  finished: Promise<void>;
  /** Stop accepting requests, finish those under way, close the store (if `serve` opened it). */
  shutdown(): Promise<void>;
}

/** An access-log line as one JSON object per line (no query data). */
export function formatAccessLog(line: AccessLogLine): string {
  return JSON.stringify(line);
}

const FETCH_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);

/** The main thread's handler in front of a worker pool: hand over, then log. */
function pooled(
  pool: WorkerPool,
  log: ((line: AccessLogLine) => void) | undefined,
): (req: Request) => Promise<Response> {
  return async (req) => {
    const started = performance.now();
    const url = requestUrl(req);
    // A URL that cannot be read (a malformed Host) is Flask's 400, answered here.
    if (!url) return unreadableUrl();
    let res: Response;
    try {
      // Methods a Request cannot carry to a worker (TRACE, CONNECT) are not Fink's either.
      res = FETCH_METHODS.has(req.method)
        ? await pool.handle(req)
        : withCors(methodNotAllowed(routePath(url)));
    } catch (e) {
      res = withCors(errorResponse(e, "a query worker"));
    }
    log?.(accessLogLine(req.method, url, res.status, started, rowCount(res)));
    return res;
  };
}

/**
 * Serve Fink's REST API over `options.store` (default: the embedded sample)
 * on `http://127.0.0.1:24000`.
 *
 * @example
 * ```ts
 * import { serve } from "./serve.ts";
 * const server = await serve({ port: 0 });
 * const r = await fetch(`${server.url}/api/v1/objects`, {
 *   method: "POST",
 *   body: JSON.stringify({ objectId: "ZTF25abxvhmk", "output-format": "json" }),
 * });
 * console.log((await r.json()).length);
 * await server.shutdown();
 * ```
 */
export async function serve(options: ServeOptions = {}): Promise<FinkServer> {
  const client = options.client ?? await connect(options.store, { ssoFile: options.ssoFile });
  // A store opened read-only (the embedded sample) makes a server that refuses annotations (403).
  if (options.readOnly === undefined && client.store.readOnly) {
    options = { ...options, readOnly: true };
  }
  let pool: WorkerPool | undefined;
  // What serve opened (workers, the store) is closed when the server stops, or at once if it
  // cannot start (workers that cannot open the store, a port in use).
  const release = async () => {
    await pool?.close();
    if (!options.client) await client.close();
  };
  let server: Deno.HttpServer;
  let url: string, port: number;
  try {
    const workers = options.client || options.store === ":memory:"
      ? 0
      : options.workers ?? navigator.hardwareConcurrency ?? 1;
    let handler: (req: Request) => Promise<Response>;
    if (workers > 0) {
      const limits = {
        timeoutMs: options.timeoutMs ?? 60_000,
        maxBodyBytes: options.maxBodyBytes ?? 100 * 1024 * 1024,
        maxRows: options.maxRows,
        readOnly: options.readOnly,
      };
      // The file `connect` settled on (the sample's by default there), not re-derived per worker.
      pool = new WorkerPool(workers, options.store, limits, client.ssoFile);
      await pool.ready();
      handler = pooled(pool, options.log);
    } else {
      handler = appHandler(client, options);
    }
    const hostname = options.hostname ?? "127.0.0.1";
    let resolveAddr: (port: number) => void;
    const listening = new Promise<number>((r) => resolveAddr = r);
    server = Deno.serve({
      hostname,
      port: options.port ?? 24000,
      signal: options.signal,
      onListen: ({ port }) => resolveAddr(port),
      onError: (e) => {
        console.error(`finkit serve: ${(e as Error)?.stack ?? e}`);
        return new Response("{'status': 'error', 'text': 'Internal error\\n'}", { status: 500 });
      },
    }, handler);
    port = await listening;
    const host = hostname.includes(":") ? `[${hostname}]` : hostname;
    url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
    options.onListen?.({ hostname, port, url });
  } catch (e) {
    await release();
    throw e;
  }
  const finished = server.finished.then(release);
  return {
    url,
    port,
    finished,
    async shutdown() {
      await server.shutdown();
      await finished;
    },
  };
}
