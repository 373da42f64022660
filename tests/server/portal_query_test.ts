/**
 * The portal's search-box language (Fink's portal `parse.py` rules) and its server side:
 * pages, bundle, GW region. No browser here (see portal_browser_test.ts).
 */
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "../assert.ts";
import {
  nameLookup,
  parseQuery,
  QueryError,
  radiusArcsec,
  tokenize,
} from "../../server/portal/frontend/query.ts";
import { errorText, parseRows } from "../../server/portal/frontend/api.ts";
import { portalHandler } from "../../server/portal/handler.ts";
import { type PortalExamples, storeExamples } from "../../server/portal/examples.ts";
import { withFink } from "../query/query_sample.ts";
import { rebuiltBundle } from "../browser/bundles.ts";

Deno.test("object ids: a full id goes to its page, a prefix or a list is a search", () => {
  const full = parseQuery("ZTF25abxvhmk");
  assertEquals([full.action, full.endpoint, full.exact], ["objectid", "objects", true]);
  assertEquals(full.params, { objectId: "ZTF25abxvhmk" });
  assertEquals(parseQuery("  ztf25ABXVHMK ").params.objectId, "ZTF25abxvhmk");
  const prefix = parseQuery("ZTF25abx");
  assertEquals([prefix.exact, prefix.params.objectId], [false, "ZTF25abx"]);
  assertEquals(
    parseQuery("ZTF25abxvhmk, ZTF21abfmbix").params.objectId,
    "ZTF25abxvhmk,ZTF21abfmbix",
  );
  assertThrows(() => parseQuery("ZTF25!x"), QueryError, "Bad object id");
  assertThrows(() => parseQuery("ZTF25abxvhmk hello"), QueryError, 'Unexpected "hello"');
});

Deno.test("coordinates in degrees and sexagesimal, radius with units, capped at 18,000″", () => {
  const deg = parseQuery("193.822 2.897");
  assertEquals([deg.action, deg.endpoint], ["conesearch", "conesearch"]);
  assertEquals(deg.params, { ra: 193.822, dec: 2.897, radius: 10 });
  const hms = parseQuery("12h55m17.218s +02d53m50.35s r=1m");
  assertAlmostEquals(hms.params.ra as number, 193.8217416667, 1e-8);
  assertAlmostEquals(hms.params.dec as number, 2.8973194444, 1e-8);
  assertEquals(hms.params.radius, 60);
  const colon = parseQuery("12:55:17.218 +02:53:50.35 30");
  assertAlmostEquals(colon.params.ra as number, 193.8217416667, 1e-8);
  assertEquals(colon.params.radius, 30);
  const spaced = parseQuery("12 55 17.218 +02 53 50.35 5");
  assertAlmostEquals(spaced.params.dec as number, 2.8973194444, 1e-8);
  assertEquals(spaced.params.radius, 5);
  assertEquals(parseQuery("10 20 radius=2d").params.radius, 7200);
  assertEquals(parseQuery("10 20 r=10d").params.radius, 18000);
  assertEquals(parseQuery('10, 20, r=15"').params.radius, 15);
  assertEquals(
    parseQuery("10 20 after=2025-01-01 12:00:00").params.startdate,
    "2025-01-01 12:00:00",
  );
  assertThrows(() => parseQuery("12 95"), QueryError, "Bad coordinates");
  assertThrows(() => parseQuery("10 20 r=abc"), QueryError, "Bad radius");
  assertEquals(radiusArcsec("0.5'"), 30);
});

