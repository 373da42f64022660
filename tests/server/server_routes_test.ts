/**
 * Every route of the REST server over real HTTP on loopback, GET and POST,
 * against the in-process query API on the same sample store: the JSON body
 * is the in-process table's JSON, the CSV, VOTable and Parquet bodies read
 * back to the same table.
 */
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";
import type { Table } from "apache-arrow";
import { assert, assertEquals } from "../assert.ts";
import {
  type FinkClient,
  float32String,
  parseCsv,
  SAMPLE_SSO_AGGREGATED_PATH,
  ssobulkObjects,
  toCSV,
  toJSON,
  toVOTable,
} from "../../query/mod.ts";
import { get, post, withServer } from "./server_helpers.ts";

/** Route → [HTTP parameters, the same query in-process]. */
const CASES: Record<string, [Record<string, string | number>, (f: FinkClient) => Promise<Table>]> =
  {
    objects: [
      { objectId: "ZTF25abxvhmk,ZTF20abfcszi", columns: "i:jd,i:magpsf,i:fid,i:candid" },
      (f) =>
        f.objects({
          objectId: "ZTF25abxvhmk,ZTF20abfcszi",
          columns: "i:jd,i:magpsf,i:fid,i:candid",
        }),
    ],
    conesearch: [
      { ra: "01h46m55.4s", dec: "-15d22m16s", radius: 30 },
      (f) => f.conesearch({ ra: "01h46m55.4s", dec: "-15d22m16s", radius: 30 }),
    ],
    latests: [
      { class: "SN candidate", n: 5, columns: "i:objectId,i:jd,v:classification" },
      (f) =>
        f.latests({ class: "SN candidate", n: 5, columns: "i:objectId,i:jd,v:classification" }),
    ],
    sso: [
      { n_or_d: "8467", columns: "i:jd,i:ssnamenr,i:magpsf" },
      (f) => f.sso({ nOrD: "8467", columns: "i:jd,i:ssnamenr,i:magpsf" }),
    ],
    ssocand: [{ kind: "orbParams" }, (f) => f.ssocand({ kind: "orbParams" })],
    resolver: [
      { resolver: "ssodnet", name: "benoitcarry", nmax: 5 },
      (f) => f.resolver({ resolver: "ssodnet", name: "benoitcarry", nmax: 5 }),
    ],
    tracklet: [{ date: "2020-08-03" }, (f) => f.tracklet({ date: "2020-08-03" })],
    anomaly: [
      { n: 3, columns: "i:objectId,d:anomaly_score" },
      (f) => f.anomaly({ n: 3, columns: "i:objectId,d:anomaly_score" }),
    ],
    statistics: [
      { date: "202008", columns: "basic:sci,basic:raw" },
      (f) => f.statistics({ date: "202008", columns: "basic:sci,basic:raw" }),
    ],
    skymap: [
      { event_name: "S200219ac", credible_level: 0.9 },
      (f) => f.skymap({ eventName: "S200219ac", credibleLevel: 0.9 }),
    ],
    // As Fink: the aggregated file's rows (one per asteroid, list columns).
    ssobulk: [{ "output-format": "json" }, () => ssobulkObjects()],
    xmatch: [
      { catalog: "RA,Dec,ID\n26.73083,-15.37111,mine\n", header: "RA,Dec,ID", radius: 30 },
      (f) =>
        f.xmatch({
          catalog: "RA,Dec,ID\n26.73083,-15.37111,mine\n",
          header: "RA,Dec,ID",
          radius: 30,
        }),
    ],
  };

Deno.test("every tabular route answers GET and POST with the in-process table's JSON", async () => {
  await withServer(async (url, fink) => {
    for (const [route, [params, inProcess]] of Object.entries(CASES)) {
      const expected = toJSON(await inProcess(fink));
      const g = await get(`${url}/api/v1/${route}`, params);
      assertEquals(g.status, 200, route);
      assertEquals(g.headers.get("content-type"), "application/json", route);
      assertEquals(await g.text(), expected, `${route} GET`);
      const p = await post(`${url}/api/v1/${route}`, params);
      assertEquals(await p.text(), expected, `${route} POST`);
    }
  });
});

