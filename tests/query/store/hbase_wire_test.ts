/**
 * The HBase REST wire decoding: finkit's base64 decoder against the runtime's
 * `Uint8Array.fromBase64` (random cells of every length, bad input), and
 * `rowsOf`'s packed rows (sorted columns, shared column arrays, `raw` views,
 * split rows merged).
 */
import { assert, assertEquals, assertThrows } from "../../assert.ts";
import { base64Length, decodeBase64Into } from "../../../query/store/hbase/client.ts";
import { mergeRow, rowsOf } from "../../../query/store/hbase/wire.ts";
import { mulberry32 } from "../../../fit/periodogram/fap.ts";

const b64 = (bytes: Uint8Array) => bytes.toBase64();
const text = (s: string) => new TextEncoder().encode(s).toBase64();

Deno.test("decodeBase64Into gives fromBase64's bytes for 2,000 random cells of 0–40 bytes", () => {
  const rnd = mulberry32(3);
  for (let k = 0; k < 2000; k++) {
    const bytes = Uint8Array.from({ length: k % 41 }, () => Math.floor(rnd() * 256));
    const encoded = b64(bytes);
    assertEquals(base64Length(encoded), bytes.length);
    const out = new Uint8Array(bytes.length + 3).fill(7);
    assertEquals(decodeBase64Into(encoded, out, 3), bytes.length + 3);
    assertEquals(out.subarray(3), bytes);
    assertEquals([...out.subarray(0, 3)], [7, 7, 7]);
  }
});

Deno.test("decodeBase64Into refuses what is not base64, naming it", () => {
  for (const bad of ["QU!=", "Q", "QUJD\u0141", "QU=D", "\u0141UJD", "QUJDR"]) {
    assertThrows(() => decodeBase64Into(bad, new Uint8Array(8), 0), SyntaxError, "not base64");
  }
});

Deno.test("rowsOf: columns sorted, one buffer per row read in place, column arrays shared", () => {
  const cell = (column: string, bytes: number[]) => ({
    column: text(column),
    $: b64(Uint8Array.from(bytes)),
  });
  const rows = rowsOf({
    Row: [
      { key: text("a"), Cell: [cell("i:b", [2, 3]), cell("d:x", [1])] },
      { key: text("b"), Cell: [cell("d:x", []), cell("i:b", [9])] },
      { key: text("c"), Cell: [cell("i:b", [4])] },
    ],
  });
  assertEquals(rows.map((r) => r.key), ["a", "b", "c"]);
  assertEquals(rows[0].columns, ["d:x", "i:b"]);
  assertEquals(rows[0].values.map((v) => [...v]), [[1], [2, 3]]);
  assertEquals(rows[1].values.map((v) => [...v]), [[], [9]]);
  assert(rows[0].columns === rows[1].columns, "rows with the same columns share the array");
  assertEquals(rows[2].columns, ["i:b"]);
  const raw = rows[0].raw!;
  assertEquals([...raw.blob], [1, 2, 3]);
  assertEquals([...raw.bounds], [0, 1, 1, 3]);
  // Selected columns only; a split row merged into a plain row, still sorted.
  assertEquals(
    rowsOf({ Row: [{ key: text("a"), Cell: [cell("i:b", [2])] }] }, ["d"])[0].columns,
    [],
  );
  const merged = mergeRow(
    rows[2],
    rowsOf({ Row: [{ key: text("c"), Cell: [cell("d:y", [5])] }] })[0],
  );
  assertEquals(merged.columns, ["d:y", "i:b"]);
  assertEquals(merged.values.map((v) => [...v]), [[5], [4]]);
  assertEquals(rows[2].columns, ["i:b"], "the merged rows are left as they were");
});
