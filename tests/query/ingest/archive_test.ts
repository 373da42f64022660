/**
 * Tar archives (ZTF's nightly `ztf_public_YYYYMMDD.tar.gz`): made here with
 * the system's `tar` (GNU tar) from real sample files, read back member by
 * member, and ingested to the same rows as their unpacked files, on both
 * paths (in the writer, and in the decoding worker); damaged archives and
 * members are reported by name, and nothing is left in the temporary folder.
 */
import { assert, assertEquals, assertRejects } from "../../assert.ts";
import { extractTar } from "../../../query/ingest/tar.ts";
import { findAlertFiles, isArchiveName } from "../../../query/ingest/read.ts";
import { ingestFiles } from "../../../query/ingest/ingest.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { everyRow } from "../every_row.ts";
import { withTempDir } from "../../temp_dir.ts";
import { AlertFileError } from "../../../astro/errors.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };
const SAMPLE = "data/sample/fink-client/datatest/";
const FILES = ["ZTF19acihgng.avro", "ZTF19acxxwrs.avro", "ZTF19acyfkzd.avro", "ZTF19acyjzeo.avro"];
const PARQUET =
  "data/sample/fink-science/fink_science/data/alerts/superluminous_test_alerts.parquet";
const LONG = `${"d".repeat(120)}/long_${"x".repeat(90)}.avro`;

