/**
 * Turn one decoded alert row (from avsc or hyparquet: nested plain objects)
 * into the normalised {@link AlertRecord}: ZTF `long` fields as `bigint`,
 * other integers as `number`, structs and maps of Fink values flattened as
 * Fink flattens them for HBase, cutout stamps as `Uint8Array`.
 *
 * @module
 */

import type { AlertRecord, Cutouts, FieldValue } from "./alert.ts";
import { javaDoubleToString } from "../../astro/time.ts";
import { compileLiteral, KeyedFunctions } from "./literal.ts";

/**
 * ZTF schema 3.3 fields typed `long` (kept as `bigint`); every other integer becomes a `number`.
 *
 * @example
 * ```ts
 * import { ZTF_LONG_FIELDS } from "./normalise.ts";
 * console.log(ZTF_LONG_FIELDS.has("candid"), ZTF_LONG_FIELDS.has("fid")); // true false
 * ```
 */
export const ZTF_LONG_FIELDS: ReadonlySet<string> = new Set([
  "candid",
  "pid",
  "objectidps1",
  "objectidps2",
  "objectidps3",
  "rfid",
  "tblid",
]);

/**
 * The 103 fields of the ZTF schema 3.3 `candidate` struct (absent ones are filled with `null`).
 *
 * @example
 * ```ts
 * import { ZTF_CANDIDATE_FIELDS } from "./normalise.ts";
 * console.log(ZTF_CANDIDATE_FIELDS.length); // 103
 * ```
 */
export const ZTF_CANDIDATE_FIELDS: readonly string[] = (
  "jd fid pid diffmaglim pdiffimfilename programpi programid candid isdiffpos tblid nid rcid field " +
  "xpos ypos ra dec magpsf sigmapsf chipsf magap sigmagap distnr magnr sigmagnr chinr sharpnr sky " +
  "magdiff fwhm classtar mindtoedge magfromlim seeratio aimage bimage aimagerat bimagerat elong " +
  "nneg nbad rb ssdistnr ssmagnr ssnamenr sumrat magapbig sigmagapbig rbversion drb drbversion " +
  "ranr decnr sgmag1 srmag1 simag1 szmag1 sgscore1 distpsnr1 ndethist ncovhist jdstarthist " +
  "jdendhist scorr tooflag objectidps1 objectidps2 objectidps3 sgmag2 srmag2 simag2 szmag2 " +
  "sgscore2 distpsnr2 sgmag3 srmag3 simag3 szmag3 sgscore3 distpsnr3 nmtchps rfid jdstartref " +
  "jdendref nframesref dsnrms ssnrms dsdiff magzpsci magzpsciunc magzpscirms nmatches clrcoeff " +
  "clrcounc zpclrcov zpmed clrmed clrrms neargaia neargaiabright maggaia maggaiabright exptime"
).split(" ");

/**
 * Root-level string fields kept in {@link AlertRecord.root}.
 *
 * @example
 * ```ts
 * import { ROOT_FIELDS } from "./normalise.ts";
 * console.log(ROOT_FIELDS.includes("schemavsn")); // true
 * ```
 */
export const ROOT_FIELDS: readonly string[] = [
  "schemavsn",
  "publisher",
  "fink_broker_version",
  "fink_science_version",
];

/**
 * Columns that are not alert data and are dropped: Spark partition columns
 * (`year`, `month`, `day`), transport columns (`timestamp`, `topic`) and the
 * pandas index (`__index_level_0__`).
 *
 * @example
 * ```ts
 * import { DROPPED_COLUMNS } from "./normalise.ts";
 * console.log(DROPPED_COLUMNS.has("timestamp")); // true
 * ```
 */
export const DROPPED_COLUMNS: ReadonlySet<string> = new Set([
  "year",
  "month",
  "day",
  "timestamp",
  "topic",
  "__index_level_0__",
]);

