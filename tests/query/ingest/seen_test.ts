/**
 * History points repeated across the files of a run are built once
 * (query/ingest/seen.ts) without changing the store: a run whose files
 * repeat an object's history with changed upper limits and bad-quality
 * points, a file failing half-way among them, gives the store of the
 * file-by-file ingest (the decoding worker, which records history per
 * file), and the values of the last good file.
 */
import type avro from "avsc";
import { assert, assertEquals } from "../../assert.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { ingestFiles } from "../../../query/ingest/ingest.ts";
import { avroContainer, readAvroRecords } from "../../../query/ingest/avro_container.ts";
import { FileHistory, SeenHistory } from "../../../query/ingest/seen.ts";
import { BAD, UPPER, VALID } from "../../../query/ingest/seen.ts";
import { decodeCell } from "../../../query/store/codec.ts";
import { javaDoubleToString } from "../../../astro/time.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };
const SOURCE = "data/sample/fink-client/datatest/ztf/part-3-305711.avro";

Deno.test("SeenHistory: first occurrence per file, then skips only rows already written alike", () => {
  const seen = new SeenHistory();
  seen.nextFile();
  assert(seen.add("o", 1.5, VALID));
  assert(!seen.add("o", 1.5, VALID), "a detection once per run");
  assert(seen.add("o", 1.5, UPPER, [1, 20.5]), "another kind is another row");
  assert(!seen.add("o", 1.5, UPPER, [2, 19]), "first occurrence in a file wins");
  assert(seen.add("p", 1.5, UPPER, [1, 20.5]), "another object");
  assert(!seen.add("o", 2, BAD), "a dropped row only marks the point");
  assert(!seen.add("o", 2, BAD, [1]), "…for the rest of the file");
  seen.nextFile();
  assert(!seen.add("o", 1.5, UPPER, [1, 20.5]), "same values as written: skipped");
  seen.nextFile();
  assert(seen.add("o", 1.5, UPPER, [2, 19]), "new values: written");
  assert(seen.add("o", 2, BAD, [1]), "written for the first time");
  assert(seen.add("o", 0, UPPER, [1]) && seen.add("o", -0, UPPER, [1]), "0.0 and -0.0 differ");
  seen.nextFile();
  assert(seen.add("o", 1.5, UPPER, [1, 20.5]));
  assert(seen.add("q", 3, VALID));
  seen.undoFile(); // that file failed: as if never read
  assert(!seen.add("o", 1.5, UPPER, [2, 19]), "back to the values of the last good file");
  assert(seen.add("q", 3, VALID), "its detections forgotten");
  const small = new SeenHistory(4);
  small.nextFile();
  for (let i = 0; i < 10; i++) assert(small.add(`o${i}`, 1, VALID));
  assert(small.add("o0", 1, VALID), "the oldest objects forgotten past the limit: written again");
  const undone = new SeenHistory(3);
  undone.nextFile();
  for (const jd of [1, 2, 3]) undone.add("a", jd, VALID);
  undone.undoFile();
  undone.nextFile();
  for (const oid of ["b", "c", "d"]) assert(undone.add(oid, 1, VALID));
  assert(!undone.add("b", 1, VALID), "points undone leave room: nothing forgotten");
});

Deno.test("FileHistory: the first occurrence of a point of each kind in a file, as SeenHistory's", () => {
  const seen = new FileHistory(), reference = new SeenHistory();
  reference.nextFile();
  const calls: [string, number, number, number[] | undefined][] = [
    ["o", 1.5, VALID, undefined],
    ["o", 1.5, VALID, undefined],
    ["o", 1.5, UPPER, [1, 20.5]],
    ["o", 1.5, UPPER, [2, 19]],
    ["p", 1.5, UPPER, [1, 20.5]],
    ["o", 2, BAD, [1]],
    ["o", 2, BAD, [1]],
    ["o", 0, UPPER, [1]],
    ["o", -0, UPPER, [1]],
    ["o", -0, UPPER, [1]],
  ];
  for (const [oid, jd, kind, values] of calls) {
    assertEquals(seen.add(oid, jd, kind), reference.add(oid, jd, kind, values), `${oid} ${jd}`);
  }
  const small = new FileHistory(4);
  for (let i = 0; i < 4; i++) assert(small.add(`o${i}`, 1, VALID));
  // The decoding worker skips deduplicating a batch's history rows while `forgets` stays put.
  assertEquals(small.forgets, 0);
  assert(!small.add("o3", 1, VALID), "no point accepted twice while nothing is forgotten");
  for (let i = 4; i < 10; i++) assert(small.add(`o${i}`, 1, VALID));
  assert(small.forgets > 0);
  assert(small.add("o0", 1, VALID), "the oldest objects forgotten past the limit: written again");
});

/** The source's schema, its avsc type and its 31 records. */
async function sourceRecords() {
  const { header, type, records } = readAvroRecords(await Deno.readFile(SOURCE), SOURCE);
  assertEquals(records.length, 31);
  return { header, type, records };
}

/** An Avro container (blocks of 10 records) of `records` under the source's schema. */
const container = (schema: unknown, type: avro.Type, records: unknown[]) =>
  avroContainer(schema, records.map((r) => type.toBuffer(r)), 10);

