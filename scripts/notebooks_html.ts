/**
 * Publish the executed example notebooks as HTML (`deno task notebooks:html`).
 *
 * Each notebook is converted by the project's nbconvert (`.cache/venv`, pinned in
 * scripts/requirements.txt) with finkit's template (scripts/nbconvert/finkit): JupyterLab's
 * layout, the live widgets rendered from the saved widget state by npm
 * `@jupyter-widgets/html-manager` + `anywidget`, both copied next to the pages (`assets/`, nothing
 * from a CDN), and every widget output also carrying its static SVG, shown until the live widget
 * has rendered and kept where scripts cannot run. The pages work offline, opened as files
 * (`file://`) or from any static host; copied without `assets/` they still show the static
 * figures.
 *
 * Usage:
 *   deno task notebooks:html                       # notebooks/*.ipynb → demo-output/notebooks/
 *   deno task notebooks:html --out site/ notebooks/quickstart.ipynb
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url).pathname;
/** The project's Python environment (scripts/install_test_deps.sh). */
export const VENV_BIN = `${ROOT}.cache/venv/bin/`;

/** Files copied into `<out>/assets/` (name → source). */
export const ASSETS: Record<string, string> = {
  "require.js": `${ROOT}node_modules/requirejs/require.js`,
  "anywidget.js": `${ROOT}node_modules/anywidget/dist/index.js`,
  "embed-amd.js": `${ROOT}node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js`,
};

/** html-manager's font files (Font Awesome), loaded relative to embed-amd.js. */
const FONT = /\.(woff2?|ttf|eot|svg)$/;

/** Options of {@link exportNotebooks}. */
export interface ExportOptions {
  /** Output folder (created). Default `demo-output/notebooks`. */
  out?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

async function copyAssets(out: string): Promise<void> {
  const dir = `${out}/assets`;
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, src] of Object.entries(ASSETS)) {
    try {
      await Deno.copyFile(src, `${dir}/${name}`);
    } catch (e) {
      throw new Error(`cannot copy ${src} (run \`deno install\`): ${(e as Error).message}`);
    }
  }
  const fonts = `${ROOT}node_modules/@jupyter-widgets/html-manager/dist/`;
  for (const e of Deno.readDirSync(fonts)) {
    if (e.isFile && FONT.test(e.name)) await Deno.copyFile(fonts + e.name, `${dir}/${e.name}`);
  }
}

/**
 * Convert executed notebooks to HTML pages in `out` (with their `assets/`); returns the pages'
 * paths.
 *
 * @example
 * ```ts ignore
 * const pages = await exportNotebooks(["notebooks/quickstart.ipynb"], { out: "/tmp/site" });
 * ```
 */
export async function exportNotebooks(
  notebooks: string[],
  options: ExportOptions = {},
): Promise<string[]> {
  const out = options.out ?? `${ROOT}demo-output/notebooks`;
  const log = options.log ?? ((s: string) => console.error(s));
  const jupyter = `${VENV_BIN}jupyter`;
  try {
    Deno.statSync(jupyter);
  } catch {
    throw new Error(
      `${jupyter} is missing: run scripts/install_test_deps.sh (nbconvert from PyPI)`,
    );
  }
  if (notebooks.length === 0) throw new Error("no notebooks given");
  await Deno.mkdir(out, { recursive: true });
  await copyAssets(out);
  // One nbconvert run for every notebook (one Python start); its log names each notebook as it
  // goes, which becomes the progress line.
  const t0 = performance.now();
  const child = new Deno.Command(jupyter, {
    args: [
      "nbconvert",
      "--to",
      "html",
      `--TemplateExporter.extra_template_basedirs=${ROOT}scripts/nbconvert`,
      "--template",
      "finkit",
      "--HTMLExporter.require_js_url=assets/require.js",
      "--HTMLExporter.widget_renderer_url=assets/embed-amd.js",
      "--output-dir",
      out,
      ...notebooks,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const logLines: string[] = [];
  let done = 0;
  let rest = "";
  for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      logLines.push(line);
      const m = line.match(/Converting notebook (.*) to html/);
      if (m) log(`[${++done}/${notebooks.length}] ${m[1]}`);
    }
  }
  const status = await child.status;
  if (!status.success) {
    throw new Error(`nbconvert failed:\n${[...logLines, rest].join("\n")}`);
  }
  const pages = notebooks.map((nb) =>
    `${out}/${nb.replace(/^.*\//, "").replace(/\.ipynb$/, "")}.html`
  );
  log(`${pages.length} pages in ${out} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return pages;
}

if (import.meta.main) {
  const args = [...Deno.args];
  let out: string | undefined;
  const k = args.indexOf("--out");
  if (k >= 0) {
    out = args[k + 1];
    if (!out) {
      console.error("--out needs a folder");
      Deno.exit(2);
    }
    args.splice(k, 2);
  }
  const notebooks = args.length > 0 ? args : [...Deno.readDirSync(`${ROOT}notebooks`)]
    .map((e) => e.name).filter((n) => n.endsWith(".ipynb")).sort()
    .map((n) => `${ROOT}notebooks/${n}`);
  try {
    await exportNotebooks(notebooks, { out });
  } catch (e) {
    console.error((e as Error).message);
    Deno.exit(1);
  }
}
