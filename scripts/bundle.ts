/**
 * The front-end bundles' build, shared by scripts/build_widgets.ts and
 * scripts/build_portal.ts: npm esbuild (ESM, minified, browser, no legal
 * comments), one output file per entry, and the command line both scripts
 * take (`--check` exits 1 when a committed file is stale, `--outdir DIR`).
 *
 * @module
 */
import * as esbuild from "esbuild";

/** The project's root folder. */
export const ROOT: URL = new URL("../", import.meta.url);

/** One bundle: its entry point and the file it becomes. */
export interface BundleFile {
  /** Entry point (TypeScript or CSS). */
  entry: URL;
  /** Output file name in the output folder. */
  name: string;
}

/** Bundle each entry into `outdir`; returns the texts by file name. */
export async function bundleFiles(
  files: readonly BundleFile[],
  outdir: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  try {
    for (const { entry, name } of files) {
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
      out[name] = result.outputFiles[0].text;
    }
  } finally {
    await esbuild.stop();
  }
  await Deno.mkdir(outdir, { recursive: true });
  for (const [name, text] of Object.entries(out)) {
    await Deno.writeTextFile(`${outdir}/${name}`, text);
  }
  return out;
}

/**
 * The build scripts' command line: write the bundle into `dist` (or `--outdir`),
 * or with `--check` build it aside and exit 1 if a committed file differs.
 */
export async function bundleCli(
  script: string,
  dist: URL,
  build: (outdir?: string) => Promise<Record<string, string>>,
): Promise<void> {
  const args = Deno.args;
  const check = args.includes("--check");
  const i = args.indexOf("--outdir");
  const outdir = i >= 0 ? args[i + 1] : check ? await Deno.makeTempDir() : undefined;
  const files = await build(outdir);
  const where = dist.pathname.slice(ROOT.pathname.length);
  for (const [name, text] of Object.entries(files)) {
    if (check) {
      const committed = await Deno.readTextFile(new URL(name, dist)).catch(() => "");
      if (committed !== text) {
        console.error(`${where}${name} is stale: run deno run -A ${script}`);
        Deno.exit(1);
      }
      console.log(`${where}${name} is current`);
    } else {
      console.log(
        `wrote ${outdir ?? dist.pathname}${name} (${(text.length / 1024).toFixed(0)} KB)`,
      );
    }
  }
}