async function run(cmd: string, args: string[], cwd?: string): Promise<void> {
  const out = await new Deno.Command(cmd, { args, cwd, stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

/** `dir/src/night/` holding the sample files, a long path, a text file, a link and a folder. */
async function tree(dir: string): Promise<string> {
  const night = `${dir}/src/night`;
  await Deno.mkdir(`${night}/${LONG.split("/")[0]}`, { recursive: true });
  await Deno.mkdir(`${night}/empty`);
  for (const f of FILES) await Deno.copyFile(SAMPLE + f, `${night}/${f}`);
  await Deno.copyFile(SAMPLE + FILES[0], `${night}/${LONG}`);
  // A parquet member is written out (Avro members are held in memory): the worker can read it.
  await Deno.copyFile(PARQUET, `${night}/slsn.parquet`);
  await Deno.writeTextFile(`${night}/README.txt`, "not an alert\n");
  await Deno.symlink(FILES[1], `${night}/link.avro`);
  return night;
}

async function tar(
  dir: string,
  name: string,
  format: string,
  gzip: boolean,
  members = ["night"],
): Promise<string> {
  const path = `${dir}/${name}`;
  const args = [`--format=${format}`, "--sort=name", gzip ? "-czf" : "-cf", path];
  await run("tar", [...args, "-C", `${dir}/src`, ...members]);
  return path;
}

Deno.test(
  "tar archives (pax, GNU, gzipped or not) give their regular files' names and bytes",
  opts,
  async () => {
    await withTempDir(async (dir) => {
      const night = await tree(dir);
      const expected = [...FILES, LONG, "README.txt", "slsn.parquet"].map((f) => `night/${f}`)
        .sort();
      for (
        const [format, gzip] of [["pax", true], ["gnu", false], ["gnu", true], [
          "pax",
          false,
        ]] as const
      ) {
        const archive = await tar(dir, `a-${format}-${gzip}.tar${gzip ? ".gz" : ""}`, format, gzip);
        const out = `${dir}/out-${format}-${gzip}`;
        await Deno.mkdir(out);
        let i = 0;
        const names: string[] = [];
        for await (const m of extractTar(archive, () => i++ % 2 ? "memory" : `${out}/${i}`)) {
          names.push(m.name);
          const original = await Deno.readFile(`${dir}/src/${m.name}`);
          assertEquals(m.bytes ?? await Deno.readFile(m.path!), original, m.name);
          assertEquals(m.size, original.length);
        }
        assertEquals(names.sort(), expected, `${format} gzip=${gzip}`);
        void night;
      }
    });
  },
);

Deno.test("POSIX ustar names over 100 characters are read with their prefix", opts, async () => {
  await withTempDir(async (dir) => {
    const deep = `night/${"p".repeat(60)}/${"q".repeat(60)}`;
    await Deno.mkdir(`${dir}/src/${deep}`, { recursive: true });
    await Deno.copyFile(SAMPLE + FILES[0], `${dir}/src/${deep}/x.avro`);
    const archive = await tar(dir, "u.tar", "ustar", false);
    const got = [];
    for await (const m of extractTar(archive, () => "memory")) got.push([m.name, m.size]);
    assertEquals(got, [[`${deep}/x.avro`, (await Deno.stat(SAMPLE + FILES[0])).size]]);
  });
});

Deno.test(
  "archives are found in folders; damaged archives are AlertFileErrors naming them",
  opts,
  async () => {
    await withTempDir(async (dir) => {
      await tree(dir);
      const archive = await tar(dir, "night.tgz", "pax", true);
      assert(isArchiveName("x.tar") && isArchiveName("x.TAR.GZ") && !isArchiveName("x.avro"));
      assert((await findAlertFiles([dir])).includes(archive));
      const junk = await junkArchive(dir);
      const drain = async (path: string) => {
        for await (const _ of extractTar(path, () => undefined)) { /* members passed over */ }
      };
      const e = await assertRejects(
        () => drain(junk),
        AlertFileError,
        "bad header checksum at byte 0",
      );
      assertEquals((e as AlertFileError).file, junk);
      const bytes = await Deno.readFile(archive);
      const cut = `${dir}/cut.tgz`;
      await Deno.writeFile(cut, bytes.subarray(0, bytes.length - 20_000));
      await assertRejects(() => drain(cut), AlertFileError, cut);
    });
  },
);

/** A `.tar` of 2 KiB of junk bytes (no valid header). */
async function junkArchive(dir: string): Promise<string> {
  const junk = `${dir}/junk.tar`;
  await Deno.writeFile(junk, new Uint8Array(2048).fill(7));
  return junk;
}

/** Every row, with `d:hdfs_path` cells shown as their text. */
async function rowsOf(path: string): Promise<Map<string, string>> {
  const store = SqliteStore.open(path);
  try {
    const rows = await everyRow(store);
    for (const [k, v] of rows) {
      rows.set(k, v.replace(/d:hdfs_path=([^,]*)/, (_, b) => `d:hdfs_path=${atob(b)}`));
    }
    return rows;
  } finally {
    await store.close();
  }
}

/**
 * Ingest `archive` and its unpacked `files` into two new stores: the summaries, and the
 * archive's rows (its members' `d:hdfs_path` said as the files'), asserted equal to the files'.
 */
async function both(
  dir: string,
  archive: string,
  files: string[],
  night: string,
  decodeWorker: boolean,
) {
  const a = `${dir}/${crypto.randomUUID()}.db`, b = `${dir}/${crypto.randomUUID()}.db`;
  const sa = SqliteStore.open(a), sb = SqliteStore.open(b);
  const fromArchive = await ingestFiles(sa, [archive], { decodeWorker });
  const fromFiles = await ingestFiles(sb, files, { decodeWorker });
  await sa.close();
  await sb.close();
  const member = `${new URL(`file://${archive}`).href}!/night/`;
  const base = new URL(`file://${night}/`).href;
  const rows = new Map(
    [...(await rowsOf(a))].map(([k, v]) => [k, v.replaceAll(member, base)] as const),
  );
  assertEquals(rows, await rowsOf(b), `${archive}, decodeWorker ${decodeWorker}`);
  return { fromArchive, fromFiles, rows };
}

Deno.test(
  "an archive ingests to the rows of its unpacked files, members named archive!/member",
  opts,
  async () => {
    await withTempDir(async (dir) => {
      const night = await tree(dir);
      const archive = await tar(dir, "night.tar.gz", "pax", true);
      // The members an archive ingests, unpacked (a link is a member, but not a file's bytes).
      const files = (await findAlertFiles([night])).filter((f) => !f.endsWith("link.avro"));
      for (const decodeWorker of [false, true]) {
        const { fromArchive, fromFiles, rows } = await both(
          dir,
          archive,
          files,
          night,
          decodeWorker,
        );
        assertEquals(fromArchive.errors, [], "the archive's errors");
        // Rows *written* differ by path (the worker builds an object's repeated history once per
        // file, the writer once per run; Avro members held in memory never go to the worker);
        // rows *stored* are the same.
        if (!decodeWorker) assertEquals(fromArchive.rows, fromFiles.rows);
        assertEquals(fromArchive.files, files.length);
        const base = new URL(`file://${night}/`).href;
        assert([...rows.values()].some((v) => v.includes(`d:hdfs_path=${base}ZTF19acxxwrs.avro`)));
      }
      // A parquet member is written out, so the decoding worker reads it (as it reads files).
      const parquet = await tar(dir, "p.tar", "gnu", false, ["night/slsn.parquet"]);
      const only = [`${night}/slsn.parquet`];
      const { fromArchive, fromFiles } = await both(dir, parquet, only, night, true);
      assertEquals(fromArchive.rows, fromFiles.rows);
    });
  },
);

Deno.test(
  "a damaged archive keeps the members before the damage; a bad member is named archive!/member",
  opts,
  async () => {
    await withTempDir(async (dir) => {
      const night = await tree(dir);
      // A member cut short: rejected by its name in the archive, the other members ingested.
      const bad = `${night}/${FILES[1]}`;
      await Deno.writeFile(bad, (await Deno.readFile(bad)).subarray(0, 30_000));
      const archive = await tar(dir, "night.tgz", "gnu", true);
      const before = new Set([...Deno.readDirSync("/tmp")].map((e) => e.name));
      const store = SqliteStore.open(`${dir}/a.db`);
      const summary = await ingestFiles(store, [archive]);
      assertEquals(summary.errors.length, 1);
      assertEquals(summary.errors[0].file, `${archive}!/night/${FILES[1]}`);
      assert(summary.errors[0].message.startsWith(`${archive}!/night/${FILES[1]} (record 0):`));
      // The archive cut in its middle: the members read whole before the cut are ingested.
      const bytes = await Deno.readFile(archive);
      const cut = `${dir}/cut.tgz`;
      await Deno.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      const cutSummary = await ingestFiles(store, [cut]);
      assertEquals(cutSummary.errors.at(-1)!.file, cut);
      assert(/cannot decompress|cut short|truncated/.test(cutSummary.errors.at(-1)!.message));
      // Members in name order: the cut falls in the last one, the parquet file (most bytes).
      assertEquals(cutSummary.files, 5, "the Avro members before the cut (one of them bad)");
      assertEquals(cutSummary.errors.length, 2);
      assert(
        cutSummary.errors.at(-1)!.message.endsWith(
          "(alert files read before that: 5, each ingested or rejected on its own)",
        ),
      );
      // Junk bytes: nothing of it was read.
      const junk = await ingestFiles(store, [await junkArchive(dir)]);
      assertEquals(junk.errors.length, 1);
      assert(junk.errors[0].message.endsWith("(no alert file of it was read before that)"));
      await store.close();
      const left = [...Deno.readDirSync("/tmp")].filter((e) =>
        e.name.startsWith("finkit-archive-") && !before.has(e.name)
      );
      assertEquals(left, [], "temporary folders left behind");
    });
  },
);
