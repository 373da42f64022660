/**
 * `ztf.sso_resolver` as Fink's `mark_as_duplicate` numbers it: one row per
 * lower-cased key (ssnamenr, number, name) and spelling, `<key>@<n>` with `n`
 * counting the spellings already under the key (stored, then added by the
 * same run), and nothing added again by a later run.
 */
import { assertEquals } from "../../assert.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { decodeString } from "../../../query/store/codec.ts";
import { updateSsoResolver } from "../../../query/ingest/derived.ts";

const names = { "1234": "Ceres2", "5678": "Vesta2" };

async function resolverRows(store: SqliteStore): Promise<string[]> {
  const out: string[] = [];
  for await (const r of store.scan("ztf.sso_resolver")) {
    if (r.key.startsWith("schema")) continue;
    const v = (c: string) => decodeString(r.values[r.columns.indexOf(c)]);
    out.push(`${r.key} ${v("i:ssnamenr")} ${v("i:number")} ${v("i:name")}`);
  }
  return out;
}

Deno.test("sso resolver: spellings sharing a key are numbered after the stored ones, once", async () => {
  const store = SqliteStore.open(":memory:");
  await store.createTable("ztf.sso_resolver", ["i"]);
  assertEquals(await updateSsoResolver(store, ["1234"], names, new Map()), 2);
  const second = ["Ceres2", "5678", "2001AB"];
  assertEquals(await updateSsoResolver(store, second, names, new Map()), 5);
  assertEquals(second, ["Ceres2", "5678", "2001AB"], "the caller's list is left as it was");
  const expected = [
    "1234@0 1234 1234 Ceres2",
    "1234@1 Ceres2 1234 Ceres2",
    "2001ab@0 2001AB  ",
    "5678@0 5678 5678 Vesta2",
    "ceres2@0 1234 1234 Ceres2",
    "ceres2@1 Ceres2 1234 Ceres2",
    "vesta2@0 5678 5678 Vesta2",
  ];
  assertEquals(await resolverRows(store), expected);
  assertEquals(await updateSsoResolver(store, [...second, "1234"], names, new Map()), 0);
  assertEquals(await resolverRows(store), expected);
  await store.close();
});

Deno.test("sso resolver: two new spellings of one asteroid in one run get @0 and @1", async () => {
  const store = SqliteStore.open(":memory:");
  await store.createTable("ztf.sso_resolver", ["i"]);
  assertEquals(await updateSsoResolver(store, ["Ceres2", "1234"], names, new Map()), 4);
  assertEquals(await resolverRows(store), [
    "1234@0 1234 1234 Ceres2",
    "1234@1 Ceres2 1234 Ceres2",
    "ceres2@0 1234 1234 Ceres2",
    "ceres2@1 Ceres2 1234 Ceres2",
  ]);
  await store.close();
});
