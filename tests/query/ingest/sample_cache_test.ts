/**
 * The embedded sample's cache: builds that run at the same time in one
 * process (a server's query workers share its pid) each finish, publish one
 * file, leave no temporary file behind, and a later call reuses the file.
 */
import { assert, assertEquals } from "../../assert.ts";
import { sampleStore } from "../../../query/ingest/sample.ts";
import { withTempDir } from "../../temp_dir.ts";

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
      for (const store of [...stores, again]) await store.close();
    });
  },
});