/**
 * Structs Fink stores as a string of the array of their values (`cast_features`).
 *
 * @example
 * ```ts
 * import { CAST_TO_STRING_COLUMNS } from "./normalise.ts";
 * console.log([...CAST_TO_STRING_COLUMNS]); // ["lc_features_g", "lc_features_r"]
 * ```
 */
export const CAST_TO_STRING_COLUMNS: ReadonlySet<string> = new Set([
  "lc_features_g",
  "lc_features_r",
]);

const CUTOUTS: readonly [string, keyof Cutouts][] = [
  ["cutoutScience", "Science"],
  ["cutoutTemplate", "Template"],
  ["cutoutDifference", "Difference"],
];

const HANDLED = new Set([
  "objectId",
  "candid",
  "candidate",
  "prv_candidates",
  ...ROOT_FIELDS,
  ...CUTOUTS.map(([c]) => c),
]);

const UTF8 = new TextDecoder();

/**
 * Fink's `cast_features`: a struct becomes the string of the array of its
 * values (Spark `F.array("col.*").astype("string")`), e.g. `"[0.5, null, 12.0]"`;
 * a null struct becomes `"[]"`.
 *
 * @example
 * ```ts
 * import { castFeatures } from "./normalise.ts";
 * console.log(castFeatures({ mean: 18.5, std: null, n: 3 })); // "[18.5, null, 3.0]"
 * ```
 */
export function castFeatures(struct: Record<string, unknown> | null | undefined): string {
  if (struct === null || struct === undefined) return "[]";
  let out = "[", first = true;
  // Own values only: a record of avsc's carries enumerable methods on its prototype.
  for (const v of Object.values(struct)) {
    if (first) first = false;
    else out += ", ";
    if (v === null || v === undefined) out += "null";
    else if (typeof v === "number") out += javaDoubleToString(v);
    else out += String(v);
  }
  return out + "]";
}

/**
 * Convert one scalar read from a file into a {@link FieldValue}: ZTF `long`
 * fields (by name) become `bigint`, other integers `number` (a `bigint` beyond
 * 2^53 stays `bigint`), byte arrays are decoded as UTF-8, dates become ISO strings.
 *
 * @example
 * ```ts
 * import { toFieldValue } from "./normalise.ts";
 * console.log(toFieldValue("fid", 2n), toFieldValue("candid", 1234), toFieldValue("ra", undefined));
 * // 2 1234n null
 * ```
 */
export function toFieldValue(name: string, value: unknown): FieldValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "number":
      return ZTF_LONG_FIELDS.has(name) && Number.isInteger(value) ? BigInt(value) : value;
    case "bigint":
      if (ZTF_LONG_FIELDS.has(name)) return value;
      return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
    case "string":
    case "boolean":
      return value;
  }
  if (value instanceof Uint8Array) return UTF8.decode(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return JSON.stringify(value, (_k, v) => typeof v === "bigint" ? v.toString() : v);
}

/**
 * Normalise the entries of a list of structs (`prv_candidates`). Every entry of
 * a list decoded from a schema has the same fields, so the keys are taken once.
 * Plain-object entries (from the Parquet reader) are converted in place; others
 * (avsc records, which carry methods on their prototype) are copied by a
 * compiled {@linkcode copier}.
 */
function normaliseEntries(entries: unknown[]): Record<string, FieldValue>[] {
  // Entries the Avro decoder normalised already.
  if (uniformEntryKeys(entries as Record<string, FieldValue>[])) {
    return entries as Record<string, FieldValue>[];
  }
  const out: Record<string, FieldValue>[] = [];
  let keys: string[] | undefined;
  let long: boolean[] = [];
  let copy: Copier | undefined;
  let copied = 0;
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    if (!keys) {
      keys = Object.keys(entry);
      long = keys.map((k) => ZTF_LONG_FIELDS.has(k));
    }
    if (Object.getPrototypeOf(entry) !== Object.prototype) {
      out.push((copy ??= copier(keys))(entry, toFieldValue));
      copied++;
      continue;
    }
    const obj = entry as Record<string, FieldValue>;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const v = obj[key];
      // Fast path for the common cases; toFieldValue handles the rest.
      if (v !== null && typeof v !== "string" && (typeof v !== "number" || long[i])) {
        obj[key] = toFieldValue(key, v);
      }
    }
    out.push(obj);
  }
  // Copies made by one copier all hold exactly `keys`, in order: say so to the row builder.
  if (keys && copied === out.length && !keys.includes("__proto__")) markUniformEntries(out, keys);
  return out;
}

