/**
 * What a server on a public address must withstand, from a security review of
 * `deno task serve` (each case was found failing): annotations posted from
 * another site's page, sky-map uploads that inflate or declare gigabytes, a
 * malformed Host header, event names that are Object's own properties, a store's
 * message (file path, tables) in a 500, a list of short prefixes that builds
 * the whole store, paths that are runs of slashes; and the headers every answer
 * carries.
 */
import { assert, assertEquals } from "../assert.ts";
import { gzipSync } from "node:zlib";
import { StoreError } from "../../query/store/store.ts";
import { routePath } from "../../server/handler.ts";
import { publicOrigin, publicPrefix } from "../../server/forwarded.ts";
import { errorBody } from "../../server/python.ts";
import { binTableFits } from "../fits_fixture.ts";
import {
  answer,
  get,
  post,
  withFaultyServer,
  withPooledServer,
  withScratchServer,
  withServer,
} from "./server_helpers.ts";

const NOTE = { objectId: "ZTF25abxvhmk", internal_name: "Fink J1", username: "u" };

Deno.test("metadata: a browser posting from another site's page gets 403; scripts and the same site write", async () => {
  await withScratchServer(async (url) => {
    const route = `${url}/api/v1/metadata`;
    const send = (headers: Record<string, string>, body: string) =>
      answer(fetch(route, { method: "POST", headers, body }));
    const refused = errorBody(
      "Metadata cannot be posted from another page than this server's (cross-origin request).\n",
    );
    // A text/plain or form body is a "simple" request: no CORS preflight guards it.
    const json = JSON.stringify(NOTE);
    for (
      const headers of [
        { "content-type": "text/plain", "sec-fetch-site": "cross-site" },
        { "content-type": "text/plain", origin: "http://evil.example" },
        { "content-type": "text/plain", origin: "null" },
        // Another port or subdomain of the same site is another page too.
        { "content-type": "application/json", "sec-fetch-site": "same-site" },
      ] as Record<string, string>[]
    ) {
      assertEquals(await send(headers, json), [403, refused]);
    }
    const form = new URLSearchParams(NOTE).toString();
    assertEquals(
      await send({
        "content-type": "application/x-www-form-urlencoded",
        origin: "https://evil.example",
      }, form),
      [403, refused],
    );
    // Python's requests and curl send no Origin; a page of this server is same-origin.
    assertEquals((await answer(post(route, NOTE)))[0], 200);
    assertEquals(
      (await send({ "content-type": "application/json", "sec-fetch-site": "same-origin" }, json))[
        0
      ],
      200,
    );
    assertEquals((await send({ "content-type": "application/json", origin: url }, json))[0], 200);
    // Behind a proxy ending TLS: the browser's Origin is https://…, the host is what the proxy
    // forwards; the thanks link gives the public address, mount path included.
    const host = "fink.example.org";
    const proxied = await send({
      "content-type": "application/json",
      origin: `https://${host}`,
      "x-forwarded-host": host,
      "x-forwarded-proto": "https",
      "x-forwarded-prefix": "/fink/",
    }, json);
    assertEquals(proxied, [200, `Thanks u - You can visit https://${host}/fink/FinkJ1`]);
    const bogus = await send(
      { "x-forwarded-host": "a b<", "x-forwarded-proto": "javascript" },
      json,
    );
    assertEquals(bogus, [200, `Thanks u - You can visit ${url}/FinkJ1`]);
  });
});

Deno.test("publicOrigin: each forwarded part is checked on its own; a malformed one falls back", () => {
  const origin = (headers: Record<string, string>) => {
    const req = new Request("http://127.0.0.1:24000/api/v1/metadata", { headers });
    return publicOrigin(req, new URL(req.url));
  };
  assertEquals(origin({}), "http://127.0.0.1:24000");
  const host = "fink.example.org";
  assertEquals(
    origin({
      "x-forwarded-proto": "HTTPS",
      "x-forwarded-host": host,
      "x-forwarded-prefix": "fink",
    }),
    `https://${host}/fink`,
  );
  assertEquals(
    origin({ "x-forwarded-proto": "https, http", "x-forwarded-host": `${host}, proxy2:8080` }),
    `https://${host}`,
  );
  assertEquals(
    origin({
      "x-forwarded-proto": "gopher",
      "x-forwarded-host": host,
      "x-forwarded-prefix": "/a b",
    }),
    `http://${host}`,
  );
  assertEquals(
    origin({ "x-forwarded-proto": "https", "x-forwarded-host": "a/b" }),
    "https://127.0.0.1:24000",
  );
});

Deno.test("publicPrefix: one leading slash, none trailing; empty, dot or malformed segments give none", () => {
  const prefix = (value?: string) =>
    publicPrefix(
      new Request("http://127.0.0.1:24000/sky", {
        headers: value === undefined ? {} : { "x-forwarded-prefix": value },
      }),
    );
  assertEquals(prefix(), "");
  assertEquals(prefix("/"), "");
  assertEquals(prefix("fink"), "/fink");
  assertEquals(prefix("//fink/ztf//, /other"), "/fink/ztf");
  const dots = ["/../x", "/a/./b", "/fink/%2e%2e", "/%2E./x", "/a/.%2e/b", "/a/%2e"];
  for (const bad of ["/a//b", ...dots, "/a b", "/a?b", "/a#b", '/a"b', "/<script>"]) {
    assertEquals(prefix(bad), "", bad);
  }
});

