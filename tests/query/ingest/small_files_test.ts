/**
 * Small alert files (ZTF's one alert per file) are written several at once,
 * in one savepoint: when that write fails, each file is written again on
 * its own, so the file that fails still leaves no row, the others all
 * theirs, and the errors keep the files' order. The reference is the
 * decoding worker's path, which writes every file in its own savepoint.
 * The failing write is a store that refuses one object's rows (a test
 * double: a real SQLite store does not fail on demand).
 */
import { assert, assertEquals } from "../../assert.ts";
import {
  avroContainer,
  avroRecordType,
  readAvroRecords,
} from "../../../query/ingest/avro_container.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import type { Store } from "../../../query/store/store.ts";
import { ingestFiles } from "../../../query/ingest/ingest.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };
const DIR = "data/sample/fink-client/datatest/";

/** A store whose puts of rows of `objectId` fail (double). */
function refusing(store: SqliteStore, objectId: string): Store {
  return new Proxy(store, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (prop === "putCells") {
        return (table: string, rows: { keys: readonly string[] }, select: number[], o: unknown) => {
          if (select.some((r) => rows.keys[r].includes(objectId))) {
            throw new Error(`refused ${objectId}`);
          }
          return (v as (...a: unknown[]) => Promise<void>).call(target, table, rows, select, o);
        };
      }
      return typeof v === "function" ? v.bind(target) : v;
    },
  }) as unknown as Store;
}

Deno.test({
  name: "small files written together: a failing write falls back to one savepoint per file",
  ...opts,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const bytes = await Deno.readFile(`${DIR}ZTF19acyjzeo.avro`);
      await Deno.writeFile(`${dir}/truncated.avro`, bytes.subarray(0, bytes.length - 100));
      const files = [
        `${DIR}ZTF19acihgng.avro`,
        `${DIR}ZTF19acxxwrs.avro`, // refused by the store
        `${dir}/truncated.avro`,
        `${DIR}ZTF19acyfkzd.avro`,
        `${DIR}ZTF19acyjzeo.avro`,
      ];
      const results = [];
      for (const decodeWorker of [false, true]) {
        const sqlite = SqliteStore.open(":memory:");
        const { seconds: _, rows: _puts, ...summary } = await ingestFiles(
          refusing(sqlite, "ZTF19acxxwrs"),
          files,
          { decodeWorker },
        );
        const keys: Record<string, string[]> = {};
        for (const t of ["ztf", "ztf.upper", "ztf.class", "ztf.cutouts", "finkit.nightly"]) {
          keys[t] = [];
          for await (const r of sqlite.scan(t)) keys[t].push(r.key);
        }
        results.push({ summary, keys });
        await sqlite.close();
      }
      const [small, worker] = results;
      assertEquals(small.summary.errors.map((e) => e.file), [files[1], files[2]]);
      assert(small.summary.errors[0].message.includes("refused ZTF19acxxwrs"));
      assertEquals(small.summary.alerts, 3);
      assert(!small.keys["ztf"].some((k) => k.startsWith("ZTF19acxxwrs")), "no row of it");
      assertEquals(small.keys["finkit.nightly"].length, 4, "the other alerts and the schema row");
      assertEquals(small, worker);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "a small file whose rows cannot be built fails alone, the others written, as file by file",
  ...opts,
  fn: async () => {
    // ZTF19acihgng with `magpsf` a string that is no number: its float cell cannot be encoded.
    const src = `${DIR}ZTF19acihgng.avro`;
    const { header, records: [alert] } = readAvroRecords(await Deno.readFile(src), src);
    const schema = structuredClone(header.schema) as { fields: { name: string; type: unknown }[] };
    const cand = schema.fields.find((f) => f.name === "candidate")!.type as typeof schema;
    cand.fields.find((f) => f.name === "magpsf")!.type = "string";
    (alert.candidate as Record<string, unknown>).magpsf = "abc";
    const badType = avroRecordType(schema);
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeFile(
        `${dir}/bad.avro`,
        avroContainer(schema, [badType.toBuffer(alert)]),
      );
      const files = [`${DIR}ZTF19acxxwrs.avro`, `${dir}/bad.avro`, `${DIR}ZTF19acyfkzd.avro`];
      const results = [];
      for (const decodeWorker of [false, true]) {
        const store = SqliteStore.open(":memory:");
        const { seconds: _, rows: _puts, ...summary } = await ingestFiles(store, files, {
          decodeWorker,
        });
        const keys: string[] = [];
        for await (const r of store.scan("finkit.nightly")) keys.push(r.key);
        results.push({ summary, keys });
        await store.close();
      }
      const [small, worker] = results;
      assertEquals(small.summary.errors.map((e) => e.file), [files[1]]);
      assert(small.summary.errors[0].message.includes('cannot encode "abc" as float'));
      assertEquals(small.summary.alerts, 2);
      assertEquals(small, worker);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
