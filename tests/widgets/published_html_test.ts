/**
 * Published notebooks: `deno task notebooks:html` (scripts/notebooks_html.ts, the project's
 * nbconvert 7 with finkit's template) exports every executed notebook of notebooks/, and each
 * page is opened in Debian Chromium from a loopback server with every other host blocked:
 * - with scripts, every widget output shows the live widget rebuilt from the saved widget state
 *   (npm html-manager + anywidget copied beside the pages), with the marks of its static SVG;
 * - without scripts (a host that strips them, a reader with JavaScript off), every widget output
 *   still shows its static SVG;
 * - no output area is blank, and nothing is fetched from another host.
 * Screenshots: tests/artifacts/html/. Skipped with the reason when Chromium or the venv is missing.
 */
import type { Browser, Page } from "playwright-core";
import { assert, assertEquals } from "../assert.ts";
import { launch, missingBrowser } from "../browser/chromium.ts";
import { blankReason, type FigureStats, SHARED } from "../browser/figures.ts";
import { installFigureHelpers } from "../browser/lab_page.ts";
import { exportNotebooks, VENV_BIN } from "../../scripts/notebooks_html.ts";

function venvMissing(): string {
  try {
    Deno.statSync(`${VENV_BIN}jupyter-nbconvert`);
    return "";
  } catch {
    return `${VENV_BIN}jupyter-nbconvert is missing (run scripts/install_test_deps.sh)`;
  }
}

const reason = missingBrowser() || venvMissing();
if (reason) console.warn(`published_html_test skipped: ${reason}`);

const ROOT = new URL("../../", import.meta.url).pathname;
const OUT = `${ROOT}tests/artifacts/html`;
const NOTEBOOKS = [...Deno.readDirSync(`${ROOT}notebooks`)].map((e) => e.name)
  .filter((n) => n.endsWith(".ipynb") && !n.startsWith(".")).sort();

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  woff2: "font/woff2",
  woff: "font/woff",
  ttf: "font/ttf",
  svg: "image/svg+xml",
  eot: "application/vnd.ms-fontobject",
};

function serveDir(dir: string): { url: string; close: () => Promise<void> } {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path.includes("..")) return new Response("bad path", { status: 400 });
    try {
      const body = await Deno.readFile(`${dir}${path}`);
      const ext = path.replace(/^.*\./, "");
      return new Response(body, {
        headers: { "content-type": TYPES[ext] ?? "application/octet-stream" },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  const port = (server.addr as Deno.NetAddr).port;
  return { url: `http://127.0.0.1:${port}`, close: () => server.shutdown() };
}

function committedWidgetCount(name: string): number {
  const nb = JSON.parse(Deno.readTextFileSync(`${ROOT}notebooks/${name}`));
  return nb.cells.flatMap((c: { outputs?: { data?: Record<string, unknown> }[] }) =>
    c.outputs ?? []
  ).filter((o: { data?: Record<string, unknown> }) =>
    o.data?.["application/vnd.jupyter.widget-view+json"]
  ).length;
}

/** Block every request that is not to the local server; returns the blocked URLs. */
async function offline(page: Page, base: string): Promise<string[]> {
  const blocked: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith("blob:") || url.startsWith("data:")) {
      return route.continue();
    }
    blocked.push(url);
    return route.abort();
  });
  return blocked;
}

async function blankOutputs(page: Page): Promise<number> {
  return await page.$$eval(
    ".jp-OutputArea-output",
    (els) => els.filter((e) => (e as HTMLElement).offsetHeight === 0).length,
  );
}

Deno.test({
  name: "published HTML: every widget output shows its figure, live or static, offline",
  ignore: reason !== "",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await Deno.remove(OUT, { recursive: true }).catch(() => {});
    const pages = await exportNotebooks(NOTEBOOKS.map((n) => `${ROOT}notebooks/${n}`), {
      out: OUT,
      log: () => {},
    });
    assertEquals(pages.length, NOTEBOOKS.length);
    const server = serveDir(OUT);
    let browser: Browser | undefined;
    try {
      browser = await launch();
      for (const name of NOTEBOOKS) {
        const base = name.replace(".ipynb", "");
        const expected = committedWidgetCount(name);
        await t.step(`${name}: live widgets from the saved state`, async () => {
          const page = await browser!.newPage({ viewport: { width: 1100, height: 900 } });
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          await installFigureHelpers(page);
          const blocked = await offline(page, server.url);
          await page.goto(`${server.url}/${base}.html`);
          assertEquals(await page.locator(".finkit-published").count(), expected);
          if (expected > 0) {
            await page.waitForFunction(
              (n) => document.querySelectorAll(".finkit-published .finkit-widget").length === n,
              expected,
              { timeout: 60_000, polling: 250 },
            );
            const stats = await page.$$eval(".finkit-published", (els) =>
              els.map((e) => {
                // deno-lint-ignore no-explicit-any
                const g = globalThis as any;
                const live = g.figureStats(e.querySelector(".finkit-widget"));
                const svg = e.querySelector(".finkit-fallback svg");
                return { live, static: svg ? g.figureStats(svg, live.kind) : null };
              })) as { live: FigureStats; static: FigureStats | null }[];
            for (const [k, s] of stats.entries()) {
              assertEquals(blankReason(s.live), "", `${name} widget ${k}: live view blank`);
              assert(s.static, `${name} widget ${k}: no static SVG in the page`);
              for (const f of SHARED[s.live.kind] ?? []) {
                assertEquals(s.live[f], s.static[f], `${name} widget ${k}: ${f}`);
              }
              await page.locator(".finkit-published").nth(k).screenshot({
                path: `${OUT}/${base}-live-${k}.png`,
              });
            }
            assertEquals(
              await page.locator(".finkit-published .finkit-fallback").filter({ visible: true })
                .count(),
              0,
              "the static copy hides once the live widget is drawn",
            );
          }
          assertEquals(await blankOutputs(page), 0, `${name}: blank output areas`);
          assertEquals(blocked, [], `${name}: requests to other hosts`);
          assertEquals(errors, [], `${name}: page errors`);
          await page.screenshot({ path: `${OUT}/${base}.png`, fullPage: true });
          await page.close();
        });
        await t.step(`${name}: static figures without scripts`, async () => {
          const ctx = await browser!.newContext({
            javaScriptEnabled: false,
            viewport: { width: 1100, height: 900 },
          });
          const page = await ctx.newPage();
          await page.goto(`${server.url}/${base}.html`);
          const areas = await page.$$eval(
            ".finkit-published .finkit-fallback svg",
            (els) =>
              els.map((e) => {
                const r = e.getBoundingClientRect();
                return Math.round(r.width * r.height);
              }),
          );
          assertEquals(areas.length, expected, `${name}: static SVGs`);
          for (const a of areas) assert(a > 10_000, `${name}: a static figure of ${a} px²`);
          assertEquals(await blankOutputs(page), 0, `${name}: blank output areas`);
          if (expected > 0) {
            await page.locator(".finkit-published").first().screenshot({
              path: `${OUT}/${base}-static-0.png`,
            });
          }
          await ctx.close();
        });
      }
    } finally {
      await browser?.close();
      await server.close();
    }
  },
});
