/**
 * Loading the bundled front-end module (`widgets/dist/widgets.js`, built by
 * `scripts/build_widgets.ts`) that becomes every widget's `_esm`. Nothing is fetched from a
 * CDN: the bundle contains Observable Plot.
 *
 * @module
 */

/** URL of the committed front-end bundle. */
export const FRONTEND_BUNDLE_URL: URL = new URL("./dist/widgets.js", import.meta.url);

let cached: Promise<string> | undefined;

/**
 * Read the front-end bundle source once (from disk for `file:` URLs, else with `fetch`).
 *
 * @example
 * ```ts
 * import { loadFrontend } from "./frontend_source.ts";
 * const esm = await loadFrontend();
 * console.assert(esm.includes("export"));
 * ```
 */
export function loadFrontend(): Promise<string> {
  cached ??= FRONTEND_BUNDLE_URL.protocol === "file:"
    ? Deno.readTextFile(FRONTEND_BUNDLE_URL)
    : fetch(FRONTEND_BUNDLE_URL).then((r) => {
      if (!r.ok) throw new Error(`cannot load ${FRONTEND_BUNDLE_URL}: HTTP ${r.status}`);
      return r.text();
    });
  return cached;
}
