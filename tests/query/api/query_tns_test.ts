/**
 * `ztf.tns_resolver` from a TNS public-objects CSV and `resolver({ resolver:
 * "tns" })` on it. The fixture is synthetic (year-2099 names) in TNS's
 * published CSV layout: timestamp line, quoted header, comma-joined
 * internal names.
 */
import { assert, assertEquals, assertRejects, assertThrows } from "../../assert.ts";
import { ingestTnsCatalogue, tnsResolverRows } from "../../../query/ingest/tns.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { FinkClient } from "../../../query/client.ts";
import { BadRequestError, FinkError } from "../../../astro/errors.ts";
import { decodeCell } from "../../../query/store/codec.ts";
import type { Table } from "apache-arrow";

const FIXTURE =
  new URL("../../fixtures/tns_public_objects_synthetic.csv", import.meta.url).pathname;

Deno.test("tnsResolverRows: one row per internal name, Fink's keys and cells, entries without names dropped", async () => {
  const { rows, objects, skipped, types } = tnsResolverRows(await Deno.readTextFile(FIXTURE));
  assertEquals(objects, 4);
  assertEquals(skipped, 1); // AT 2099c has no internal name
  assertEquals(rows.map((r) => r.key), [
    "sn 2099a_ztf25abxvhmk",
    "sn 2099a_atlas99aaa",
    "at 2099b_atlas99aab",
    "tde 2099d_ztf99tdeaaa",
  ]);
  const cell = (i: number, c: string) => decodeCell(types.get(c)!, rows[i].cells[c]);
  assertEquals(cell(0, "d:fullname"), "SN 2099a");
  assertEquals(cell(0, "d:ra"), 226.3342);
  assertEquals(cell(0, "d:redshift"), 0.081);
  assertEquals(cell(1, "d:internalname"), "ATLAS99aaa");
  assertEquals(cell(2, "d:type"), "nan"); // pandas' str of an empty type, as Fink stores it
  assert(!("d:redshift" in rows[2].cells), "an empty redshift is no cell");
  assertEquals(cell(3, "d:discoverydate"), "2099-01-03 02:00:00.000");
});

Deno.test("a file that is not a TNS catalogue is refused by name of the missing columns; nothing is written", async () => {
  assertThrows(() => tnsResolverRows("ID,RA,Dec\na,1,2\n"), FinkError, "name_prefix");
  const dir = await Deno.makeTempDir();
  const store = SqliteStore.open(":memory:");
  try {
    await Deno.writeTextFile(`${dir}/bad.csv`, "objid,name\n1,2099x\n");
    await assertRejects(
      () => ingestTnsCatalogue(store, `${dir}/bad.csv`),
      FinkError,
      "internal_names",
    );
    assertEquals(await store.listTables(), []);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("resolver tns after ingestTnsCatalogue: by name (portal spelling too), reverse by internal name, nmax, full table", async () => {
  const store = SqliteStore.open(":memory:");
  try {
    const fink = new FinkClient(store);
    await assertRejects(
      () => fink.resolver({ resolver: "tns", name: "SN 2099a" }),
      BadRequestError,
      "ingestTnsCatalogue",
    );
    const summary = await ingestTnsCatalogue(store, FIXTURE);
    assertEquals(summary, { objects: 4, rows: 4, skipped: 1 });
    const col = (t: Table, n: string) => [...t.getChild(n)!.toArray()];
    const forward = await fink.resolver({ resolver: "tns", name: "SN 2099a" });
    assertEquals(col(forward, "d:internalname"), ["ATLAS99aaa", "ZTF25abxvhmk"]);
    const portal = await fink.resolver({ resolver: "tns", name: "SN2099a" });
    assertEquals(portal.numRows, 2);
    const reverse = await fink.resolver({ resolver: "tns", name: "ZTF25abxvhmk", reverse: true });
    assertEquals(col(reverse, "d:fullname"), ["SN 2099a"]);
    assertEquals(col(reverse, "d:type"), ["SN Ia"]);
    assertEquals((await fink.resolver({ resolver: "tns", name: "", nmax: 10 })).numRows, 4);
    assertEquals((await fink.resolver({ resolver: "tns", name: "", nmax: 2 })).numRows, 2);
    // Re-ingesting upserts: same rows.
    await ingestTnsCatalogue(store, FIXTURE);
    assertEquals((await fink.resolver({ resolver: "tns", name: "", nmax: 10 })).numRows, 4);
  } finally {
    await store.close();
  }
});
