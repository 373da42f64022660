/**
 * The SQLite backend drops from the OS page cache what its write
 * transactions append (`sqlite_cache.ts`): measured on a real file with
 * util-linux's `fincore` (pages of the file in memory), and the rows read
 * back intact; without the FFI permission, writing works the same.
 */
import { assert, assertEquals } from "../../assert.ts";
import { withTempDir } from "../../temp_dir.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";

/** Whether `cmd` succeeds, and what it prints. */
async function sh(cmd: string): Promise<[boolean, string]> {
  const out = await new Deno.Command("sh", { args: ["-c", cmd], stdout: "piped", stderr: "null" })
    .output();
  return [out.success, new TextDecoder().decode(out.stdout).trim()];
}

// The page cache of a tmpfs is its content: nothing to drop there.
const tempFs = Deno.build.os === "linux" &&
  await withTempDir(async (dir) => (await sh(`stat -f -c %T ${dir}`))[1]);
const fincore = tempFs !== false && tempFs !== "tmpfs" && (await sh("command -v fincore"))[0];

/** Bytes of `path` in the page cache (`fincore`, util-linux). */
async function resident(path: string): Promise<number> {
  const out = await new Deno.Command("fincore", {
    args: ["--bytes", "--noheadings", "--output", "RES", path],
  }).output();
  return Number(new TextDecoder().decode(out.stdout).trim());
}

/** 40 kB of bytes that name their row (as a cutouts row: kept in `_finkit_blobs`). */
function stamp(i: number): Uint8Array {
  const v = new Uint8Array(40_000);
  for (let j = 0; j < v.length; j += 4) new DataView(v.buffer).setUint32(j, i * 7919 + j);
  return v;
}

const ROWS = 1_000; // 40 MB

Deno.test({
  name: "sqlite: pages a write transaction appends leave the page cache, rows read back intact",
  ignore: !fincore, // Linux, util-linux's fincore and a temporary folder on a disk

  fn: () =>
    withTempDir(async (dir) => {
      const path = `${dir}/s.db`;
      const store = SqliteStore.open(path);
      await store.createTable("c", ["b"]);
      await store.transaction(async () => {
        for (let i = 0; i < ROWS; i++) {
          await store.put("c", [{
            key: `k${String(i).padStart(4, "0")}`,
            cells: { "b:s": stamp(i) },
          }]);
        }
      });
      const size = (await Deno.stat(path)).size;
      const kept = await resident(path);
      assert(size > 40e6, `file of ${size} bytes`);
      assert(kept < size / 10, `${kept} of ${size} bytes still cached after the commit`);
      // Batched puts outside a transaction (one commit each) too.
      await store.put("c", [{ key: "z", cells: { "b:s": stamp(ROWS) } }]);
      assert(await resident(path) < size / 10);
      for (const i of [0, 1, 499, 999]) {
        const row = await store.get("c", `k${String(i).padStart(4, "0")}`);
        assertEquals(row?.values[0], stamp(i));
      }
      assertEquals((await store.get("c", "z"))?.values[0], stamp(ROWS));
      await store.close();
    }),
});

Deno.test({
  name: "sqlite: without the FFI permission a store is written and read as usual",
  fn: () =>
    withTempDir(async (dir) => {
      const module = new URL("../../../query/store/sqlite.ts", import.meta.url).href;
      const script = `
        import { SqliteStore } from ${JSON.stringify(module)};
        const store = SqliteStore.open(${JSON.stringify(`${dir}/s.db`)});
        await store.createTable("c", ["b"]);
        await store.transaction(() => store.put("c", [{ key: "a", cells: { "b:s": new Uint8Array(9000).fill(3) } }]));
        const row = await store.get("c", "a");
        console.log(row?.values[0].length, row?.values[0][8999]);
        await store.close();`;
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "eval",
          "--no-config",
          `--allow-read=${dir}`,
          `--allow-write=${dir}`,
          script,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const err = new TextDecoder().decode(out.stderr);
      assert(out.success, err);
      assertEquals(new TextDecoder().decode(out.stdout).trim(), "9000 3");
    }),
});
