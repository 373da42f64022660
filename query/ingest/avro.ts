/**
 * Reader of Avro object container files holding ZTF alerts: raw ZTF schema
 * 3.x packets and Fink-enriched packets, codecs `null`, `snappy` (Spark) and
 * `deflate`. The container is read block by block here and each record is
 * decoded with `avsc`, so a truncated file yields its good records first and
 * then an {@link AlertFileError} naming the record index.
 *
 * Schema pitfalls handled (spec §5.4): `default` values of union fields are
 * stripped (avsc rejects `{"type": ["float", "null"], "default": null}`), and
 * `long` is decoded to `bigint` so `candid` (19 digits) is exact.
 *
 * @module
 */

import avro from "avsc";
import { Buffer } from "node:buffer";
import { inflateRawSync } from "node:zlib";
import { AlertFileError } from "../../astro/errors.ts";
import type { AlertRecord } from "./alert.ts";
import { normaliseAlert } from "./normalise.ts";
import { avroSnappyDecompress, crc32 } from "./snappy.ts";
import { compileDecoder, type FastDecoder, readBigLong, zigzagLong } from "./avro_fast.ts";

/**
 * The 4 bytes every Avro object container file starts with: `Obj\x01`.
 *
 * @example
 * ```ts
 * import { AVRO_MAGIC } from "./avro.ts";
 * console.log(new TextDecoder().decode(AVRO_MAGIC.subarray(0, 3))); // "Obj"
 * ```
 */
export const AVRO_MAGIC: Uint8Array = new Uint8Array([0x4f, 0x62, 0x6a, 0x01]);

/**
 * Avro codecs this reader can decode.
 *
 * @example
 * ```ts
 * import { AVRO_CODECS } from "./avro.ts";
 * console.log(AVRO_CODECS.includes("snappy")); // true
 * ```
 */
export const AVRO_CODECS: readonly string[] = ["null", "snappy", "deflate"];

/**
 * Options of {@link readAvroAlerts}.
 *
 * @example
 * ```ts
 * import { readAvroAlerts } from "./avro.ts";
 * const path = "data/sample/fink-client/datatest/ZTF19acxxwrs.avro";
 * for await (const alert of readAvroAlerts(Deno.readFileSync(path), path, { checkCrc: false })) {
 *   console.log(alert.objectId);
 * }
 * ```
 */
export interface AvroReadOptions {
  /** Check the CRC-32 trailer of snappy blocks. Default `true`. */
  checkCrc?: boolean;
  /**
   * The file's bytes past those given, read as blocks need them: a view from
   * the start to `end` or further (shorter only at the file's end).
   */
  more?: (end: number) => Uint8Array;
}

/**
 * Header of an Avro object container file.
 *
 * @example
 * ```ts
 * import { readAvroHeader } from "./avro.ts";
 * const path = "data/sample/fink-client/datatest/ZTF19acxxwrs.avro";
 * console.log(readAvroHeader(Deno.readFileSync(path), path).sync.length); // 16
 * ```
 */
export interface AvroHeader {
  /** The writer's schema (parsed JSON). */
  schema: Record<string, unknown>;
  /** A key identifying the schema (byte length and CRC-32 of its JSON text). */
  schemaKey: string;
  /** The codec name (`"null"` when absent). */
  codec: string;
  /** The 16-byte sync marker. */
  sync: Uint8Array;
  /** Byte offset of the first data block. */
  dataStart: number;
}

class Truncated extends Error {}

/** Parsed writer schemas by {@link AvroHeader.schemaKey} (at most 16). */
const schemaCache = new Map<string, Record<string, unknown>>();

/** Read a zigzag varint `long` at `state.pos` (as a JS number: block counts and sizes fit). */
export function readLong(bytes: Uint8Array, state: { pos: number }): number {
  let n = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (state.pos >= bytes.length) throw new Truncated("varint runs past the end of the file");
    const b = bytes[state.pos++];
    n += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
    scale *= 128;
  }
  throw new Error("varint longer than 10 bytes");
}

