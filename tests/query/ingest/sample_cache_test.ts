/**
 * The embedded sample's cache: builds that run at the same time in one
 * process (a server's query workers share its pid) each finish, publish one
 * file, leave no temporary file behind, and a later call reuses the file,
 * read-only, also when named by its path. `connect` opens only stores that exist; `openStore` creates one; neither writes
 * into another program's SQLite database.
 */
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { sampleStore } from "../../../query/ingest/sample.ts";
import { connect, FinkClient } from "../../../query/client.ts";
import { openStore } from "../../../query/open.ts";
import { BadRequestError } from "../../../astro/errors.ts";
import { StoreError } from "../../../query/store/store.ts";
import { otherProgramsDatabase, withTempDir } from "../../temp_dir.ts";
import { ingestFiles } from "../../../query/ingest/ingest.ts";

const ALERT_FILE = new URL(
  "../../../data/sample/fink-client/datatest/ZTF19acihgng.avro",
  import.meta.url,
).pathname;

Deno.test({
  name: "sample cache: three builds at once in one process all succeed and leave one file",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await withTempDir(async (cacheDir) => {
      const stores = await Promise.all([1, 2, 3].map(() => sampleStore({ cacheDir })));
      for (const store of stores) {
        assert(await store.get("ztf", "ZTF22aayqeuc_2459795.8062153"), "a sample row");
      }
      const names = () => [...Deno.readDirSync(cacheDir)].map((e) => e.name).sort();
      const built = names();
      assertEquals(built.length, 1, built.join(", "));
      assert(/^sample-[0-9a-f]{12}\.db$/.test(built[0]), built[0]);
      const { mtime } = await Deno.stat(`${cacheDir}/${built[0]}`);
      const again = await sampleStore({ cacheDir });
      assert(await again.get("ztf", "ZTF22aayqeuc_2459795.8062153"));
      assertEquals(
        (await Deno.stat(`${cacheDir}/${built[0]}`)).mtime,
        mtime,
        "reused, not rebuilt",
      );
      assertEquals(names(), built);
      // Opened read-only: a write (an annotation, an ingest) fails naming the file.
      const fink = new FinkClient(again);
      const post = fink.postMetadata({
        objectId: "ZTF25abxvhmk",
        internalName: "x",
        username: "u",
      });
      const e = await assertRejects(() => post);
      assert(/readonly/.test(e.message) && e.message.includes(built[0]), e.message);
      assertEquals((await fink.metadata({ objectId: "all" })).numRows, 0);
      // Named by its path (`--store file:…/sample-….db`), the file is read-only all the same,
      // and an ingest into it is refused at once, saying why.
      const byPath = await openStore(`file:${cacheDir}/${built[0]}`, { cacheDir });
      assert(byPath.readOnly);
      const refused = await assertRejects(() => ingestFiles(byPath, [ALERT_FILE]), StoreError);
      assert(refused.message.includes("the store is read-only"), refused.message);
      assertEquals((await Deno.stat(`${cacheDir}/${built[0]}`)).mtime, mtime);
      const copy = await openStore(`file:${cacheDir}/copy-${built[0]}`, { cacheDir });
      assert(!copy.readOnly, "a file of another name in the folder is the user's");
      for (const store of [...stores, again, byPath, copy]) await store.close();
    });
  },
});

Deno.test("connect: a store file that does not exist is an error naming it, and is not created", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/typo.db`;
    const e = await assertRejects(() => connect(`file:${path}`), BadRequestError);
    assert(e.message.includes(path) && e.message.includes("deno task ingest"), e.message);
    await assertRejects(() => connect(path), BadRequestError);
    // A mistyped scheme is not taken for a file name.
    await assertRejects(() => connect("hbase:/127.0.0.1:8080"), BadRequestError, "hbase://");
    assertEquals([...Deno.readDirSync(dir)], [], "no file left behind");
    const store = await openStore(`file:${path}`); // for ingest: created
    await store.close();
    const fink = await connect(`file:${path}`);
    await fink.close();
  });
});

Deno.test("connect and openStore leave another program's SQLite database alone; an empty store says so", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/other.db`;
    const before = await otherProgramsDatabase(path);
    for (const open of [() => connect(`file:${path}`), () => openStore(`file:${path}`)]) {
      const e = await assertRejects(open, StoreError);
      assert(e.message.includes("not a finkit store") && e.message.includes("people"), e.message);
    }
    assertEquals(await Deno.readFile(path), before, "the file is unchanged");
    assertEquals([...Deno.readDirSync(dir)].map((f) => f.name), ["other.db"], "no journal left");
    // A finkit store nothing was ingested into: queries say it is empty.
    const empty = `${dir}/empty.db`;
    await (await openStore(`file:${empty}`)).close();
    const fink = await connect(`file:${empty}`);
    const err = await assertRejects(() => fink.objects({ objectId: "ZTF25abxvhmk" }));
    assert(err.message.includes("the store is empty (nothing ingested into it yet)"), err.message);
    await fink.close();
  });
});
