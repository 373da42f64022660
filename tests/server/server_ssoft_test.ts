/**
 * `/api/v1/ssoft` over real HTTP on the sample: Fink's answers (the whole
 * table as a Parquet file, one asteroid as JSON by default, the schema as
 * JSON, other formats on request) equal the in-process `ssoft()`, and Fink's
 * error bodies.
 */
import { parquetReadObjects } from "hyparquet";
import { assert, assertEquals } from "../assert.ts";
import { SAMPLE_SSO_AGGREGATED_PATH, toCSV, toJSON } from "../../query/mod.ts";
import { answer, finkError, get, post, withScratchServer, withServer } from "./server_helpers.ts";

Deno.test("ssoft: Parquet file by default, JSON for one asteroid, the schema, other formats", async () => {
  await withServer(async (url, fink) => {
    const route = `${url}/api/v1/ssoft`;
    assertEquals(await answer(get(route)), [200, "Get the Solar System Object Fink Table (SSoFT)"]);
    const whole = await post(route, {});
    assertEquals(whole.headers.get("content-type"), "application/parquet");
    const file = await whole.arrayBuffer();
    const rows = await parquetReadObjects({ file });
    const table = await fink.ssoft();
    assertEquals(rows.length, table.numRows);
    assertEquals(Object.keys(rows[0]), table.schema.fields.map((f) => f.name));
    assertEquals(rows.map((r) => r.ssnamenr), ["33803", "8467"]);
    assertEquals(rows[1].H_1, table.getChild("H_1")!.get(1));

    // One asteroid: JSON unless asked otherwise (Fink's `payload.get("output-format", "json")`).
    const one = await post(route, { sso_number: 33803 });
    assertEquals(one.headers.get("content-type"), "application/json");
    assertEquals(await one.text(), toJSON(await fink.ssoft({ ssoNumber: 33803 })));
    const named = await get(route, { sso_name: "Benoitcarry", "output-format": "csv" });
    assertEquals(await named.text(), toCSV(await fink.ssoft({ ssoName: "Benoitcarry" })));
    const hg = await get(route, { flavor: "HG", version: "2023.07", "output-format": "json" });
    assertEquals(await hg.text(), toJSON(await fink.ssoft({ flavor: "HG", version: "2023.07" })));

    // Fink's test_schema: the schema's keys are the table's columns.
    const schema = await (await post(route, { schema: true, flavor: "SHG1G2" })).json();
    assertEquals(Object.keys(schema), Object.keys(rows[0]));
    assertEquals(schema.alpha0.type, "double");
    // As in Fink, any non-empty query-string value of `schema` is true (Python's truth).
    assertEquals(
      await (await get(route, { schema: "False", flavor: "HG" })).json(),
      fink.ssoftSchema("HG"),
    );
  });
});

Deno.test("ssoft: Fink's error bodies for flavor and version; finkit's for what it adds", async () => {
  await withServer(async (url) => {
    const route = `${url}/api/v1/ssoft`;
    // Python's str() of the dict: the flavor message holds quotes, so it is in double quotes.
    const flavors = `{'status': 'error', 'text': "flavor needs to be in ` +
      `['SOCCA', 'SHG1G2', 'HG1G2', 'HG']\\n"}`;
    const cases: [Record<string, string>, string][] = [
      [{ flavor: "SSHG1G2" }, flavors],
      [{ schema: "True", flavor: "X" }, flavors],
      [{ version: "2024-01" }, finkError("version needs to be YYYY.MM\n")],
      [{ version: "2022.12" }, finkError("version starts on 2023.07\n")],
    ];
    for (const [params, body] of cases) assertEquals(await answer(get(route, params)), [400, body]);
    const [status, body] = await answer(post(route, { flavor: "SOCCA" }));
    assertEquals(status, 400);
    assertEquals(body.includes("does not compute the SOCCA flavor"), true, body);
    assertEquals((await answer(get(route, { sso_number: "x" })))[0], 400);
    assertEquals((await answer(get(route, { version: "2999.12" })))[0], 400);
  });
});

Deno.test("a store other than the sample: no aggregated SSO file unless served with one", async () => {
  // serve --store file:<a copy of the sample>, without --sso-file: its asteroids' aggregated
  // light curves are unknown, so ssobulk and ssoft answer empty tables of Fink's columns.
  await withScratchServer(async (url) => {
    const bulk = await post(`${url}/api/v1/ssobulk`, {});
    assertEquals(bulk.status, 200);
    assertEquals(bulk.headers.get("content-type"), "application/parquet");
    assertEquals((await parquetReadObjects({ file: await bulk.arrayBuffer() })).length, 0);
    assertEquals(
      await (await post(`${url}/api/v1/ssobulk`, { "output-format": "json" })).json(),
      [],
    );
    const ssoft = await post(`${url}/api/v1/ssoft`, {});
    assertEquals((await parquetReadObjects({ file: await ssoft.arrayBuffer() })).length, 0);
    const ephem = await post(`${url}/api/v1/sso`, { n_or_d: "8467", withEphem: true });
    assertEquals(ephem.status, 400);
    assert((await ephem.text()).includes("no aggregated SSO file"));
  }, { ssoFile: undefined });
  // With one (the sample's, as withScratchServer gives by default): the file itself.
  await withScratchServer(async (url) => {
    const bulk = await post(`${url}/api/v1/ssobulk`, {});
    assertEquals(
      new Uint8Array(await bulk.arrayBuffer()),
      await Deno.readFile(SAMPLE_SSO_AGGREGATED_PATH),
    );
  });
});