Deno.test("the sample answers are not empty where the sample has data (the comparisons above mean something)", async () => {
  await withServer(async (url) => {
    for (
      const route of [
        "objects",
        "conesearch",
        "latests",
        "sso",
        "ssocand",
        "resolver",
        "anomaly",
        "statistics",
        "ssobulk",
        "xmatch",
      ]
    ) {
      const rows = await (await get(`${url}/api/v1/${route}`, CASES[route][0])).json();
      assert(rows.length > 0, `${route} gave no rows`);
    }
    const objects = await (await get(`${url}/api/v1/objects`, CASES.objects[0])).json();
    assertEquals(
      new Set(objects.map((r: Record<string, unknown>) => Object.keys(r).length)).size,
      1,
    );
  });
});

Deno.test("ssobulk: Parquet is the aggregated file itself, as Fink sends it", async () => {
  await withServer(async (url) => {
    // (A GET without arguments is the route's description, as in Fink.)
    const asked = { "output-format": "parquet" };
    for (
      const r of [
        await get(`${url}/api/v1/ssobulk`, asked),
        await post(`${url}/api/v1/ssobulk`, {}),
      ]
    ) {
      assertEquals(r.status, 200);
      assertEquals(r.headers.get("content-type"), "application/parquet");
      assertEquals(
        new Uint8Array(await r.arrayBuffer()),
        await Deno.readFile(SAMPLE_SSO_AGGREGATED_PATH),
      );
    }
    const rows = await (await post(`${url}/api/v1/ssobulk`, { "output-format": "json" })).json();
    assertEquals(rows.map((r: { ssnamenr: string }) => r.ssnamenr), ["33803", "8467", "2005XM12"]);
    assertEquals(rows[1].cjd.length, rows[1].cmagpsf.length);
    assertEquals(rows[1].cfid.every((f: number) => f === 1 || f === 2), true);
    // Columns in the file's order, as pandas reads the file Fink sends.
    const file = await Deno.readFile(SAMPLE_SSO_AGGREGATED_PATH);
    const fields = parquetSchema(parquetMetadata(file.slice().buffer)).children
      .map((c) => c.element.name);
    assertEquals(Object.keys(rows[1]), fields);
  });
});

Deno.test("statistics: an empty answer has no column, as Fink's empty frame", async () => {
  await withServer(async (url) => {
    const ask = (format: string) =>
      post(`${url}/api/v1/statistics`, { date: "1999", "output-format": format });
    assertEquals(await (await ask("csv")).text(), "\n");
    assertEquals(await (await ask("json")).text(), "[]");
  });
});

Deno.test("csv, votable and parquet read back to the in-process table", async () => {
  await withServer(async (url, fink) => {
    const params = { objectId: "ZTF25abxvhmk", withupperlim: "True" };
    const t = await fink.objects({ objectId: "ZTF25abxvhmk", withUpperLim: true });
    const csv = await get(`${url}/api/v1/objects`, { ...params, "output-format": "csv" });
    assertEquals(csv.headers.get("content-type"), "application/csv");
    const text = await csv.text();
    assertEquals(text, toCSV(t));
    const rows = parseCsv(text);
    assertEquals(rows.length, t.numRows);
    assertEquals(rows[0]["i:candid"], String(t.getChild("i:candid")!.get(0)));

    const vo = await get(`${url}/api/v1/objects`, { ...params, "output-format": "votable" });
    assertEquals(vo.headers.get("content-type"), "text/xml");
    const xml = await vo.text();
    assertEquals(xml, toVOTable(t));
    assertEquals(xml.match(/<FIELD /g)!.length, t.numCols);
    assertEquals(xml.match(/<TR>/g)!.length, t.numRows);
    assert(xml.includes('<FIELD ID="i_candid" datatype="long" name="i:candid"/>'));

    const pq = await get(`${url}/api/v1/objects`, { ...params, "output-format": "parquet" });
    const bytes = new Uint8Array(await pq.arrayBuffer());
    const back = await parquetReadObjects({ file: bytes.buffer as ArrayBuffer });
    assertEquals(back.length, t.numRows);
    for (const c of ["i:candid", "i:jd", "d:tag", "i:magpsf", "i:fid"]) {
      for (let i = 0; i < t.numRows; i++) {
        let want = t.getChild(c)!.get(i);
        // As in Fink's frames: floats are float64 (a float32 as its decimal), integers int64.
        if (c === "i:magpsf" && want !== null) want = Number(float32String(want));
        if (c === "i:fid" && want !== null) want = BigInt(want);
        const got = back[i][c];
        if (typeof want === "number" && Number.isNaN(want)) {
          assert(got === null || Number.isNaN(got));
        } else assertEquals(got, want, `${c}[${i}]`);
      }
    }
  });
});

