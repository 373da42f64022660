/**
 * The portal and the API mounted under a sub-path by a real reverse proxy (Debian's nginx,
 * configured as README says: `location /fink/` stripping the prefix, `X-Forwarded-Prefix`
 * set): every page, asset, query, cutout and redirect a browser follows stays under `/fink/`,
 * and Fink's clients read the API there. Chromium through npm playwright-core; screenshot in
 * tests/artifacts/portal_subpath_object.png.
 */
import type { Browser } from "playwright-core";
import { assert, assertEquals } from "../assert.ts";
import { launch, missingBrowser } from "../browser/chromium.ts";
import { missingNginx, withNginx } from "./nginx.ts";
import { DESKTOP, drawnMarks, ready, search, shot } from "./portal_page.ts";
import { post, withServer } from "./server_helpers.ts";

const reason = missingBrowser() || missingNginx();
if (reason) console.warn(`portal_subpath_test skipped: ${reason}`);
const PREFIX = "/fink";

Deno.test({
  name: "portal and API under a proxy's sub-path (nginx, /fink/): every address stays under it",
  ignore: reason !== "",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withServer((upstream) =>
      withNginx(upstream, PREFIX, async (proxy) => {
        const url = `${proxy}${PREFIX}`;

        await t.step("the API, its route list and OpenAPI document name the sub-path", async () => {
          const rows = await (await post(`${url}/api/v1/objects`, {
            objectId: "ZTF25abxvhmk",
            columns: "i:jd",
          })).json() as unknown[];
          assert(rows.length > 0);
          const listed = await fetch(`${url}/api`);
          assert(listed.headers.get("vary")!.includes("X-Forwarded-Prefix"));
          const list = await listed.json() as {
            routes: { path: string }[];
            openapi: string;
          };
          assert(list.routes.every((r) => r.path.startsWith(`${PREFIX}/api/v1/`)));
          assertEquals(list.openapi, `${PREFIX}/api/v1/openapi.json`);
          const doc = await (await fetch(`${proxy}${list.openapi}`)).json();
          assertEquals(doc.servers, [{ url: PREFIX }]);
          // The server itself, asked directly, still answers from its root.
          const direct = await (await fetch(`${upstream}/api/v1/openapi.json`)).json();
          assertEquals(direct.servers, undefined);
          const loose = await fetch(`${url}/ztf25ABXVHMK`, { redirect: "manual" });
          await loose.body?.cancel();
          assertEquals(loose.headers.get("location"), `${PREFIX}/ZTF25abxvhmk`);
        });

        let browser: Browser | undefined;
        try {
          browser = await launch();
          const page = await browser.newPage({ viewport: DESKTOP });
          const errors: string[] = [];
          const outside: string[] = [];
          const failed: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          page.on("request", (r) => {
            const u = new URL(r.url());
            if (u.origin === proxy && !u.pathname.startsWith(`${PREFIX}/`)) {
              outside.push(u.pathname);
            }
          });
          page.on("response", (r) => {
            if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
          });

          await t.step("search, object page with its cutouts, sky page", async () => {
            await page.goto(`${url}/`);
            await ready(page);
            const examples = await page.locator("ul.help a").evaluateAll((as) =>
              as.map((a) => (a as HTMLAnchorElement).getAttribute("href")!)
            );
            assert(examples.length > 0 && examples.every((h) => h.startsWith(`${PREFIX}/?q=`)));
            await search(page, "ZTF25abxvhmk");
            assertEquals(new URL(page.url()).pathname, `${PREFIX}/ZTF25abxvhmk`);
            const [det] = await drawnMarks(page);
            assert(det > 0, "light curve drawn");
            assertEquals(await page.locator("#cutouts canvas").count(), 3);
            const download = await page.getAttribute("a:text('CSV')", "href");
            assert(download!.startsWith(`${PREFIX}/api/v1/objects?`), download!);
            await shot(page, "subpath_object");
            // A cone search lists objects whose links open their pages under the sub-path.
            await search(page, "ZTF25");
            const link = page.locator("main table a").first();
            assert((await link.getAttribute("href"))!.startsWith(`${PREFIX}/ZTF`));
            await Promise.all([page.waitForNavigation(), link.click()]);
            await ready(page);
            assert(new URL(page.url()).pathname.startsWith(`${PREFIX}/ZTF`));
            await page.click("header nav a:text('Sky')");
            await ready(page);
            assertEquals(new URL(page.url()).pathname, `${PREFIX}/sky`);
            const drawn = Number(await page.getAttribute("#sky .finkit-sky", "data-drawn"));
            assert(drawn > 100, `drawn ${drawn}`);
            assertEquals(await page.locator("#sky path.credible-region").count(), 1);
            await page.goto(`${url}/nosuchpage`);
            await ready(page);
            const msg = await page.textContent(".message.error");
            assert(msg!.includes(`no page at ${PREFIX}/nosuchpage`), msg!);
          });

          assertEquals(outside, [], "requests outside the sub-path");
          assertEquals(failed, [`404 ${PREFIX}/nosuchpage`]);
          assertEquals(errors, []);
        } finally {
          await browser?.close();
        }
      })
    );
  },
});
