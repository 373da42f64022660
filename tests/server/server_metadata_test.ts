/**
 * `/api/v1/metadata` over real HTTP with query workers, on a scratch copy of
 * the sample store: annotations posted as Fink's clients post them (JSON,
 * form, query string) are read back by object id, by name and by encoded name
 * (from another worker), Fink's error bodies, `--read-only`, and the portal
 * address `/<encoded name>` that Fink's thanks message gives.
 */
import { assert, assertEquals } from "../assert.ts";
import { connect, toJSON } from "../../query/mod.ts";
import {
  answer,
  finkError,
  get,
  post,
  withPooledServer,
  withScratchServer,
} from "./server_helpers.ts";

const NAME = "Fink J042203.10+362318.7";
const ENCODED = "FinkJ042203.10+362318.7";
const ONE_OF = "Choose one among: `objectId`, `internal_name`, `internal_name_encoded`";

Deno.test("metadata: POST (JSON, form, query string), then GET by id, name, encoded name and all", async () => {
  await withScratchServer(async (url, _server, store) => {
    const route = `${url}/api/v1/metadata`;
    assertEquals(await answer(get(route)), [200, "Get user-defined metadata attached to objects"]);
    assertEquals(await answer(get(route, { objectId: "all" })), [200, "[]"]);
    const thanks = await post(route, {
      objectId: "ZTF25abxvhmk",
      internal_name: NAME,
      username: "pruzhinskaya",
      comments: "Candidate to red dwarf flare, credit",
    });
    assertEquals(thanks.headers.get("content-type"), "text/plain; charset=utf-8");
    assertEquals(await thanks.text(), `Thanks pruzhinskaya - You can visit ${url}/${ENCODED}`);
    const form = new URLSearchParams({
      objectId: "ZTF20abfcszi",
      internal_name: "Fink J1",
      username: "me",
    });
    assertEquals((await fetch(route, { method: "POST", body: form })).status, 200);
    const query = new URLSearchParams({
      objectId: "ZTF25abitcpd",
      internal_name: "A B",
      username: "u",
    });
    assertEquals(await answer(fetch(`${route}?${query}`, { method: "POST" })), [
      200,
      `Thanks u - You can visit ${url}/AB`,
    ]);

    // Fink's test sends the name through `urllib.parse.quote_plus` (spaces as `+`).
    const plus = encodeURIComponent(NAME).replaceAll("%20", "+");
    const byName = await (await fetch(`${route}?internal_name=${plus}`)).json();
    assertEquals(byName, [{
      "i:objectId": "ZTF25abxvhmk",
      "d:comments": "Candidate to red dwarf flare, credit",
      "d:internal_name": NAME,
      "d:internal_name_encoded": ENCODED,
      "d:username": "pruzhinskaya",
    }]);
    const asked: Record<string, string>[] = [
      { objectId: "ZTF25abxvhmk" },
      { internal_name_encoded: ENCODED },
    ];
    for (const params of asked) {
      assertEquals(await (await get(route, params)).json(), byName);
    }
    const all = await (await get(route, { objectId: "all" })).json();
    assertEquals(all.map((r: Record<string, string>) => r["i:objectId"]), [
      "ZTF20abfcszi",
      "ZTF25abitcpd",
      "ZTF25abxvhmk",
    ]);
    const prefix = await (await get(route, { objectId: "ZTF25" })).json();
    assertEquals(prefix.length, 2);
    assertEquals(await (await get(route, { internal_name: "Fink" })).json(), []);

    // A second annotation of an object replaces the first (no comments: empty).
    await post(route, { objectId: "ZTF20abfcszi", internal_name: "Fink J2", username: "me" });
    const replaced = await (await get(route, { objectId: "ZTF20abfcszi" })).json();
    assertEquals(replaced.map((r: Record<string, string>) => r["d:internal_name"]), ["Fink J2"]);
    assertEquals(await (await get(route, { internal_name_encoded: "FinkJ1" })).json(), []);

    // The same answer as the query API on the store the server wrote.
    const fink = await connect(store);
    try {
      const t = await fink.metadata({ objectId: "all" });
      assertEquals(await (await get(route, { objectId: "all" })).text(), toJSON(t));
    } finally {
      await fink.close();
    }

    // The address in Fink's thanks opens the object's page.
    const page = await fetch(`${url}/${ENCODED}`, { redirect: "manual" });
    await page.body?.cancel();
    assertEquals([page.status, page.headers.get("location")], [302, "/ZTF25abxvhmk"]);
    for (const path of ["FinkJ0", "%E0%A4%A"]) { // unknown name; a malformed escape
      const none = await fetch(`${url}/${path}`, { headers: { accept: "text/html" } });
      await none.body?.cancel();
      assertEquals(none.status, 404, path);
    }
  });
});

Deno.test("metadata: Fink's error bodies, finkit's checks of what is written, and --read-only", async () => {
  await withScratchServer(async (url) => {
    const route = `${url}/api/v1/metadata`;
    assertEquals(await answer(get(route, { objectId: "all", internal_name: "x" })), [
      400,
      finkError(`Too many arguments! ${ONE_OF}`),
    ]);
    assertEquals(await answer(get(route, { name: "x" })), [
      400,
      finkError(`Argument not understood. ${ONE_OF}.`),
    ]);
    const missing = await answer(post(route, { objectId: "ZTF25abxvhmk", internal_name: "x" }));
    assertEquals(missing, [
      400,
      finkError("A value for `username` is required. See https://api.ztf.fink-portal.org \n"),
    ]);
    // Fink would fail with a 500 (or store anything); finkit names the bad value.
    for (
      const [body, what] of [
        [{ objectId: "ZTF2", internal_name: "x", username: "u" }, "a ZTF object id"],
        [{ objectId: "ZTF25abxvhmk", internal_name: " ", username: "u" }, "non-empty text"],
        [
          { objectId: "ZTF25abxvhmk", internal_name: "x", username: "u".repeat(101) },
          "at most 100",
        ],
      ] as const
    ) {
      const [status, text] = await answer(post(route, body));
      assertEquals(status, 400, text);
      assert(text.includes(what), text);
    }
    const [status, text] = await answer(get(route, { objectId: "blah" }));
    assertEquals(status, 400);
    assert(text.includes('Bad value for `objectId`: "blah"'), text);
    assertEquals(await answer(get(route, { objectId: "all" })), [200, "[]"]);
  });
  await withScratchServer(async (url) => {
    const route = `${url}/api/v1/metadata`;
    const body = { objectId: "ZTF25abxvhmk", internal_name: "x", username: "u" };
    assertEquals(await answer(post(route, body)), [
      403,
      finkError(
        "This server is read-only (--read-only, or the embedded sample): it takes no metadata.\n",
      ),
    ]);
    assertEquals(await answer(get(route, { objectId: "all" })), [200, "[]"]);
  }, { readOnly: true });
});

Deno.test("metadata: a server on the embedded sample is read-only (the sample stays as built)", async () => {
  await withPooledServer(async (url) => {
    const route = `${url}/api/v1/metadata`;
    const body = { objectId: "ZTF25abxvhmk", internal_name: "x", username: "u" };
    const [status, text] = await answer(post(route, body));
    assertEquals(status, 403, text);
    assert(text.includes("the embedded sample"), text);
    assertEquals(await answer(get(route, { objectId: "all" })), [200, "[]"]);
  });
});
