/**
 * The HTTP handler of Fink's REST API over a finkit store: routing, Fink's
 * argument rules (query string first, else the JSON body or form fields),
 * output formats, Fink's error bodies, CORS, gzip, body size limit,
 * per-request timeout and one access-log line per request.
 *
 * @module
 */
import { BadRequestError, exportTable, type FinkClient } from "../query/mod.ts";
import { Args, HttpError, timeoutError } from "./args.ts";
import { errorBody, flaskMessage } from "./python.ts";
import { type Output, type Route, ROUTES } from "./routes.ts";
import { DEFAULT_MAX_ROWS, TABULAR_FORMATS } from "./params.ts";
import { openApiDocument, routeList } from "./openapi.ts";
import { readPayload, UNREADABLE } from "./payload.ts";
import { crossSite, publicOrigin, publicPrefix, VARY_PREFIX } from "./forwarded.ts";
import { OBJECT_PATH } from "./portal/handler.ts";

/** Where Fink's missing-argument message sends its users (its text, kept byte for byte). */
const FINK_API_DOCS = "https://api.ztf.fink-portal.org";

/** Options of {@linkcode createHandler}. */
export interface HandlerOptions {
  /** Largest request body, bytes. Default 100 MiB (Fink's `MAX_CONTENT_LENGTH`). */
  maxBodyBytes?: number;
  /** Time allowed to one query, ms, then 504; and to a request body's arrival, then 408. Default 60,000. */
  timeoutMs?: number;
  /**
   * Largest `n` / `nmax` / `maxnumber` a request may ask, and most rows an `objects` list of ids
   * may find in all. Default 100,000.
   */
  maxRows?: number;
  /**
   * Refuse requests that write (`POST /api/v1/metadata`) with a 403. Default false, as Fink
   * (`serve` on a store opened read-only, such as the embedded sample: true).
   */
  readOnly?: boolean;
  /** Where access-log lines go (one per request; no parameter values); default none. */
  log?: (line: AccessLogLine) => void;
  /** Requests not under `/api` (the portal pages), or `undefined` for 404. */
  fallback?: (req: Request, url: URL) => Promise<Response | undefined> | Response | undefined;
}

/** One access-log line: no parameter values, no query data. */
export interface AccessLogLine {
  /** ISO time the request arrived. */
  time: string;
  /** HTTP method. */
  method: string;
  /** Route path (`/api/v1/objects`), or `other`. */
  route: string;
  /** HTTP status sent. */
  status: number;
  /** Milliseconds to the response head. */
  ms: number;
  /** Rows of a tabular answer. */
  rows?: number;
}

const CORS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "Content-Type,Authorization",
  "access-control-allow-methods": "GET,PUT,POST,DELETE,OPTIONS",
};
/** Flask's (Werkzeug's) page for a URL no route matches: Fink's API sends it as it is. */
const NOT_FOUND = "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n" +
  "<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL " +
  "manually please check your spelling and try again.</p>\n";
const NOT_ALLOWED = flaskMessage("The method is not allowed for the requested URL.");
const CONTENT_TYPES: Record<string, string> = {
  json: "application/json",
  csv: "application/csv",
  votable: "text/xml",
  parquet: "application/vnd.apache.parquet",
};
const COMPRESSIBLE = /json|csv|xml|text|javascript|svg/;

/** The route path of a request URL: its path without trailing slashes (`/` stays `/`). */
export function routePath(url: URL): string {
  const p = url.pathname;
  return p.length <= 1 ? p : trimSlashes(p);
}

/**
 * `s` without its trailing slashes. A loop, not /\/+$/: that regex takes time quadratic in a run
 * of slashes (a 64 kB path of slashes held the HTTP thread for seconds).
 */
function trimSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 47) end--;
  return s.slice(0, end);
}

/** `res` with Fink's CORS headers. */
export function withCors(res: Response): Response {
  for (const [k, v] of Object.entries(CORS)) res.headers.set(k, v);
  // Browsers take a body for what its Content-Type says, never for HTML sniffed from it.
  res.headers.set("x-content-type-options", "nosniff");
  return res;
}

