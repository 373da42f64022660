/**
 * Decoding rows into columns: numeric types land in typed arrays (NaN for a
 * missing or malformed cell), the others in arrays (null), across buffer
 * growth, columns first seen mid-scan and several scans into one set; and
 * interned strings decode exactly.
 */
import { assert, assertEquals } from "../../assert.ts";
import { decodeStringAt, encodeCell, encodeString } from "../../../query/store/codec.ts";
import { appendRows, emptyColumns, scanColumns, type Schema } from "../../../query/table/decode.ts";
import { SqliteStore } from "../../../query/store/sqlite.ts";
import type { PutRow, Row } from "../../../query/store/store.ts";

const SCHEMA_ROW: PutRow = {
  key: "schema",
  cells: {
    "i:jd": encodeString("double"),
    "i:magpsf": encodeString("float"),
    "i:fid": encodeString("integer"),
    "i:candid": encodeString("long"),
    "i:objectId": encodeString("string"),
    "d:late": encodeString("double"),
  },
};

function alertRow(i: number): PutRow {
  const cells: Record<string, Uint8Array> = {
    "i:jd": encodeCell("double", 2459000.5 + i),
    "i:magpsf": encodeCell("float", 18 + i / 1000),
    "i:candid": encodeCell("long", 10n ** 18n + BigInt(i)),
    "i:objectId": encodeCell("string", `ZTF${i % 3}`),
  };
  if (i % 2 === 0) cells["i:fid"] = encodeCell("integer", 1 + (i % 4) / 2);
  if (i === 7) cells["i:fid"] = encodeString("oops!"); // malformed: 5 bytes for a 4-byte int
  if (i >= 200) cells["d:late"] = encodeCell("double", i); // a column first seen mid-scan
  return { key: `obj_${String(i).padStart(4, "0")}`, cells };
}

Deno.test("scanColumns: typed numeric columns across growth, late columns and two scans", async () => {
  const store = SqliteStore.open(":memory:");
  try {
    await store.createTable("t", ["i", "d"]);
    await store.put("t", [SCHEMA_ROW, ...Array.from({ length: 300 }, (_, i) => alertRow(i))]);
    const cols = await scanColumns(store, "t", { prefix: "obj_00" }); // rows 0–99
    await scanColumns(store, "t", { prefix: "obj_0" }, cols); // rows 0–299 again, appended
    assertEquals(cols.length, 400);
    const jd = cols.values.get("i:jd")!, mag = cols.values.get("i:magpsf")!;
    const fid = cols.values.get("i:fid")!, late = cols.values.get("d:late")!;
    assert(
      jd instanceof Float64Array && mag instanceof Float32Array && fid instanceof Float64Array,
    );
    for (const v of cols.values.values()) assertEquals(v.length, 400);
    for (let r = 0; r < 400; r++) {
      const i = r < 100 ? r : r - 100;
      assertEquals(jd[r], 2459000.5 + i);
      assertEquals(mag[r], Math.fround(18 + i / 1000));
      const expectedFid = i === 7 || i % 2 !== 0 ? NaN : 1 + (i % 4) / 2;
      assert(Object.is(fid[r], expectedFid), `fid row ${r}: ${fid[r]}`);
      assert(Object.is(late[r], i >= 200 ? i : NaN), `late row ${r}`);
      assertEquals(cols.values.get("i:candid")![r], 10n ** 18n + BigInt(i));
      assertEquals(cols.values.get("i:objectId")![r], `ZTF${i % 3}`);
    }
  } finally {
    await store.close();
  }
});

Deno.test("appendRows decodes rows without packed cells (HBase) the same way", () => {
  const schema: Schema = new Map([["i:jd", "double"], ["i:s", "string"]]);
  const rows: Row[] = [
    { key: "a", columns: ["i:jd", "i:s"], values: [encodeCell("double", 1.25), encodeString("x")] },
    { key: "b", columns: ["i:s"], values: [encodeString("y")] },
    { key: "c", columns: ["i:jd"], values: [encodeString("bad")] },
  ];
  const cols = appendRows(emptyColumns(), rows, schema);
  assertEquals([...(cols.values.get("i:jd") as Float64Array)], [1.25, NaN, NaN]);
  assertEquals(cols.values.get("i:s"), ["x", "y", null]);
});

Deno.test("decodeStringAt: interned strings are exact for every value, colliding or not", () => {
  const values = ["", "Unknown", "ZTF21abfmbix", "Benoît", "a".repeat(49), "Unknown2"];
  for (let i = 0; i < 10_000; i++) values.push(`v${i}`); // many slots reused
  const buf = new TextEncoder().encode(values.join("|"));
  for (let round = 0; round < 2; round++) {
    let start = 0;
    for (const v of values) {
      const end = start + new TextEncoder().encode(v).length;
      assertEquals(decodeStringAt(buf, start, end), v);
      start = end + 1;
    }
  }
});
