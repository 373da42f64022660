/**
 * A compiled Avro record decoder for the alert readers: JavaScript generated
 * once per schema from avsc's parsed type tree, giving the values avsc gives
 * (`long` as `bigint`, unions unwrapped) in plain objects, with
 * one function per record, union, array and map instead of avsc's calls
 * through every field's type object. The `prv_candidates` entries come out
 * already normalised (as `normaliseAlert` copies them), so they are built once.
 *
 * The decoder does not report errors: on anything unusual (a read past the
 * data, a bad union or enum index) it throws, and the caller decodes the block
 * again with avsc, whose errors the readers report.
 *
 * @module
 */
import avro from "avsc";
import { fieldValueExpr, markUniformEntries, toFieldValue } from "./normalise.ts";

/** Decoding state: the data, a view of it and the read position. */
export interface Tap {
  b: Uint8Array;
  v: DataView;
  p: number;
}

/** Decode one record at `tap.p`, moving `tap.p` past it. */
export type FastDecoder = (tap: Tap) => Record<string, unknown>;

/** The avsc type objects the generator reads (avsc's public typings omit them). */
interface TypeNode {
  typeName: string;
  fields?: { name: string; type: TypeNode }[];
  types?: TypeNode[];
  itemsType?: TypeNode;
  valuesType?: TypeNode;
  symbols?: string[];
  size?: number;
  _read?: unknown;
}

class Unsupported extends Error {}

/** A varint `int`/`long` as a number, exactly as avsc's `Tap.readLong`. */
function rInt(t: Tap): number {
  const buf = t.b;
  let n = 0, k = 0, b: number, h: number;
  do {
    b = buf[t.p++];
    h = b & 0x80;
    n |= (b & 0x7f) << k;
    k += 7;
  } while (h && k < 28);
  if (h) {
    let f = n, fk = 268435456;
    do {
      b = buf[t.p++];
      f += (b & 0x7f) * fk;
      fk *= 128;
    } while (b & 0x80);
    return (f % 2 ? -(f + 1) : f) / 2;
  }
  return (n >> 1) ^ -(n & 1);
}

function end(t: Tap, n: number): number {
  const e = t.p + n;
  if (n < 0 || e > t.b.length) throw new Error("read past the data");
  return e;
}

const UTF8 = new TextDecoder();

/**
 * Recent short ASCII strings by a hash of their bytes: the same few names
 * (`programpi`, `rbversion`, `isdiffpos`) come back in every history point,
 * and finding one costs a quarter of making a new string.
 */
const INTERNED: (string | undefined)[] = new Array(1024);

function rStr(t: Tap): string {
  const n = rInt(t);
  const s = t.p, e = end(t, n);
  t.p = e;
  const b = t.b;
  if (n <= 32) {
    let h = n, i = s;
    for (; i < e; i++) {
      const x = b[i];
      if (x >= 0x80) break;
      h = (h * 31 + x) | 0;
    }
    if (i === e) {
      const slot = (h ^ (h >>> 10)) & 1023;
      const known = INTERNED[slot];
      if (known !== undefined && known.length === n) {
        let j = 0;
        while (j < n && known.charCodeAt(j) === b[s + j]) j++;
        if (j === n) return known;
      }
      const str = String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[]);
      INTERNED[slot] = str;
      return str;
    }
  } else if (n <= 64) {
    let i = s;
    while (i < e && b[i] < 0x80) i++;
    if (i === e) return String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[]);
  }
  return UTF8.decode(b.subarray(s, e));
}

/**
 * `bytes` and `fixed` values are views of the block, not copies (avsc copies):
 * the rows copy them, and a copy of each 13 kB stamp cost the reader 0.2 s
 * per 10,000 alerts in allocation and garbage collection.
 */
function rFixed(t: Tap, n: number): Uint8Array {
  const s = t.p, e = end(t, n);
  t.p = e;
  return t.b.subarray(s, e);
}

function rBytes(t: Tap): Uint8Array {
  return rFixed(t, rInt(t));
}

function rF32(t: Tap): number {
  const p = t.p;
  t.p += 4;
  return t.v.getFloat32(p, true);
}

function rF64(t: Tap): number {
  const p = t.p;
  t.p += 8;
  return t.v.getFloat64(p, true);
}

const PLAIN_LONG_READ = (avro.types.LongType.prototype as unknown as { _read: unknown })._read;

/** avsc's `LongType` read: a number, refused past ±(2^53 − 2) ("potential precision loss"). */
function rSafe(t: Tap): number {
  const n = rInt(t);
  if (!(n >= -9007199254740990 && n <= 9007199254740990)) throw new Error("precision loss");
  return n;
}

