/**
 * The real client path, end to end: tests/browser/widgets.ipynb is executed by the Deno kernel
 * with the grace-period executor (tests/browser/nbexec.py, Debian nbclient), the widget state
 * nbclient saved is rendered in headless Chromium (Debian) by the official npm
 * @jupyter-widgets/html-manager with the official npm anywidget front end, served from local
 * files, and the DOM is checked. A screenshot is kept in tests/artifacts/widgets.png.
 * Skipped (with the reason printed) only when Chromium or nbclient/the Deno kernelspec are absent;
 * scripts/install_test_deps.sh installs them.
 */
import type { Browser, Page } from "playwright-core";
import { assert, assertEquals } from "../assert.ts";
import { executeNotebook, launch, missingBrowser, missingJupyter } from "../browser/chromium.ts";
import { servePage, staticPage, widgetViews } from "../browser/static_page.ts";
import { lightCurveColumns, projectSky, skyTransform, TAG_VALID } from "../../widgets/mod.ts";
import { lightCurveTable, skyAlerts } from "./widgets_fixture.ts";

const reason = missingBrowser() || missingJupyter();
if (reason) console.warn(`widgets_browser_test skipped: ${reason}`);

const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;
const NOTEBOOK = new URL("../browser/widgets.ipynb", import.meta.url).pathname;
const STATE_MIME = "application/vnd.jupyter.widget-state+json";

// deno-lint-ignore no-explicit-any
type Notebook = Record<string, any>;