/**
 * Flask-restx's 405 answer for `path`, with the `Allow` header (RFC 9110) of
 * its methods: a route's, GET for the route list and the OpenAPI document and
 * for the portal's pages.
 */
export function methodNotAllowed(path: string): Response {
  const res = text(405, NOT_ALLOWED, "application/json");
  res.headers.set("allow", allowed(path));
  return res;
}

/** The methods `path` answers, as Flask lists them: its own, HEAD with GET, and OPTIONS. */
function allowed(path: string): string {
  const route = ROUTES.find((r) => path === `/api/v1/${r.name}`);
  const methods: string[] = [...route?.methods ?? ["GET"], "OPTIONS"];
  if (methods.includes("GET")) methods.push("HEAD");
  return methods.sort().join(", ");
}

function text(status: number, body: string, type = "text/plain; charset=utf-8"): Response {
  return new Response(body, { status, headers: { "content-type": type } });
}

/** Fink's answer to an error: the exact body for known ones, a short 500 otherwise. */
export function errorResponse(e: unknown, route: string): Response {
  if (e instanceof HttpError) return text(e.status, e.body, e.contentType);
  if (e instanceof BadRequestError) return text(400, errorBody(e.message + "\n"));
  // A store's message names its file or gateway and its tables: the log has it, not the client.
  const message = storeFailure(e)
    ? "the store failed (the server's log says why)"
    : e instanceof Error
    ? e.message.split("\n")[0].slice(0, 300)
    : String(e);
  return text(500, errorBody(`Internal error in ${route}: ${message}\n`));
}

/** Rows of the tabular answers, for access logs: kept beside a response, never sent. */
const ROW_COUNTS = new WeakMap<Response, number>();

/** Rows of a tabular answer `res` (for the access log), or undefined. */
export function rowCount(res: Response): number | undefined {
  return ROW_COUNTS.get(res);
}

/** Note that `res` carries `rows` rows (a query worker's answer rebuilt on the main thread). */
export function noteRowCount(res: Response, rows: number | undefined): Response {
  if (rows !== undefined) ROW_COUNTS.set(res, rows);
  return res;
}

function tabular(output: Output, format: string): { response: Response; rows?: number } {
  if ("response" in output) return { response: output.response };
  if ("json" in output) return { response: text(200, output.json, "application/json") };
  const body = exportTable(output.table, format);
  return {
    response: new Response(body as BodyInit, {
      headers: { "content-type": CONTENT_TYPES[format] },
    }),
    rows: output.table.numRows,
  };
}

