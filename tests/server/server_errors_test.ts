/**
 * Fink's error contract over real HTTP: 400 bodies byte for byte where Fink's
 * clients compare them, 404, 405, 408 on a body that stops coming, 413, 500 without a stack
 * trace, 504 on a query past the timeout; the server keeps answering after each.
 */
import { assert, assertEquals } from "../assert.ts";
import {
  answer,
  finkError,
  get,
  post,
  withFaultyServer,
  withPooledServer,
  withServer,
} from "./server_helpers.ts";

Deno.test("400: Fink's exact bodies for missing arguments, radius, coordinates, formats, trends, cutouts, tracklets", async () => {
  await withServer(async (url) => {
    const api = `${url}/api/v1`;
    assertEquals(
      await answer(post(`${api}/objects`, { columns: "i:jd" })),
      [
        400,
        finkError("A value for `objectId` is required. See https://api.ztf.fink-portal.org \n"),
      ],
    );
    assertEquals(
      await answer(post(`${api}/conesearch`, { ra: 193.8217, dec: 2.897, radius: 36000 })),
      [400, finkError("`radius` cannot be bigger than 18,000 arcseconds (5 degrees).\n")],
    );
    assertEquals(
      await answer(post(`${api}/conesearch`, { ra: "kfdlkj", dec: 2.897, radius: 5 })),
      [
        400,
        `{'status': 'error', 'text': ValueError("Invalid character at col 0 parsing angle 'kfdlkj'")}`,
      ],
    );
    // astropy's words for a bad ra or dec, checked with astropy 8.0 (SkyCoord as Fink calls it).
    for (
      const [ra, dec, text] of [
        ["26.73", "lkfdjf", `"Invalid character at col 0 parsing angle 'lkfdjf'"`],
        ["26.73", "12abc", `"Invalid character at col 2 parsing angle '12abc'"`],
        ["26.73", "5e", `"Invalid character at col 1 parsing angle '5e'"`],
        ["abc", "xyz", `"Invalid character at col 0 parsing angle 'abc'"`],
        ["26.73", "1.2.3", `"syntax error parsing angle '1.2.3'"`],
        ["", "2.8", `"syntax error parsing angle ''"`],
      ]
    ) {
      assertEquals(
        await answer(post(`${api}/conesearch`, { ra, dec, radius: 5 })),
        [400, `{'status': 'error', 'text': ValueError(${text})}`],
        `${ra} ${dec}`,
      );
    }
    // astropy's words for a declination out of range (Fink wraps astropy's ValueError).
    for (const [dec, got] of [[95, "95.0"], ["-95.5", "-95.5"], ["+95:30:00", "95.5"]]) {
      assertEquals(
        await answer(post(`${api}/conesearch`, { ra: "10:00:00", dec, radius: 5 })),
        [
          400,
          `{'status': 'error', 'text': ValueError('Latitude angle(s) must be within -90 deg <= angle <= 90 deg, got ${got} deg')}`,
        ],
      );
    }
    assertEquals(
      await answer(get(`${api}/objects`, { objectId: "ZTF25abxvhmk", "output-format": "xml" })),
      [
        400,
        finkError(
          "Output format `xml` is not supported. Choose among json, csv, votable, or parquet\n",
        ),
      ],
    );
    assertEquals(
      await answer(post(`${api}/latests`, { class: "SN candidate", trend: "up" })),
      [
        400,
        "\n        up is not a valid trend.\n        Trend must be among: rising, fading, " +
        "low_state, new_low_state\n        ",
      ],
    );
    assertEquals(
      await answer(post(`${api}/cutouts`, { objectId: "ZTF20abfcszi", kind: "All" })),
      [400, finkError("The option `kind=All` is only compatible with `output-format=array`.\n")],
    );
    assertEquals(
      await answer(
        post(`${api}/cutouts`, {
          objectId: "ZTF20abfcszi",
          kind: "Science",
          "output-format": "jpg",
        }),
      ),
      [400, finkError("output-format must be one of: PNG, FITS, or array.\n")],
    );
    assertEquals(
      await answer(post(`${api}/tracklet`, { columns: "i:jd" })),
      [400, finkError("You need to specify a date at the format YYYY-MM-DD hh:mm:ss\n")],
    );
    assertEquals(
      await answer(post(`${api}/sso`, { n_or_d: "33803,8467", withResiduals: true })),
      [400, finkError("You cannot request residuals for a list object names.\n")],
    );
  });
});