/**
 * Mark `entries` as normalised entries that all hold exactly `keys`, in
 * order (see {@linkcode uniformEntryKeys}); returns `entries`.
 */
export function markUniformEntries<T>(entries: T[], keys: readonly string[]): T[] {
  Object.defineProperty(entries, ENTRY_KEYS, { value: keys });
  return entries;
}

const ENTRY_KEYS = Symbol("entry keys");

/**
 * The keys every entry of a list made by {@linkcode normaliseAlert} holds, in
 * order, when they are known to be the same for all (entries copied from
 * decoded Avro records); `undefined` otherwise.
 */
export function uniformEntryKeys(
  entries: readonly Record<string, FieldValue>[],
): readonly string[] | undefined {
  return (entries as unknown as Record<symbol, string[] | undefined>)[ENTRY_KEYS];
}

type Copier = (
  entry: Record<string, unknown>,
  convert: typeof toFieldValue,
) => Record<string, FieldValue>;

const copiers = new KeyedFunctions<Copier>();

/**
 * A function copying the fields `keys` of a record into a plain object, each
 * value as the loop above converts it: one object literal of a fixed shape
 * (as avsc compiles its readers), several times faster than assigning the
 * fields one by one.
 */
function copier(keys: string[]): Copier {
  return copiers.get(keys, () =>
    compileLiteral<Copier>(
      ["e", "c"],
      keys,
      (i, key) => fieldValueExpr(keys[i], `e[${key}]`, "c"),
      "let v;\n",
    ));
}

/**
 * The JavaScript expression giving the value `value` (an expression, read once)
 * of field `name` as {@linkcode toFieldValue} converts it, calling `convert`
 * (toFieldValue's name in the compiled code) only when the value needs it.
 * The code must declare a variable `v`.
 */
export function fieldValueExpr(name: string, value: string, convert: string): string {
  const key = JSON.stringify(name);
  return ZTF_LONG_FIELDS.has(name)
    ? `${convert}(${key}, ${value})`
    : `(v = ${value}, v === null || typeof v === "string" || typeof v === "number" ? v : ${convert}(${key}, v))`;
}

/**
 * The copier of a candidate struct: ZTF's fields first, in the schema's order
 * (missing ones become `null`), then the struct's other fields. Assigning ~100
 * fields one by one leaves V8 a slow dictionary-mode object, ~100 times slower
 * to copy (as the benchmark generator does) and slower to read for every row.
 */
function candidateCopier(raw: Record<string, unknown>): Copier {
  const keys = Object.keys(raw);
  let extra = lastExtra;
  if (!sameExtra(keys, extra)) {
    extra = lastExtra = keys.filter((k) => !ZTF_CANDIDATE_SET.has(k));
    lastCopier = copier([...ZTF_CANDIDATE_FIELDS, ...extra]);
  }
  return lastCopier!;
}

/** Whether the keys outside ZTF's fields of `keys` are `extra`, in order. */
function sameExtra(keys: readonly string[], extra: readonly string[] | undefined): boolean {
  if (!extra) return false;
  let j = 0;
  for (let i = 0; i < keys.length; i++) {
    if (ZTF_CANDIDATE_SET.has(keys[i])) continue;
    if (keys[i] !== extra[j++]) return false;
  }
  return j === extra.length;
}