Deno.test("classes (multi-word), anomalies, asteroids, tracklets", () => {
  const sn = parseQuery("class=SN candidate");
  assertEquals([sn.action, sn.endpoint], ["class", "latests"]);
  assertEquals(sn.params, { class: "SN candidate", n: 100 });
  const early = parseQuery("class=Early SN Ia candidate last=5");
  assertEquals(early.params, { class: "Early SN Ia candidate", n: 5 });
  assertEquals(parseQuery('class:"(SIMBAD) QSO" n=3').params, { class: "(SIMBAD) QSO", n: 3 });
  const anomaly = parseQuery("class=Anomaly last=20");
  assertEquals([anomaly.endpoint, anomaly.params.n], ["anomaly", 20]);
  const num = parseQuery("8467");
  assertEquals([num.action, num.endpoint, num.params.name], ["name", "resolver", "8467"]);
  assertEquals(parseQuery("Benoitcarry").params, {
    resolver: "ssodnet",
    name: "Benoitcarry",
    nmax: 1,
  });
  const sso = nameLookup("8467", [{
    "i:ssnamenr": "8467",
    "i:name": "Benoitcarry",
    "i:number": "8467",
  }]);
  assertEquals([sso?.endpoint, sso?.params.n_or_d, sso?.title], [
    "sso",
    "8467",
    "Asteroid 8467 Benoitcarry",
  ]);
  assertEquals(nameLookup("nope", []), undefined);
  const trck = parseQuery("TRCK_20211022_091949_00");
  assertEquals([trck.endpoint, trck.params.id], ["tracklet", "TRCK_20211022_091949_00"]);
  assertThrows(() => parseQuery("TRCK_2021x"), QueryError, "Bad tracklet id");
  assertThrows(() => parseQuery("class="), QueryError, "Empty class");
  assertThrows(() => parseQuery("class=SN last=0"), QueryError, "Bad last=0");
  assertThrows(() => parseQuery(""), QueryError, "Empty query");
  assertThrows(() => parseQuery('"open'), QueryError, "Unclosed quote");
  assertEquals(tokenize('a, "b c"  d'), ["a", "b c", "d"]);
});

Deno.test("the browser's REST helpers keep int64 candids exact and read Fink's error bodies", () => {
  const rows = parseRows('[{"i:candid":3236365924515015008,"i:jd":2460990.8659259}]');
  assertEquals(rows[0]["i:candid"], "3236365924515015008");
  assertEquals(
    errorText("{'status': 'error', 'text': 'Bad value for `class`: \"x\"\\n'}"),
    'Bad value for `class`: "x"',
  );
  assertEquals(errorText('{"message": "not found"}'), "not found");
});

