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
import * as esbuild from "esbuild";

const ROOT = new URL("../", import.meta.url);
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
export async function buildPortal(
  options: { outdir?: string } = {},
): Promise<Record<string, string>> {
  const outdir = options.outdir ?? DIST.pathname;
  const out: Record<string, string> = {};
  try {
    for (const [k, entry] of ENTRIES.entries()) {
      const result = await esbuild.build({
        entryPoints: [entry.pathname],
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
      out[NAMES[k]] = result.outputFiles[0].text;
    }
    await Deno.mkdir(outdir, { recursive: true });
    for (const [name, text] of Object.entries(out)) {
      await Deno.writeTextFile(`${outdir}/${name}`, text);
    }
    return out;
  } finally {
    await esbuild.stop();
  }
}

if (import.meta.main) {
  const args = Deno.args;
  const check = args.includes("--check");
  const i = args.indexOf("--outdir");
  const outdir = i >= 0 ? args[i + 1] : check ? await Deno.makeTempDir() : undefined;
  const files = await buildPortal({ outdir });
  if (check) {
    for (const [name, text] of Object.entries(files)) {
      const committed = await Deno.readTextFile(new URL(name, DIST)).catch(() => "");
      if (committed !== text) {
        console.error(
          `server/portal/dist/${name} is stale: run deno run -A scripts/build_portal.ts`,
        );
        Deno.exit(1);
      }
    }
    console.log("server/portal/dist/ is current");
  } else {
    for (const [name, text] of Object.entries(files)) {
      console.log(
        `wrote ${outdir ?? DIST.pathname}${name} (${(text.length / 1024).toFixed(0)} KB)`,
      );
    }
  }
}
