/**
 * The portal's pages beside the REST API: `GET /` (search), `GET /<objectId>` (object page),
 * `GET /sky` (sky map), the bundled script and style (`/portal/portal.js`, `/portal/portal.css`,
 * built by `scripts/build_portal.ts`) and the GW credible region of a bundled event
 * (`/portal/skymap.json`). Everything else is left to the caller (404).
 *
 * @module
 */
import { BUNDLED_EVENTS, bundledEventPath } from "../../query/mod.ts";
import { type CredibleLevelMap, pixelsWithin, readCredibleLevels } from "../../astro/skymap.ts";
import { pix2ang } from "../../astro/healpix.ts";
import { publicPrefix, VARY_PREFIX } from "../forwarded.ts";
import { pageHtml, type PageKind } from "./pages.ts";
import type { PortalExamples } from "./examples.ts";

/** Options of {@linkcode portalHandler}. */
export interface PortalOptions {
  /** Folder of `portal.js` and `portal.css`; default `server/portal/dist/`. */
  distDir?: URL;
  /**
   * The object id annotated with an internal name written without spaces
   * (`ztf.metadata`'s `d:internal_name_encoded`), for `GET /<name>` (the address
   * `POST /api/v1/metadata` gives); default none.
   */
  objectNamed?: (encoded: string) => Promise<string | undefined>;
  /**
   * Search examples that answer on the store served (`storeExamples`), for the search box's
   * hint and the search page; asked once, on the first page. Default: the forms only.
   */
  examples?: () => Promise<PortalExamples>;
}

/** The handler's signature (`HandlerOptions.fallback` of server/handler.ts). */
export type PortalHandler = (req: Request, url: URL) => Promise<Response | undefined>;

/** Default folder of the committed bundle. */
export const PORTAL_DIST: URL = new URL("./dist/", import.meta.url);

/** An object page's path, `/ZTF25abxvhmk` (the id captured). */
export const OBJECT_PATH: RegExp = /^\/(ZTF\d{2}[a-z]{7})$/;

function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** A page's headers: its links follow the proxy's `X-Forwarded-Prefix`. */
const HTML_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-cache",
  vary: VARY_PREFIX,
};

function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: HTML_HEADERS });
}

/** A redirect; its address follows the proxy's prefix. */
function redirect(status: 301 | 302, location: string): Response {
  return new Response(null, { status, headers: { location, vary: VARY_PREFIX } });
}

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json" },
  });
}

interface Asset {
  bytes: Uint8Array;
  type: string;
  etag: string;
}

/** The GW credible region as RING pixel centres, for the sky page's overlay. */
async function skymapRegion(
  url: URL,
  cache: Map<string, CredibleLevelMap>,
): Promise<Response> {
  const event = url.searchParams.get("event") ?? "S200219ac";
  const raw = url.searchParams.get("credible_level") ?? "0.9";
  const level = Number(raw);
  const path = bundledEventPath(event);
  if (!path) {
    return json(400, {
      message: `Unknown event ${JSON.stringify(event)}; offline, the bundled events are: ${
        Object.keys(BUNDLED_EVENTS).join(", ")
      }`,
    });
  }
  if (!(level > 0 && level <= 1)) {
    return json(400, {
      message: `Bad credible_level ${JSON.stringify(raw)}: give a number in (0, 1]`,
    });
  }
  // The credible levels of an event are read once; each level is then a threshold.
  let map = cache.get(event) as CredibleLevelMap | undefined;
  if (!map) {
    map = readCredibleLevels(await Deno.readFile(path), { nside: 128 });
    cache.set(event, map);
  }
  const ra: number[] = [], dec: number[] = [];
  for (const p of pixelsWithin(map, level)) {
    const a = pix2ang(map.nside, p);
    ra.push(+a.ra.toFixed(4));
    dec.push(+a.dec.toFixed(4));
  }
  const value = { event, credibleLevel: level, nside: map.nside, dateObs: map.dateObs, ra, dec };
  return new Response(JSON.stringify(value), {
    headers: { "content-type": "application/json", "cache-control": "max-age=3600" },
  });
}

