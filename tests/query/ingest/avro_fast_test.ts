/**
 * The compiled Avro decoder (query/ingest/avro_fast.ts) gives the alerts avsc
 * gives: every Avro file of the sample read both ways, and records of a
 * schema with every Avro type the decoder handles (enum, fixed, map, bytes,
 * boolean, nested unions, null entries in `prv_candidates`, extreme longs,
 * non-ASCII and long strings) encoded by avsc and decoded both ways.
 */
import type avro from "avsc";
import { Buffer } from "node:buffer";
import { assert, assertEquals } from "../../assert.ts";
import { findAlertFiles, readAlerts } from "../../../query/ingest/read.ts";
import { AVRO_BIGINT_LONG, readAvroHeader } from "../../../query/ingest/avro.ts";
import { avroRecordType, readAvroRecords } from "../../../query/ingest/avro_container.ts";
import { compileDecoder, type Tap } from "../../../query/ingest/avro_fast.ts";
import { normaliseAlert, uniformEntryKeys } from "../../../query/ingest/normalise.ts";
import type { AlertRecord } from "../../../query/ingest/alert.ts";

const typeOf = avroRecordType;

/** The compiled decoder of `type` with a `bigint` long read from the tap. */
function compiled(type: avro.Type) {
  return compileDecoder(
    type,
    (AVRO_BIGINT_LONG as unknown as { _read: unknown })._read,
    (t: Tap) => {
      const start = t.p;
      while (t.b[t.p++] & 0x80);
      return AVRO_BIGINT_LONG.fromBuffer(Buffer.from(t.b.subarray(start, t.p))) as bigint;
    },
  );
}

/** The records of a null-codec or snappy container, decoded by avsc and normalised. */
async function avscAlerts(path: string): Promise<AlertRecord[]> {
  return readAvroRecords(await Deno.readFile(path), path).records.map((r) => normaliseAlert(r));
}

Deno.test("every Avro file of the sample decodes to avsc's alerts, through the compiled decoder", async () => {
  const files = (await findAlertFiles(["data/sample"])).filter((f) => f.endsWith(".avro"));
  assert(files.length >= 5, `sample avro files: ${files.length}`);
  let alerts = 0;
  for (const file of files) {
    const bytes = await Deno.readFile(file);
    const header = readAvroHeader(bytes, file);
    if (!["null", "snappy"].includes(header.codec)) continue;
    const schema = header.schema as { fields?: { name: string }[] };
    if (!schema.fields?.some((f) => f.name === "candidate")) continue;
    assert(compiled(typeOf(header.schema)), `${file}: the decoder compiles`);
    const got: AlertRecord[] = [];
    for await (const a of readAlerts(bytes, file)) got.push(a);
    assertEquals(got, await avscAlerts(file), file);
    alerts += got.length;
    for (const a of got) {
      const once = a.prvCandidates.length === 0 || uniformEntryKeys(a.prvCandidates);
      assert(once, `${file}: prv_candidates built once`);
    }
  }
  assert(alerts >= 50, `alerts compared: ${alerts}`);
});

const SCHEMA = {
  type: "record",
  name: "alert",
  fields: [
    { name: "objectId", type: "string" },
    { name: "candid", type: "long" },
    {
      name: "candidate",
      type: {
        type: "record",
        name: "candidate",
        fields: [
          { name: "jd", type: "double" },
          { name: "fid", type: "int" },
          { name: "candid", type: "long" },
          { name: "pid", type: ["null", "long"] },
          { name: "magpsf", type: ["float", "null"] },
          { name: "isdiffpos", type: ["null", "string"] },
          { name: "flag", type: "boolean" },
          { name: "nid", type: "long" },
        ],
      },
    },
    {
      name: "prv_candidates",
      type: ["null", {
        type: "array",
        items: ["null", {
          type: "record",
          name: "prv",
          fields: [
            { name: "jd", type: "double" },
            { name: "candid", type: ["null", "long"] },
            { name: "fid", type: "long" },
            { name: "magpsf", type: ["float", "null"] },
            { name: "programpi", type: ["null", "string"] },
            { name: "blob", type: ["null", "bytes"] },
            { name: "ok", type: ["null", "boolean"] },
          ],
        }],
      }],
    },
    { name: "extras", type: ["null", { type: "map", values: ["null", "double"] }] },
    { name: "kind", type: { type: "enum", name: "kind", symbols: ["a", "b", "c"] } },
    { name: "fx", type: { type: "fixed", name: "fx", size: 4 } },
    { name: "tags", type: { type: "array", items: "string" } },
    {
      name: "cutoutScience",
      type: ["null", {
        type: "record",
        name: "cutout",
        fields: [{ name: "fileName", type: "string" }, { name: "stampData", type: "bytes" }],
      }],
    },
    { name: "cutoutTemplate", type: ["null", "cutout"] },
    {
      name: "mangrove",
      type: {
        type: "record",
        name: "mangrove",
        fields: [{ name: "lum_dist", type: ["null", "string"] }, { name: "n", type: "int" }],
      },
    },
  ],
};

