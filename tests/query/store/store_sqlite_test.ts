import { DatabaseSync } from "node:sqlite";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import { OUTSIDE } from "../../../query/store/sqlite_blobs.ts";
import { assertEquals, assertRejects, assertThrows } from "../../assert.ts";
import { type CellRows, type PutRow, StoreError } from "../../../query/store/store.ts";
import { mulberry32 } from "../../../fit/periodogram/fap.ts";
import { storeConformance } from "../../conformance/store_suite.ts";
import { ingestQueryConformance } from "../../conformance/ingest_query_suite.ts";
import { withTempDir } from "../../temp_dir.ts";

storeConformance("sqlite :memory:", () => Promise.resolve({ store: SqliteStore.open(":memory:") }));

storeConformance("sqlite file", async () => {
  const dir = await Deno.makeTempDir();
  return {
    store: SqliteStore.open(`${dir}/s.db`),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
});

// The ingest + query suite uses an in-memory SQLite store as its reference; running it on a
// file-backed SQLite store checks that the file backend gives the same tables and answers.
ingestQueryConformance("sqlite file", async () => {
  const dir = await Deno.makeTempDir();
  return {
    store: SqliteStore.open(`${dir}/iq.db`),
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
});

const b = (s: string) => new TextEncoder().encode(s);

/** Run `fn` on the path of a store file in a new folder, removed afterwards. */
function withStoreFile(fn: (path: string) => Promise<void>): Promise<void> {
  return withTempDir((dir) => fn(`${dir}/store.db`));
}

/** `fn` on a plain SQLite connection of its own to the file at `path`. */
function withDb<T>(path: string, fn: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

Deno.test("sqlite: large rows live in _finkit_blobs, none left behind by rewrites, deletes or rollbacks", () =>
  withStoreFile(async (path) => {
    const store = SqliteStore.open(path);
    await store.createTable("c", ["i", "b"]);
    const big = new Uint8Array(OUTSIDE + 1).fill(3);
    await store.put("c", [{ key: "a", cells: { "b:s": big } }, {
      key: "b",
      cells: { "i:v": big },
    }]);
    await store.put("c", [{ key: "a", cells: { "b:s": big, "i:v": big } }]); // rewritten in place
    await store.put("c", [{ key: "b", cells: { "i:v": new Uint8Array(1) } }]); // back inline
    await assertRejects(
      () =>
        store.transaction(async () => {
          await store.put("c", [{ key: "x", cells: { "b:s": big } }]);
          throw new Error("abandon");
        }),
      Error,
      "abandon",
    );
    await store.put("c", [{ key: "a", cells: { "b:s": big } }], { ifAbsent: true });
    // Read inside a transaction (no read transaction of its own) and outside one.
    const inside = await store.transaction(async () => {
      const keys: string[] = [];
      for await (const r of store.scan("c")) keys.push(r.key);
      return [keys, (await store.get("c", "a"))?.values.length];
    });
    assertEquals(inside, [["a", "b"], 2]);
    assertEquals((await store.getMany("c", ["a", "b"])).map((r) => r.values.length), [2, 1]);
    await store.close();
    const blobs = () =>
      withDb(path, (db) => db.prepare("SELECT id FROM _finkit_blobs").all().length);
    assertEquals(blobs(), 1);
    const again = SqliteStore.open(path);
    assertEquals((await again.get("c", "a"))?.values.map((v) => v.length), [
      big.length,
      big.length,
    ]);
    await again.delete("c", ["a"]);
    await again.close();
    assertEquals(blobs(), 0);
  }));

Deno.test("sqlite: a format 2 store is read as it is and becomes format 3 when written", () =>
  withStoreFile(async (path) => {
    const store = SqliteStore.open(path);
    await store.createTable("t", ["i"]);
    await store.put("t", [{ key: "k", cells: { "i:v": new Uint8Array([1]) } }]);
    await store.close();
    withDb(path, (db) => db.exec("DROP TABLE _finkit_blobs; UPDATE _finkit_meta SET value = '2'"));
    const format = () =>
      withDb(
        path,
        (db) => (db.prepare("SELECT value FROM _finkit_meta").get() as { value: string }).value,
      );
    const reader = SqliteStore.open(path, { readOnly: true });
    assertEquals((await reader.get("t", "k"))?.values, [new Uint8Array([1])]);
    await reader.close();
    assertEquals(format(), "2");
    const writer = SqliteStore.open(path);
    await writer.put("t", [{ key: "big", cells: { "i:v": new Uint8Array(OUTSIDE + 1) } }]);
    assertEquals((await writer.get("t", "big"))?.values[0].length, OUTSIDE + 1);
    await writer.close();
    assertEquals(format(), "3");
    withDb(path, (db) => db.exec("UPDATE _finkit_meta SET value = '9'"));
    for (const readOnly of [true, false]) {
      assertThrows(
        () => SqliteStore.open(path, { readOnly }),
        StoreError,
        "this store was written with cell format 9, this finkit reads format 3",
      );
    }
  }));

Deno.test("sqlite: a connection sees the tables and columns another connection adds later", () =>
  withStoreFile(async (path) => {
    const writer = SqliteStore.open(path);
    await writer.createTable("t", ["i"]);
    await writer.put("t", [{ key: "r1", cells: { "i:a": b("1") } }]);
    const reader = SqliteStore.open(path); // as a server beside an ingest
    assertEquals((await reader.get("t", "r1"))?.values, [b("1")]);
    await writer.put("t", [{ key: "r2", cells: { "i:a": b("2"), "i:new": b("n") } }]);
    await writer.createTable("u", ["i"]);
    await writer.put("u", [{ key: "k", cells: { "i:z": b("z") } }]);
    const r2 = await reader.get("t", "r2");
    assertEquals([r2?.columns, r2?.values], [["i:a", "i:new"], [b("2"), b("n")]]);
    assertEquals((await reader.get("t", "r2", { columns: ["i:new"] }))?.values, [b("n")]);
    const scanned: string[] = [];
    for await (const r of reader.scan("u")) scanned.push(`${r.key} ${r.columns}`);
    assertEquals(scanned, ["k i:z"]);
    await reader.createTable("u", ["i"]); // already there: its columns kept
    await reader.put("u", [{ key: "k2", cells: { "i:z": b("2"), "i:y": b("y") } }]);
    assertEquals((await writer.get("u", "k2"))?.columns, ["i:y", "i:z"]);
    await reader.close();
    await writer.close();
  }));

Deno.test("sqlite: two writers in turn each add columns; every cell reads back under its name", () =>
  withStoreFile(async (path) => {
    const one = SqliteStore.open(path);
    await one.createTable("t", ["i"]);
    const two = SqliteStore.open(path); // its dictionary is empty from here on
    await one.put("t", [{ key: "r1", cells: { "i:a": b("a1") } }]);
    await two.put("t", [{ key: "r2", cells: { "i:b": b("b2"), "i:a": b("a2") } }]);
    await one.put("t", [{ key: "r3", cells: { "i:c": b("c3"), "i:b": b("b3") } }]);
    await two.putCells("t", {
      keys: ["r4"],
      first: [0, 2],
      columns: [0, 1],
      names: ["i:d", "i:c"],
      bounds: [0, 2, 2, 4],
      bytes: b("d4c4"),
    }, [0]);
    await one.close();
    await two.close();
    const fresh = SqliteStore.open(path, { readOnly: true });
    const rows: string[] = [];
    for await (const r of fresh.scan("t")) {
      const cells = r.columns.map((c, i) => `${c}=${new TextDecoder().decode(r.values[i])}`);
      rows.push(`${r.key} ${cells.join(" ")}`);
    }
    assertEquals(rows, [
      "r1 i:a=a1",
      "r2 i:a=a2 i:b=b2",
      "r3 i:b=b3 i:c=c3",
      "r4 i:c=c4 i:d=d4",
    ]);
    await fresh.close();
  }));

Deno.test("sqlite: rows written 64 to a statement end as when written one by one, in order", async () => {
  // Keys repeat within a put and across puts; some rows are large; some equal the stored row.
  const random = mulberry32(7);
  const pick = (n: number) => Math.floor(random() * n);
  const columns = ["i:a", "i:b", "d:c", "d:e", "b:s"];
  const putRows = (n: number): PutRow[] =>
    Array.from({ length: n }, () => {
      const cells: Record<string, Uint8Array> = {};
      for (const c of columns) if (random() < 0.5) cells[c] = b(`${c}${pick(3)}`);
      if (random() < 0.05) cells["b:s"] = new Uint8Array(OUTSIDE + pick(100)).fill(pick(256));
      if (Object.keys(cells).length === 0) cells["i:a"] = b("only");
      return { key: `ZTF_${pick(90)}`, cells };
    });
  const asCellRows = (rows: PutRow[]): CellRows => {
    const names: string[] = [], first = [0], cols: number[] = [], bounds: number[] = [];
    const bytes: number[] = [];
    for (const r of rows) {
      for (const [name, value] of Object.entries(r.cells)) {
        if (!names.includes(name)) names.push(name);
        cols.push(names.indexOf(name));
        bounds.push(bytes.length, bytes.length + value.length);
        bytes.push(...value);
      }
      first.push(cols.length);
    }
    return {
      keys: rows.map((r) => r.key),
      first,
      columns: cols,
      names,
      bounds,
      bytes: Uint8Array.from(bytes),
    };
  };
  const store = SqliteStore.open(":memory:");
  await store.createTable("t", ["i", "d", "b"]);
  await store.createTable("u", ["i", "d", "b"]);
  const expected = new Map<string, Record<string, Uint8Array>>();
  const firsts = new Map<string, Record<string, Uint8Array>>();
  for (let round = 0; round < 6; round++) {
    const rows = putRows(50 + pick(300));
    if (round === 3) rows.push(...rows.slice(0, 70)); // rows equal to the stored ones
    if (round % 2) await store.putCells!("t", asCellRows(rows), rows.map((_, i) => i));
    else await store.put("t", rows);
    await store.put("u", rows, { ifAbsent: true });
    for (const r of rows) {
      expected.set(r.key, { ...expected.get(r.key), ...r.cells });
      if (!firsts.has(r.key)) firsts.set(r.key, r.cells);
    }
  }
  for (const [table, want] of [["t", expected], ["u", firsts]] as const) {
    const got = new Map<string, Record<string, Uint8Array>>();
    for await (const r of store.scan(table)) {
      got.set(r.key, Object.fromEntries(r.columns.map((c, i) => [c, r.values[i]])));
    }
    assertEquals(got, want, table);
  }
  await store.close();
});
