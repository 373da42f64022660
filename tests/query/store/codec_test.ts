import { assert, assertEquals, assertThrows } from "../../assert.ts";
import { CELL_TYPES, decodeCell, encodeCell, encodeString } from "../../../query/store/codec.ts";
import { classify } from "../../../query/ingest/rows.ts";
import { finkClassification } from "../../../query/table/classification.ts";
import { classificationColumn, ResultColumns } from "../../../query/table/format.ts";
import { jdString, nightOf } from "../../../query/store/layout.ts";
import { javaDoubleToString } from "../../../astro/time.ts";
import { mulberry32 } from "../../../fit/periodogram/fap.ts";

Deno.test("every cell type round-trips through Fink's encoding", () => {
  const cases: [string, unknown, unknown][] = [
    ["double", 2459795.8062153, 2459795.8062153],
    ["double", -0.0, -0.0],
    ["float", 18.5, 18.5],
    ["float", 0.1, Math.fround(0.1)],
    ["integer", -2147483648, -2147483648],
    ["short", -3, -3],
    ["long", 1622215345315015012n, 1622215345315015012n],
    ["long", -1n, -1n],
    ["string", "Solar System MPC", "Solar System MPC"],
    ["string", "é★", "é★"],
    ["boolean", true, true],
    ["boolean", false, false],
    ["binary", new Uint8Array([0x1f, 0x8b, 0]), new Uint8Array([0x1f, 0x8b, 0])],
  ];
  for (const [type, value, expected] of cases) {
    assertEquals(decodeCell(type, encodeCell(type, value)), expected, `${type} ${value}`);
  }
  assertEquals(CELL_TYPES.length, 9);
});

