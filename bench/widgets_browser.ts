/**
 * Browser render times of the widget front end (widgets/dist/widgets.js) in headless Chromium
 * (Debian /usr/bin/chromium via npm playwright-core). A script, not a `deno bench` file, because
 * it drives a browser:
 *
 *   deno run -A bench/widgets_browser.ts [runs=7]
 *
 * Measures, inside the page, `render()` + a forced layout for a 10,000-point light curve
 * (target < 300 ms) and a 100,000-alert sky map (target < 1 s), with a stub anywidget model.
 * Prints min / median / max in ms.
 */
import { launch, missingBrowser } from "../tests/browser/chromium.ts";

const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div id="out"></div>
<script type="module">
import widgets from "/widgets.js";
function rng(seed) { let a = seed >>> 0; return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a;
  t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
const bytes = (a) => new DataView(a.buffer);
function lightcurve(n) {
  const r = rng(1);
  const jd = new Float64Array(n), mag = new Float32Array(n), err = new Float32Array(n), lim = new Float32Array(n);
  const fid = new Int8Array(n), tag = new Uint8Array(n), pos = new Int8Array(n).fill(1), nan = new Float32Array(n).fill(NaN);
  for (let i = 0; i < n; i++) { jd[i] = 2458200 + i * 1200 / n; fid[i] = 1 + Math.floor(r() * 3);
    tag[i] = r() < 0.05 ? 1 : 0; mag[i] = tag[i] ? NaN : 17 + 0.5 * Math.sin(jd[i] / 3.3); err[i] = 0.05; lim[i] = 20; }
  return { kind: "lightcurve", jd: bytes(jd), magpsf: bytes(mag), sigmapsf: bytes(err), diffmaglim: bytes(lim),
    magnr: bytes(nan), sigmagnr: bytes(nan), isdiffpos: bytes(pos), fid: bytes(fid), tag: bytes(tag),
    candid: Array.from({ length: n }, (_, i) => String(1000000000000000000n + BigInt(i))), objectId: "ZTFbench",
    sourceBehind: false, models: [], mode: "difference-mag", period: null, t0: 0, cycles: 1, bands: null,
    title: "bench", width: 640, height: 400 };
}
function sky(n) {
  const r = rng(2);
  const ra = new Float64Array(n), dec = new Float64Array(n), cls = new Uint16Array(n);
  for (let i = 0; i < n; i++) { ra[i] = r() * 360; dec[i] = Math.asin(2 * r() - 1) * 180 / Math.PI; cls[i] = Math.floor(r() * r() * 12); }
  return { kind: "sky", ra: bytes(ra), dec: bytes(dec), classIndex: bytes(cls),
    classes: ["a","b","c","d","e","f","g","h","i","j","k","l"], objectId: Array.from({ length: n }, (_, i) => "ZTF" + i),
    cone: { ra: 10, dec: 20, radius: 5 }, regionRa: null, regionDec: null, regionNside: null,
    projection: "hammer", centerRa: 0, zoom: null, galacticPlane: true, title: "bench", width: 640, height: 364 };
}
const makers = { lightcurve, sky };
window.renderOnce = (kind, n) => {
  const state = makers[kind](n);
  const model = { get: (k) => state[k], on() {}, off() {} };
  const el = document.createElement("div");
  document.getElementById("out").replaceChildren(el);
  const t0 = performance.now();
  widgets.render({ model, el });
  el.getBoundingClientRect(); document.body.offsetHeight;
  return performance.now() - t0;
};
window.ready = true;
</script></body></html>`;

if (import.meta.main) {
  const why = missingBrowser();
  if (why) {
    console.error(`skipped: ${why}`);
    Deno.exit(0);
  }
  const runs = Number(Deno.args[0] ?? 7);
  const bundle = await Deno.readFile(new URL("../widgets/dist/widgets.js", import.meta.url));
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/widgets.js") {
      return new Response(bundle, { headers: { "content-type": "text/javascript" } });
    }
    return new Response(PAGE, { headers: { "content-type": "text/html" } });
  });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
    await page.goto(`http://127.0.0.1:${(server.addr as Deno.NetAddr).port}/`);
    await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true);
    for (const [kind, n, target] of [["lightcurve", 10000, 300], ["sky", 100000, 1000]] as const) {
      const times: number[] = [];
      for (let k = 0; k < runs + 1; k++) {
        const ms = await page.evaluate(
          ([kd, nn]) =>
            (globalThis as unknown as { renderOnce(k: string, n: number): number }).renderOnce(
              kd,
              nn,
            ),
          [kind, n] as [string, number],
        );
        if (k > 0) times.push(ms); // first run warms up the JIT
      }
      times.sort((a, b) => a - b);
      const med = times[Math.floor(times.length / 2)];
      console.log(
        `${kind} ${n.toLocaleString("en")}: min ${times[0].toFixed(0)} ms, median ${
          med.toFixed(0)
        } ms, max ${times[times.length - 1].toFixed(0)} ms (target < ${target} ms, ${runs} runs)`,
      );
    }
  } finally {
    await browser.close();
    await server.shutdown();
  }
}
