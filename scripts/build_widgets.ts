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
import * as esbuild from "esbuild";

const ROOT = new URL("../", import.meta.url);
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
  const outdir = options.outdir ?? DIST.pathname;
  try {
    const result = await esbuild.build({
      entryPoints: [ENTRY.pathname],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2020",
      minify: true,
      legalComments: "none",
      charset: "utf8",
      write: false,
      absWorkingDir: ROOT.pathname,
      logLevel: "warning",
    });
    const text = result.outputFiles[0].text;
    await Deno.mkdir(outdir, { recursive: true });
    await Deno.writeTextFile(`${outdir}/widgets.js`, text);
    return text;
  } finally {
    await esbuild.stop();
  }
}

if (import.meta.main) {
  const args = Deno.args;
  const check = args.includes("--check");
  const i = args.indexOf("--outdir");
  const outdir = i >= 0 ? args[i + 1] : check ? await Deno.makeTempDir() : undefined;
  const text = await buildWidgets({ outdir });
  if (check) {
    const committed = await Deno.readTextFile(new URL("widgets.js", DIST)).catch(() => "");
    if (committed !== text) {
      console.error("widgets/dist/widgets.js is stale: run deno run -A scripts/build_widgets.ts");
      Deno.exit(1);
    }
    console.log("widgets/dist/widgets.js is current");
  } else {
    console.log(
      `wrote ${outdir ?? DIST.pathname}widgets.js (${(text.length / 1024).toFixed(0)} KB)`,
    );
  }
}
