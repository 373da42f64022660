/**
 * The store conformance suite: the same behaviours checked against every
 * backend (embedded SQLite, HBase REST). A backend test file calls
 * {@linkcode storeConformance} with a factory.
 */
import { assert, assertEquals, assertRejects } from "../assert.ts";
import { type RowRange, scanRanges, type Store } from "../../query/store/store.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const b = (s: string) => enc.encode(s);

/** A fresh, empty store and a cleanup function. */
export type StoreFactory = () => Promise<{ store: Store; cleanup?: () => Promise<void> }>;

async function collect(it: AsyncIterable<{ key: string }>): Promise<string[]> {
  const keys: string[] = [];
  for await (const r of it) keys.push(r.key);
  return keys;
}

/** Register the conformance tests for a backend. */
export function storeConformance(
  name: string,
  factory: StoreFactory,
  options: { ignore?: boolean } = {},
): void {
  const test = (title: string, fn: (store: Store) => Promise<void>) =>
    Deno.test({
      name: `${name}: ${title}`,
      ignore: options.ignore,
      sanitizeResources: false,
      sanitizeOps: false,
      fn: async () => {
        const { store, cleanup } = await factory();
        try {
          await fn(store);
        } finally {
          await store.close();
          await cleanup?.();
        }
      },
    });

  test("createTable is idempotent and listTables lists it", async (store) => {
    await store.createTable("ztf", ["i", "d"]);
    await store.createTable("ztf", ["i", "d"]);
    await store.createTable("ztf.pixel128", ["i", "d"]);
    const tables = await store.listTables();
    assert(tables.includes("ztf") && tables.includes("ztf.pixel128"), tables.join());
  });

  test("get returns written cells byte for byte, undefined when absent", async (store) => {
    await store.createTable("t", ["i", "d"]);
    const jd = new Uint8Array(8);
    new DataView(jd.buffer).setFloat64(0, 2459795.8062153);
    await store.put("t", [{
      key: "ZTF22aayqeuc_2459795.8062153",
      cells: { "i:jd": jd, "d:x": b("é") },
    }]);
    const row = await store.get("t", "ZTF22aayqeuc_2459795.8062153");
    assert(row);
    assertEquals(row.columns, ["d:x", "i:jd"]);
    assertEquals([...row.values[1]], [...jd]);
    assertEquals(dec.decode(row.values[0]), "é");
    assertEquals(await store.get("t", "nope"), undefined);
  });

  test("put merges columns into an existing row (HBase put semantics)", async (store) => {
    await store.createTable("t", ["i", "d"]);
    await store.put("t", [{ key: "k", cells: { "i:a": b("1"), "i:b": b("2") } }]);
    await store.put("t", [{ key: "k", cells: { "i:b": b("3"), "d:c": b("4") } }]);
    const row = await store.get("t", "k");
    assertEquals(row?.columns, ["d:c", "i:a", "i:b"]);
    assertEquals(row?.values.map((v) => dec.decode(v)), ["4", "1", "3"]);
  });

  test("put with ifAbsent never overwrites an existing row", async (store) => {
    await store.createTable("t", ["i"]);
    await store.put("t", [{ key: "k", cells: { "i:a": b("alert") } }]);
    await store.put("t", [{ key: "k", cells: { "i:a": b("history") } }, {
      key: "k2",
      cells: { "i:a": b("history") },
    }], { ifAbsent: true });
    assertEquals(dec.decode((await store.get("t", "k"))!.values[0]), "alert");
    assertEquals(dec.decode((await store.get("t", "k2"))!.values[0]), "history");
  });

  test("column selection by name and by family", async (store) => {
    await store.createTable("t", ["i", "d"]);
    await store.put("t", [{ key: "k", cells: { "i:a": b("1"), "i:b": b("2"), "d:c": b("3") } }]);
    assertEquals((await store.get("t", "k", { columns: ["i:b"] }))?.columns, ["i:b"]);
    assertEquals((await store.get("t", "k", { columns: ["i"] }))?.columns, ["i:a", "i:b"]);
    const rows = [];
    for await (const r of store.scan("t", { columns: ["d:c", "i:a"] })) rows.push(r.columns);
    assertEquals(rows, [["d:c", "i:a"]]);
  });

  test("a row with none of the selected columns is not returned (HBase: no cell, no row)", async (store) => {
    await store.createTable("t", ["i", "d"]);
    await store.put("t", [
      { key: "a", cells: { "i:a": b("1"), "d:c": b("3") } },
      { key: "b", cells: { "i:b": b("2") } },
      { key: "c", cells: { "i:a": b("4") } },
    ]);
    const keys = async (columns: string[], reversed = false, limit?: number) => {
      const out = [];
      for await (const r of store.scan("t", { columns, reversed, limit })) out.push(r.key);
      return out;
    };
    assertEquals(await keys(["i:a"]), ["a", "c"]);
    assertEquals(await keys(["i:a"], true), ["c", "a"]);
    assertEquals(await keys(["d"]), ["a"]);
    assertEquals(await keys(["i:a"], false, 2), ["a", "c"]); // the limit counts returned rows
    assertEquals(await store.get("t", "b", { columns: ["i:a"] }), undefined);
    assertEquals((await store.get("t", "b", { columns: ["i"] }))?.columns, ["i:b"]);
    // An empty list asks for the keys only: every row, no cell.
    const b0 = await store.get("t", "b", { columns: [] });
    assertEquals([b0?.key, b0?.columns, b0?.values.length], ["b", [], 0]);
    assertEquals(await store.get("t", "z", { columns: [] }), undefined);
    const bare = [];
    for await (const r of store.scan("t", { columns: [] })) bare.push([r.key, r.columns.length]);
    assertEquals(bare, [["a", 0], ["b", 0], ["c", 0]]);
  });

  test("prefix scan, ranges, reversed and limit follow bytewise rowkey order", async (store) => {
    await store.createTable("t", ["i"]);
    const keys = [
      "ZTF21abfmbix_2459386.7210764",
      "ZTF21abfmbix_2459387.7",
      "ZTF21abfmbiy_2459000.5",
      "ZTF21abfmb_1",
      "ZTF21abfmbi",
      "Solar System MPC_2459795.8062153_ZTF22aayqeuc",
      "(TNS) SN Ia_1",
      "a",
      "é",
      "z",
    ];
    await store.put("t", keys.map((key) => ({ key, cells: { "i:k": b(key) } })));
    const sorted = [...keys].sort((x, y) => {
      const bx = b(x), by = b(y);
      for (let i = 0; i < Math.min(bx.length, by.length); i++) {
        if (bx[i] !== by[i]) return bx[i] - by[i];
      }
      return bx.length - by.length;
    });
    assertEquals(await collect(store.scan("t")), sorted);
    assertEquals(await collect(store.scan("t", { prefix: "ZTF21abfmbix_" })), [
      "ZTF21abfmbix_2459386.7210764",
      "ZTF21abfmbix_2459387.7",
    ]);
    assertEquals(await collect(store.scan("t", { prefix: "ZTF21abfmbi" })), [
      "ZTF21abfmbi",
      "ZTF21abfmbix_2459386.7210764",
      "ZTF21abfmbix_2459387.7",
      "ZTF21abfmbiy_2459000.5",
    ]);
    assertEquals(
      await collect(store.scan("t", { prefix: "ZTF21abfmbi", reversed: true, limit: 2 })),
      ["ZTF21abfmbiy_2459000.5", "ZTF21abfmbix_2459387.7"],
    );
    assertEquals(
      await collect(store.scan("t", { startRow: "ZTF21abfmbix_2459387", stopRow: "ZTF21abfmbiy" })),
      ["ZTF21abfmbix_2459387.7"],
    );
    assertEquals(await collect(store.scan("t", { startRow: "z" })), ["z", "é"]);
    assertEquals(await collect(store.scan("t", { prefix: "nothing" })), []);
    assertEquals(await collect(store.scan("t", { limit: 0 })), []);
    assertEquals(await store.count("t", { prefix: "ZTF21abfmbi" }), 4);
    assertEquals(await store.count("t"), keys.length);
  });

  test("scanRanges: rows of many ranges in key order, each once (unsorted, overlapping, empty ranges; columns; pages)", async (store) => {
    await store.createTable("p", ["i", "d"]);
    // Sky-pixel keys as ztf.pixel128's, `pix_jd`, with pixels whose names prefix others.
    const keys = [1, 2, 12, 120, 3, 30].flatMap((pix) => [10, 20, 30].map((jd) => `${pix}_${jd}`));
    await store.put("p", keys.map((key) => ({ key, cells: { "i:k": b(key), "d:x": b("x") } })));
    const range = (pix: number, from = "", to = "~"): RowRange => ({
      startRow: `${pix}_${from}`,
      stopRow: `${pix}_${to}`,
    });
    const ranges = [range(120), range(1, "15", "25"), range(3), range(1, "20"), range(2, "9", "9")];
    // As many ranges as one HBase scanner carries, and more: the rest go to a second scanner.
    const many = [...ranges, ...Array.from({ length: 1200 }, (_, i) => range(9000 + i))];
    const expected = ["120_10", "120_20", "120_30", "1_20", "1_30", "3_10", "3_20", "3_30"];
    for (const list of [ranges, many, [...ranges].reverse()]) {
      assertEquals(await collect(scanRanges(store, "p", list, { batchSize: 2 })), expected);
    }
    const rows = [];
    for await (const r of scanRanges(store, "p", [range(30), range(2)], { columns: ["i:k"] })) {
      rows.push([r.key, r.columns.join(), dec.decode(r.values[0])]);
    }
    assertEquals(rows, [
      ["2_10", "i:k", "2_10"],
      ["2_20", "i:k", "2_20"],
      ["2_30", "i:k", "2_30"],
      ["30_10", "i:k", "30_10"],
      ["30_20", "i:k", "30_20"],
      ["30_30", "i:k", "30_30"],
    ]);
    assertEquals(await collect(scanRanges(store, "p", [])), []);
    assertEquals(await collect(scanRanges(store, "p", [range(7), range(8)])), []);
  });

  test("scan pages through many rows with a small batchSize, both directions", async (store) => {
    await store.createTable("t", ["i"]);
    const keys = Array.from({ length: 250 }, (_, i) => `obj_${String(i).padStart(4, "0")}`);
    await store.put("t", keys.map((key) => ({ key, cells: { "i:v": b(key) } })));
    assertEquals(await collect(store.scan("t", { batchSize: 7 })), keys);
    assertEquals(
      await collect(store.scan("t", { batchSize: 7, reversed: true, limit: 20 })),
      keys.slice().reverse().slice(0, 20),
    );
    assertEquals(
      (await collect(store.scan("t", { batchSize: 10, prefix: "obj_01" }))).length,
      100,
    );
  });

  test("early break out of a scan leaves the store usable", async (store) => {
    await store.createTable("t", ["i"]);
    await store.put(
      "t",
      Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, cells: { "i:v": b("x") } })),
    );
    for await (const _ of store.scan("t", { batchSize: 5 })) break;
    assertEquals((await collect(store.scan("t"))).length, 50);
  });

  test("getMany returns present rows in the order asked", async (store) => {
    await store.createTable("t", ["i"]);
    await store.put("t", ["a", "b", "c"].map((key) => ({ key, cells: { "i:v": b(key) } })));
    assertEquals((await store.getMany("t", ["c", "x", "a"])).map((r) => r.key), ["c", "a"]);
  });

  test("delete removes whole rows and ignores absent ones", async (store) => {
    await store.createTable("t", ["i", "d"]);
    await store.put(
      "t",
      ["a", "b", "c"].map((key) => ({ key, cells: { "i:v": b(key), "d:w": b("x") } })),
    );
    await store.delete("t", ["b", "zz"]);
    assertEquals(await collect(store.scan("t")), ["a", "c"]);
    assertEquals(await store.get("t", "b"), undefined);
  });

  test("unknown table gives a StoreError naming the table", async (store) => {
    await assertRejects(() => store.get("no.such", "k"), Error, "no.such");
  });

  test("binary cells up to 100 kB round-trip", async (store) => {
    await store.createTable("c", ["b"]);
    const blob = new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff);
    await store.put("c", [{ key: "k", cells: { "b:cutoutScience_stampData": blob } }]);
    assertEquals((await store.get("c", "k"))?.values[0], blob);
  });

  test("large rows: merge, shrink, grow, select, scan, ifAbsent, delete", async (store) => {
    await store.createTable("c", ["i", "b"]);
    const stamp = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * seed) & 0xff);
    const big = stamp(40_000, 7), other = stamp(30_000, 11);
    await store.put("c", [
      { key: "a", cells: { "b:s": big, "i:jd": b("1") } },
      { key: "b", cells: { "i:jd": b("2") } },
      { key: "c", cells: { "b:s": other } },
    ]);
    // A small put into a large row keeps its other cells; a large one into a small row too.
    await store.put("c", [{ key: "a", cells: { "i:jd": b("1.5") } }]);
    await store.put("c", [{ key: "b", cells: { "b:s": other } }]);
    let a = await store.get("c", "a");
    assertEquals(a?.columns, ["b:s", "i:jd"]);
    assertEquals(a?.values, [big, b("1.5")]);
    assertEquals((await store.get("c", "b"))?.values, [other, b("2")]);
    assertEquals((await store.get("c", "a", { columns: ["i:jd"] }))?.values, [b("1.5")]);
    // Replacing the large cell by a small one makes the row small again.
    await store.put("c", [{ key: "a", cells: { "b:s": b("tiny") } }]);
    a = await store.get("c", "a");
    assertEquals(a?.values, [b("tiny"), b("1.5")]);
    await store.put("c", [{ key: "c", cells: { "b:s": big } }], { ifAbsent: true });
    assertEquals((await store.get("c", "c"))?.values, [other]);
    const scanned: [string, number][] = [];
    for await (const r of store.scan("c", { reversed: true })) {
      scanned.push([r.key, r.values.reduce((n, v) => n + v.length, 0)]);
    }
    assertEquals(scanned, [["c", 30_000], ["b", 30_001], ["a", 7]]);
    await store.delete("c", ["b", "c"]);
    assertEquals(await collect(store.scan("c")), ["a"]);
    await store.put("c", [{ key: "c", cells: { "b:s": big } }], { ifAbsent: true });
    assertEquals((await store.get("c", "c"))?.values, [big]);
  });
}
