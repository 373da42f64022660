/**
 * HTTP behaviour of the server: cutouts as PNG/FITS/arrays, CORS, gzip,
 * the OpenAPI document and route list, access-log lines, and many requests
 * at once through the query workers; a server that cannot start closes what
 * it opened.
 */
import { assert, assertEquals, assertNotEquals, assertRejects } from "../assert.ts";
import { toJSON } from "../../query/mod.ts";
import { type AccessLogLine, PARAMS, ROUTES, serve } from "../../server/mod.ts";
import { answer, get, post, withPooledServer, withServer } from "./server_helpers.ts";

function pngSize(bytes: Uint8Array): [number, number] {
  assertEquals([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  return [v.getUint32(16), v.getUint32(20)];
}

Deno.test("cutouts: PNG (63×63, stretches, colour maps, kernels and alerts change it), FITS attachment, arrays", async () => {
  await withServer(async (url, fink) => {
    const api = `${url}/api/v1/cutouts`;
    const png = async (extra: Record<string, string> = {}) => {
      const r = await post(api, { objectId: "ZTF20abfcszi", kind: "Science", ...extra });
      assertEquals(r.status, 200);
      assertEquals(r.headers.get("content-type"), "image/png");
      assertEquals(
        r.headers.get("content-disposition"),
        "attachment; filename=ZTF20abfcszi_Science.png",
      );
      return new Uint8Array(await r.arrayBuffer());
    };
    const base = await png();
    assertEquals(pngSize(base), [63, 63]);
    // Pillow's image of a 2-D uint8 array is grayscale (colour type 0); a colour map gives RGBA.
    assertEquals(base[25], 0);
    assertEquals((await png({ colormap: "viridis" }))[25], 6);
    const variants: Record<string, string>[] = [
      { stretch: "linear" },
      { stretch: "sqrt" },
      { stretch: "power" },
      { stretch: "log" },
      { colormap: "viridis" },
      { colormap: "Greys" },
      { convolution_kernel: "gauss" },
    ];
    for (const v of variants) {
      const got = await png(v);
      assert(got.length !== base.length || got.some((b, i) => b !== base[i]), JSON.stringify(v));
    }
    // pmin/pmax do not change a sigmoid stretch (Fink's own test).
    assertEquals(await png({ pmin: "0.1", pmax: "0.5" }), base);
    const alerts = await fink.objects({
      objectId: "ZTF20abfcszi",
      columns: "i:candid,a:origin,i:jd",
    });
    const origin = [...alerts.getChild("a:origin")!.toArray()];
    const older = String(alerts.getChild("i:candid")!.get(origin.lastIndexOf("alert")));
    assertNotEquals(await png({ candid: older }), base);

    const fits = await post(api, {
      objectId: "ZTF20abfcszi",
      kind: "Template",
      "output-format": "FITS",
    });
    assertEquals(fits.headers.get("content-type"), "application/octet-stream");
    const bytes = new Uint8Array(await fits.arrayBuffer());
    assertEquals(new TextDecoder().decode(bytes.subarray(0, 6)), "SIMPLE");

    const all = await (await post(api, {
      objectId: "ZTF20abfcszi",
      kind: "All",
      "output-format": "array",
    })).json();
    assertEquals(Object.keys(all).sort(), [
      "b:cutoutDifference_stampData",
      "b:cutoutScience_stampData",
      "b:cutoutTemplate_stampData",
    ]);
    assertEquals(all["b:cutoutScience_stampData"].length, 63);
    assertEquals(all["b:cutoutScience_stampData"][0].length, 63);
    const inProcess = await fink.cutouts({ objectId: "ZTF20abfcszi", kind: "All" });
    assertEquals(JSON.stringify(all), JSON.stringify(inProcess));
  });
});

Deno.test("CORS headers on every answer, preflight OPTIONS, and gzip when the client asks", async () => {
  await withServer(async (url, fink) => {
    // A preflight as Flask answers it: 200, the route's methods, no body.
    const pre = await fetch(`${url}/api/v1/objects`, { method: "OPTIONS" });
    assertEquals([pre.status, pre.headers.get("allow")], [200, "GET, HEAD, OPTIONS, POST"]);
    assertEquals(await pre.text(), "");
    const r = await fetch(`${url}/api/v1/objects?objectId=ZTF25abxvhmk`, {
      headers: { "accept-encoding": "gzip" },
    });
    for (const res of [pre, r]) {
      assertEquals(res.headers.get("access-control-allow-origin"), "*");
      assertEquals(res.headers.get("access-control-allow-methods"), "GET,PUT,POST,DELETE,OPTIONS");
    }
    assertEquals(r.headers.get("content-encoding"), "gzip");
    // fetch decompresses transparently: the body is the in-process JSON.
    assertEquals(await r.text(), toJSON(await fink.objects("ZTF25abxvhmk")));
    const err = await get(`${url}/api/v1/nothing`);
    assertEquals(err.headers.get("access-control-allow-origin"), "*");
    await err.body?.cancel();
    // A zero weight refuses gzip (RFC 9110); another coding named alone does not ask for it.
    for (const accept of ["gzip;q=0", "gzip; q=0.0, identity", "br", "identity"]) {
      const plain = await fetch(`${url}/api/v1/objects?objectId=ZTF25abxvhmk`, {
        headers: { "accept-encoding": accept },
      });
      assertEquals(plain.headers.get("content-encoding"), null, accept);
      await plain.body?.cancel();
    }
    const weighted = await fetch(`${url}/api/v1/objects?objectId=ZTF25abxvhmk`, {
      headers: { "accept-encoding": "br;q=1, gzip;q=0.5" },
    });
    assertEquals(weighted.headers.get("content-encoding"), "gzip");
    await weighted.body?.cancel();
  });
});

Deno.test("the OpenAPI document and the route list come from the handlers' own definitions", async () => {
  await withServer(async (url) => {
    const doc = await (await get(`${url}/api/v1/openapi.json`)).json();
    assertEquals(doc.openapi, "3.0.3");
    assertEquals(Object.keys(doc.paths).length, ROUTES.length);
    for (const r of ROUTES) {
      const item = doc.paths[`/api/v1/${r.name}`];
      assertEquals(Object.keys(item).sort(), r.methods.map((m) => m.toLowerCase()).sort());
      const names = PARAMS[r.name].filter((p) => p.type !== "file").map((p) => p.name);
      assertEquals(item.get.parameters.map((p: { name: string }) => p.name), names);
      if (item.post) {
        const schema = item.post.requestBody.content["application/json"].schema;
        assertEquals(Object.keys(schema.properties), PARAMS[r.name].map((p) => p.name));
        assertEquals(
          schema.required ?? [],
          PARAMS[r.name].filter((p) => p.required).map((p) => p.name),
        );
      }
    }
    const list = await (await get(`${url}/api`)).json();
    assertEquals(
      list.routes.map((r: { path: string }) => r.path),
      ROUTES.map((r) => `/api/v1/${r.name}`),
    );
  });
});

Deno.test("the OpenAPI document's numeric bounds are the handlers': at a bound 200, past it 400", async () => {
  // Requests that are valid but for the parameter under test (a window needs a start date).
  const BASE: Record<string, Record<string, unknown>> = {
    conesearch: { ra: 26.730792, dec: -15.371089, radius: 5, startdate: "2025-10-01" },
    skymap: { event_name: "S200219ac", credible_level: 0.5 },
    xmatch: { catalog: "RA,Dec,ID\n26.73083,-15.37111,mine\n", header: "RA,Dec,ID", radius: 30 },
  };
  let checked = 0;
  await withServer(async (url) => {
    const doc = await (await get(`${url}/api/v1/openapi.json`)).json();
    for (const r of ROUTES) {
      const parameters = doc.paths[`/api/v1/${r.name}`].get.parameters as {
        name: string;
        schema: { type: string; minimum?: number; maximum?: number };
      }[];
      const base = BASE[r.name] ?? Object.fromEntries(
        PARAMS[r.name].filter((p) => p.required).map((p) => [p.name, p.example]),
      );
      for (const { name, schema } of parameters) {
        for (const [bound, side] of [[schema.minimum, -1], [schema.maximum, 1]] as const) {
          if (bound === undefined) continue;
          const past = bound + side * (schema.type === "integer" ? 1 : 1e-6);
          const [okStatus, okBody] = await answer(post(`${url}/api/v1/${r.name}`, {
            ...base,
            [name]: bound,
          }));
          assertEquals(okStatus, 200, `${r.name} ${name}=${bound}: ${okBody.slice(0, 200)}`);
          const [status, body] = await answer(post(`${url}/api/v1/${r.name}`, {
            ...base,
            [name]: past,
          }));
          assertEquals(status, 400, `${r.name} ${name}=${past}`);
          assert(body.includes(name), `${r.name} ${name}=${past}: ${body}`);
          checked++;
        }
      }
    }
  }, { maxRows: 500 });
  // Counts (n ×3, nmax, maxnumber) and radii ×2 at both ends; windows ×2 and days ×2 from 0;
  // credible_level from 0 to 1.
  assertEquals(checked, 20);
});

Deno.test("one access-log line per request: method, route, status, ms, rows — no parameter values", async () => {
  const lines: AccessLogLine[] = [];
  await withServer(async (url) => {
    await (await get(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk", columns: "i:jd" }))
      .text();
    await (await post(`${url}/api/v1/objects`, {})).text();
    await (await get(`${url}/nowhere/ZTF25abxvhmk`)).text();
    await (await get(`${url}/api/v1/ZTF25abxvhmk%22secret`)).text();
    await (await get(`${url}/ZTF25abxvhmk`)).text();
    await (await get(`${url}/`)).text();
  }, { log: (l) => lines.push(l) });
  assertEquals(lines.map((l) => [l.method, l.route, l.status]), [
    ["GET", "/api/v1/objects", 200],
    ["POST", "/api/v1/objects", 400],
    ["GET", "other", 404],
    ["GET", "/api/v1/<unknown>", 404], // the client's text is not logged
    ["GET", "/<objectId>", 200],
    ["GET", "/", 200],
  ]);
  assert(lines[0].rows! > 0 && lines[0].ms >= 0);
  assert(!JSON.stringify(lines).includes("ZTF25abxvhmk"));
});

Deno.test("a body cut short is the client's error (400); a bad chunk closes the connection; the server goes on", async () => {
  const lines: AccessLogLine[] = [];
  await withServer(async (url) => {
    const { hostname, port } = new URL(url);
    const head = `POST /api/v1/objects HTTP/1.1\r\nHost: ${hostname}\r\n` +
      "Content-Type: application/json\r\nConnection: close\r\n";
    for (
      const raw of [
        `${head}Content-Length: 100\r\n\r\n{"objectId":`, // then the client leaves
        // No hex chunk size: Deno's HTTP layer closes the connection before any handler runs.
        `${head}Transfer-Encoding: chunked\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n`,
      ]
    ) {
      const conn = await Deno.connect({ hostname, port: Number(port) });
      await conn.write(new TextEncoder().encode(raw));
      await conn.closeWrite();
      await new Response(conn.readable).arrayBuffer().catch(() => undefined);
    }
    const r = await get(`${url}/api/v1/classes`);
    assertEquals(r.status, 200);
    await r.body?.cancel();
  }, { log: (l) => lines.push(l) });
  assertEquals(lines.map((l) => [l.method, l.status]), [["POST", 400], ["GET", 200]]);
});

Deno.test("query workers: 96 mixed requests at once, each answered as when sent alone", async () => {
  const lines: AccessLogLine[] = [];
  await withPooledServer(async (url) => {
    const requests: [string, Record<string, string | number>][] = [
      ["objects", { objectId: "ZTF25abxvhmk" }],
      ["objects", { objectId: "ZTF20abfcszi", withupperlim: "True" }],
      ["conesearch", { ra: "01h46m55.4s", dec: "-15d22m16s", radius: 30 }],
      ["latests", { class: "SN candidate", n: 20 }],
      ["sso", { n_or_d: "8467" }],
      ["statistics", { date: "2020" }],
    ];
    const alone = await Promise.all(
      requests.map(async ([r, p]) => await (await get(`${url}/api/v1/${r}`, p)).text()),
    );
    const many = await Promise.all(Array.from({ length: 96 }, async (_, i) => {
      const [r, p] = requests[i % requests.length];
      const res = await get(`${url}/api/v1/${r}`, p);
      return [res.status, await res.text()] as const;
    }));
    many.forEach(([status, text], i) => {
      assertEquals(status, 200);
      assertEquals(text, alone[i % requests.length], `request ${i}`);
    });
  }, { log: (l) => lines.push(l) });
  assertEquals(lines.length, 102);
  assert(lines.every((l) => l.status === 200 && l.rows! > 0));
});

Deno.test("query workers: a query stuck past the timeout gets 504, its worker is replaced, the rest go on", async () => {
  const lines: AccessLogLine[] = [];
  await withPooledServer(async (url) => {
    // Every sky pixel of the map: seconds of synchronous SQLite scans in one worker.
    const slow = get(`${url}/api/v1/skymap`, { event_name: "S200219ac", credible_level: 1 });
    const slowHeaders = slow.then((r) => r.headers);
    const fast = await get(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk", columns: "i:jd" });
    assertEquals(fast.status, 200);
    await fast.body?.cancel();
    const [status, text] = await (async () => {
      const r = await slow;
      return [r.status, await r.text()];
    })();
    assertEquals(status, 504);
    assert(String(text).includes("took longer than 0.2 s"), String(text));
    // The pool's own answer (not a worker's) carries the headers every answer has.
    assertEquals((await slowHeaders).get("x-content-type-options"), "nosniff");
    assertEquals((await slowHeaders).get("access-control-allow-origin"), "*");
    for (let i = 0; i < 4; i++) {
      const r = await get(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk", columns: "i:jd" });
      assertEquals(r.status, 200);
      assert((await r.json()).length > 0);
    }
  }, { timeoutMs: 200, log: (l) => lines.push(l) });
  assertEquals(lines.filter((l) => l.status === 504).length, 1);
});

Deno.test("query workers: TRACE (which fetch cannot send) gets 405 with the route's Allow header", async () => {
  await withPooledServer(async (url) => {
    const { hostname, port } = new URL(url);
    const conn = await Deno.connect({ hostname, port: Number(port) });
    try {
      const request =
        `TRACE /api/v1/objects HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`;
      await conn.write(new TextEncoder().encode(request));
      const answer = new TextDecoder().decode(
        await new Response(conn.readable).arrayBuffer(),
      ).toLowerCase();
      assert(answer.startsWith("http/1.1 405"), answer);
      assert(answer.includes("\r\nallow: get, head, options, post\r\n"), answer);
    } finally {
      try {
        conn.close();
      } catch {
        // closed with its readable stream
      }
    }
  });
});

Deno.test("serve: a port in use rejects with AddrInUse and leaves no query worker or store open", async () => {
  // Each query worker is a thread of this process (Linux: /proc/self/task).
  const threads = () => [...Deno.readDirSync("/proc/self/task")].length;
  await withPooledServer(async (url) => {
    const port = Number(new URL(url).port);
    const before = threads();
    await assertRejects(() => serve({ port, workers: 4 }), Deno.errors.AddrInUse);
    await new Promise((r) => setTimeout(r, 300));
    assert(threads() < before + 4, `threads: ${before} before, ${threads()} after`);
  });
});
