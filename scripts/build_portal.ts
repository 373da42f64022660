/**
 * Builds the portal's browser bundle: `server/portal/frontend/main.ts` (the pages' code, the
 * widgets' front-end views, Observable Plot and finkit's fitters) and `portal.css`, bundled by
 * npm esbuild (ESM, minified) into `server/portal/dist/`, which is committed and served by
 * `deno task serve` (nothing is fetched from a CDN).
 *
 * Usage:
 *   deno run -A scripts/build_portal.ts            # writes server/portal/dist/portal.{js,css}
 *   deno run -A scripts/build_portal.ts --check    # exit 1 if the committed bundle is stale
 *   deno run -A scripts/build_portal.ts --outdir /tmp/x
 *
 * @module
 */
import { bundleCli, bundleFiles, ROOT } from "./bundle.ts";

/** Entry points of the portal bundle. */
export const ENTRIES: URL[] = [
  new URL("server/portal/frontend/main.ts", ROOT),
  new URL("server/portal/frontend/portal.css", ROOT),
];
/** Committed output directory. */
export const DIST: URL = new URL("server/portal/dist/", ROOT);
const NAMES = ["portal.js", "portal.css"];

/**
 * Bundle the portal's front end; returns the texts by file name (also written to `outdir`).
 *
 * @example
 * ```ts ignore
 * import { buildPortal } from "./build_portal.ts";
 * const files = await buildPortal({ outdir: await Deno.makeTempDir() });
 * ```
 */
export function buildPortal(
  options: { outdir?: string } = {},
): Promise<Record<string, string>> {
  return bundleFiles(
    ENTRIES.map((entry, k) => ({ entry, name: NAMES[k] })),
    options.outdir ?? DIST.pathname,
  );
}

if (import.meta.main) {
  await bundleCli("scripts/build_portal.ts", DIST, (outdir) => buildPortal({ outdir }));
}
