/**
 * Connection strings of the HBase backend:
 * `hbase://[user:password@]host[:port][/namespace][?timeout=ms&retries=n&protocol=https&path=/gateway]`.
 *
 * @module
 */

/**
 * A connection string that is not a valid `hbase://` URL.
 *
 * @example
 * ```ts
 * import { HBaseUrlError, parseHBaseUrl } from "./url.ts";
 * try {
 *   parseHBaseUrl("http://host:8080");
 * } catch (e) {
 *   console.log(e instanceof HBaseUrlError, (e as Error).message);
 * }
 * ```
 */
export class HBaseUrlError extends TypeError {
  /** Build an error naming the bad part of `url` (credentials masked). */
  constructor(url: string, problem: string) {
    super(`invalid HBase connection string '${maskUrl(url)}': ${problem}`);
    this.name = "HBaseUrlError";
  }
}

/** What a connection string says. */
export interface HBaseUrl {
  /** REST server host. */
  host: string;
  /** REST server port (default 8080). */
  port: number;
  /** `http` or `https`. */
  protocol: "http" | "https";
  /** HBase namespace of the tables. */
  namespace?: string;
  /** Path prefix (gateway). */
  path?: string;
  /** Request timeout, ms. */
  timeout?: number;
  /** Retries of idempotent reads. */
  retries?: number;
  /** Basic-auth credentials from `user:password@`. */
  auth?: { user: string; password: string };
  /** `hbase://host:port[/namespace]`, without credentials or parameters. */
  description: string;
}

const PARAMS = ["timeout", "retries", "protocol", "path"];

/**
 * Parse `hbase://host:port[/namespace]?timeout=…`. The default port is 8080
 * (the REST server's).
 *
 * @example
 * ```ts
 * import { parseHBaseUrl } from "./url.ts";
 * const u = parseHBaseUrl("hbase://rest.example.org:8080/fink?timeout=5000");
 * console.log(u.host, u.port, u.namespace, u.timeout); // rest.example.org 8080 fink 5000
 * ```
 */
export function parseHBaseUrl(url: string): HBaseUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HBaseUrlError(url, "expected hbase://host:port[/namespace][?timeout=ms]");
  }
  if (u.protocol !== "hbase:") {
    throw new HBaseUrlError(url, `scheme '${u.protocol}' is not 'hbase:'`);
  }
  if (!u.hostname) throw new HBaseUrlError(url, "missing host");
  const port = u.port ? Number(u.port) : 8080;
  const parts = u.pathname.split("/").filter((p) => p);
  if (parts.length > 1) {
    throw new HBaseUrlError(url, `path '${u.pathname}' must be empty or one namespace name`);
  }
  const namespace = parts[0] ? decodeURIComponent(parts[0]) : undefined;
  for (const k of u.searchParams.keys()) {
    if (!PARAMS.includes(k)) {
      throw new HBaseUrlError(url, `unknown parameter '${k}' (allowed: ${PARAMS.join(", ")})`);
    }
  }
  const num = (name: string, min: number) => {
    const v = u.searchParams.get(name);
    if (v === null) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      throw new HBaseUrlError(url, `${name}=${v} is not an integer >= ${min}`);
    }
    return n;
  };
  const protocol = u.searchParams.get("protocol") ?? "http";
  if (protocol !== "http" && protocol !== "https") {
    throw new HBaseUrlError(url, `protocol=${protocol} is not http or https`);
  }
  const auth = u.username
    ? { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) }
    : undefined;
  return {
    host: u.hostname,
    port,
    protocol,
    namespace,
    path: u.searchParams.get("path") ?? undefined,
    timeout: num("timeout", 1),
    retries: num("retries", 0),
    auth,
    description: `hbase://${u.hostname}:${port}${namespace ? "/" + namespace : ""}`,
  };
}

/**
 * `url` with any password replaced by `***`.
 *
 * @example
 * ```ts
 * import { maskUrl } from "./url.ts";
 * maskUrl("hbase://fink:pw@host:8080"); // "hbase://fink:***@host:8080"
 * ```
 */
export function maskUrl(url: string): string {
  return url.replace(/\/\/([^/@:]*):[^/@]*@/, "//$1:***@");
}
