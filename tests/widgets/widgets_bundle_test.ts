/**
 * The committed front-end bundle (widgets/dist/widgets.js) is what scripts/build_widgets.ts
 * produces from the current sources: rebuilt into a temporary directory and compared.
 */
import { assert, assertEquals } from "../assert.ts";
import { rebuiltBundle } from "../browser/bundles.ts";

Deno.test("widgets/dist/widgets.js is current (a rebuild gives the same bytes)", async () => {
  const { "widgets.js": js } = await rebuiltBundle("scripts/build_widgets.ts", "widgets/dist/", [
    "widgets.js",
  ]);
  assert(js.fresh === js.committed, "stale bundle: run deno run -A scripts/build_widgets.ts");
});

Deno.test("the bundle is self-contained: no CDN or remote imports", async () => {
  const js = await Deno.readTextFile(new URL("../../widgets/dist/widgets.js", import.meta.url));
  assertEquals(/\bimport\s*\(?\s*["']https?:/.test(js), false);
  assertEquals(/from\s*["'](?!\.)[^"']+["']/.test(js), false, "no bare imports left");
});
