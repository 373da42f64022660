/**
 * Avro object containers record by record, with avsc alone: the records of a
 * file as avsc decodes them (no compiled decoder, no normalisation) and a
 * null-codec container written from encoded records. Tests and benches use
 * them to make alert files from real ones and to check the fast reader.
 *
 * @module
 */
import avro from "avsc";
import { Buffer } from "node:buffer";
import { AVRO_BIGINT_LONG, AVRO_MAGIC, type AvroHeader, readAvroHeader, readLong } from "./avro.ts";
import { stripUnionDefaults } from "./avro.ts";
import { avroSnappyDecompress } from "./snappy.ts";

/**
 * The avsc type of a ZTF/Fink writer schema: union defaults stripped,
 * `long` as exact `bigint`, unions unwrapped (a new registry per call, as
 * avsc adds the schema's named types to it).
 */
export function avroRecordType(schema: unknown): avro.Type {
  return avro.Type.forSchema(stripUnionDefaults(schema) as avro.Schema, {
    registry: { long: AVRO_BIGINT_LONG },
    wrapUnions: "never",
  });
}

/** Zigzag varint bytes of a (safe) integer. */
function zigzag(n: number): number[] {
  let z = n >= 0 ? 2 * n : -2 * n - 1;
  const out: number[] = [];
  while (z >= 0x80) (out.push((z % 128) | 0x80), z = Math.floor(z / 128));
  out.push(z);
  return out;
}

/**
 * Every record of a null- or snappy-codec container, decoded by avsc with
 * {@linkcode avroRecordType}.
 *
 * @example
 * ```ts
 * import { readAvroRecords } from "./avro_container.ts";
 * const path = "data/sample/fink-client/datatest/ZTF19acihgng.avro";
 * const { records } = readAvroRecords(Deno.readFileSync(path), path);
 * console.log(records[0].objectId);
 * ```
 */
export function readAvroRecords(bytes: Uint8Array, name: string): {
  header: AvroHeader;
  type: avro.Type;
  records: Record<string, unknown>[];
} {
  const header = readAvroHeader(bytes, name);
  if (header.codec !== "null" && header.codec !== "snappy") {
    throw new Error(`${name}: codec ${header.codec}; allowed here: null, snappy`);
  }
  const type = avroRecordType(header.schema);
  const records: Record<string, unknown>[] = [];
  const state = { pos: header.dataStart };
  while (state.pos < bytes.length) {
    const count = readLong(bytes, state), size = readLong(bytes, state);
    let data: Uint8Array = bytes.subarray(state.pos, state.pos + size);
    state.pos += size + 16;
    if (header.codec === "snappy") data = avroSnappyDecompress(data);
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const d = type.decode(buf, offset);
      records.push(d.value as Record<string, unknown>);
      offset = d.offset;
    }
  }
  return { header, type, records };
}

/**
 * A null-codec Avro container of `records` (each already encoded under
 * `schema`), at most `blockRecords` records per block, and a block ended as
 * soon as it holds `blockBytes` bytes (Avro Java's writers, Spark's among
 * them, end blocks at 64,000 bytes: Fink's files hold one or two alerts per
 * block).
 *
 * @example
 * ```ts
 * import avro from "avsc";
 * import { avroContainer } from "./avro_container.ts";
 * const schema = { type: "record", name: "x", fields: [{ name: "ra", type: "double" }] };
 * const type = avro.Type.forSchema(schema as avro.Schema);
 * const file = avroContainer(schema, [type.toBuffer({ ra: 1 })]);
 * console.log(file.length);
 * ```
 */
export function avroContainer(
  schema: unknown,
  records: Uint8Array[],
  blockRecords = 1000,
  blockBytes = Infinity,
): Uint8Array {
  const text = (s: string) => {
    const b = new TextEncoder().encode(s);
    return [...zigzag(b.length), ...b];
  };
  const sync = Array.from({ length: 16 }, (_, i) => 17 * i + 3);
  const parts: Uint8Array[] = [
    new Uint8Array([
      ...AVRO_MAGIC,
      ...zigzag(2),
      ...text("avro.schema"),
      ...text(JSON.stringify(schema)),
      ...text("avro.codec"),
      ...text("null"),
      0,
      ...sync,
    ]),
  ];
  for (let i = 0, j = 0; i < records.length; i = j) {
    let size = 0;
    while (j < records.length && j - i < blockRecords && size < blockBytes) {
      size += records[j++].length;
    }
    const block = records.slice(i, j);
    parts.push(new Uint8Array([...zigzag(block.length), ...zigzag(size)]), ...block);
    parts.push(new Uint8Array(sync));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), o += p.length);
  return out;
}
