/**
 * `deno task ingest` (scripts/ingest.ts) on inputs a user gets wrong: a folder with no alert
 * file, alert files named in capitals, a store that is another program's SQLite database. Each
 * is one line on stderr (no stack trace) with an exit code, and nothing is written.
 */
import { assert, assertEquals } from "../../assert.ts";
import { otherProgramsDatabase, withTempDir } from "../../temp_dir.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;
const ALERT = `${ROOT}data/sample/fink-client/datatest/ZTF19acihgng.avro`;

async function ingest(...args: string[]): Promise<{ code: number; said: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/ingest.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, said: (text(out.stderr) + text(out.stdout)).trim() };
}

Deno.test("ingest CLI: a folder with no alert file is an error, and no store is made", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/in`);
    await Deno.writeTextFile(`${dir}/in/notes.md`, "not alerts");
    const { code, said } = await ingest(`${dir}/in`, "--store", `file:${dir}/out.db`);
    assertEquals(code, 2, said);
    assert(said.startsWith("no alert file (") && !said.includes("\n"), said);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["in"], "no store file");
  });
});

Deno.test("ingest CLI: alert files named in capitals are found in folders", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/in`);
    await Deno.copyFile(ALERT, `${dir}/in/ALERT.AVRO`);
    const { code, said } = await ingest(`${dir}/in`, "--store", `file:${dir}/out.db`);
    assertEquals(code, 0, said);
    assert(said.includes("Ingested 1 alert"), said);
  });
});

Deno.test("ingest CLI: another program's SQLite database is refused in one line, unchanged", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/other.db`;
    const before = await otherProgramsDatabase(path);
    const { code, said } = await ingest(ALERT, "--store", path);
    assertEquals(code, 1, said);
    assert(said.includes("not a finkit store") && !said.includes("\n"), said);
    assertEquals(await Deno.readFile(path), before);
  });
});