Deno.test("numbers are big-endian as HBase's Bytes.toDouble / toLong expect", () => {
  assertEquals([...encodeCell("double", 1)], [0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
  assertEquals([...encodeCell("integer", 1)], [0, 0, 0, 1]);
  assertEquals([...encodeCell("long", 258n)], [0, 0, 0, 0, 0, 0, 1, 2]);
  assertEquals([...encodeCell("float", 1)], [0x3f, 0x80, 0, 0]);
});

Deno.test("candid above 2^53 never passes through a JS number", () => {
  const candid = 2n ** 62n + 3n;
  assertEquals(decodeCell("long", encodeCell("long", candid)), candid);
  assertEquals(decodeCell("long", encodeCell("long", "1622215345315015012")), 1622215345315015012n);
});

Deno.test("booleans, arrays and structs are stored as strings", () => {
  assertEquals(new TextDecoder().decode(encodeCell("boolean", true)), "true");
  assertEquals(new TextDecoder().decode(encodeCell("string", [1, 2])), "[1,2]");
  assertEquals(decodeCell("unknown-type", encodeString("x")), "x");
});

Deno.test("a cell of the wrong length decodes as text instead of throwing", () => {
  assertEquals(decodeCell("double", encodeString("1.5")), "1.5");
});

Deno.test("encoding a non-number as a number names the value", () => {
  try {
    encodeCell("double", "abc");
    assert(false);
  } catch (e) {
    assert(String(e).includes("abc"));
  }
});

Deno.test("Fink classification: SIMBAD label wins, then Fink rules, ambiguity", () => {
  const base = {
    cdsxmatch: "Unknown",
    roid: 0,
    mulens: 0,
    snn_snia_vs_nonia: 0,
    snn_sn_vs_all: 0,
    rf_snia_vs_nonia: 0,
    ndethist: 5,
    drb: 0.9,
    classtar: 0.9,
    jd: 2459000.5,
    jdstarthist: 2458990.5,
    rf_kn_vs_nonkn: 0,
    tracklet: "",
  };
  assertEquals(finkClassification(base), "Unknown");
  assertEquals(finkClassification({ ...base, cdsxmatch: "RRLyr" }), "RRLyr");
  assertEquals(finkClassification({ ...base, snn_sn_vs_all: 0.9 }), "SN candidate");
  assertEquals(
    finkClassification({ ...base, snn_sn_vs_all: 0.9, rf_snia_vs_nonia: 0.9 }),
    "Early SN Ia candidate",
  );
  assertEquals(finkClassification({ ...base, roid: 3 }), "Solar System MPC");
  assertEquals(finkClassification({ ...base, roid: 2, mulens: 0.5 }), "Ambiguous");
  assertEquals(finkClassification({ ...base, tracklet: "TRCK_20211022_091949_00" }), "Tracklet");
  assertEquals(finkClassification({ ...base, cdsxmatch: "Fail 504", roid: 3 }), "Solar System MPC");
  assertEquals(typeof classify, "function");
});

Deno.test("v:classification reads float32 columns as Fink's API does: classtar 0.4 is not > 0.4", () => {
  const r = new ResultColumns(2);
  const set = (name: string, v: unknown, type: string) => r.set(name, [v, v], type);
  set("i:objectId", "ZTF99aaaaaaa", "string");
  set("d:cdsxmatch", "Unknown", "string");
  set("d:tracklet", "", "string");
  for (
    const n of [
      "d:roid",
      "d:mulens",
      "d:snn_snia_vs_nonia",
      "d:rf_snia_vs_nonia",
      "d:rf_kn_vs_nonkn",
    ]
  ) {
    set(n, 0, "double");
  }
  set("d:snn_sn_vs_all", 0.9, "double");
  set("i:ndethist", 5, "integer");
  set("i:drb", Math.fround(0.9), "float");
  set("i:jd", 2459000.5, "double");
  set("i:jdstarthist", 2458990.5, "double");
  // The float32 nearest 0.4 is 0.4000000059604645 > 0.4; Fink's cell holds "0.4", and 0.4 > 0.4 fails.
  r.set("i:classtar", [Math.fround(0.4), Math.fround(0.41)], "float");
  assertEquals(classificationColumn(r), ["Unknown", "SN candidate"]);
});

Deno.test("jdString: the cache of recent JDs gives what javaDoubleToString prints, colliding slots, 0 and -0 included", () => {
  const random = mulberry32(11);
  // Exposures 30 s apart over a month, repeated (hits), plus JDs one slot (16,384 s) apart (collisions).
  const jds: number[] = [];
  for (let i = 0; i < 20_000; i++) jds.push(2460000.5 + Math.floor(random() * 90_000) * 30 / 86400);
  for (let i = 0; i < 50; i++) jds.push(2460000.5 + (i * 16384) / 86400, 2460000.5);
  jds.push(0, -0, 0, -0, NaN, NaN, Infinity, 2459000, 2459000.0000001, 1e-300);
  for (const jd of [...jds, ...jds.slice().reverse()]) {
    assertEquals(jdString(jd), javaDoubleToString(jd), String(jd));
  }
  assertEquals([jdString(0), jdString(-0), jdString("2459795.8062153")], [
    "0.0",
    "-0.0",
    "2459795.8062153",
  ]);
});

Deno.test("nightOf: the UTC date of a JD, the same with its last-day memo as without", () => {
  const direct = (jd: number) =>
    new Date((jd - 2440587.5) * 86400000).toISOString().slice(0, 10).replaceAll("-", "");
  assertEquals(nightOf(2460676.5), "20250101"); // 2025-01-01T00:00Z
  assertEquals(nightOf(2460676.4999999), "20241231");
  const jds = [2451544.5, 2440587.5, 2440587.4, 2415020.3, 2460676.5 - 1e-9, 2460676.5 + 1e-9];
  let x = 1;
  for (let i = 0; i < 20_000; i++) {
    x = (x * 16807) % 2147483647;
    // Runs of JDs within a night and across midnights, in and out of order.
    jds.push(2458000 + (i >> 3) * 0.37 + (x / 2147483647) * (i % 5 === 0 ? 3 : 0.2));
  }
  for (const jd of jds) assertEquals(nightOf(jd), direct(jd), `jd ${jd}`);
  assertThrows(() => nightOf(NaN), RangeError);
});