/**
 * The portal's request handler, to pass as `fallback` to `createHandler` (or `serve`).
 *
 * @example
 * ```ts
 * import { portalHandler } from "./handler.ts";
 * const portal = portalHandler();
 * const res = await portal(new Request("http://x/sky"), new URL("http://x/sky"));
 * console.assert(res?.headers.get("content-type")?.startsWith("text/html"));
 * ```
 */
export function portalHandler(options: PortalOptions = {}): PortalHandler {
  const dist = options.distDir ?? PORTAL_DIST;
  const assets = new Map<string, Asset>();
  let version = "";
  let missing = "";
  for (const [name, type] of [["portal.js", "text/javascript"], ["portal.css", "text/css"]]) {
    try {
      const bytes = Deno.readFileSync(new URL(name, dist));
      assets.set(`/portal/${name}`, { bytes, type: `${type}; charset=utf-8`, etag: fnv1a(bytes) });
    } catch {
      missing ||= `The portal's bundle ${new URL(name, dist).pathname} is missing: ` +
        "run `deno task build:portal`.";
    }
  }
  version = [...assets.values()].map((a) => a.etag).join("");
  const regions = new Map<string, CredibleLevelMap>();
  // Asked once; a store that cannot answer yet (an empty one) gives the forms only, and is
  // asked again on the next page.
  let found: Promise<PortalExamples | undefined> | undefined;
  const examples = () =>
    found ??= options.examples?.().catch(() => (found = undefined)) ?? Promise.resolve(undefined);
  return async (req: Request, url: URL): Promise<Response | undefined> => {
    if (req.method !== "GET" && req.method !== "HEAD") return undefined;
    const path = url.pathname;
    // Behind a proxy's sub-path (`location /fink/`), links and redirects start with it.
    const base = publicPrefix(req);
    const page = async (kind: PageKind, objectId?: string) =>
      html(pageHtml(kind, { objectId, version, base, examples: await examples() }));
    if (path === "/" || path === "/index.html") return await page("search");
    if (path === "/sky" || path === "/sky/") return await page("sky");
    const id = OBJECT_PATH.exec(path)?.[1];
    if (id) return await page("object", id);
    const loose = /^\/(ztf\d{2}[a-z]{7})\/?$/i.exec(path)?.[1];
    if (loose) {
      // /ztf25ABXVHMK or /ZTF25abxvhmk/ → the canonical object page.
      const canonical = `${base}/ZTF${loose.slice(3).toLowerCase()}${url.search}`;
      return redirect(301, canonical);
    }
    if (path === "/portal/skymap.json") return await skymapRegion(url, regions);
    const asset = assets.get(path);
    if (asset) {
      const etag = `"${asset.etag}"`;
      const headers = {
        "content-type": asset.type,
        etag,
        "cache-control": url.searchParams.has("v") ? "max-age=31536000, immutable" : "no-cache",
      };
      if (req.headers.get("if-none-match") === etag) {
        return new Response(null, { status: 304, headers });
      }
      return new Response(asset.bytes as Uint8Array<ArrayBuffer>, { headers });
    }
    // Last, an internal name (`POST /api/v1/metadata` gives `/<name without spaces>`).
    const named = options.objectNamed && /^\/([^/]{1,200})$/.exec(path)?.[1];
    if (named) {
      let name: string | undefined;
      try {
        name = decodeURIComponent(named);
      } catch { /* a malformed %-escape names nothing */ }
      const found = name && await options.objectNamed!(name).catch(() => undefined);
      if (found) {
        return redirect(302, `${base}/${found}`);
      }
    }
    if (path.startsWith("/portal/") && missing) {
      return new Response(missing, {
        status: 500,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    if (!path.startsWith("/portal/") && /text\/html/.test(req.headers.get("accept") ?? "")) {
      // A browser gets a page with the search box; other clients Fink's JSON 404.
      const examplesHere = await examples();
      return html(
        pageHtml("notfound", { version, base, path: base + path, examples: examplesHere }),
        404,
      );
    }
    return undefined;
  };
}