function take(bytes: Uint8Array, state: { pos: number }, length: number): Uint8Array {
  if (length < 0) throw new Error(`negative length ${length}`);
  if (state.pos + length > bytes.length) {
    throw new Truncated(`needs ${length} bytes at offset ${state.pos}, file has ${bytes.length}`);
  }
  const out = bytes.subarray(state.pos, state.pos + length);
  state.pos += length;
  return out;
}

/**
 * Parse the header (magic, metadata map, sync marker) of an Avro object container file.
 * Throws {@link AlertFileError} (record index `undefined`) when it is not one or is truncated.
 *
 * @example
 * ```ts
 * import { readAvroHeader } from "./avro.ts";
 * const bytes = Deno.readFileSync("data/sample/fink-utils/fink_utils/test_data/template_schema_ZTF_3p3.avro");
 * const header = readAvroHeader(bytes, "template_schema_ZTF_3p3.avro");
 * console.log(header.codec, header.schema.name); // "null" "alert"
 * ```
 */
export function readAvroHeader(bytes: Uint8Array, name: string): AvroHeader {
  if (bytes.length < 4 || AVRO_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new AlertFileError(
      name,
      undefined,
      "not an Avro object container file (no Obj\\x01 magic)",
    );
  }
  const state = { pos: 4 };
  const meta = new Map<string, Uint8Array>();
  const text = new TextDecoder();
  try {
    for (;;) {
      let count = readLong(bytes, state);
      if (count === 0) break;
      if (count < 0) {
        count = -count;
        readLong(bytes, state);
      }
      for (let i = 0; i < count; i++) {
        const key = text.decode(take(bytes, state, readLong(bytes, state)));
        meta.set(key, take(bytes, state, readLong(bytes, state)));
      }
    }
    const sync = take(bytes, state, 16);
    const rawSchema = meta.get("avro.schema");
    if (!rawSchema) throw new Error("header has no avro.schema");
    // Files of one stream share their (large: ~190 kB for Fink) schema: parse it once.
    const schemaKey = `${rawSchema.length}:${crc32(rawSchema)}`;
    let schema = schemaCache.get(schemaKey);
    if (!schema) {
      schema = JSON.parse(text.decode(rawSchema)) as Record<string, unknown>;
      if (schemaCache.size >= 16) schemaCache.delete(schemaCache.keys().next().value!);
      schemaCache.set(schemaKey, schema);
    }
    const codecBytes = meta.get("avro.codec");
    const codec = codecBytes ? text.decode(codecBytes) : "null";
    return { schema, schemaKey, codec, sync, dataStart: state.pos };
  } catch (err) {
    const what = err instanceof Truncated ? "truncated header" : "bad header";
    throw new AlertFileError(name, undefined, `${what}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * avsc `long` that decodes to `bigint` (exact for 19-digit `candid`), from the
 * zigzag varint bytes themselves (avsc's `noUnpack`): no 8-byte buffer per value.
 */
export const AVRO_BIGINT_LONG: avro.types.LongType = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => zigzagLong(buf, 0, buf.length),
  toBuffer: (n: bigint) => {
    let z = BigInt.asUintN(64, (BigInt(n) << 1n) ^ (BigInt(n) >> 63n));
    const bytes: number[] = [];
    while (z >= 0x80n) (bytes.push(Number(z & 0x7fn) | 0x80), z >>= 7n);
    bytes.push(Number(z));
    return Buffer.from(bytes);
  },
  fromJSON: (x: number | string) => BigInt(x),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === "bigint",
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
}, true);

/**
 * The decoders' `long`: {@linkcode AVRO_BIGINT_LONG} reading each varint in
 * place (avsc calls a type's `_read(tap)` and would hand `fromBuffer` a new
 * Buffer slice per value; past the end `tap.pos` overshoots and avsc reports it).
 */
const DECODER_LONG: avro.types.LongType = Object.create(AVRO_BIGINT_LONG);
Object.defineProperty(DECODER_LONG, "_read", {
  value: (tap: { buf: Uint8Array; pos: number }): bigint => {
    const buf = tap.buf, start = tap.pos;
    let pos = start;
    while (buf[pos++] & 0x80 && pos - start < 10);
    tap.pos = pos;
    return zigzagLong(buf, start, Math.min(pos, buf.length));
  },
});

/**
 * Remove `default` from fields whose type is a union, recursively (a copy; input untouched).
 *
 * @example
 * ```ts
 * import { stripUnionDefaults } from "./avro.ts";
 * const schema = { type: "record", name: "c", fields: [{ name: "rb", type: ["float", "null"], default: null }] };
 * console.log(JSON.stringify(stripUnionDefaults(schema))); // no "default" left
 * ```
 */
export function stripUnionDefaults(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripUnionDefaults);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = stripUnionDefaults(value);
  if (Array.isArray(out.fields)) {
    out.fields = (out.fields as Record<string, unknown>[]).map((field) => {
      if (!Array.isArray(field.type) || !("default" in field)) return field;
      const { default: _dropped, ...rest } = field;
      return rest;
    });
  }
  return out;
}

const typeCache = new Map<string, avro.Type>();
const fastDecoders = new WeakMap<avro.Type, FastDecoder | null>();

/** The compiled decoder of an alert type (see `avro_fast.ts`), or `undefined`. */
function fastDecoder(type: avro.Type): FastDecoder | undefined {
  let f = fastDecoders.get(type);
  if (f === undefined) {
    const bigLong = (DECODER_LONG as unknown as { _read: unknown })._read;
    f = compileDecoder(type, bigLong, readBigLong) ?? null;
    fastDecoders.set(type, f);
  }
  return f ?? undefined;
}

function alertType(schema: Record<string, unknown>, key: string): avro.Type {
  let type = typeCache.get(key);
  if (!type) {
    type = avro.Type.forSchema(stripUnionDefaults(schema) as avro.Schema, {
      registry: { long: DECODER_LONG },
      wrapUnions: "never",
    });
    if (typeCache.size >= 16) typeCache.delete(typeCache.keys().next().value!);
    typeCache.set(key, type);
  }
  return type;
}

function checkAlertSchema(schema: Record<string, unknown>, name: string): void {
  const fields = Array.isArray(schema.fields)
    ? (schema.fields as { name?: string }[]).map((f) => f.name)
    : [];
  const missing = ["objectId", "candidate"].filter((f) => !fields.includes(f));
  if (schema.type !== "record" || missing.length > 0) {
    throw new AlertFileError(
      name,
      undefined,
      `not an alert file: the Avro schema lacks ${
        missing.map((m) => `\`${m}\``).join(" and ") || "a record type"
      } (fields: ${fields.join(", ") || "none"}); ZTF alerts need objectId and candidate`,
    );
  }
}

function decompress(codec: string, data: Uint8Array, checkCrc: boolean): Uint8Array {
  switch (codec) {
    case "null":
      return data;
    case "snappy":
      return avroSnappyDecompress(data, { checkCrc });
    case "deflate":
      return new Uint8Array(inflateRawSync(data));
    default:
      throw new Error(`unsupported codec ${JSON.stringify(codec)}; allowed: ${AVRO_CODECS}`);
  }
}

/**
 * Yield the alerts of an Avro object container file held in memory.
 * Throws {@link AlertFileError} (with `name` and the index of the first record
 * that could not be read) on a bad header, a schema without
 * `objectId`/`candidate`, a truncated or corrupt block, or a record that is not
 * an alert. Records yielded before the error are valid. With the `null` codec,
 * cutouts are views of `bytes` (not copies): do not reuse `bytes` while they live.
 *
 * @example
 * ```ts
 * import { readAvroAlerts } from "./avro.ts";
 * const path = "data/sample/fink-client/datatest/ZTF19acihgng.avro";
 * for await (const alert of readAvroAlerts(Deno.readFileSync(path), path)) {
 *   console.log(alert.objectId, alert.candid, alert.prvCandidates.length);
 * }
 * ```
 */
export async function* readAvroAlerts(
  bytes: Uint8Array,
  name: string,
  { checkCrc = true, more }: AvroReadOptions = {},
): AsyncGenerator<AlertRecord> {
  // The bytes read so far, and more of them when a block needs them.
  const upTo = (end: number) => more && end > bytes.length ? (bytes = more(end)) : bytes;
  let header: AvroHeader;
  for (;;) {
    try {
      header = readAvroHeader(bytes, name);
      break;
    } catch (err) {
      // A header longer than the bytes read so far: read more, else report it.
      const had = bytes.length;
      if (upTo(2 * had + (1 << 20)).length === had) throw err;
    }
  }
  checkAlertSchema(header.schema, name);
  if (!AVRO_CODECS.includes(header.codec)) {
    throw new AlertFileError(
      name,
      undefined,
      `unsupported Avro codec ${JSON.stringify(header.codec)}; allowed: ${AVRO_CODECS.join(", ")}`,
    );
  }
  let type: avro.Type;
  try {
    type = alertType(header.schema, header.schemaKey);
  } catch (err) {
    throw new AlertFileError(name, undefined, `invalid Avro schema: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const state = { pos: header.dataStart };
  let index = 0;
  while (state.pos < upTo(state.pos + 1).length) {
    let records: Record<string, unknown>[];
    try {
      records = decodeBlock(upTo, state, header, type, checkCrc);
    } catch (err) {
      if (err instanceof AlertFileError) throw err;
      const what = err instanceof Truncated ? "truncated block" : "corrupt block";
      throw new AlertFileError(name, index, `${what}: ${(err as Error).message}`, { cause: err });
    }
    for (const row of records) {
      let alert: AlertRecord;
      try {
        alert = normaliseAlert(row);
      } catch (err) {
        throw new AlertFileError(name, index, (err as Error).message, { cause: err });
      }
      index++;
      yield alert;
    }
  }
}

/**
 * Decode one data block at `state.pos` into raw rows and check its sync
 * marker; `upTo(end)` gives the file's bytes read so far, at least to `end`
 * unless the file is shorter.
 */
function decodeBlock(
  upTo: (end: number) => Uint8Array,
  state: { pos: number },
  header: AvroHeader,
  type: avro.Type,
  checkCrc: boolean,
): Record<string, unknown>[] {
  let bytes = upTo(state.pos + 20); // two varints
  const count = readLong(bytes, state);
  const size = readLong(bytes, state);
  if (count < 0 || size < 0 || count > size + 1) {
    throw new Error(`impossible block header (count ${count}, size ${size})`);
  }
  bytes = upTo(state.pos + size + 16);
  const data = decompress(header.codec, take(bytes, state, size), checkCrc);
  const sync = take(bytes, state, 16);
  if (header.sync.some((b, i) => sync[i] !== b)) {
    throw new Error(`sync marker mismatch after the block ending at offset ${state.pos - 16}`);
  }
  const fast = fastDecoder(type);
  if (fast) {
    // The compiled decoder. A record it refuses is corrupt: reported, not handed to
    // avsc, which loops over any item count it reads (past the refused point, a
    // count is garbage). Records that decode but do not fill the block exactly are
    // decoded again by avsc, which reports them (their counts were checked here).
    const tap = { b: data, v: new DataView(data.buffer, data.byteOffset, data.byteLength), p: 0 };
    const rows: Record<string, unknown>[] = [];
    try {
      for (let i = 0; i < count && tap.p <= data.length; i++) rows.push(fast(tap));
    } catch (cause) {
      const what = `record ${rows.length} of a ${count}-record block`;
      throw new Error(`${what}: ${(cause as Error).message}`, { cause });
    }
    if (rows.length === count && tap.p === data.length) return rows;
  }
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const rows: Record<string, unknown>[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const decoded = type.decode(buf, offset);
    if (decoded.offset < 0) {
      throw new Truncated(`record ${i} of a ${count}-record block runs past the block end`);
    }
    offset = decoded.offset;
    rows.push(decoded.value as Record<string, unknown>);
  }
  if (offset !== buf.length) {
    throw new Error(`block has ${buf.length - offset} bytes left after its ${count} records`);
  }
  return rows;
}