Deno.test({
  name: "an executed notebook's widgets render in Chromium with html-manager + anywidget",
  ignore: reason !== "",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    const out = `${ARTIFACTS}widgets.out.ipynb`;
    await executeNotebook(NOTEBOOK, out);
    const nb: Notebook = JSON.parse(await Deno.readTextFile(out));

    await t.step("the grace-period executor kept every cell's output", () => {
      for (const cell of nb.cells.slice(1)) {
        assert(cell.outputs.length > 0, `cell ${cell.id} lost its output`);
        assert(
          !cell.outputs.some((o: Notebook) => o.output_type === "error"),
          JSON.stringify(cell.outputs),
        );
      }
    });

    const state = nb.metadata.widgets[STATE_MIME].state as Record<string, Notebook>;
    const views = widgetViews(nb);
    await t.step(
      "nbclient saved one anywidget model per view, with buffers and merged updates",
      () => {
        assertEquals(views.length, 5);
        for (const { modelId } of views) {
          const m = state[modelId];
          assertEquals([m.model_module, m.model_name, m.model_module_version], [
            "anywidget",
            "AnyModel",
            "~0.11.*",
          ]);
          assert(m.buffers.length > 0, "binary columns travel as buffers");
        }
        const lc = state[views.find((v) => v.cell === "lightcurve")!.modelId];
        assertEquals(lc.state.title, "ZTF25aaqvqvd (updated)", "the kernel-side update is merged");
      },
    );

    const server = servePage(staticPage(nb));
    let browser: Browser | undefined;
    try {
      browser = await launch();
      const page: Page = await browser.newPage({ viewport: { width: 900, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(server.url);
      const section = (cell: string) => `section[data-cell="${cell}"]`;
      for (
        const sel of [
          ".finkit-lightcurve svg",
          ".finkit-sky canvas",
          ".finkit-cutout canvas",
          ".finkit-periodogram svg",
        ]
      ) {
        await page.waitForSelector(sel, { timeout: 30000 });
      }

      const cols = lightCurveColumns(await lightCurveTable("ZTF25aaqvqvd"));
      const lcSel = section("lightcurve");
      await t.step("light curve: detections per band, upper limits, updated title", async () => {
        const perColor = await page.$$eval(
          `${lcSel} [aria-description="detection"] circle`,
          (els) => els.map((e) => e.getAttribute("fill")),
        );
        const expected = (fid: number) =>
          cols.fid.filter((f, i) => f === fid && cols.tag[i] === TAG_VALID).length;
        assertEquals(perColor.filter((c) => c === "#15284F").length, expected(1));
        assertEquals(perColor.filter((c) => c === "#F5622E").length, expected(2));
        assertEquals(perColor.filter((c) => c === "#8F5FA8").length, expected(3));
        assertEquals(
          await page.locator(`${lcSel} [aria-description="upper limit"] path`).count(),
          4,
        );
        assert((await page.locator(lcSel).innerText()).includes("ZTF25aaqvqvd (updated)"));
      });

      await t.step(
        "light curve: hover names the point; dragging zooms, double-click resets",
        async () => {
          // Forced: in a real light curve another point may lie over this one; the pointer at
          // its centre still names the nearest point.
          await page.locator(`${lcSel} [aria-description="detection"] circle`).first().hover({
            force: true,
          });
          const text = await page.locator(`${lcSel} .finkit-hover`).innerText();
          assert(
            /UTC \(MJD \d+\.\d+\) · [gri] \d+\.\d+ ± \d\.\d+ · candid \d{18,19}/.test(text),
            `hover: "${text}"`,
          );
          const ticks = () =>
            page.$$eval(
              `${lcSel} [aria-label="x-axis tick label"] text`,
              (els) => els.map((e) => e.textContent),
            );
          const before = await ticks();
          const box = (await page.locator(`${lcSel} svg`).first().boundingBox())!;
          await page.mouse.move(box.x + 150, box.y + 100);
          await page.mouse.down();
          await page.mouse.move(box.x + 300, box.y + 250, { steps: 4 });
          await page.mouse.up();
          const zoomed = await ticks();
          assert(JSON.stringify(zoomed) !== JSON.stringify(before), "x axis changed after a drag");
          await page.locator(`${lcSel} svg`).first().dblclick({ position: { x: 300, y: 200 } });
          assertEquals(await ticks(), before);
        },
      );

      await t.step("light curve: folding changes x to phase; flux mode hides limits", async () => {
        const xs = () =>
          page.$$eval(
            `${lcSel} [aria-description="detection"] circle`,
            (els) => els.map((e) => Number(e.getAttribute("cx"))),
          );
        const before = await xs();
        await page.fill(`${lcSel} [data-control="period"]`, "2.5");
        await page.dispatchEvent(`${lcSel} [data-control="period"]`, "change");
        await page.waitForSelector(`${lcSel} .finkit-lightcurve[data-folded="true"]`);
        const after = await xs();
        assertEquals(after.length, before.length);
        assert(after.some((x, i) => Math.abs(x - before[i]) > 1), "x positions changed");
        assert((await page.locator(lcSel).innerText()).includes("Phase (P = 2.5 d)"));
        await page.selectOption(`${lcSel} [data-control="mode"]`, "difference-flux");
        assertEquals(
          await page.locator(`${lcSel} [aria-description="upper limit"] path`).count(),
          0,
        );
      });

      await t.step(
        "sky map: every alert drawn, credible region and cone present, hover names an alert",
        async () => {
          const drawn = await page.getAttribute(`${section("sky")} .finkit-sky`, "data-drawn");
          assertEquals(drawn, "129");
          assertEquals(await page.locator(`${section("sky")} path.credible-region`).count(), 1);
          assertEquals(await page.locator(`${section("sky")} path.cone`).count(), 1);
          const sky = state[views.find((v) => v.cell === "sky")!.modelId].state;
          const a = await skyAlerts();
          const k = 5;
          const { x, y } = projectSky([a.ra[k]], [a.dec[k]], {
            projection: sky.projection,
            centerRa: sky.centerRa,
          });
          const [px, py] = skyTransform({ projection: sky.projection }, sky.width, sky.height).toPx(
            x[0],
            y[0],
          );
          await page.locator(`${section("sky")} canvas`).hover({ position: { x: px, y: py } });
          const text = await page.locator(`${section("sky")} .finkit-hover`).innerText();
          assert(text.includes("RA ") && text.includes("ZTF"), `hover text: "${text}"`);
        },
      );

      await t.step("cutouts: three canvases, pixel value on hover", async () => {
        assertEquals(await page.locator(`${section("cutout")} canvas`).count(), 3);
        const science = page.locator(`${section("cutout")} canvas[data-name="science"]`);
        await science.hover({ position: { x: 94.5, y: 94.5 } }); // 189 px stamp, zoom 3 → pixel 31
        const text = await page.locator(`${section("cutout")} .finkit-hover`).innerText();
        assert(/^science \[row 31, col 31\] = -?\d/.test(text), `hover text: "${text}"`);
      });

      await t.step("periodogram: best period and FAP levels marked", async () => {
        const text = await page.locator(section("periodogram")).innerText();
        const pg = state[views.find((v) => v.cell === "periodogram")!.modelId].state;
        assert(
          text.includes(`P = ${+pg.bestPeriod.toPrecision(7)} d`) && text.includes("FAP 1 %"),
          text,
        );
      });

      await page.screenshot({ path: `${ARTIFACTS}widgets.png`, fullPage: true });
      assertEquals(errors, [], "no page errors");
    } finally {
      await browser?.close();
      await server.close();
    }
  },
});