Deno.test("portal handler: pages, bundle with ETag, GW region, 404 elsewhere", async () => {
  const portal = portalHandler();
  const get = (path: string, headers: HeadersInit = {}) => {
    const url = new URL(`http://localhost${path}`);
    return portal(new Request(url, { headers }), url);
  };
  for (const [path, page] of [["/", "search"], ["/sky", "sky"], ["/ZTF25abxvhmk", "object"]]) {
    const res = await get(path);
    assertEquals(res?.status, 200);
    assert(res!.headers.get("content-type")!.startsWith("text/html"));
    const body = await res!.text();
    assert(body.includes(`data-page="${page}"`), body);
    assert(!/https?:\/\/(?!localhost)/.test(body.replace(/xmlns="[^"]+"/g, "")), "no CDN URL");
  }
  const html = await (await get("/ZTF25abxvhmk"))!.text();
  const script = /src="(\/portal\/portal\.js\?v=\w+)"/.exec(html)?.[1];
  assert(script, html);
  const js = await get(script!);
  assertEquals(js?.status, 200);
  assert(js!.headers.get("cache-control")!.includes("immutable"));
  const etag = js!.headers.get("etag")!;
  assert((await js!.text()).length > 100_000, "the bundle holds Plot and the fitters");
  assertEquals((await get("/portal/portal.js", { "if-none-match": etag }))?.status, 304);
  assertEquals(
    (await get("/portal/portal.css"))?.headers.get("content-type"),
    "text/css; charset=utf-8",
  );
  const region = await (await get("/portal/skymap.json?credible_level=0.5"))!.json();
  assertEquals([region.event, region.nside], ["S200219ac", 128]);
  assert(region.ra.length > 10 && region.ra.length === region.dec.length);
  const wider = await (await get("/portal/skymap.json?credible_level=0.9"))!.json();
  assert(wider.ra.length > region.ra.length, "a higher level covers more pixels");
  assertEquals((await get("/portal/skymap.json?credible_level=2"))?.status, 400);
  assertEquals((await get("/portal/skymap.json?event=S999"))?.status, 400);
  const moved = await get("/ztf25ABXVHMK?mode=dc-mag");
  assertEquals([moved?.status, moved?.headers.get("location")], [301, "/ZTF25abxvhmk?mode=dc-mag"]);
  const lost = await get("/no/such/page", { accept: "text/html,*/*" });
  assertEquals(lost?.status, 404);
  assert((await lost!.text()).includes("There is no page at /no/such/page"));
  assertEquals(await get("/ZTF25abxvhmk/extra"), undefined);
  assertEquals(await get("/nothing"), undefined);
  const post = new URL("http://localhost/");
  assertEquals(await portal(new Request(post, { method: "POST" }), post), undefined);
});

Deno.test("portal handler behind a proxy's sub-path: every address in a page and redirect under it", async () => {
  const portal = portalHandler({
    objectNamed: (name) => Promise.resolve(name === "SN2025abc" ? "ZTF25abxvhmk" : undefined),
  });
  const get = (path: string, prefix: string) => {
    const url = new URL(`http://localhost${path}`);
    return portal(new Request(url, { headers: { "x-forwarded-prefix": prefix } }), url);
  };
  for (const kind of ["/", "/sky", "/ZTF25abxvhmk"]) {
    const res = (await get(kind, "/fink/"))!;
    assertEquals(res.headers.get("vary"), "X-Forwarded-Prefix");
    const body = await res.text();
    assert(body.includes('data-base="/fink"'), body);
    const addresses = [...body.matchAll(/(?:href|src|action)="([^"]*)"|fetch\("([^"]*)"/g)]
      .map((m) => m[1] ?? m[2]).filter((a) => !a.startsWith("data:"));
    assert(
      addresses.length >= 6 && addresses.every((a) => a.startsWith("/fink/")),
      addresses.join(),
    );
  }
  // Redirects follow the prefix, and say so to caches.
  for (const [path, status] of [["/ztf25ABXVHMK", 301], ["/SN2025abc", 302]] as const) {
    const moved = await get(path, "/fink");
    assertEquals(
      [moved?.status, moved?.headers.get("location"), moved?.headers.get("vary")],
      [status, "/fink/ZTF25abxvhmk", "X-Forwarded-Prefix"],
    );
  }
  // A malformed prefix is no prefix: the page links from the root.
  const plain = await (await get("/sky", "/../x"))!.text();
  assert(!plain.includes("data-base") && plain.includes('href="/sky"'));
});

Deno.test("server/portal/dist is what scripts/build_portal.ts builds, with no remote import", async () => {
  const files = await rebuiltBundle("scripts/build_portal.ts", "server/portal/dist/", [
    "portal.js",
    "portal.css",
  ]);
  for (const [name, { fresh, committed }] of Object.entries(files)) {
    assert(fresh === committed, `stale ${name}: run deno task build:portal`);
  }
  const js = files["portal.js"].fresh;
  assertEquals(/\bimport\s*\(?\s*["']https?:/.test(js), false);
  const bare = /(?:^|[;}\n])\s*import\s*(?:[\w*{][^;]*?from\s*)?["'](?!\.)/;
  assertEquals(bare.test(js), false, "no bare imports left");
});

Deno.test("portal pages: search examples from the store, the forms when it has none", async () => {
  const hint = async (examples?: () => Promise<PortalExamples>) => {
    const portal = portalHandler({ examples });
    const res = await portal(new Request("http://x/"), new URL("http://x/"));
    return /placeholder="([^"]*)"/.exec(await res!.text())![1];
  };
  assertEquals(await hint(), "ZTF… · RA Dec r=10 · class=… · asteroid");
  // A store with nothing to show (an empty one) gives the forms, and the page still answers.
  assertEquals(await hint(() => Promise.reject(new Error("empty"))), await hint());
  const ex = { objectId: "ZTF25abxvhmk", position: [26.7308, -15.3711] as [number, number] };
  assertEquals(
    await hint(() => Promise.resolve(ex)),
    "ZTF25abxvhmk · 26.7308 -15.3711 r=30 · class=… · asteroid",
  );
  // On the sample: each kind found, from the query API.
  await withFink(async (fink) => {
    const found = await storeExamples(fink);
    assertEquals(found.className, "SN candidate");
    assertEquals((await fink.objects({ objectId: found.objectId! })).numRows > 0, true);
    assertEquals((await fink.sso({ nOrD: found.asteroid! })).numRows > 0, true);
  });
});