const LONGS = [0n, -1n, 1n, 63n, -64n, 2n ** 53n + 1n, -(2n ** 62n), 2n ** 63n - 1n, -(2n ** 63n)];

function record(i: number): Record<string, unknown> {
  const prv = Array.from({ length: i % 4 }, (_, k) =>
    k === 1 ? null : {
      jd: 2459000.5 + k / 3,
      candid: k === 2 ? null : LONGS[(i + k) % LONGS.length],
      fid: BigInt(k + 1),
      magpsf: k === 0 ? null : 18.25 + k,
      programpi: k === 0 ? "Kulkarni" : "é€😀 ".repeat(i),
      blob: k === 3 ? null : Buffer.from(`blob ${i} ${k}`),
      ok: k % 2 === 0,
    });
  return {
    objectId: `ZTF${"x".repeat(i % 90)}${i}`,
    candid: LONGS[i % LONGS.length],
    candidate: {
      jd: 2459001.25 + i,
      fid: -i,
      candid: LONGS[(i + 3) % LONGS.length],
      pid: i % 2 ? null : 2n ** 40n + BigInt(i),
      magpsf: i % 3 ? Math.fround(17.5 + i / 7) : null,
      isdiffpos: i % 2 ? "t" : "ü".repeat(i),
      flag: i % 2 === 0,
      nid: BigInt(i * 1000003),
    },
    prv_candidates: i % 5 === 4 ? null : prv,
    extras: i % 2 ? null : { a: i, "b c": null, "é": -0.5 },
    kind: ["a", "b", "c"][i % 3],
    fx: Buffer.from([i, 1, 2, 3]),
    tags: Array.from({ length: i % 3 }, (_, k) => `t${k}`),
    cutoutScience: i % 3 === 1 ? null : {
      fileName: "s.fits.gz",
      stampData: Buffer.alloc(100 + i, i),
    },
    cutoutTemplate: { fileName: "t.fits.gz", stampData: Buffer.from([0x1f, 0x8b, i]) },
    mangrove: { lum_dist: i % 2 ? "None" : null, n: i },
  };
}

Deno.test("records of every Avro type the compiled decoder handles decode as avsc decodes them", () => {
  const type = typeOf(SCHEMA);
  const decode = compiled(type);
  assert(decode, "the decoder compiles");
  for (let i = 0; i < 40; i++) {
    const bytes = new Uint8Array(type.toBuffer(record(i)));
    const tap = { b: bytes, v: new DataView(bytes.buffer, bytes.byteOffset, bytes.length), p: 0 };
    const got = normaliseAlert(decode(tap));
    assertEquals(tap.p, bytes.length, `record ${i}: read to its end`);
    const want = normaliseAlert(type.fromBuffer(Buffer.from(bytes)) as Record<string, unknown>);
    assertEquals(got, want, `record ${i}`);
  }
});

Deno.test("a truncated record or a bad union index makes the compiled decoder throw or overrun", () => {
  const type = typeOf(SCHEMA);
  const decode = compiled(type)!;
  const bytes = new Uint8Array(type.toBuffer(record(7)));
  for (const cut of [1, 5, 20, bytes.length - 1]) {
    const b = bytes.slice(0, cut);
    const tap = { b, v: new DataView(b.buffer), p: 0 };
    let threw = false;
    try {
      decode(tap);
    } catch {
      threw = true;
    }
    assert(threw || tap.p > b.length, `cut at ${cut}: not read as a whole record`);
  }
  const small = typeOf({
    type: "record",
    name: "a",
    fields: [{ name: "objectId", type: "string" }, { name: "u", type: ["null", "int"] }],
  });
  const bad = new Uint8Array([0x02, 0x78, 0x04]); // "x", then union index 2 of 2 branches
  const tap = { b: bad, v: new DataView(bad.buffer), p: 0 };
  let threw = false;
  try {
    compiled(small)!(tap);
  } catch {
    threw = true;
  }
  assert(threw || tap.p > bad.length, "corrupt record not read as a whole record");
});
