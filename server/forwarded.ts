/**
 * What a reverse proxy in front says of the address clients reach this server at
 * (`X-Forwarded-Proto`, `X-Forwarded-Host`, `X-Forwarded-Prefix`), and whether a browser's
 * request came from another site's page. Each header is checked on its own: a malformed one gives
 * way to the request's own scheme, host or no prefix, the others still count.
 *
 * @module
 */

/** The `Vary` of an answer whose links follow {@linkcode publicPrefix}: caches keep one per prefix. */
export const VARY_PREFIX = "X-Forwarded-Prefix";

/** The first value of a proxy's `X-Forwarded-*` header, or `fallback` without one. */
function forwarded(req: Request, name: string, fallback: string): string {
  return req.headers.get(name)?.split(",")[0].trim() || fallback;
}

/**
 * A path prefix: `/` and segments of URL path characters, no empty segment, none a browser reads
 * as `.` or `..` (`%2e` included). (A comma never reaches it: it separates the values of a list,
 * of which the first, the client's side, is taken.)
 */
const PREFIX = /^(\/(?!(\.|%2e){1,2}(\/|$))[A-Za-z0-9._~%!$&'()*+;=:@-]+)*$/i;

/**
 * The path a proxy mounts this server under (`X-Forwarded-Prefix: /fink` → `"/fink"`), with a
 * leading slash and none trailing; `""` without one, or for a malformed one.
 *
 * @example
 * ```ts
 * import { publicPrefix } from "./forwarded.ts";
 * const req = new Request("http://127.0.0.1:24000/sky", { headers: { "x-forwarded-prefix": "fink/" } });
 * publicPrefix(req); // "/fink"
 * ```
 */
export function publicPrefix(req: Request): string {
  const raw = forwarded(req, "x-forwarded-prefix", "");
  let start = 0;
  let end = raw.length;
  // Loops, not /^\/+|\/+$/: those take time quadratic in a run of slashes.
  while (start < end && raw.charCodeAt(start) === 47) start++;
  while (end > start && raw.charCodeAt(end - 1) === 47) end--;
  const prefix = start === end ? "" : "/" + raw.slice(start, end);
  return PREFIX.test(prefix) ? prefix : "";
}

/**
 * The address clients reach this server at, for links in answers (the metadata thanks): a proxy
 * in front says it with `X-Forwarded-Proto`, `X-Forwarded-Host` and `X-Forwarded-Prefix` (a
 * mount under a path), else the request's own URL gives each part.
 *
 * @example
 * ```ts
 * import { publicOrigin } from "./forwarded.ts";
 * const req = new Request("http://127.0.0.1:24000/api/v1/metadata", {
 *   headers: { "x-forwarded-proto": "https", "x-forwarded-host": "fink.example.org" },
 * });
 * publicOrigin(req, new URL(req.url)); // "https://fink.example.org"
 * ```
 */
export function publicOrigin(req: Request, url: URL): string {
  const proto = forwarded(req, "x-forwarded-proto", "").toLowerCase();
  const host = forwarded(req, "x-forwarded-host", "");
  return (/^https?$/.test(proto) ? proto : url.protocol.slice(0, -1)) + "://" +
    (/^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : url.host) + publicPrefix(req);
}

/**
 * Whether a browser sent this request from a page that is not this server's: its
 * `Sec-Fetch-Site` is not `same-origin` (or `none`: typed in, a bookmark) — `same-site`, another
 * port or subdomain of the same site, is another page too — or, from browsers that do not send
 * it, its `Origin` names another host than the request's (`X-Forwarded-Host` or `Host`; the
 * scheme is not compared, a proxy in front may end TLS). Clients that are not browsers (Python's
 * requests, curl) send neither.
 */
export function crossSite(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) return site !== "same-origin" && site !== "none";
  const origin = req.headers.get("origin");
  if (origin === null) return false;
  let host: string;
  try {
    host = new URL(origin).host; // `Origin: null` (a sandboxed frame, a file) throws
  } catch {
    return true;
  }
  return host !== forwarded(req, "x-forwarded-host", req.headers.get("host") ?? "");
}