Deno.test({
  name:
    "history repeated across files, changed and with a failed file between: the file-by-file store",
  ...opts,
  fn: async () => {
    const { header, type, records } = await sourceRecords();
    // The alerts' history with every upper limit 0.25 mag deeper and every fwhm changed.
    const changed = records.map((r) => {
      const c = type.fromBuffer(type.toBuffer(r)) as Record<string, unknown>;
      for (const p of (c.prv_candidates ?? []) as Record<string, unknown>[]) {
        if (p.magpsf === null && typeof p.diffmaglim === "number") p.diffmaglim += 0.25;
        if (typeof p.fwhm === "number") p.fwhm += 0.5;
      }
      return c;
    });
    const dir = await Deno.makeTempDir();
    try {
      const write = async (name: string, rs: unknown[], cut = 0) => {
        const b = container(header.schema, type, rs);
        await Deno.writeFile(`${dir}/${name}`, b.subarray(0, b.length - cut));
        return `${dir}/${name}`;
      };
      // Truncated after more than a write's worth of alerts (200): they fail once some are
      // built, and the next file repeats their values (to be written: the failed file wrote none).
      const ten = (rs: unknown[]) => Array.from({ length: 10 }, () => rs).flat();
      const files = [
        await write("1.avro", records.slice(0, 20)),
        await write("2.avro", ten(changed.slice(10, 31)), 3000),
        await write("3.avro", changed.slice(10, 20)),
        await write("4.avro", records.slice(5, 31)),
        await write("5.avro", ten(changed.slice(0, 31)), 1),
        await write("6.avro", changed.slice(25, 31)),
      ];
      const stores: Record<string, string[]>[] = [];
      for (const decodeWorker of [false, true]) {
        const store = SqliteStore.open(":memory:");
        const s = await ingestFiles(store, files, { decodeWorker });
        assertEquals(s.errors.map((e) => e.file), [files[1], files[4]]);
        const out: Record<string, string[]> = {};
        for (const t of ["ztf", "ztf.upper", "ztf.uppervalid"]) {
          out[t] = [];
          for await (const r of store.scan(t)) {
            out[t].push(`${r.key} ${r.columns.map((c, i) => `${c}=${r.values[i]}`).join(" ")}`);
          }
        }
        stores.push(out);
        if (!decodeWorker) {
          // The upper limits of an alert of 6.avro: its changed values.
          const oid = String((changed[25] as { objectId: string }).objectId);
          let deeper = 0;
          for await (const r of store.scan("ztf.upper", { prefix: `${oid}_` })) {
            const i = r.columns.indexOf("i:diffmaglim");
            const orig = ((records[25].prv_candidates ?? []) as Record<string, unknown>[])
              .find((p) =>
                p.magpsf === null &&
                p.jd === decodeCell("double", r.values[r.columns.indexOf("i:jd")])
              );
            if (i >= 0 && orig) {
              const v = Number(decodeCell("float", r.values[i]));
              assert(Math.abs(v - (orig.diffmaglim as number) - 0.25) < 1e-4, `${r.key}: ${v}`);
              deeper++;
            }
          }
          assert(deeper > 0, "upper limits of the changed alert found");
        }
        await store.close();
      }
      assertEquals(stores[0], stores[1]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "an alert whose point an earlier small file wrote as history: merged into, as file by file",
  ...opts,
  fn: async () => {
    const { header, type, records } = await sourceRecords();
    // E, and a later alert L of the same object whose history holds E's detection; E itself
    // comes next, without `magap` (null), which the history row has: file by file, the
    // alert row is put over the history row and keeps its `i:magap`.
    const e = type.fromBuffer(type.toBuffer(records[3])) as Record<string, unknown>;
    const l = type.fromBuffer(type.toBuffer(records[3])) as Record<string, unknown>;
    const ec = e.candidate as Record<string, unknown>, lc = l.candidate as Record<string, unknown>;
    const prv = (l.prv_candidates ?? []) as Record<string, unknown>[];
    const entry = Object.fromEntries(Object.keys(prv[0]).map((k) => [k, ec[k] ?? null]));
    l.prv_candidates = [...prv, entry];
    lc.jd = (ec.jd as number) + 1;
    l.candid = lc.candid = (ec.candid as bigint) + 1n;
    assert(typeof ec.magap === "number");
    ec.magap = null;
    const dir = await Deno.makeTempDir();
    try {
      const files = [`${dir}/l.avro`, `${dir}/e.avro`];
      await Deno.writeFile(files[0], container(header.schema, type, [l]));
      await Deno.writeFile(files[1], container(header.schema, type, [e]));
      const rows = [];
      for (const decodeWorker of [false, true]) {
        const store = SqliteStore.open(":memory:");
        await ingestFiles(store, files, { decodeWorker });
        const out: string[] = [];
        for await (const r of store.scan("ztf")) {
          out.push(`${r.key} ${r.columns.map((c, i) => `${c}=${r.values[i]}`).join(" ")}`);
        }
        const key = `${e.objectId}_${javaDoubleToString(ec.jd as number)}`;
        const row = await store.get("ztf", key);
        assert(row?.columns.includes("i:magap"), "the history's magap kept");
        assertEquals(decodeCell("string", row!.values[row!.columns.indexOf("a:origin")]), "alert");
        rows.push(out);
        await store.close();
      }
      assertEquals(rows[0], rows[1]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
