/** Exports (JSON, CSV, Parquet) and the Jupyter display of result tables. */
import { parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { assert, assertEquals, assertThrows } from "../../assert.ts";
import { makeFinkTable, type TypedColumn } from "../../../query/table/arrow.ts";
import { RecordBatch, Table, tableToIPC } from "apache-arrow";
import { exportTable, toCSV, toJSON, toParquet } from "../../../query/table/export.ts";
import { float32String } from "../../../query/table/float32.ts";
import { renderTable } from "../../../query/table/display.ts";
import { BadRequestError } from "../../../astro/errors.ts";
import "../../../query/client.ts";

function sample(): Table {
  return makeFinkTable(
    new Map([
      ["i:objectId", { values: ["ZTF21aaxtctv", 'a "quoted", name'], type: "string" }],
      ["i:candid", { values: [1622215345315015012n, null], type: "long" }],
      ["i:jd", { values: [2459795.8062153, NaN], type: "double" }],
      ["i:magpsf", { values: [18.123, null], type: "float" }],
      ["i:fid", { values: [1, 2], type: "integer" }],
      ["d:from_upper", { values: [true, false], type: "boolean" }],
      ["b:stamp", { values: [[[1, 2], [3, 4]], null], type: "array2d" }],
    ]),
  );
}

Deno.test("toJSON writes records with int64 as bare exact integers, NaN/null as null, float32 as shortest decimals", () => {
  const json = toJSON(sample());
  assert(json.includes('"i:candid":1622215345315015012'), json);
  assert(json.includes('"i:magpsf":18.123,'), json);
  assert(json.includes('"i:jd":null'), json);
  assert(json.includes('"b:stamp":[[1,2],[3,4]]'), json);
  const parsed = JSON.parse(json);
  assertEquals(parsed.length, 2);
  assertEquals(parsed[1]["i:objectId"], 'a "quoted", name');
  assertEquals(parsed[0]["d:from_upper"], true);
});

Deno.test("toCSV writes a header, quotes fields with commas or quotes, empty nulls, True/False booleans", () => {
  const lines = toCSV(sample()).trimEnd().split("\n");
  assertEquals(lines[0], "i:objectId,i:candid,i:jd,i:magpsf,i:fid,d:from_upper,b:stamp");
  assertEquals(
    lines[1],
    'ZTF21aaxtctv,1622215345315015012,2459795.8062153,18.123,1,True,"[[1,2],[3,4]]"',
  );
  assertEquals(lines[2], '"a ""quoted"", name",,,,2,False,');
});

Deno.test("toParquet round-trips through hyparquet with int64 exact and Fink's column names, typed as Fink's frames", async () => {
  const bytes = toParquet(sample());
  assertEquals(new TextDecoder().decode(bytes.slice(0, 4)), "PAR1");
  const rows = await parquetReadObjects({ file: bytes.slice().buffer as ArrayBuffer });
  assertEquals(rows[0]["i:candid"], 1622215345315015012n);
  assertEquals(rows[1]["i:candid"], null);
  // Fink's frames hold every integer as Int64 and every float as float64 (a float32 as the
  // decimal of its HBase cell); pandas metadata marks the integers nullable Int64.
  assertEquals(rows[0]["i:fid"], 1n);
  assertEquals(rows[0]["i:magpsf"], 18.123);
  const meta = await parquetMetadataAsync(bytes.slice().buffer as ArrayBuffer);
  const pandas = JSON.parse(meta.key_value_metadata!.find((kv) => kv.key === "pandas")!.value!);
  assertEquals(
    pandas.columns.map((c: { name: string; numpy_type: string }) => [c.name, c.numpy_type]),
    [["i:candid", "Int64"], ["i:fid", "Int64"]],
  );
  assertEquals(rows[0]["d:from_upper"], true);
  assertEquals(JSON.parse(rows[0]["b:stamp"] as string), [[1, 2], [3, 4]]);
});

Deno.test("exportTable dispatches json/csv/votable/parquet and names an unknown format in a BadRequestError", () => {
  const t = sample();
  assertEquals(exportTable(t, "json"), toJSON(t));
  assertEquals(exportTable(t, "csv"), toCSV(t));
  assert(exportTable(t, "parquet") instanceof Uint8Array);
  assertThrows(
    () => exportTable(t, "xml"),
    BadRequestError,
    "Output format `xml` is not supported. Choose among json, csv, votable, or parquet",
  );
});

Deno.test("float32String gives the shortest decimal that reads back to the same float32", () => {
  assertEquals(float32String(Math.fround(18.123)), "18.123");
  assertEquals(float32String(Math.fround(0.1)), "0.1");
  assertEquals(float32String(Math.fround(1e-7)), "1e-7");
});

Deno.test("Arrow tables render in Jupyter as HTML with first and last rows, column types and row count", () => {
  const n = 30;
  const t = makeFinkTable(
    new Map([
      ["i:jd", { values: Array.from({ length: n }, (_, i) => 2459000 + i), type: "double" }],
      ["i:objectId", { values: Array.from({ length: n }, (_, i) => `ZTF${i}<x>`), type: "string" }],
    ]),
  );
  const display =
    (t as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")];
  assert(typeof display === "function");
  const out = display.call(t);
  assertEquals(out, renderTable(t));
  const html = out["text/html"];
  assert(html.includes("30 rows × 2 columns"));
  assert(html.includes("Float64") && html.includes("Utf8"));
  assert(
    html.includes("ZTF0&lt;x&gt;") && html.includes("ZTF29&lt;x&gt;") &&
      !html.includes("ZTF15&lt;"),
  );
  assert(out["text/plain"].includes("…"));
});

Deno.test("result tables keep non-ASCII strings, nulls and int64 exact (direct Arrow buffers)", () => {
  const t = makeFinkTable(
    new Map([
      ["s", { values: ["Benoît", null, "日本 x", "", "plain"], type: "string" }],
      ["l", { values: [2n ** 62n + 1n, null, -5n, 0n, 7], type: "long" }],
      ["f", { values: [1.5, null, "x", 2, 3], type: "float" }],
      ["b", { values: [true, "false", null, false, "true"], type: "boolean" }],
    ]),
  );
  assertEquals([...t.getChild("s")!.toArray()], ["Benoît", null, "日本 x", "", "plain"]);
  assertEquals([0, 1, 2, 3, 4].map((i) => t.getChild("l")!.get(i)), [
    2n ** 62n + 1n,
    null,
    -5n,
    0n,
    7n,
  ]);
  assertEquals([0, 1, 2, 3, 4].map((i) => t.getChild("f")!.get(i)), [1.5, null, null, 2, 3]);
  assertEquals([0, 1, 2, 3, 4].map((i) => t.getChild("b")!.get(i)), [
    true,
    false,
    null,
    false,
    true,
  ]);
});

Deno.test("typed result columns go to Arrow without a copy, NaN as null, and the batch equals RecordBatch's own", () => {
  const d = new Float64Array([1.5, NaN, 3]);
  const f = new Float32Array([NaN, 0.25, 2]);
  const t = makeFinkTable(
    new Map<string, TypedColumn>([
      ["i:jd", { values: d, type: "double" }],
      ["i:magpsf", { values: f, type: "float" }],
      ["i:fid", { values: new Float64Array([1, 2, NaN]), type: "integer" }],
    ]),
  );
  assertEquals([0, 1, 2].map((i) => t.getChild("i:jd")!.get(i)), [1.5, null, 3]);
  assertEquals([0, 1, 2].map((i) => t.getChild("i:magpsf")!.get(i)), [null, 0.25, 2]);
  assertEquals([0, 1, 2].map((i) => t.getChild("i:fid")!.get(i)), [1, 2, null]);
  assert(t.getChild("i:jd")!.data[0].values === d, "double column shared, not copied");
  const batch = t.batches[0];
  const reference = new RecordBatch(batch.schema, batch.data);
  assertEquals(batch.schema.fields.map(String), reference.schema.fields.map(String));
  assertEquals(batch.numRows, reference.numRows);
  assertEquals(batch.metadata, reference.metadata);
  assertEquals(tableToIPC(t).length, tableToIPC(new Table([reference])).length);
});

Deno.test("float32String equals the shortest round-trip search digit by digit, on 200,000 floats", () => {
  const reference = (x: number) => {
    const f = Math.fround(x);
    for (let p = 1; p <= 9; p++) {
      const s = Number(f.toPrecision(p));
      if (Math.fround(s) === f) return String(s);
    }
    return String(f);
  };
  const bits = new Uint32Array(1), f = new Float32Array(bits.buffer);
  let seed = 12345;
  for (let i = 0; i < 200_000; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bits[0] = i % 2 ? seed : (seed & 0x807fffff) | 0x41000000; // any float, or one in 8…16
    if (!Number.isFinite(f[0])) continue;
    assertEquals(float32String(f[0]), reference(f[0]), `${f[0]}`);
    assertEquals(float32String(f[0]), reference(f[0]), `${f[0]} (cached)`);
  }
});

Deno.test("JSON of sliced and multi-chunk tables reads each cell at its own offset", () => {
  const t = sample();
  const rows = JSON.parse(toJSON(t));
  assertEquals(JSON.parse(toJSON(t.slice(1))), rows.slice(1));
  assertEquals(JSON.parse(toJSON(t.concat(t))), [...rows, ...rows]);
  assertEquals(JSON.parse(toJSON(t.concat(t).slice(1, 3))), [rows[1], rows[0]]);
});

Deno.test("string columns in JSON and CSV: ASCII (decoded once per column), non-ASCII, nulls, empty, sliced", () => {
  const values = ["ZTF21abfmbix", null, "", "SN candidate", "Benoît", "日本 x", null, "a,b"];
  const t = makeFinkTable(
    new Map<string, TypedColumn>([
      ["ascii", { values: values.map((v) => v === null ? null : `${v.length}`), type: "string" }],
      ["mixed", { values, type: "string" }],
    ]),
  );
  const expected = values.map((v) => ({ ascii: v === null ? null : `${v.length}`, mixed: v }));
  assertEquals(JSON.parse(toJSON(t)), expected);
  assertEquals(JSON.parse(toJSON(t.slice(3, 7))), expected.slice(3, 7));
  assertEquals(JSON.parse(toJSON(t.concat(t.slice(4)))), [...expected, ...expected.slice(4)]);
  const csv = toCSV(t.slice(3)).trimEnd().split("\n");
  assertEquals(csv, ["ascii,mixed", "12,SN candidate", "6,Benoît", "4,日本 x", ",", '3,"a,b"']);
});