async function runRoute(
  route: Route,
  req: Request,
  url: URL,
  client: FinkClient,
  options: Required<Pick<HandlerOptions, "maxBodyBytes" | "timeoutMs" | "maxRows" | "readOnly">>,
): Promise<{ response: Response; rows?: number }> {
  const queryArgs = Object.fromEntries(url.searchParams);
  const method = req.method === "HEAD" ? "GET" : req.method;
  if (method === "GET" && Object.keys(queryArgs).length === 0 && route.params.length > 0) {
    return { response: text(200, route.description, "text/html; charset=utf-8") };
  }
  const payload = Object.keys(queryArgs).length > 0 || method === "GET"
    ? queryArgs
    : await readPayload(req, options.maxBodyBytes, options.timeoutMs);
  const args = new Args(payload);
  const missing = route.params.find((p) =>
    (p.required === true || (p.required === "POST" && method === "POST")) && !args.has(p.name)
  );
  if (missing) {
    // Fink's text, its documentation's address included (clients compare the whole body).
    const see = `A value for \`${missing.name}\` is required. See ${FINK_API_DOCS} \n`;
    throw new HttpError(400, errorBody(see));
  }
  const format = args.str("output-format") ?? route.defaultFormat;
  if (route.defaultFormat !== "PNG" && !(TABULAR_FORMATS as readonly string[]).includes(format)) {
    throw new HttpError(
      400,
      errorBody(
        `Output format \`${format}\` is not supported. Choose among json, csv, votable, or parquet\n`,
      ),
    );
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(options.timeoutMs)), options.timeoutMs);
  });
  try {
    const ctx = {
      client,
      apiUrl: publicOrigin(req, url),
      maxRows: options.maxRows,
      method: method as "GET" | "POST",
      readOnly: options.readOnly,
      crossSite: crossSite(req),
    };
    const output = await Promise.race([route.run(ctx, args), timeout]);
    return tabular(output, format);
  } catch (e) {
    throw e instanceof BadRequestError ? restError(e, route) : e;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The REST body of a query-API error: Fink's own message where it has one,
 * else finkit's message naming the parameter as the route spells it
 * (`nOrD` → `n_or_d`, `cutoutKind` → `cutout-kind`, `startDate` → `start_date`).
 */
export function restError(e: BadRequestError, route: Pick<Route, "params">): HttpError {
  if (e.fink !== undefined) return new HttpError(400, errorBody(e.fink));
  const names = new Set(route.params.map((p) => p.name));
  const restName = (name: string) => {
    const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const candidates = [name, snake, snake.replaceAll("_", "-"), name.toLowerCase()];
    return candidates.find((c) => names.has(c)) ?? name;
  };
  // Every parameter the message names, in the head and in the detail (`a value for \`nOrD\` …`,
  // `… or an \`eventName\``).
  const message = e.message.replace(/`([A-Za-z]+)`/g, (_, name) => `\`${restName(name)}\``);
  return new HttpError(400, errorBody(message + "\n"));
}

/** Whether an `Accept-Encoding` header names gzip with a non-zero weight (`gzip;q=0` refuses it). */
function acceptsGzip(header: string): boolean {
  for (const part of header.toLowerCase().split(",")) {
    const [name, ...params] = part.split(";").map((p) => p.trim());
    if (name !== "gzip") continue;
    const q = params.find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}

async function gzip(req: Request, res: Response): Promise<Response> {
  const type = res.headers.get("content-type") ?? "";
  if (
    !res.body || res.headers.has("content-encoding") || !COMPRESSIBLE.test(type) ||
    !acceptsGzip(req.headers.get("accept-encoding") ?? "")
  ) return res;
  const bytes = new Uint8Array(await res.arrayBuffer());
  const headers = new Headers(res.headers);
  headers.append("vary", "Accept-Encoding");
  if (bytes.length < 1024) return new Response(bytes, { status: res.status, headers });
  headers.set("content-encoding", "gzip");
  const body = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Response(body, { status: res.status, headers });
}

/**
 * The route a log line names: the path of a route, or the kind of path, never text a client
 * chose (an unknown `/api/…` path, an object id): `/api/v1/<unknown>`, `/<objectId>`,
 * `/portal/*` (the portal's assets), `other`.
 */
function logRoute(path: string): string {
  if (ROUTES.some((r) => path === `/api/v1/${r.name}`)) return path;
  if (path === "/api" || path === "/api/v1/openapi.json" || path === "/" || path === "/sky") {
    return path;
  }
  if (path.startsWith("/api")) return "/api/v1/<unknown>";
  if (OBJECT_PATH.test(path)) return "/<objectId>";
  if (path.startsWith("/portal/")) return "/portal/*";
  return "other";
}

/** The access-log line of a request that started at `started` (`performance.now()`). */
export function accessLogLine(
  method: string,
  url: URL,
  status: number,
  started: number,
  rows?: number,
): AccessLogLine {
  return {
    time: new Date().toISOString(),
    method,
    route: logRoute(routePath(url)),
    status,
    ms: Math.round((performance.now() - started) * 100) / 100,
    ...(rows === undefined ? {} : { rows }),
  };
}

/**
 * A request handler answering Fink's REST API (`/api/v1/<route>`), the
 * OpenAPI document (`/api/v1/openapi.json`) and the route list (`/api`)
 * from `client`; other paths go to `options.fallback` (the portal).
 *
 * @example
 * ```ts
 * import { connect } from "../query/mod.ts";
 * import { createHandler } from "./handler.ts";
 * const fink = await connect();
 * const handle = createHandler(fink);
 * const res = await handle(new Request("http://localhost/api/v1/objects?objectId=ZTF25abxvhmk"));
 * console.log(res.status, (await res.json()).length);
 * await fink.close();
 * ```
 */
export function createHandler(
  client: FinkClient,
  options: HandlerOptions = {},
): (req: Request) => Promise<Response> {
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? 100 * 1024 * 1024,
    timeoutMs: options.timeoutMs ?? 60_000,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    readOnly: options.readOnly ?? false,
  };
  const byPath = new Map(ROUTES.map((r) => [`/api/v1/${r.name}`, r]));
  let openapi: string | undefined;
  return async (req: Request): Promise<Response> => {
    const started = performance.now();
    const url = requestUrl(req);
    if (!url) return unreadableUrl();
    const path = routePath(url);
    const route = byPath.get(path);
    let res: Response;
    let rows: number | undefined;
    try {
      const api = route !== undefined || path === "/api/v1/openapi.json" || path === "/api";
      if (req.method === "OPTIONS") {
        // Flask answers a preflight with 200, the route's methods and no body.
        res = api
          ? new Response(null, { headers: { allow: allowed(path) } })
          : text(404, NOT_FOUND, "text/html; charset=utf-8");
      } else if (route) {
        // HEAD is GET without the body (Deno.serve drops it), as Flask answers it.
        const method = req.method === "HEAD" ? "GET" : req.method;
        if (!(route.methods as readonly string[]).includes(method)) {
          res = methodNotAllowed(path);
        } else {
          ({ response: res, rows } = await runRoute(route, req, url, client, limits));
        }
      } else if (path === "/api/v1/openapi.json" || path === "/api") {
        if (req.method !== "GET" && req.method !== "HEAD") {
          res = methodNotAllowed(path);
        } else {
          // Behind a proxy's sub-path, the paths a client calls start with it.
          const prefix = publicPrefix(req);
          const maxRows = limits.maxRows;
          const body = path === "/api"
            ? routeList(ROUTES, prefix)
            : prefix
            ? JSON.stringify(openApiDocument(ROUTES, { prefix, maxRows }))
            : openapi ??= JSON.stringify(openApiDocument(ROUTES, { maxRows }));
          res = text(200, body, "application/json");
          res.headers.set("vary", VARY_PREFIX);
        }
      } else {
        res = (!path.startsWith("/api") && await options.fallback?.(req, url)) ||
          text(404, NOT_FOUND, "text/html; charset=utf-8");
      }
    } catch (e) {
      res = errorResponse(e, route ? path : "finkit");
      if (res.status >= 500) {
        // A store's failure (HBase unreachable, …) is said by its message; a bug's by its stack.
        const said = storeFailure(e) ? (e as Error).message : (e as Error)?.stack ?? e;
        console.error(`finkit serve: ${path}: ${said}`);
      }
    }
    res = noteRowCount(await gzip(req, withCors(res)), rows);
    options.log?.(accessLogLine(req.method, url, res.status, started, rows));
    return res;
  };
}

/** Flask's 400 to a request whose URL cannot be read (a malformed `Host` header). */
export function unreadableUrl(): Response {
  return withCors(errorResponse(UNREADABLE(), "finkit"));
}

/** The request's URL, or null when it cannot be read (a malformed `Host` header). */
export function requestUrl(req: Request): URL | null {
  try {
    return new URL(req.url);
  } catch {
    return null;
  }
}

/** Whether `e`, or an error it was caused by, is a store's (`StoreError`). */
function storeFailure(e: unknown): boolean {
  for (let c: unknown = e; c instanceof Error; c = c.cause) {
    if (c.name === "StoreError") return true;
  }
  return false;
}
