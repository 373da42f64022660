/**
 * The widgets in the real front ends: JupyterLab 4 and Notebook 7 from PyPI (`.cache/venv`,
 * with Python anywidget's front end), one server on 127.0.0.1 with a token, Debian Chromium
 * driven by npm playwright-core. Each notebook of notebooks/ is opened (a hidden copy, so
 * nothing is saved over the committed one), all cells run with the Deno kernel, and every widget
 * output must show a live view with the marks of its static SVG (same figure code), never a
 * blank figure. On the widgets notebook the interactions docs/widgets.md promises (band toggle,
 * fold, zoom, hover) must change the view. Screenshots: tests/artifacts/jupyter/.
 * Skipped with the reason when Chromium, the venv or the Deno kernelspec is missing.
 */
import type { Browser, Page } from "playwright-core";
import { assert, assertEquals } from "../assert.ts";
import { launch, missingBrowser } from "../browser/chromium.ts";
import { type JupyterServer, missingJupyterLab, startJupyter } from "../browser/jupyter_server.ts";
import { blankReason, SHARED } from "../browser/figures.ts";
import {
  installFigureHelpers,
  runAll,
  waitForKernel,
  widgetOutputs,
  widgetSelector,
} from "../browser/lab_page.ts";

const reason = missingBrowser() || missingJupyterLab();
if (reason) console.warn(`jupyterlab_test skipped: ${reason}`);

const ROOT = new URL("../../", import.meta.url).pathname;
const ARTIFACTS = `${ROOT}tests/artifacts/jupyter/`;
const NOTEBOOKS = [...Deno.readDirSync(`${ROOT}notebooks`)].map((e) => e.name)
  .filter((n) => n.endsWith(".ipynb") && !n.startsWith(".")).sort();
/** Per-notebook bound: kernel start, every cell, rendering. */
const NOTEBOOK_TIMEOUT = 180_000;

/** Widget outputs saved in the committed notebook (what a run must produce). */
function committedWidgetCount(name: string): number {
  const nb = JSON.parse(Deno.readTextFileSync(`${ROOT}notebooks/${name}`));
  let n = 0;
  for (const c of nb.cells) {
    for (const o of c.outputs ?? []) {
      if (o.data?.["application/vnd.jupyter.widget-view+json"]) n++;
    }
  }
  return n;
}

/** Open a copy of `name` in `ui`, run it, check every widget output; returns the page. */
async function runNotebook(
  browser: Browser,
  server: JupyterServer,
  ui: "lab" | "notebook",
  name: string,
): Promise<Page> {
  const copy = `.${ui}-${name}`;
  await Deno.copyFile(`${ROOT}notebooks/${name}`, `${ROOT}notebooks/${copy}`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  try {
    await installFigureHelpers(page);
    const path = ui === "lab" ? `lab/tree/notebooks/${copy}` : `notebooks/notebooks/${copy}`;
    await page.goto(server.url(path));
    await waitForKernel(page);
    const errors = await runAll(page, NOTEBOOK_TIMEOUT);
    assertEquals(errors, [], `${ui} ${name}: cells raised`);
    const outputs = await widgetOutputs(page);
    assertEquals(outputs.length, committedWidgetCount(name), `${ui} ${name}: widget outputs`);
    for (const [k, o] of outputs.entries()) {
      const where = `${ui} ${name} cell ${o.cell}`;
      assert(o.live, `${where}: no live widget view; the output shows "${o.text}"`);
      assert(o.static, `${where}: no static image/svg+xml beside the widget`);
      assertEquals(blankReason(o.live), "", `${where}: live view blank`);
      for (const field of SHARED[o.live.kind] ?? []) {
        assertEquals(o.live[field], o.static[field], `${where}: ${field} live vs static`);
      }
      if (o.live.kind === "lightcurve") {
        assert(/\((mag|mJy)\)$/.test(o.live.yLabel), `${where}: y axis "${o.live.yLabel}"`);
        assert(/^(Time \(MJD\)|Phase)/.test(o.live.xLabel), `${where}: x axis "${o.live.xLabel}"`);
      }
      await page.locator(widgetSelector(k)).screenshot({
        path: `${ARTIFACTS}${ui}-${name.replace(".ipynb", "")}-${k}.png`,
      });
    }
    // Notebook 7.6.5 itself logs these two on every page load (its file browser plugin is
    // absent from the notebook page); they have nothing to do with the widgets.
    const known = /^Command 'filebrowser:open-path' not registered|reading 'schema'\)$/;
    assertEquals(pageErrors.filter((e) => !known.test(e)), [], `${ui} ${name}: page errors`);
    return page;
  } finally {
    await Deno.remove(`${ROOT}notebooks/${copy}`).catch(() => {});
    // Notebook 7 writes a checkpoint of the copy when it opens it.
    const checkpoints = `${ROOT}notebooks/.ipynb_checkpoints`;
    await Deno.remove(`${checkpoints}/${copy.replace(".ipynb", "")}-checkpoint.ipynb`)
      .catch(() => {});
    await Deno.remove(checkpoints).catch(() => {}); // only when empty
  }
}