/** A gzipped FITS BINTABLE of one column `PROB` with the given TFORM and sizes. */
function skymapFits(tform: string, rowBytes: number, rows: number): Uint8Array {
  const cards = ["ORDERING= 'NESTED  '", "NSIDE   =                    1"];
  return gzipSync(binTableFits({ rowBytes, rows, columns: [["PROB", tform]], cards }));
}

Deno.test("skymap: a FITS declaring more than its rows hold is a 400; event names are the bundled ones only", async () => {
  await withServer(async (url) => {
    const api = `${url}/api/v1/skymap`;
    // 6,000 doubles declared in 8-byte rows: read 6,000 times over, gigabytes from ~400 bytes.
    const form = new FormData();
    form.set("file", new Blob([skymapFits("6000D", 8, 6000) as Uint8Array<ArrayBuffer>]));
    form.set("credible_level", "0.9");
    const [status, text] = await answer(fetch(api, { method: "POST", body: form }));
    assertEquals(status, 400);
    assert(text.includes("ends at byte 48000 of a row, but rows have NAXIS1 = 8 bytes"), text);
    for (const name of ["constructor", "toString", "__proto__"]) {
      const [s, t] = await answer(get(api, { event_name: name, credible_level: 0.9 }));
      assertEquals(s, 400, t);
      assert(t.includes("S200219ac") && !t.includes("native code"), t);
      const portal = await get(`${url}/portal/skymap.json`, { event: name });
      assertEquals(portal.status, 400);
      await portal.body?.cancel();
    }
  });
});

Deno.test("500: a store's failure is logged, not told to the client (its file, its tables)", async () => {
  const failure = () =>
    new StoreError("sqlite:/srv/secret/alerts.db", "scan", "ztf", "no such table; tables: a, b");
  await withFaultyServer("throw", failure, async (url, logged) => {
    const [status, text] = await answer(
      get(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk" }),
    );
    assertEquals(status, 500);
    assertEquals(
      text,
      errorBody(
        "Internal error in /api/v1/objects: the store failed (the server's log says why)\n",
      ),
    );
    assert(logged.some((l) => l.includes("/srv/secret/alerts.db")), logged.join("\n"));
  });
});

Deno.test("a malformed Host is Flask's 400; answers carry nosniff, not the row count; short prefixes are capped", async () => {
  await withPooledServer(async (url) => {
    const { port } = new URL(url);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(port) });
    await conn.write(
      new TextEncoder().encode(
        "GET /api/v1/classes HTTP/1.1\r\nHost: <script>\r\nConnection: close\r\n\r\n",
      ),
    );
    let raw = "";
    const buf = new Uint8Array(4096);
    for (let n; (n = await conn.read(buf)) !== null;) {
      raw += new TextDecoder().decode(buf.subarray(0, n));
    }
    conn.close();
    assert(raw.startsWith("HTTP/1.1 400"), raw);
    assert(raw.includes("could not understand"), raw);
    const r = await get(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk", columns: "i:jd" });
    assertEquals(r.headers.get("x-content-type-options"), "nosniff");
    assertEquals(r.headers.get("x-finkit-rows"), null);
    await r.body?.cancel();
    const [status, text] = await answer(get(`${url}/api/v1/objects`, { objectId: "ZTF1,ZTF2" }));
    assertEquals(status, 400);
    assert(text.includes("finds more than 20 rows"), text);
    // One id is bounded by Fink's 10,000 rows per id, not by --max-rows.
    const one = await get(`${url}/api/v1/objects`, { objectId: "ZTF20abfcszi", columns: "i:jd" });
    assertEquals((await one.json()).length, 57);
    // A list's upper limits count too (15 alerts and 17 upper limits here).
    const two = { objectId: "ZTF25abxvhmk,ZTF99zzzzzzz", columns: "i:jd" };
    assertEquals((await (await get(`${url}/api/v1/objects`, two)).json()).length, 15);
    const [withLimits] = await answer(
      get(`${url}/api/v1/objects`, { ...two, withupperlim: "True" }),
    );
    assertEquals(withLimits, 400);
  }, { maxRows: 20 });
  // Nor from a server without query workers and without a log (a library caller's).
  await withServer(async (url) => {
    const r = await get(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk", columns: "i:jd" });
    assertEquals(r.headers.get("x-finkit-rows"), null);
    assertEquals(r.headers.get("x-content-type-options"), "nosniff");
    await r.body?.cancel();
  });
});

Deno.test("routePath strips trailing slashes (a loop: the regex was quadratic in a run of slashes)", () => {
  const path = (p: string) => routePath(new URL(`http://h${p}`));
  assertEquals(path("/"), "/");
  assertEquals(path("/api/v1/objects///"), "/api/v1/objects");
  assertEquals(path("//"), "");
  assertEquals(path(`/${"/".repeat(60000)}x`), `/${"/".repeat(60000)}x`);
  assertEquals(path(`/x${"/".repeat(60000)}`), "/x");
});
