/**
 * Portal benchmark in headless Chromium (Debian's, through npm playwright-core):
 *
 * 1. time to first paint of an object page with 1,000 alerts (target < 500 ms): a temporary
 *    store holds one synthetic object of 1,000 alerts (bench/generate.ts: each alert carries
 *    its history and two upper limits, so the light curve has 3,000 points); the page is
 *    loaded `runs` times (browser cache warm, as a user browsing) and the in-page times are
 *    read: first contentful paint and the light curve drawn (`finkit:lightcurve` mark), both
 *    from navigation start;
 * 2. the fits in the browser on the sample objects (target < 1 s): the "Computed in" time of
 *    the periodogram and PSPL tabs of ZTF25abxvhmk and of the phase-curve tab of ZTF25aadhncf
 *    (asteroid 8467), and the same tabs on the 1,000-alert object.
 *
 *   deno run -A bench/portal_browser.ts [runs=15]
 *
 * @module
 */
import { launch, missingBrowser } from "../tests/browser/chromium.ts";
import { connect, type FinkClient } from "../query/mod.ts";
import { createHandler } from "../server/handler.ts";
import { portalHandler } from "../server/portal/handler.ts";
import { SqliteStore } from "../query/store/sqlite.ts";
import { IngestSession } from "../query/ingest/ingest.ts";
import { generateAlerts, sampleAlerts, syntheticObjectId } from "./generate.ts";
import type { Page } from "playwright-core";

/** A temporary store with one synthetic object of `alerts` alerts. */
async function syntheticStore(dir: string, alerts: number): Promise<string> {
  const path = `${dir}/portal-bench.db`;
  const store = SqliteStore.open(path);
  const session = await IngestSession.begin(store);
  const base = await sampleAlerts();
  await session.addAlerts(
    [...generateAlerts(base, { objects: 1, alertsPerObject: alerts, cutouts: true })],
    "generated",
  );
  await session.finish();
  await store.close();
  return path;
}

function serveOn(fink: FinkClient): { url: string; server: Deno.HttpServer } {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    createHandler(fink, { fallback: portalHandler() }),
  );
  return { url: `http://127.0.0.1:${(server.addr as Deno.NetAddr).port}`, server };
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const med = s[Math.floor(s.length / 2)];
  return `min ${s[0].toFixed(0)}, median ${med.toFixed(0)}, max ${s[s.length - 1].toFixed(0)} ms`;
}

async function fitTime(page: Page, url: string, tab: string): Promise<string> {
  await page.goto(`${url}&tab=${tab}`.replace("&", url.includes("?") ? "&" : "?"));
  await page.waitForSelector(`.tab-pane[data-tab="${tab}"][data-done]`, { timeout: 60_000 });
  const row = await page.locator(`.tab-pane[data-tab="${tab}"] tr:has-text("Computed in") td`)
    .textContent().catch(() => null);
  return row ?? (await page.textContent(`.tab-pane[data-tab="${tab}"]`))!.slice(0, 120);
}

if (import.meta.main) {
  const why = missingBrowser();
  if (why) {
    console.error(`skipped: ${why}`);
    Deno.exit(0);
  }
  const runs = Number(Deno.args[0] ?? 15);
  const dir = await Deno.makeTempDir({ prefix: "finkit-portal-bench-" });
  console.error("building a store with one object of 1,000 alerts…");
  const path = await syntheticStore(dir, 1000);
  const big = await connect(`file:${path}`);
  const sample = await connect();
  const a = serveOn(big);
  const b = serveOn(sample);
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const id = syntheticObjectId(0);
    const points = await page.goto(`${a.url}/${id}`).then(() =>
      page.waitForFunction(() => document.getElementById("lightcurve")?.dataset.points)
    ).then((h) => h.jsonValue());
    const fcp: number[] = [], drawn: number[] = [], wall: number[] = [];
    const data: number[] = [], query: number[] = [], script: number[] = [];
    for (let k = 0; k < runs + 1; k++) {
      const t0 = performance.now();
      await page.goto(`${a.url}/${id}`);
      await page.waitForFunction(() => performance.getEntriesByName("finkit:lightcurve").length);
      const t = await page.evaluate(() => ({
        fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
        lc: performance.getEntriesByName("finkit:lightcurve")[0].startTime,
        data: performance.getEntriesByName("finkit:data")[0].startTime,
        script: (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
          .find((r) => r.name.includes("portal.js"))?.responseEnd ?? NaN,
        query: (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
          .find((r) => r.name.includes("/api/v1/objects"))?.responseEnd ?? NaN,
      }));
      if (k === 0) { // the first load fills the browser cache
        console.log(`  first load (cold cache): light curve drawn at ${t.lc.toFixed(0)} ms`);
        continue;
      }
      wall.push(performance.now() - t0);
      fcp.push(t.fcp);
      drawn.push(t.lc);
      data.push(t.data);
      query.push(t.query);
      script.push(t.script);
    }
    console.log(`object page ${id}: 1,000 alerts, ${points} light-curve points, ${runs} loads`);
    console.log(`  first contentful paint   ${stats(fcp)}`);
    console.log(`  bundle loaded            ${stats(script)}`);
    console.log(`  light-curve query answered ${stats(query)}`);
    console.log(`  rows parsed in the page  ${stats(data)}`);
    console.log(`  light curve drawn        ${stats(drawn)}   (target < 500 ms)`);
    console.log(`  playwright goto → drawn  ${stats(wall)}`);
    for (const [url, tab] of [[`${a.url}/${id}`, "periodogram"], [`${a.url}/${id}`, "pspl"]]) {
      console.log(`  ${tab} on ${id}: ${await fitTime(page, url, tab)}`);
    }
    for (
      const [oid, tab] of [
        ["ZTF25abxvhmk", "periodogram"],
        ["ZTF25abxvhmk", "pspl"],
        ["ZTF25aadhncf", "phase"],
      ]
    ) {
      console.log(`  ${tab} on ${oid} (sample): ${await fitTime(page, `${b.url}/${oid}`, tab)}`);
    }
  } finally {
    await browser.close();
    await a.server.shutdown();
    await b.server.shutdown();
    await big.close();
    await sample.close();
    await Deno.remove(dir, { recursive: true });
  }
}