/** Shut the notebook's kernel down and close the page (no beforeunload prompt). */
async function closeNotebook(page: Page): Promise<void> {
  await page.evaluate(() =>
    // deno-lint-ignore no-explicit-any
    (globalThis as any).jupyterapp.shell.currentWidget.sessionContext.shutdown()
  ).catch(() => {});
  await page.close();
}

async function interactions(page: Page, t: Deno.TestContext, prefix = "lab") {
  // The first widget of notebooks/widgets.ipynb is a light curve with g and r detections.
  const lc = page.locator(widgetSelector(0));
  const dots = () => lc.locator('[aria-description="detection"] circle').count();
  await t.step("band toggle: unchecking r removes its detections", async () => {
    const before = await dots();
    await lc.locator('input[data-band="2"]').uncheck();
    const after = await dots();
    assert(after < before && after > 0, `detections ${before} → ${after}`);
    await lc.locator('input[data-band="2"]').check();
    assertEquals(await dots(), before);
  });
  const ticks = () => lc.locator('[aria-label="x-axis tick label"] text').allTextContents();
  await t.step("zoom: a drag changes the x range, a double-click resets it", async () => {
    const before = await ticks();
    const box = (await lc.locator("svg").first().boundingBox())!;
    await page.mouse.move(box.x + 150, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x + 350, box.y + 300, { steps: 5 });
    await page.mouse.up();
    assert(JSON.stringify(await ticks()) !== JSON.stringify(before), "x axis changed");
    await lc.locator("svg").first().dblclick({ position: { x: 300, y: 200 } });
    assertEquals(await ticks(), before);
  });
  await t.step("hover: the pointer on a detection names it", async () => {
    await lc.locator('[aria-description="detection"] circle').first().hover({ force: true });
    const text = await lc.locator(".finkit-hover").innerText();
    assert(/UTC \(MJD \d+\.\d+\) · [gri] /.test(text), `hover: "${text}"`);
  });
  await t.step("fold: a period typed and Enter turn the x axis into phase", async () => {
    // Enter, as a user ends a number (JupyterLab takes Enter for its shortcuts otherwise).
    await lc.locator('[data-control="period"]').fill("0.35");
    await lc.locator('[data-control="period"]').press("Enter");
    await page.waitForSelector(`${widgetSelector(0)}[data-folded="true"]`);
    const x = await lc.locator('[aria-label="x-axis label"]').textContent() ?? "";
    assert(x.includes("Phase (P = 0.35 d)"), x);
  });
  await lc.screenshot({ path: `${ARTIFACTS}${prefix}-widgets-interacted.png` });
  // Widgets of notebooks/widgets.ipynb, in order: light curve, cutouts, periodogram, folded
  // light curve, sky map.
  const cutout = page.locator(widgetSelector(1));
  await t.step("cutouts: another stretch redraws the stamps", async () => {
    const pixels = () =>
      cutout.locator("canvas").first().evaluate((c) => (c as HTMLCanvasElement).toDataURL().length);
    const before = await pixels();
    await cutout.locator('[data-control="stretch"]').selectOption("linear");
    assert(await pixels() !== before, "stamp pixels changed");
  });
  const sky = page.locator(widgetSelector(4));
  await t.step("sky map: another projection redraws every alert", async () => {
    const outline = () => sky.locator("path.graticule").getAttribute("d");
    const before = await outline();
    const drawn = await sky.getAttribute("data-drawn");
    await sky.locator('[data-control="projection"]').selectOption("aitoff");
    assert(await outline() !== before, "graticule changed");
    assertEquals(await sky.getAttribute("data-drawn"), drawn);
    await sky.screenshot({ path: `${ARTIFACTS}${prefix}-widgets-sky-aitoff.png` });
  });
}

Deno.test({
  name: "JupyterLab 4 and Notebook 7 run every notebook and draw every widget live",
  ignore: reason !== "",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    const server = await startJupyter();
    let browser: Browser | undefined;
    try {
      browser = await launch();
      for (
        const [ui, label, prefix] of [["lab", "JupyterLab", "lab"], [
          "notebook",
          "Notebook 7",
          "notebook7",
        ]] as const
      ) {
        for (const name of NOTEBOOKS) {
          await t.step(`${label}: ${name}`, async (t) => {
            const page = await runNotebook(browser!, server, ui, name);
            // Each view is its own copy of the front end: ids must still be unique on the page
            // (a light curve clipped to the periodogram's frame above it hid its points).
            const repeated = await page.evaluate(() => {
              const seen = new Set<string>(), twice = new Set<string>();
              for (const el of document.querySelectorAll(".finkit-widget [id]")) {
                (seen.has(el.id) ? twice : seen).add(el.id);
              }
              return [...twice];
            });
            assertEquals(repeated, [], `${name}: ids used twice`);
            if (name === "widgets.ipynb") await interactions(page, t, prefix);
            await page.screenshot({
              path: `${ARTIFACTS}${prefix}-${name.replace(".ipynb", "")}.png`,
            });
            await closeNotebook(page);
          });
        }
      }
    } finally {
      await browser?.close();
      await server.close();
    }
  },
});