Deno.test("400 for what finkit checks beyond Fink: the message names the value and what is allowed", async () => {
  await withServer(async (url) => {
    const api = `${url}/api/v1`;
    const cases: [string, Record<string, unknown>, string][] = [
      ["latests", { class: "SN candidate", n: "ten" }, "`n` must be an integer, not ten"],
      ["latests", { class: "SN candidate", n: 10 ** 9 }, "this server's cap"],
      ["cutouts", { objectId: "ZTF20abfcszi", kind: "Sky" }, "Science, Template, Difference, All"],
      ["cutouts", { objectId: "ZTF20abfcszi", kind: "Science", colormap: "jet" }, "viridis"],
      ["skymap", { bayestar: "b'not a map'", credible_level: 0.1 }, "cannot be read"],
      ["skymap", { bayestar: "hello", credible_level: 0.1 }, "str() of the gzipped FITS bytes"],
      ["skymap", { credible_level: 0.9 }, "or an `event_name`"],
      ["xmatch", { catalog: [], header: "RA,Dec,ID", radius: 1 }, "CSV text (a string), not []"],
      // The query API's camelCase names come back as the route spells them.
      ["sso", { n_or_d: "kdflsjffld" }, 'Bad value for `n_or_d`: "kdflsjffld"'],
      ["sso", { n_or_d: "" }, 'Bad value for `n_or_d`: ""; a value for `n_or_d` is required'],
      ["sso", { n_or_d: "8467", withcutouts: true, "cutout-kind": "Sky" }, "`cutout-kind`"],
      [
        "objects",
        { objectId: "ZTF25abxvhmk", withcutouts: true, columns: "i:jd" },
        "with cutouts, the columns must include i:objectId and i:candid",
      ],
      ["anomaly", { start_date: "soon" }, "Bad value for `start_date`"],
      ["latests", { class: "SN candidate", startdate: "soon" }, "Bad value for `startdate`"],
    ];
    for (const [route, body, needle] of cases) {
      const [status, text] = await answer(post(`${api}/${route}`, body));
      assertEquals(status, 400, `${route} ${JSON.stringify(body)}: ${text}`);
      assert(text.startsWith("{'status': 'error', 'text': "), text);
      assert(text.includes(needle), `${route}: ${text}`);
    }
    // A body Flask cannot read as JSON (malformed, not UTF-8, or empty but declared JSON):
    // Flask's answer.
    const unreadable =
      '{"message": "The browser (or proxy) sent a request that this server could not understand."}\n';
    const notUtf8 = new Uint8Array([
      ...new TextEncoder().encode('{"objectId": "ZTF'),
      0xff,
      0x22,
      0x7d,
    ]);
    for (const body of ["{not json", "", notUtf8]) {
      const r = await fetch(`${api}/objects`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      assertEquals([r.status, r.headers.get("content-type")], [400, "application/json"]);
      assertEquals(await r.text(), unreadable);
    }
  });
});

Deno.test("404 for unknown routes and 405 for a wrong method, as flask-restx answers them", async () => {
  await withServer(async (url) => {
    // Flask's own page (flask-restx leaves unknown URLs to Flask), for any method.
    for (const method of ["GET", "POST", "OPTIONS"]) {
      const r = await fetch(`${url}/api/v1/nothing`, { method });
      assertEquals([r.status, r.headers.get("content-type")], [404, "text/html; charset=utf-8"]);
      assertEquals(
        await r.text(),
        "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n" +
          "<p>The requested URL was not found on the server. If you entered the URL manually " +
          "please check your spelling and try again.</p>\n",
      );
    }
    const r = await post(`${url}/api/v1/classes`, {});
    assertEquals(r.status, 405);
    assertEquals(
      await r.text(),
      '{"message": "The method is not allowed for the requested URL."}\n',
    );
    assertEquals(r.headers.get("allow"), "GET, HEAD, OPTIONS");
    const put = await fetch(`${url}/api/v1/openapi.json`, { method: "PUT" });
    assertEquals([put.status, put.headers.get("allow")], [405, "GET, HEAD, OPTIONS"]);
    await put.body?.cancel();
    assertEquals((await fetch(`${url}/api/v1/objects`, { method: "DELETE" })).status, 405);
    const head = await fetch(`${url}/api/v1/objects?objectId=ZTF25abxvhmk`, { method: "HEAD" });
    assertEquals([head.status, head.headers.get("content-type")], [200, "application/json"]);
  });
});

Deno.test("413 past the body size limit, without reading the whole body", async () => {
  await withServer(async (url) => {
    const big = JSON.stringify({ objectId: "ZTF25abxvhmk", pad: "x".repeat(5000) });
    const [status, text] = await answer(
      fetch(`${url}/api/v1/objects`, { method: "POST", body: big }),
    );
    assertEquals(status, 413);
    assertEquals(text, '{"message": "The data value transmitted exceeds the capacity limit."}\n');
    assertEquals((await get(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk" })).status, 200);
  }, { maxBodyBytes: 1024 });
});

/**
 * Send a POST's headers and the first half of its declared body over a raw socket, then nothing
 * more (as a stalled or malicious client); the server's whole answer as text.
 */
async function stalledPost(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    const body = JSON.stringify({ objectId: "ZTF25abxvhmk" });
    const head = `POST /api/v1/objects HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    await conn.write(new TextEncoder().encode(head + body.slice(0, body.length >> 1)));
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(4096);
    // Read until the answer's JSON body has come (the connection may stay open).
    for (let text = ""; !text.includes("}\n");) {
      const n = await conn.read(buf);
      if (n === null) break;
      chunks.push(buf.slice(0, n));
      text = new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
    }
    return new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
  } finally {
    conn.close();
  }
}

Deno.test("408 for a body that stops coming before the timeout; the server lives on", async () => {
  const check = async (url: string) => {
    const text = await stalledPost(url);
    assert(text.startsWith("HTTP/1.1 408"), text);
    assert(
      text.includes(
        '{"message": "The server closed the network connection because the browser didn\'t finish the request within the specified time."}\n',
      ),
      text,
    );
    assertEquals((await get(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk" })).status, 200);
  };
  await withServer(check, { timeoutMs: 300 });
  await withPooledServer(check, { timeoutMs: 300 });
});

Deno.test("500 with a one-line message and no stack trace; 504 past the timeout; the server lives on", async () => {
  const boom = () => new Error("disk on fire\n    at secret (/internal/path.ts:1)");
  for (const fault of ["throw", "stall"] as const) {
    await withFaultyServer(fault, boom, async (url) => {
      const [status, text] = await answer(
        get(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk" }),
      );
      if (fault === "throw") {
        assertEquals(status, 500);
        assert(text.includes("disk on fire"), text);
        assert(!text.includes("secret") && !text.includes("/internal/"), text);
      } else {
        assertEquals(status, 504);
        assertEquals(text, finkError("The query took longer than 0.3 s and was stopped.\n"));
      }
      const classes = await get(`${url}/api/v1/classes`);
      assertEquals(classes.status, 200);
      await classes.body?.cancel();
    }, { timeoutMs: 300 });
  }
});
