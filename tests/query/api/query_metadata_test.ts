/**
 * `ztf.metadata` through the query API: `postMetadata` writes Fink's cells
 * (and a schema row), `metadata` reads them back by object id (a prefix, or
 * `all`), by internal name and by encoded name; bad input is refused before
 * anything is written.
 */
import { assertEquals, assertRejects } from "../../assert.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { FinkClient } from "../../../query/client.ts";
import { BadRequestError } from "../../../astro/errors.ts";
import { decodeString } from "../../../query/store/codec.ts";
import type { Table } from "apache-arrow";

const rows = (t: Table) => t.toArray().map((r) => r.toJSON());
const COLUMNS = [
  "i:objectId",
  "d:comments",
  "d:internal_name",
  "d:internal_name_encoded",
  "d:username",
];

Deno.test("postMetadata writes Fink's cells; metadata reads them by id, prefix, all and names", async () => {
  const fink = new FinkClient(SqliteStore.open(":memory:"));
  try {
    // Before any annotation: no table, an empty answer with every column.
    const empty = await fink.metadata({ objectId: "all" });
    assertEquals([empty.numRows, empty.schema.fields.map((f) => f.name)], [0, COLUMNS]);
    assertEquals(
      await fink.postMetadata({
        objectId: " ZTF23aaaatwl ",
        internalName: "Fink J061603.51+080222.8",
        username: "pruzhinskaya",
        comments: "Candidate to CV, credit",
      }),
      { objectId: "ZTF23aaaatwl", internalNameEncoded: "FinkJ061603.51+080222.8" },
    );
    // Comments keep tabs and line breaks (names refuse them), right-to-left text and its marks.
    const comments =
      "seen twice:\r\n\t2025-10-01\n\t2025-10-02 \u05E9\u05E0\u05D9\u05D9\u05DD\u200F";
    await fink.postMetadata({
      objectId: "ZTF20aahjjjm",
      internalName: "N 1",
      username: "u",
      comments,
    });
    const row = await fink.store.get("ztf.metadata", "ZTF23aaaatwl");
    assertEquals(
      Object.fromEntries(row!.columns.map((c, i) => [c, decodeString(row!.values[i])])),
      {
        "d:comments": "Candidate to CV, credit",
        "d:internal_name": "Fink J061603.51+080222.8",
        "d:internal_name_encoded": "FinkJ061603.51+080222.8",
        "d:username": "pruzhinskaya",
      },
    );
    const cv = {
      "i:objectId": "ZTF23aaaatwl",
      "d:comments": "Candidate to CV, credit",
      "d:internal_name": "Fink J061603.51+080222.8",
      "d:internal_name_encoded": "FinkJ061603.51+080222.8",
      "d:username": "pruzhinskaya",
    };
    const other = {
      "i:objectId": "ZTF20aahjjjm",
      "d:comments": comments,
      "d:internal_name": "N 1",
      "d:internal_name_encoded": "N1",
      "d:username": "u",
    };
    assertEquals(rows(await fink.metadata({ objectId: "ZTF23aaaatwl" })), [cv]);
    assertEquals(rows(await fink.metadata({ objectId: "ZTF2" })), [other, cv]);
    assertEquals(rows(await fink.metadata({ objectId: "all" })), [other, cv]);
    assertEquals(rows(await fink.metadata({ internalName: "N 1" })), [other]);
    assertEquals(rows(await fink.metadata({ internalNameEncoded: "N1" })), [other]);
    assertEquals(rows(await fink.metadata({ internalName: "N1" })), []); // exact names only
    assertEquals(rows(await fink.metadata({ objectId: "ZTF19" })), []);
    // The table's types are recorded, as in every table finkit writes.
    assertEquals((await fink.store.get("ztf.metadata", "schema_finkit_ztf"))!.columns.length, 4);
  } finally {
    await fink.close();
  }
});

Deno.test("metadata and postMetadata refuse bad input, naming it, and write nothing", async () => {
  const fink = new FinkClient(SqliteStore.open(":memory:"));
  try {
    for (
      const params of [
        {},
        { objectId: "all", internalName: "x" },
        { objectId: "M31" },
      ]
    ) {
      await assertRejects(() => fink.metadata(params), BadRequestError);
    }
    for (
      const [params, message] of [
        [{ objectId: "ZTF23aaaatw", internalName: "x", username: "u" }, "`objectId`"],
        [{ objectId: "ZTF23aaaatwl", internalName: "", username: "u" }, "`internal_name`"],
        [{ objectId: "ZTF23aaaatwl", internalName: "x", username: " " }, "`username`"],
        [
          {
            objectId: "ZTF23aaaatwl",
            internalName: "x",
            username: "u",
            comments: "c".repeat(10_001),
          },
          "at most 10000 characters",
        ],
        [{ objectId: "ZTF23aaaatwl", internalName: "a\u0000b", username: "u" }, "control"],
        [{ objectId: "ZTF23aaaatwl", internalName: "x", username: "u\r\nX: y" }, "control"],
        [{ objectId: "ZTF23aaaatwl", internalName: "x\ud800", username: "u" }, "`internal_name`"],
        [{ objectId: "ZTF23aaaatwl", internalName: "x\u0085", username: "u" }, "control"], // C1 NEL
        // A right-to-left override shows "SN ‮aI" as "SN Ia"; an isolate, text out of order too.
        [{ objectId: "ZTF23aaaatwl", internalName: "SN \u202EaI", username: "u" }, "bidirectional"],
        [
          { objectId: "ZTF23aaaatwl", internalName: "x", username: "u", comments: "a\u2067b" },
          "bidirectional",
        ],
        [
          { objectId: "ZTF23aaaatwl", internalName: "x", username: "u", comments: "a\u0007" },
          "tabs",
        ],
      ] as const
    ) {
      await assertRejects(() => fink.postMetadata(params), BadRequestError, message);
    }
    assertEquals((await fink.tables()).includes("ztf.metadata"), false);
  } finally {
    await fink.close();
  }
});