/** The zigzag varint `long` in `buf[start … end)` as a `bigint`. */
export function zigzagLong(buf: Uint8Array, start: number, end: number): bigint {
  if (end - start <= 7) {
    // At most 49 bits: exact in a double.
    let v = 0, scale = 1;
    for (let i = start; i < end; i++) (v += (buf[i] & 0x7f) * scale, scale *= 128);
    return BigInt(v % 2 === 0 ? v / 2 : -(v + 1) / 2);
  }
  let v = 0n;
  for (let i = end - 1; i >= start; i--) v = (v << 7n) | BigInt(buf[i] & 0x7f);
  return (v >> 1n) ^ -(v & 1n);
}

/** The readers' `bigint` long (avro.ts's `DECODER_LONG`), read from a {@linkcode Tap}. */
export function readBigLong(t: Tap): bigint {
  const buf = t.b, start = t.p;
  let pos = start;
  while (buf[pos++] & 0x80 && pos - start < 10);
  t.p = pos;
  if (pos > buf.length) throw new Error("read past the data");
  return zigzagLong(buf, start, pos);
}

function bad(what: string): never {
  throw new Error(`invalid ${what} index`);
}

/**
 * Thrown for an array or map block that counts more items than the bytes
 * left could hold: corrupt data, which a decoder must not loop over (avsc
 * would, pushing items read past the end for as long as the count says).
 */
class ImpossibleCount extends Error {}

function tooMany(what: string, n: number, left: number): never {
  throw new ImpossibleCount(`${what} block of ${n} items with ${left} bytes left`);
}

/** The fewest bytes a value of `node` takes: 0 only for null and records of nulls. */
function minBytes(node: TypeNode): number {
  switch (node.typeName) {
    case "null":
      return 0;
    case "float":
      return 4;
    case "double":
      return 8;
    case "fixed":
      return Number(node.size);
    case "record":
      return (node.fields ?? []).reduce((sum, f) => sum + minBytes(f.type), 0);
    default:
      return 1; // varints, strings and bytes (their length), unions (their index), arrays, maps
  }
}

/**
 * The check of a block count `n` before its items are read: at most as many
 * items as the bytes left hold (items of no bytes: at most 2^24 a block).
 */
function countCheck(what: string, item: TypeNode, extra = 0): string {
  const size = minBytes(item) + extra;
  const limit = size > 0 ? `(t.b.length - t.p) / ${size}` : "16777216";
  return `if (n > ${limit}) tooMany("${what}", n, t.b.length - t.p);`;
}

/**
 * The compiled decoder of records of `type`, or `undefined` for a schema it
 * does not handle. `bigLong` is the `_read` of the `long` type the readers
 * register (every `long` must be it); `readBigLong` reads such a value.
 */
