/**
 * Builds the front-end module of the widgets: `widgets/frontend/main.ts` bundled with
 * Observable Plot (npm esbuild, ESM, minified) into `widgets/dist/widgets.js`, which is
 * committed and becomes every widget's `_esm` (nothing is fetched from a CDN at view time).
 *
 * Usage:
 *   deno run -A scripts/build_widgets.ts            # writes widgets/dist/widgets.js
 *   deno run -A scripts/build_widgets.ts --check    # exit 1 if the committed bundle is stale
 *   deno run -A scripts/build_widgets.ts --outdir /tmp/x
 *
 * @module
 */
import { bundleCli, bundleFiles, ROOT } from "./bundle.ts";

/** Entry point of the front-end bundle. */
export const ENTRY: URL = new URL("widgets/frontend/main.ts", ROOT);
/** Committed output directory. */
export const DIST: URL = new URL("widgets/dist/", ROOT);

/**
 * Bundle the widgets' front end and return the bundle text (also written to `outdir`).
 *
 * @example
 * ```ts ignore
 * import { buildWidgets } from "./build_widgets.ts";
 * const js = await buildWidgets({ outdir: await Deno.makeTempDir() });
 * ```
 */
export async function buildWidgets(options: { outdir?: string } = {}): Promise<string> {
  const files = await bundleFiles(
    [{ entry: ENTRY, name: "widgets.js" }],
    options.outdir ?? DIST.pathname,
  );
  return files["widgets.js"];
}

if (import.meta.main) {
  await bundleCli("scripts/build_widgets.ts", DIST, async (outdir) => ({
    "widgets.js": await buildWidgets({ outdir }),
  }));
}