const ZTF_CANDIDATE_SET = new Set(ZTF_CANDIDATE_FIELDS);
let lastExtra: string[] | undefined;
let lastCopier: Copier | undefined;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Uint8Array) && !(value instanceof Date);
}

function stamp(value: unknown): Uint8Array | undefined {
  if (!isObject(value)) return undefined;
  const data = value.stampData;
  if (!(data instanceof Uint8Array)) return undefined;
  // Avro gives node Buffers: hand out plain Uint8Array views of the same bytes.
  return data.constructor === Uint8Array
    ? data
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Flatten the non-ZTF columns of a row into Fink's `d:` names: structs and
 * maps `x` → `x_<field>`, `lc_features_*` → {@link castFeatures} strings,
 * dropped columns ({@link DROPPED_COLUMNS}) left out.
 *
 * @example
 * ```ts
 * import { flattenFink } from "./normalise.ts";
 * console.log(flattenFink({ cdsxmatch: "RRLyr", mangrove: { lum_dist: "None" }, year: 2021 }));
 * // { cdsxmatch: "RRLyr", mangrove_lum_dist: "None" }
 * ```
 */
export function flattenFink(row: Record<string, unknown>): Record<string, FieldValue> {
  const fink: Record<string, FieldValue> = {};
  for (const key of Object.keys(row)) {
    if (HANDLED.has(key) || DROPPED_COLUMNS.has(key)) continue;
    const value = row[key];
    if (CAST_TO_STRING_COLUMNS.has(key)) {
      fink[key] = castFeatures(isObject(value) ? value : null);
    } else if (isObject(value)) {
      for (const sub of Object.keys(value)) fink[`${key}_${sub}`] = toFieldValue(sub, value[sub]);
    } else {
      fink[key] = toFieldValue(key, value);
    }
  }
  return fink;
}

/**
 * Normalise one decoded alert row into an {@link AlertRecord}. Throws a plain
 * `TypeError` naming the missing piece (the readers wrap it in `AlertFileError`
 * with the file name and record index). Plain-object `prv_candidates` entries of
 * `row` are reused (converted in place), so do not reuse `row` afterwards.
 *
 * @example
 * ```ts
 * import { normaliseAlert } from "./normalise.ts";
 * const alert = normaliseAlert({
 *   objectId: "ZTF21abfmbix",
 *   candid: 1549236820015015009n,
 *   candidate: { jd: 2459367.7368, fid: 1n, magpsf: 18.2 },
 *   prv_candidates: null,
 *   cdsxmatch: "Unknown",
 * });
 * console.log(alert.candid, alert.candidate.fid, alert.prvCandidates.length); // 1549236820015015009n 1 0
 * ```
 */
export function normaliseAlert(row: Record<string, unknown>): AlertRecord {
  const objectId = row.objectId;
  if (typeof objectId !== "string" || objectId === "") {
    throw new TypeError(`record has no objectId string (got ${typeof objectId})`);
  }
  const rawCandidate = row.candidate;
  if (!isObject(rawCandidate)) {
    throw new TypeError(`record of ${objectId} has no candidate struct`);
  }
  const candidate = candidateCopier(rawCandidate)(rawCandidate, toFieldValue);
  const candid = toFieldValue("candid", row.candid ?? rawCandidate.candid);
  if (typeof candid !== "bigint") {
    throw new TypeError(`record of ${objectId} has no integer candid (got ${typeof candid})`);
  }
  const prv = row.prv_candidates;
  const prvCandidates = Array.isArray(prv) ? normaliseEntries(prv) : [];
  const root: Record<string, FieldValue> = {};
  for (const key of ROOT_FIELDS) {
    if (row[key] !== undefined) root[key] = toFieldValue(key, row[key]);
  }
  const cutouts: Cutouts = {};
  for (const [column, name] of CUTOUTS) {
    const bytes = stamp(row[column]);
    if (bytes) cutouts[name] = bytes;
  }
  return { objectId, candid, root, candidate, prvCandidates, fink: flattenFink(row), cutouts };
}