export function compileDecoder(
  type: avro.Type,
  bigLong: unknown,
  readBigLong: (t: Tap) => bigint,
): FastDecoder | undefined {
  const fns: string[] = [];
  const ids = new Map<TypeNode, number>();
  const consts: unknown[] = [];
  const constant = (v: unknown) => `K[${consts.push(v) - 1}]`;

  /** An expression reading a value of `node` from `t`. */
  const expr = (node: TypeNode): string => {
    switch (node.typeName) {
      case "null":
        return "null";
      case "boolean":
        return "!!t.b[t.p++]";
      case "int":
        // One-byte varints inline (most ints: flags, ids of a few bits), others by rInt.
        return "((u = t.b[t.p]) < 128 ? (t.p++, (u >> 1) ^ -(u & 1)) : rInt(t))";
      case "long":
      case "abstract:long":
        if (node._read === bigLong) return "rBig(t)";
        // avsc's own `long` (e.g. a `timestamp-micros` logical type): a number, exact or refused.
        if (node._read === PLAIN_LONG_READ) return "rSafe(t)";
        throw new Unsupported("long");
      case "float":
        return "rF32(t)";
      case "double":
        return "rF64(t)";
      case "string":
        return "rStr(t)";
      case "bytes":
        return "rBytes(t)";
      case "fixed":
        return `rFixed(t, ${Number(node.size)})`;
      case "enum":
        return `(${constant(node.symbols)}[rInt(t)] ?? bad("enum"))`;
      case "union:unwrapped": {
        // Inline: branch i's index is the one byte 2i (a zigzag varint) while i < 64.
        const types = node.types ?? [];
        if (types.length > 63) break;
        const tests = types.map((b, i) => `u === ${2 * i} ? ${expr(b)} : `).join("");
        return `((u = t.b[t.p++]), ${tests}bad("union"))`;
      }
    }
    return `f${fn(node, false)}(t)`;
  };

  /** A function reading `node` (record, union, array, map); `entries`: normalised prv entries. */
  const fn = (node: TypeNode, entries: boolean): number => {
    const known = entries ? undefined : ids.get(node);
    if (known !== undefined) return known;
    const id = fns.length;
    if (!entries) ids.set(node, id);
    fns.push("");
    let body: string;
    switch (node.typeName) {
      case "record": {
        const fields = node.fields ?? [];
        if (fields.some((f) => f.name === "__proto__")) throw new Unsupported("__proto__");
        const parts = fields.map((f) => {
          const key = JSON.stringify(f.name);
          const e = node === root && f.name === "prv_candidates" ? prvExpr(f.type) : expr(f.type);
          // As normalise.ts's copier converts a decoded entry's fields.
          return `${key}: ${entries ? fieldValueExpr(f.name, e, "cv") : e}`;
        });
        body = `return {\n${parts.join(",\n")}\n};`;
        break;
      }
      case "union:unwrapped":
        body = `switch (rInt(t)) {\n${
          (node.types ?? []).map((b, i) => `case ${i}: return ${expr(b)};`).join("\n")
        }\ndefault: return bad("union");\n}`;
        break;
      case "array":
        body = `const out = []; let n;
while ((n = rInt(t))) {
  if (n < 0) { n = -n; rInt(t); }
  if (t.p > t.b.length) bad("array");
  ${countCheck("array", node.itemsType!)}
  while (n--) out.push(${expr(node.itemsType!)});
}
return out;`;
        break;
      case "map":
        body = `const out = {}; let n;
while ((n = rInt(t))) {
  if (n < 0) { n = -n; rInt(t); }
  if (t.p > t.b.length) bad("map");
  ${countCheck("map", node.valuesType!, 1)}
  while (n--) { const k = rStr(t); out[k] = ${expr(node.valuesType!)}; }
}
return out;`;
        break;
      default:
        throw new Unsupported(node.typeName);
    }
    fns[id] = `function f${id}(t) {\nlet u, v;\n${body}\n}`;
    return id;
  };

  /**
   * `prv_candidates`: an array of records (or of a union of one record and
   * nulls; null entries are dropped, as `normaliseAlert` drops them), maybe in
   * a union with null, read as normalised entries.
   */
  const prvExpr = (node: TypeNode): string => {
    const entry = (n: TypeNode | undefined): TypeNode | undefined => {
      if (n?.typeName === "record") return n;
      if (n?.typeName !== "union:unwrapped") return undefined;
      const records = n.types!.filter((b) => b.typeName === "record");
      const nulls = n.types!.filter((b) => b.typeName === "null");
      return records.length === 1 && records.length + nulls.length === n.types!.length
        ? records[0]
        : undefined;
    };
    const array = (n: TypeNode) => n.typeName === "array" && entry(n.itemsType) ? n : undefined;
    const list = (a: TypeNode) => {
      const record = entry(a.itemsType)!;
      const item = fn(record, true);
      // In the order a plain object lists them (integer-like names first), as `Object.keys`.
      const names = (record.fields ?? []).map((f) => [f.name, 0]);
      const keys = constant(Object.keys(Object.fromEntries(names)));
      const read = a.itemsType === record
        ? `out.push(f${item}(t));`
        : `switch (rInt(t)) {\n${
          a.itemsType!.types!.map((b, i) =>
            b === record ? `case ${i}: out.push(f${item}(t)); break;` : `case ${i}: break;`
          ).join("\n")
        }\ndefault: bad("union");\n}`;
      const id = fns.push("") - 1;
      fns[id] = `function f${id}(t) {
const out = []; let n, u;
while ((n = rInt(t))) {
  if (n < 0) { n = -n; rInt(t); }
  if (t.p > t.b.length) bad("array");
  ${countCheck("array", a.itemsType!)}
  while (n--) { ${read} }
}
return mark(out, ${keys});
}`;
      return `f${id}(t)`;
    };
    if (array(node)) return list(node);
    if (node.typeName === "union:unwrapped" && node.types?.some(array)) {
      const id = fns.push("") - 1;
      fns[id] = `function f${id}(t) {\nlet u;\nswitch (rInt(t)) {\n${
        node.types!.map((b, i) => `case ${i}: return ${array(b) ? list(b) : expr(b)};`).join("\n")
      }\ndefault: return bad("union");\n}\n}`;
      return `f${id}(t)`;
    }
    return expr(node);
  };

  const root = type as unknown as TypeNode;
  if (root.typeName !== "record") return undefined;
  try {
    const top = fn(root, false);
    const source = `${fns.join("\n")}\nreturn f${top};`;
    const make = new Function(
      "rInt",
      "rBig",
      "rSafe",
      "rStr",
      "rBytes",
      "rFixed",
      "rF32",
      "rF64",
      "bad",
      "tooMany",
      "cv",
      "mark",
      "K",
      source,
    );
    return make(
      rInt,
      readBigLong,
      rSafe,
      rStr,
      rBytes,
      rFixed,
      rF32,
      rF64,
      bad,
      tooMany,
      toFieldValue,
      markUniformEntries,
      consts,
    ) as FastDecoder;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