Deno.test("classes and schema answer GET with Fink's JSON layout", async () => {
  await withServer(async (url, fink) => {
    const classes = await (await get(`${url}/api/v1/classes`)).json();
    assertEquals(classes, await fink.classes());
    assert(classes["Fink classifiers"].includes("SN candidate"));
    const schema = await (await get(`${url}/api/v1/schema`)).json();
    assertEquals(Object.keys(schema).sort(), [
      "Fink on-the-fly added values (v:)",
      "Fink science module outputs (d:)",
      "ZTF original cutouts (b:)",
      "ZTF original fields (i:)",
    ]);
    assertEquals(schema["ZTF original fields (i:)"].candid.type, "long");
    // Docs in ZTF's words (candidate.avsc) and Fink's; columns objects drops are not listed.
    assertEquals(
      schema["ZTF original fields (i:)"].aimage.doc,
      "Windowed profile RMS afloat major axis from SExtractor [pixels]",
    );
    const d = schema["Fink science module outputs (d:)"];
    assert(d.mangrove_lum_dist.doc.includes("Mangrove"), d.mangrove_lum_dist.doc);
    assertEquals(Object.keys(d).filter((c) => c.startsWith("t2_") || c === "spicy_name"), []);
    // Every i:/d:/v: column of an object is in the schema, named without its family (Fink's test).
    const row =
      (await (await get(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk" })).json())[0];
    for (const c of Object.keys(row)) {
      const group = Object.keys(schema).find((g) => g.includes(`(${c.slice(0, 2)})`));
      if (group) assert(c.slice(2) in schema[group], c);
    }
  });
});

Deno.test("GET without arguments gives the route's description, as Fink's namespaces do", async () => {
  await withServer(async (url) => {
    const r = await get(`${url}/api/v1/objects`);
    assertEquals([r.status, await r.text()], [200, "Get object data based on ZTF ID"]);
  });
});

Deno.test("flags follow Fink: JSON true and query-string True set them, query-string true does not", async () => {
  await withServer(async (url) => {
    const base = { objectId: "ZTF25abxvhmk", columns: "i:jd" };
    const tags = async (r: Promise<Response>) =>
      ((await (await r).json()) as Record<string, unknown>[]).some((x) => "d:tag" in x);
    assert(await tags(post(`${url}/api/v1/objects`, { ...base, withupperlim: true })));
    assert(await tags(get(`${url}/api/v1/objects`, { ...base, withupperlim: "True" })));
    assert(!(await tags(get(`${url}/api/v1/objects`, { ...base, withupperlim: "true" }))));
  });
});

Deno.test("form-encoded and multipart POST bodies are read like JSON ones", async () => {
  await withServer(async (url) => {
    const form = new URLSearchParams({ objectId: "ZTF25abxvhmk", columns: "i:jd" });
    const a = await (await fetch(`${url}/api/v1/objects`, { method: "POST", body: form })).text();
    const fd = new FormData();
    fd.set("objectId", "ZTF25abxvhmk");
    fd.set("columns", "i:jd");
    const b = await (await fetch(`${url}/api/v1/objects`, { method: "POST", body: fd })).text();
    const c =
      await (await post(`${url}/api/v1/objects`, { objectId: "ZTF25abxvhmk", columns: "i:jd" }))
        .text();
    assertEquals(a, c);
    assertEquals(b, c);
    assert(JSON.parse(c).length > 0);
  });
});

Deno.test("a JSON body's integers past 2^53 stay exact (a candid sent as a number, as Python sends it)", async () => {
  await withServer(async (url, fink) => {
    const t = await fink.objects({ objectId: "ZTF25abxvhmk", columns: "i:objectId,i:candid" });
    const candid = String(t.getChild("i:candid")!.get(t.numRows - 1));
    assert(!Number.isSafeInteger(Number(candid)) && String(Number(candid)) !== candid);
    const ask = (c: string) =>
      fetch(`${url}/api/v1/cutouts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body:
          `{"objectId": "ZTF25abxvhmk", "kind": "Science", "output-format": "array", "candid": ${c}}`,
      });
    const asNumber = await ask(candid), asString = await ask(JSON.stringify(candid));
    assertEquals(asNumber.status, 200);
    assertEquals(await asNumber.text(), await asString.text());
  });
});
